"""Every cell of Table 1 and of Tables 2-A, 2-B, 2-C (GB/T 2828.1-2012 and Z1.4-2008),
checked against the second transcription in printed_tables.py; the arrows are followed
and checked against the master tables' own diagonal structure and published examples."""

import pytest

from gendan.quality.sampling import plans, tables
from tests.quality import printed_tables as printed

COLUMNS = tables.AQLS
LEVELS = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")

# Table 1 as printed: lot-size band, then S-1 S-2 S-3 S-4 I II III.
PRINTED_TABLE_1 = """
2 8           A A A A A A B
9 15          A A A A A B C
16 25         A A B B B C D
26 50         A B B C C D E
51 90         B B C C C E F
91 150        B B C D D F G
151 280       B C D E E G H
281 500       B C D E F H J
501 1200      C C E F G J K
1201 3200     C D E G H K L
3201 10000    C D F G J L M
10001 35000   C D F H K M N
35001 150000  D E G J L N P
150001 500000 D E G J M P Q
500001 -      D E H K N Q R
"""


def _table_1_cells():
    for line in PRINTED_TABLE_1.strip().splitlines():
        low, high, *letters = line.split()
        for level, letter in zip(LEVELS, letters, strict=True):
            for lot in {int(low), int(high) if high != "-" else 10_000_000}:
                yield pytest.param(lot, level, letter, id=f"{lot}-{level}")


@pytest.mark.parametrize(("lot_size", "level", "letter"), list(_table_1_cells()))
def test_table_1_code_letter_at_both_ends_of_every_band(lot_size, level, letter):
    assert plans.code_letter(lot_size, level) == letter


def _printed(text):
    rows = {}
    for line in text.strip().splitlines():
        head, *cells = line.split("|")
        letter, size = head.split()
        rows[letter] = (int(size), [c.strip() for c in cells])
    return rows


def _engine_cell(cell):
    if cell in (plans.DOWN, plans.UP):
        return cell
    if cell == plans.BLANK:
        return ""
    return f"{cell[0]} {cell[1]}"


TABLES = {
    ("gb2828", "normal"): printed.NORMAL_2A,
    ("gb2828", "tightened"): printed.TIGHTENED_2B_GB,
    ("gb2828", "reduced"): printed.REDUCED_2C_GB,
    ("z14", "normal"): printed.NORMAL_2A,
    ("z14", "tightened"): printed.TIGHTENED_IIB_Z14,
    ("z14", "reduced"): printed.REDUCED_IIC_Z14,
}


def _master_cells():
    for (standard, severity), text in TABLES.items():
        for letter, (size, cells) in _printed(text).items():
            assert len(cells) == len(COLUMNS), letter
            for aql, cell in zip(COLUMNS, cells, strict=True):
                yield pytest.param(
                    standard, severity, letter, size, aql, cell,
                    id=f"{standard}-{severity}-{letter}-{aql}",
                )  # fmt: skip


@pytest.mark.parametrize(
    ("standard", "severity", "letter", "size", "aql", "cell"), list(_master_cells())
)
def test_master_table_cell_as_printed(standard, severity, letter, size, aql, cell):
    grid = plans._GRIDS[(standard, severity)]
    assert tables.SAMPLE_SIZES[severity][letter] == size
    assert _engine_cell(grid[letter][COLUMNS.index(aql)]) == cell


def _follow_printed(rows, letter, aql):
    letters, column = list(rows), COLUMNS.index(aql)
    index = letters.index(letter)
    while rows[letters[index]][1][column] in ("↓", "↑"):
        index += 1 if rows[letters[index]][1][column] == "↓" else -1
    size, cells = rows[letters[index]]
    ac, re = cells[column].split()
    return letters[index], size, int(ac), int(re)


def _every_lookup():
    for (standard, severity), text in TABLES.items():
        rows = _printed(text)
        for letter in "ABCDEFGHJKLMNPQR":
            for aql in COLUMNS:
                yield pytest.param(standard, severity, letter, aql, _follow_printed(rows, letter, aql),
                                   id=f"{standard}-{severity}-{letter}-{aql}")  # fmt: skip


@pytest.mark.parametrize(
    ("standard", "severity", "letter", "aql", "expected"), list(_every_lookup())
)
def test_arrows_lead_to_the_plan_the_printed_table_leads_to(
    standard, severity, letter, aql, expected
):
    plan_letter, n, ac, re, _arrow = plans.table_plan(
        letter, aql, severity=severity, standard=standard
    )
    assert (plan_letter, n, ac, re) == expected


