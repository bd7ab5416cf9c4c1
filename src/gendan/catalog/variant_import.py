"""Importing colour × size variants (D5-3.2): 物料编码, 颜色, 尺码, 变体编码.

A variant is known by its code; an empty code becomes `<item code>-<colour>-<size>`.
"""

from django.utils.translation import gettext as _

from gendan.catalog.bulk_writes import entries_of, record_many
from gendan.catalog.item_import import BATCH
from gendan.catalog.models import Item, ItemVariant
from gendan.core import tabular
from gendan.core.import_errors import ImportRejected
from gendan.core.tabular import CellError, Column, ImportResult, problem_at

VARIANT_COLUMNS = [
    Column(
        "item",
        ("物料编码", "item code", "item", "item_code"),
        tabular.text(40, is_required=True),
        True,
    ),
    Column("colour", ("颜色", "colour", "color"), tabular.text(40)),
    Column("size", ("尺码", "size", "尺寸"), tabular.text(40)),
    Column("code", ("变体编码", "variant code", "variant_code", "sku"), tabular.text(60)),
]


def variant_code(item_code, colour, size):
    return "-".join(part for part in (item_code, colour, size) if part)


def variant_state(variant):
    return {"item": variant.item.code, "colour": variant.colour, "size": variant.size}


def check_variant_rows(table):
    rows, problems = tabular.parse_rows(table, VARIANT_COLUMNS)
    items = _items_by_code({row.values.get("item") for row in rows} - {None})
    for row in rows:
        problems += _check_row(row, items)
    problems += tabular.duplicates(
        rows, lambda row: row.values.get("code"), "code", _("a variant code used once in the file")
    )
    problems += tabular.duplicates(
        rows, _combination, "size", _("each colour and size once per item")
    )
    if not problems:
        problems += _conflicts_with_saved(rows)
    if problems:
        raise ImportRejected(problems)
    return rows


def _items_by_code(codes):
    return {item.code: item for item in Item.objects.filter(code__in=codes)}


def _check_row(row, items):
    values = row.values
    if "item" not in values:
        return []
    problems = []
    values["item"] = items.get(values["item"], values["item"])
    if not isinstance(values["item"], Item):
        error = CellError(
            _("unknown item: %(code)s") % {"code": values["item"]},
            _("the code of an item already in the catalog"),
        )
        problems.append(problem_at(row, "item", error, values["item"]))
    if not values.get("colour") and not values.get("size"):
        error = CellError(_("neither colour nor size is given"), _("a colour, a size or both"))
        problems.append(problem_at(row, "colour", error))
    if not values.get("code") and isinstance(values["item"], Item):
        values["code"] = variant_code(values["item"].code, values.get("colour"), values.get("size"))
    return problems


def _combination(row):
    item = row.values.get("item")
    return (
        (item.pk, row.values.get("colour", ""), row.values.get("size", ""))
        if isinstance(item, Item)
        else None
    )


def _conflicts_with_saved(rows):
    """A code saved under another item, or a colour × size saved under another code."""
    by_code = _saved_variants([row.values["code"] for row in rows])
    combos = {
        (variant.item_id, variant.colour, variant.size): variant.code
        for variant in ItemVariant.objects.filter(item__in={row.values["item"] for row in rows})
    }
    problems = []
    for row in rows:
        values = row.values
        saved = by_code.get(values["code"])
        if saved is not None and saved.item_id != values["item"].pk:
            error = CellError(
                _("this code belongs to item %(code)s") % {"code": saved.item.code},
                _("a new code, or the same item"),
            )
            problems.append(problem_at(row, "code", error, values["code"]))
        holder = combos.get(_combination(row))
        if holder is not None and holder != values["code"]:
            error = CellError(
                _("this colour and size already exist as %(code)s") % {"code": holder},
                _("the existing variant code"),
            )
            problems.append(problem_at(row, "code", error, values["code"]))
    return problems


def _saved_variants(codes):
    found = {}
    for start in range(0, len(codes), BATCH):
        query = ItemVariant.objects.filter(code__in=codes[start : start + BATCH]).select_related(
            "item"
        )
        found |= {variant.code: variant for variant in query}
    return found


def apply_variant_rows(*, actor, rows, origin):
    saved = _saved_variants([row.values["code"] for row in rows])
    new, changed = [], []
    for row in rows:
        values = row.values
        wanted = {
            "item": values["item"].code,
            "colour": values.get("colour", ""),
            "size": values.get("size", ""),
        }
        variant = saved.get(values["code"])
        if variant is None:
            new.append(
                ItemVariant(
                    code=values["code"],
                    item=values["item"],
                    colour=wanted["colour"],
                    size=wanted["size"],
                )
            )
            continue
        before = variant_state(variant)
        if before != wanted:
            variant.colour, variant.size = wanted["colour"], wanted["size"]
            changed.append((variant, before, wanted))
    ItemVariant.objects.bulk_create(new, batch_size=BATCH)
    ItemVariant.objects.bulk_update(
        [variant for variant, _b, _a in changed], ["colour", "size"], batch_size=BATCH
    )
    record_many(
        actor=actor,
        action="variant.create",
        model=ItemVariant,
        entries=entries_of((v, None, variant_state(v)) for v in new),
        origin=origin,
    )
    record_many(
        actor=actor,
        action="variant.update",
        model=ItemVariant,
        entries=entries_of(changed),
        origin=origin,
    )
    return ImportResult(len(new), len(changed), len(rows) - len(new) - len(changed))
