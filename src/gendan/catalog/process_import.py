"""Importing process sheets (工艺状态明细表, D1-4.2, D1-6): 物料编码, 序号, 工序, 车间.

The rows of one item are its whole sheet: they replace the saved steps when they
differ, and leave the sheet alone when they are the same.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from gendan.catalog.models import Item
from gendan.core import tabular
from gendan.core.import_errors import ImportRejected
from gendan.core.tabular import CellError, Column, problem_at
from gendan.org.models import Workshop


def workshop_options():
    options = {}
    for workshop in Workshop.objects.all():
        options[workshop.name.lower()] = workshop
        options[workshop.code.lower()] = workshop
    return options


def process_columns(workshops):
    expected = tabular.known_values({workshop.code for workshop in workshops.values()})
    return [
        Column(
            "item",
            ("物料编码", "item code", "item", "item_code"),
            tabular.text(40, is_required=True),
            True,
        ),
        Column(
            "sequence",
            ("序号", "sequence", "工序号"),
            tabular.whole_number(minimum=1, maximum=32767),
            True,
        ),
        Column(
            "name",
            ("工序", "process", "工序名称", "process name"),
            tabular.text(60, is_required=True),
            True,
        ),
        Column("workshop", ("车间", "workshop"), tabular.choice(workshops, expected), True),
    ]


def check_process_rows(table):
    """{item: [step dicts]} of a file whose every row is good, or ImportRejected."""
    rows, problems = tabular.parse_rows(table, process_columns(workshop_options()))
    codes = {row.values.get("item") for row in rows} - {None}
    items = {item.code: item for item in Item.objects.filter(code__in=codes)}
    for row in rows:
        code = row.values.get("item")
        if code is not None and code not in items:
            error = CellError(
                _("unknown item: %(code)s") % {"code": code},
                _("the code of an item already in the catalog"),
            )
            problems.append(problem_at(row, "item", error, code))
    problems += tabular.duplicates(
        rows,
        lambda row: (
            (row.values.get("item"), row.values.get("sequence"))
            if "sequence" in row.values
            else None
        ),
        "sequence",
        _("each sequence number once per item"),
    )
    if problems:
        raise ImportRejected(problems)
    return _steps_by_item(rows, items)


def _steps_by_item(rows, items):
    sheets = defaultdict(list)
    for row in rows:
        values = row.values
        sheets[items[values["item"]]].append(
            {"sequence": values["sequence"], "name": values["name"], "workshop": values["workshop"]}
        )
    return dict(sheets)