# Each master table is diagonal: along a diagonal (one letter down, one AQL column
# left) the plan is the same. This structural rule is written independently of both
# transcriptions; cells off it are the standard's edge cells, listed by name.
LADDERS = {
    ("gb2828", "normal"): "0 1|↑|↓|1 2|2 3|3 4|5 6|7 8|10 11|14 15|21 22|30 31|44 45",
    ("gb2828", "tightened"): "↓|0 1|↓|↓|1 2|2 3|3 4|5 6|8 9|12 13|18 19|27 28|41 42",
    ("z14", "tightened"): "↓|0 1|↓|↓|1 2|2 3|3 4|5 6|8 9|12 13|18 19|27 28|41 42",
    ("gb2828", "reduced"): "0 1|↑|↓|↓|1 2|2 3|3 4|5 6|6 7|8 9|10 11|14 15|21 22",
    ("z14", "reduced"): "0 1|↑|↓|0 2|1 3|1 4|2 5|3 6|5 8|7 10|10 13|14 17|21 24",
}
EDGE_CELLS = {
    ("gb2828", "normal"): {("A", "10"), ("A", "15"), ("R", "0.010"), ("R", "0.015")},
    # at the bottom a ↓ has nowhere to go, at the top an ↑: the standard prints the other arrow
    ("gb2828", "tightened"): {("R", "0.015"), ("R", "0.025")},
    ("z14", "tightened"): {("A", "10"), ("R", "0.015"), ("R", "0.025")},
    ("gb2828", "reduced"): {("R", "0.010"), ("R", "0.015"), ("R", "0.025"), ("Q", "0.025")},
    ("z14", "reduced"): {("R", "0.010"), ("R", "0.015")},
}
# Rows A and B of the reduced tables have the same sample size (2) as row C and are
# printed with their own plans (row A is the normal table's row A).
EDGE_ROWS = {("gb2828", "reduced"): {"A", "B"}, ("z14", "reduced"): {"A", "B"}}


@pytest.mark.parametrize("key", list(LADDERS))
def test_master_tables_follow_their_diagonals_except_at_the_named_edges(key):
    ladder = LADDERS[key].split("|")
    first = 14
    grid = plans._GRIDS[key]
    for i, letter in enumerate("ABCDEFGHJKLMNPQR"):
        for j, aql in enumerate(COLUMNS):
            if (letter, aql) in EDGE_CELLS[key] or letter in EDGE_ROWS.get(key, ()):
                continue
            d = i + j
            limit = 26 if i <= 4 else 24
            expected = "↓" if d < first else ("↑" if d > limit else ladder[d - first])
            assert _engine_cell(grid[letter][j]) == expected, (letter, aql)


# Published examples, each from a source independent of this code.
@pytest.mark.parametrize(
    ("lot_size", "level", "aql", "severity", "standard", "expected"),
    [
        # the browser scenario (D4-11): 3,200 pcs, level II, AQL 2.5
        (3200, "II", "2.5", "normal", "gb2828", ("K", "K", 125, 7, 8)),
        # AQL Inspection Manual example 1: 1,000 pcs, II, 1.5 → J, 80, 3/4
        (1000, "II", "1.5", "normal", "gb2828", ("J", "J", 80, 3, 4)),
        # example 2: 20 pcs, I, 1.5 → B, arrows to D, 8, 0/1
        (20, "I", "1.5", "normal", "gb2828", ("B", "D", 8, 0, 1)),
        # example 3: reduced, 125 pcs, III, 1.0 → G; ISO: J 32 1/2; ANSI: H 20 0/2
        (125, "III", "1.0", "reduced", "gb2828", ("G", "J", 32, 1, 2)),
        (125, "III", "1.0", "reduced", "z14", ("G", "H", 20, 0, 2)),
        # tightened, AQL 10, letter A: Z1.4 → D (8, 1/2); the printed GB 2-B has 0/1 at A
        (5, "II", "10", "tightened", "z14", ("A", "D", 8, 1, 2)),
        (5, "II", "10", "tightened", "gb2828", ("A", "A", 2, 0, 1)),
        # sofeast: 5,000 pcs, II → L, 200; 2.5 → Ac 10, 4.0 → Ac 14
        (5000, "II", "2.5", "normal", "gb2828", ("L", "L", 200, 10, 11)),
        (5000, "II", "4.0", "normal", "gb2828", ("L", "L", 200, 14, 15)),
        # tightened, AQL 0.025, letters Q and R → 3,150 pcs, 1/2
        (200000, "III", "0.025", "tightened", "gb2828", ("Q", "S", 3150, 1, 2)),
        (600000, "III", "0.025", "tightened", "z14", ("R", "S", 3150, 1, 2)),
        # normal, AQL 0.015, letter R → P, 800, 0/1; reduced → P, 315, 0/1
        (600000, "III", "0.015", "normal", "gb2828", ("R", "P", 800, 0, 1)),
        (600000, "III", "0.015", "reduced", "z14", ("R", "P", 315, 0, 1)),
    ],
)
def test_published_examples(lot_size, level, aql, severity, standard, expected):
    plan = plans.sampling_plan(
        lot_size=lot_size, level=level, aql=aql, severity=severity, standard=standard
    )
    assert (
        plan.code_letter,
        plan.plan_code_letter,
        plan.table_sample_size,
        plan.ac,
        plan.re,
    ) == expected
