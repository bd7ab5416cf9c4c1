"""Importing items from a sheet: 编码, 名称, 类别, 规格, 牌号, 型号系列, 单位, 单件重量, 易混组.

`check_item_rows` reads and checks every row (nothing written); `apply_item_rows`
writes the checked rows in bulk. Identical rows are skipped, changed rows update and
are audited before → after, so the same file imported twice changes nothing.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import translation
from django.utils.translation import gettext as _

from gendan.catalog.bulk_writes import entries_of, insert_rows, record_many
from gendan.catalog.keys import item_search_text
from gendan.catalog.models import ConfusionGroup, Item, Unit
from gendan.core import tabular
from gendan.core.import_errors import ImportRejected
from gendan.core.tabular import Column, ImportResult

Kind = Item.Kind

KIND_CHINESE = {
    Kind.MACHINE: "整机",
    Kind.PRODUCT: "产品",
    Kind.PART: "零件",
    Kind.RAW_MATERIAL: "钢材及原材料",
    Kind.PURCHASED_PART: "外购件",
    Kind.OUTSOURCED_PART: "外协件",
    Kind.BLANK: "毛坯",
    Kind.SEMI_FINISHED: "半成品",
    Kind.FINISHED_PART: "成品件",
    Kind.STANDARD_PART: "标准件",
    Kind.KIT: "成套件",
    Kind.AUXILIARY: "辅料",
    Kind.HARDWARE: "五金件",
    Kind.GARMENT: "服装",
    Kind.PRINTED: "印刷品",
}
KIND_EXTRA_ALIASES = {"原材料": Kind.RAW_MATERIAL, "钢材": Kind.RAW_MATERIAL, "五金": Kind.HARDWARE}

UPDATABLE = [
    "name",
    "kind",
    "spec",
    "grade",
    "model_series",
    "unit",
    "weight_per_unit",
    "confusion_group",
]
BATCH = 500


def item_headers():
    """Chinese export headers, in the order the import reads them."""
    return [column.headers[0] for column in item_columns({}, {})]


def kind_options():
    """Kind code, Chinese name, and its label in English and in Chinese."""
    options = {str(value).lower(): value for value in Kind.values}
    options |= {alias.lower(): kind for alias, kind in KIND_EXTRA_ALIASES.items()}
    options |= {label: kind for kind, label in KIND_CHINESE.items()}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            options |= {str(label).lower(): kind for kind, label in Kind.choices}
    return options


def unit_options():
    options = {}
    for unit in Unit.objects.all():
        options[unit.name.lower()] = unit
        options[unit.code.lower()] = unit  # a code wins over another unit's name
    return options


def item_columns(kinds, units):
    return [
        Column(
            "code",
            ("编码", "code", "物料编码", "item code"),
            tabular.text(40, is_required=True),
            True,
        ),
        Column("name", ("名称", "name", "物料名称"), tabular.text(120, is_required=True), True),
        Column(
            "kind",
            ("类别", "kind", "类型"),
            tabular.choice(kinds, tabular.known_values(KIND_CHINESE.values())),
            True,
        ),
        Column("spec", ("规格", "spec", "规格型号"), tabular.text(120)),
        Column("grade", ("牌号", "grade", "材质"), tabular.text(40)),
        Column(
            "model_series", ("型号系列", "model_series", "model/series", "型号"), tabular.text(60)
        ),
        Column(
            "unit",
            ("单位", "unit", "计量单位"),
            tabular.choice(units, tabular.known_values({unit.code for unit in units.values()})),
            True,
        ),
        Column(
            "weight_per_unit",
            ("单件重量", "weight_per_unit", "单件重量(kg)", "weight per unit", "单重"),
            tabular.decimal_number(places=4, max_digits=12),
        ),
        Column("confusion_group", ("易混组", "confusion_group", "易混淆组"), tabular.text(60)),
    ]


def check_item_rows(table):
    """Every row cleaned, or ImportRejected listing every bad row."""
    rows, problems = tabular.parse_rows(table, item_columns(kind_options(), unit_options()))
    problems += tabular.duplicates(
        rows, lambda row: row.values.get("code"), "code", _("a code used once in the file")
    )
    if problems:
        raise ImportRejected(problems)
    return rows


# ---------------------------------------------------------------------- writing
def item_state(item):
    """The comparable, JSON-safe values of an item, as an import row states them."""
    return {
        "name": item.name,
        "kind": item.kind,
        "spec": item.spec,
        "grade": item.grade,
        "model_series": item.model_series,
        "unit": item.unit.code,
        "weight_per_unit": _decimal_text(item.weight_per_unit),
        "confusion_group": item.confusion_group.name if item.confusion_group_id else "",
    }


def _row_state(values):
    state = {key: values[key] for key in UPDATABLE if key in values}
    if "unit" in state:
        state["unit"] = state["unit"].code
    if "weight_per_unit" in state:
        state["weight_per_unit"] = _decimal_text(state["weight_per_unit"])
    return state


def _decimal_text(value):
    return None if value is None else f"{value:.4f}"


def changes(current, wanted):
    """(before, after) of the fields whose value differs; both empty when none do."""
    changed = [key for key, value in wanted.items() if current.get(key) != value]
    return {key: current.get(key) for key in changed}, {key: wanted[key] for key in changed}


def assign(item, values, groups):
    for key in UPDATABLE:
        if key not in values:
            continue
        value = values[key]
        if key == "confusion_group":
            value = groups.get(value) if value else None
        setattr(item, key, value)
    item.search_text = item_search_text(item.code, item.name, item.spec)


def ensure_groups(*, actor, names, origin):
    """The confusion groups named in the file, creating the ones that do not exist yet."""
    groups = {group.name: group for group in ConfusionGroup.objects.filter(name__in=names)}
    missing = [ConfusionGroup(name=name) for name in sorted(set(names) - set(groups))]
    ConfusionGroup.objects.bulk_create(missing)
    created = list(ConfusionGroup.objects.filter(name__in=[group.name for group in missing]))
    record_many(
        actor=actor,
        action="confusion_group.create",
        model=ConfusionGroup,
        entries=entries_of((group, None, {"name": group.name}) for group in created),
        origin=origin,
    )
    return groups | {group.name: group for group in created}


STATE_COLUMNS = [
    "code",
    "name",
    "kind",
    "spec",
    "grade",
    "model_series",
    "unit__code",
    "weight_per_unit",
    "confusion_group__name",
]


def saved_states(codes):
    """{code: state} of the saved items among `codes`, read as plain tuples: building
    20,000 model instances only to find them unchanged costs more than the import."""
    found = {}
    for start in range(0, len(codes), BATCH):
        query = Item.objects.filter(code__in=codes[start : start + BATCH]).values_list(
            *STATE_COLUMNS
        )
        for code, *values in query:
            state = dict(zip(UPDATABLE, values, strict=True))
            state["weight_per_unit"] = _decimal_text(state["weight_per_unit"])
            state["confusion_group"] = state["confusion_group"] or ""
            found[code] = state
    return found


NEW_ITEM_FIELDS = [*UPDATABLE, "code", "search_text", "is_active"]


def _new_item_row(code, values, groups, ops):
    """The database-ready values of a new item, in the order of NEW_ITEM_FIELDS."""
    group = groups.get(values.get("confusion_group") or "")
    weight = values.get("weight_per_unit")
    return (
        values["name"],
        values["kind"],
        values.get("spec", ""),
        values.get("grade", ""),
        values.get("model_series", ""),
        values["unit"].pk,
        ops.adapt_decimalfield_value(weight, 12, 4),
        group.pk if group else None,
        code,
        item_search_text(code, values["name"], values.get("spec", "")),
        True,
    )


def apply_item_rows(*, actor, rows, origin):
    """Create the new items and update the changed ones, each with its audit row."""
    names = [row.values["confusion_group"] for row in rows if row.values.get("confusion_group")]
    groups = ensure_groups(actor=actor, names=names, origin=origin)
    saved = saved_states([row.values["code"] for row in rows])
    new, changed = {}, {}
    for row in rows:
        code = row.values["code"]
        if code not in saved:
            new[code] = row.values
            continue
        before, after = changes(saved[code], _row_state(row.values))
        if after:
            changed[code] = (row.values, before, after)
    _create(actor=actor, new=new, groups=groups, origin=origin)
    updated = _changed_items(changed, groups)
    _update(actor=actor, changed=updated, origin=origin)
    return ImportResult(len(new), len(updated), len(rows) - len(new) - len(updated))


def _changed_items(changed, groups):
    """(item, before, after) of the changed rows, their new values assigned."""
    codes, result = list(changed), []
    for start in range(0, len(codes), BATCH):
        for item in Item.objects.filter(code__in=codes[start : start + BATCH]):
            values, before, after = changed[item.code]
            assign(item, values, groups)
            result.append((item, before, after))
    return result


def _create(*, actor, new, groups, origin):
    ops = connections[DEFAULT_DB_ALIAS].ops
    insert_rows(Item, NEW_ITEM_FIELDS, [_new_item_row(c, v, groups, ops) for c, v in new.items()])
    codes = list(new)
    entries = []
    for start in range(0, len(codes), BATCH):
        query = Item.objects.filter(code__in=codes[start : start + BATCH]).values_list("code", "pk")
        for code, pk in query:
            values = new[code]
            entries.append(
                (pk, f"{code} {values['name']}", None, {"code": code, **_row_state(values)})
            )
    record_many(actor=actor, action="item.create", model=Item, entries=entries, origin=origin)


def _update(*, actor, changed, origin):
    items = [item for item, _before, _after in changed]
    Item.objects.bulk_update(items, [*UPDATABLE, "search_text"], batch_size=BATCH)
    record_many(
        actor=actor, action="item.update", model=Item, entries=entries_of(changed), origin=origin
    )
