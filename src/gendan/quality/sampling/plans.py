"""Single sampling plans by GB/T 2828.1-2012 / ISO 2859-1:1999 (default) or ANSI/ASQ Z1.4-2008.

`sampling_plan(lot_size=, level=, aql=)` reads Table 1 for the code letter, then the master
table of the severity, follows the arrows to the first plan below (↓) or above (↑), and
inspects every unit when that plan's sample size is at least the lot size (the arrows'
footnote in Tables 2-A/2-B/2-C). Seed clause D4-11: the final inspection by AQL 2.5.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gendan.quality.sampling import tables

STANDARDS = ("gb2828", "z14")
SEVERITIES = ("normal", "tightened", "reduced")
LEVELS = tables.LEVELS
AQLS = tables.AQLS
DOWN, UP, BLANK = "↓", "↑", "."


class SamplingInputError(ValueError):
    """Bad input; `code` names the field, `allowed` says what would be accepted."""

    def __init__(self, code, value, allowed):
        self.code, self.value, self.allowed = code, value, allowed
        super().__init__(f"{code}: {value!r} is not allowed; allowed: {allowed}")


@dataclass(frozen=True)
class SamplingPlan:
    standard: str
    severity: str
    level: str
    aql: str
    lot_size: int
    code_letter: str  # Table 1 letter for the lot size and level
    plan_code_letter: str  # the letter of the plan used after following the arrows
    table_sample_size: int  # that plan's n
    sample_size: int  # units to inspect: n, or the lot size when n >= lot size
    full_inspection: bool
    ac: int
    re: int
    arrow: str  # "", "↓" or "↑": the direction followed from the code letter's cell

    def accepts(self, defects):
        """Accept when the count is at most Ac (GB/T 2828.1 11.1)."""
        return defects <= self.ac

    def is_between_ac_and_re(self, defects):
        """Z1.4 reduced plans with a gap: accepted, but normal inspection is reinstated."""
        return self.ac < defects < self.re

    def as_dict(self):
        return {
            "standard": self.standard,
            "severity": self.severity,
            "level": self.level,
            "aql": self.aql,
            "lot_size": self.lot_size,
            "code_letter": self.code_letter,
            "plan_code_letter": self.plan_code_letter,
            "table_sample_size": self.table_sample_size,
            "sample_size": self.sample_size,
            "full_inspection": self.full_inspection,
            "ac": self.ac,
            "re": self.re,
            "arrow": self.arrow,
        }


def _parse_cell(token):
    if token in (DOWN, UP, BLANK):
        return token
    ac, re = token.split("-")
    return int(ac), int(re)


def _parse_table(rows):
    grid = {}
    for row in rows:
        letter, *cells = row.split()
        if len(cells) != len(AQLS):
            raise AssertionError(f"row {letter} has {len(cells)} cells")
        grid[letter] = tuple(_parse_cell(c) for c in cells)
    return grid


_GRIDS = {key: _parse_table(rows) for key, rows in tables.MASTER_TABLES.items()}
_LETTERS = {key: tuple(grid) for key, grid in _GRIDS.items()}


def normalise_aql(aql):
    """'2.5', 2.5, Decimal('2.50') → '2.5'; anything off the preferred series is refused."""
    try:
        value = Decimal(str(aql).strip())
    except InvalidOperation:
        raise SamplingInputError("aql", aql, ", ".join(AQLS)) from None
    if not value.is_finite():  # NaN, sNaN, Infinity: comparing a signalling NaN raises
        raise SamplingInputError("aql", aql, ", ".join(AQLS))
    for candidate in AQLS:
        if Decimal(candidate) == value:
            return candidate
    raise SamplingInputError("aql", aql, ", ".join(AQLS))


def normalise_level(level):
    text = str(level).strip().upper().replace("Ⅱ", "II").replace("Ⅰ", "I").replace("Ⅲ", "III")
    text = {"S1": "S-1", "S2": "S-2", "S3": "S-3", "S4": "S-4"}.get(text, text)
    if text not in LEVELS:
        raise SamplingInputError("level", level, ", ".join(LEVELS))
    return text


def _check_choice(code, value, allowed):
    if value not in allowed:
        raise SamplingInputError(code, value, ", ".join(allowed))
    return value


def _check_lot_size(lot_size):
    if isinstance(lot_size, bool) or not isinstance(lot_size, int) or lot_size < 1:
        raise SamplingInputError("lot_size", lot_size, "a whole number ≥ 1")
    return lot_size


def code_letter(lot_size, level):
    """Table 1: the sample size code letter for a lot size at an inspection level."""
    lot_size = _check_lot_size(lot_size)
    column = LEVELS.index(normalise_level(level))
    for _smallest, largest, letters in tables.TABLE_1:
        if largest is None or lot_size <= largest:
            return letters.split()[column]
    raise AssertionError("Table 1 covers every lot size")


def table_plan(letter, aql, *, severity="normal", standard="gb2828"):
    """The plan for a code letter and AQL after following the arrows: (letter, n, Ac, Re, arrow)."""
    key = (
        _check_choice("standard", standard, STANDARDS),
        _check_choice("severity", severity, SEVERITIES),
    )
    grid, letters, column = _GRIDS[key], _LETTERS[key], AQLS.index(normalise_aql(aql))
    index, arrow = letters.index(letter), ""
    while True:
        cell = grid[letters[index]][column]
        if cell == DOWN:
            index, arrow = index + 1, DOWN
        elif cell == UP:
            index, arrow = index - 1, UP
        elif cell == BLANK:
            raise AssertionError(f"blank cell reached at {letters[index]} / {aql}")
        else:
            plan_letter = letters[index]
            n = tables.SAMPLE_SIZES[key[1]][plan_letter]
            return plan_letter, n, cell[0], cell[1], arrow


def sampling_plan(*, lot_size, level="II", aql="2.5", severity="normal", standard="gb2828"):
    """The single sampling plan for a lot (GB/T 2828.1-2012 clause 10; D4-11)."""
    lot_size = _check_lot_size(lot_size)
    level, aql = normalise_level(level), normalise_aql(aql)
    letter = code_letter(lot_size, level)
    plan_letter, n, ac, re, arrow = table_plan(letter, aql, severity=severity, standard=standard)
    return SamplingPlan(
        standard=standard,
        severity=severity,
        level=level,
        aql=aql,
        lot_size=lot_size,
        code_letter=letter,
        plan_code_letter=plan_letter,
        table_sample_size=n,
        sample_size=min(n, lot_size),
        full_inspection=n >= lot_size,
        ac=ac,
        re=re,
        arrow=arrow,
    )


def accepted_one_step_tighter(plan, defects):
    """GB/T 2828.1 9.3.3.2 a): would the lot have been accepted had the AQL been one step
    tighter? Read in the same row (the plan's letter) of the normal table; a plan with
    Ac ≥ 2 always has a plan there with the same sample size. False when there is none."""
    column = AQLS.index(plan.aql)
    if column == 0:
        return False
    cell = _GRIDS[(plan.standard, "normal")][plan.plan_code_letter][column - 1]
    return isinstance(cell, tuple) and defects <= cell[0]
