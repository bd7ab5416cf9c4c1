"""Count sheets as xlsx: export the lines for counting, import the counted quantities."""

from django.utils.translation import gettext as _

from gendan.catalog.models import Item
from gendan.core.import_errors import ImportRejected, RowProblem
from gendan.core.parsing import ParseError, column_of, parse_quantity
from gendan.core.spreadsheets import read_table, upload_limits
from gendan.stock import counts, queries
from gendan.stock.models import Batch, CountLine

HEADERS = ["物料编码", "名称", "批号", "账面数", "实盘数", "盘盈新增"]
FOUND_MARKS = {"1", "是", "y", "yes", "true"}


def export_rows(sheet):
    rows = (
        (
            line.item.code,
            line.item.name,
            line.batch.number if line.batch else "",
            float(line.expected),
            float(line.counted) if line.counted is not None else None,
            "是" if line.is_found_stock else "",
        )
        for line in queries.count_lines(sheet)
    )
    return HEADERS, rows


def import_counted(*, actor, sheet, file_bytes, filename):
    """Record the counted quantities of a filled-in sheet; every bad row is reported and
    nothing is recorded unless all rows are good."""
    table = read_table(file_bytes, filename, **upload_limits())
    codes = {row[0] for row in table.rows if row}
    items = {item.code: item for item in Item.objects.filter(code__in=codes).select_related("unit")}
    batches = {
        (batch.item_id, batch.number): batch
        for batch in Batch.objects.filter(item__in=items.values())
    }
    entries, problems = [], []
    for number, cells in enumerate(table.rows, start=table.first_row):
        cells = (list(cells) + [""] * 6)[:6]
        if not any(cells) or cells[4] == "":
            continue
        entry, problem = _entry(number, cells, items, batches)
        if problem:
            problems.append(problem)
        else:
            entries.append(entry)
    if problems:
        raise ImportRejected(problems)
    return counts.record_counted(actor=actor, sheet=sheet, entries=entries)


def _entry(number, cells, items, batches):
    code, _name, batch_number, _expected, counted, found = cells
    item = items.get(code)
    if item is None:
        return None, RowProblem(number, HEADERS[0], _("unknown item"), _("an item code"), code)
    batch = batches.get((item.pk, batch_number)) if batch_number else None
    if batch_number and batch is None:
        return None, RowProblem(number, HEADERS[2], _("unknown batch"), "", batch_number)
    try:
        quantity = parse_quantity(
            counted,
            unit=item.unit,
            field="counted",
            label=HEADERS[4],
            column=column_of(CountLine, "counted"),
            allow_zero=True,
        )
    except ParseError as refused:
        problem = RowProblem(number, HEADERS[4], refused.problem, refused.expected, counted)
        return None, problem
    return (item, batch, quantity, found.strip().lower() in FOUND_MARKS), None
