"""Every write to the catalog. Each checks permission, runs in one transaction and
leaves audit rows; imports check the whole file before writing any of it."""

from django.db import transaction
from django.utils.translation import gettext as _

from gendan.catalog import access, item_import, process_import, variant_import
from gendan.catalog.bulk_writes import entries_of, record_many
from gendan.catalog.keys import item_search_text
from gendan.catalog.models import (
    BomLine,
    ConfusionGroup,
    Item,
    ItemVariant,
    ProcessSheet,
    ProcessStep,
)
from gendan.core import audit, parsing
from gendan.core.errors import DomainError
from gendan.core.spreadsheets import read_table, upload_limits
from gendan.core.tabular import ImportResult

ITEM_FIELDS = ["code", *item_import.UPDATABLE]


def _require(actor, permission):
    """The catalog's gate (catalog.access): the permission matrix's master data rows."""
    access.require(actor, permission)


def _check_item_values(values, *, item=None):
    code = values.get("code", item.code if item else "")
    if not code or not values.get("name", item.name if item else ""):
        raise DomainError(
            _("An item needs a code and a name."), field="code" if not code else "name"
        )
    if Item.objects.filter(code=code).exclude(pk=item.pk if item else None).exists():
        raise DomainError(_("Item code %(code)s is already taken.") % {"code": code}, field="code")
    if values.get("kind", item.kind if item else None) not in Item.Kind.values:
        raise DomainError(_("Unknown item kind."), field="kind")
    weight = values.get("weight_per_unit")
    if weight is not None and weight < 0:
        raise DomainError(_("The weight per unit cannot be negative."), field="weight_per_unit")
    if weight is not None:  # within the column's digits: 1e300 once broke every page
        values["weight_per_unit"] = parsing.parse_decimal(
            weight,
            field="weight_per_unit",
            label=Item._meta.get_field("weight_per_unit").verbose_name,
            column=parsing.column_of(Item, "weight_per_unit"),
        )


def create_item(
    *,
    actor,
    code,
    name,
    kind,
    unit,
    spec="",
    grade="",
    model_series="",
    weight_per_unit=None,
    confusion_group=None,
    origin=None,
):
    """A new item of any kind the seed names (D1-3.6, D5-3.1)."""
    _require(actor, "catalog.add_item")
    values = {
        "code": code.strip(),
        "name": name.strip(),
        "kind": kind,
        "weight_per_unit": weight_per_unit,
    }
    _check_item_values(values)
    with transaction.atomic():
        item = Item.objects.create(
            **values,
            unit=unit,
            spec=spec,
            grade=grade,
            model_series=model_series,
            confusion_group=confusion_group,
            search_text=item_search_text(values["code"], values["name"], spec),
        )
        audit.record(
            actor=actor,
            action="item.create",
            obj=item,
            after=item_import.item_state(item),
            origin=origin,
        )
    return item


def update_item(*, actor, item, origin=None, **values):
    """Change an item's fields; the audit row keeps each changed field before → after."""
    _require(actor, "catalog.change_item")
    unknown = set(values) - set(ITEM_FIELDS) - {"is_active"}
    if unknown:
        raise DomainError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    _check_item_values(values, item=item)
    with transaction.atomic():
        item = (
            Item.objects.select_for_update(of=("self",))
            .select_related("unit", "confusion_group")
            .get(pk=item.pk)
        )
        before_state = item_import.item_state(item) | {
            "code": item.code,
            "is_active": item.is_active,
        }
        for key, value in values.items():
            setattr(item, key, value)
        item.search_text = item_search_text(item.code, item.name, item.spec)
        after_state = item_import.item_state(item) | {
            "code": item.code,
            "is_active": item.is_active,
        }
        before, after = item_import.changes(before_state, after_state)
        if after:
            item.save()
            audit.record(
                actor=actor,
                action="item.update",
                obj=item,
                before=before,
                after=after,
                origin=origin,
            )
    return item


def create_confusion_group(*, actor, name, items=(), note="", origin=None):
    """A group of near-identical items that must never move together (D1-3.3)."""
    _require(actor, "catalog.add_item")
    name = name.strip()
    if not name or ConfusionGroup.objects.filter(name=name).exists():
        raise DomainError(
            _("Give the group a new name: %(name)s is empty or taken.") % {"name": name},
            field="name",
        )
    with transaction.atomic():
        group = ConfusionGroup.objects.create(name=name, note=note)
        Item.objects.filter(pk__in=[item.pk for item in items]).update(confusion_group=group)
        audit.record(
            actor=actor,
            action="confusion_group.create",
            obj=group,
            after={"name": name, "items": sorted(item.code for item in items)},
            origin=origin,
        )
    return group


def create_variants(*, actor, item, colours, sizes, origin=None):
    """Every colour × size of a garment in one call (D5-3.2); combinations that exist
    already are kept as they are. Returns the variants created."""
    _require(actor, "catalog.add_itemvariant")
    colours = _distinct(colours) or [""]
    sizes = _distinct(sizes) or [""]
    if colours == [""] and sizes == [""]:
        raise DomainError(_("Give at least one colour or one size."), field="colours")
    existing = {(v.colour, v.size) for v in item.variants.all()}
    wanted = [
        ItemVariant(
            item=item,
            colour=colour,
            size=size,
            code=variant_import.variant_code(item.code, colour, size),
        )
        for colour in colours
        for size in sizes
        if (colour, size) not in existing
    ]
    _check_new_variant_codes(wanted)
    with transaction.atomic():
        ItemVariant.objects.bulk_create(wanted)
        record_many(
            actor=actor,
            action="variant.create",
            model=ItemVariant,
            entries=entries_of((v, None, variant_import.variant_state(v)) for v in wanted),
            origin=origin,
        )
    return wanted


def change_variant(*, actor, variant, colour, size, origin=None):
    """Correct one variant's colour or size (a typing slip in the grid). Its code stays:
    orders and delivery notes already name it."""
    _require(actor, "catalog.add_itemvariant")
    colour, size = (colour or "").strip()[:40], (size or "").strip()[:40]
    if not colour and not size:
        raise DomainError(_("Give at least one colour or one size."), field="colour")
    clash = ItemVariant.objects.filter(item=variant.item, colour=colour, size=size).exclude(
        pk=variant.pk
    )
    if clash.exists():
        raise DomainError(
            _("%(item)s already has the variant %(colour)s %(size)s (%(code)s).")
            % {"item": variant.item.name, "colour": colour, "size": size, "code": clash[0].code},
            field="colour",
        )
    before = variant_import.variant_state(variant)
    with transaction.atomic():
        variant.colour, variant.size = colour, size
        variant.save(update_fields=["colour", "size"])
        audit.record(
            actor=actor,
            action="variant.change",
            obj=variant,
            before=before,
            after=variant_import.variant_state(variant),
            origin=origin,
        )
    return variant


def remove_variant(*, actor, variant, origin=None):
    """Remove a variant added by mistake. One an order line or a delivery note already
    names is refused, with the papers to look at: it stays as it is."""
    _require(actor, "catalog.add_itemvariant")
    used = variant_users(variant)
    if used:
        raise DomainError(
            _(
                "%(code)s is used on %(papers)s and cannot be removed; correct its colour or size instead."
            )
            % {"code": variant.code, "papers": "、".join(used[:5])}
        )
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="variant.remove",
            obj=variant,
            before=variant_import.variant_state(variant),
            origin=origin,
        )
        variant.delete()


def variant_users(variant):
    """The numbers of the papers that name `variant` (orders, delivery notes), found
    through the relations that point at it, without importing the modules above."""
    numbers = []
    for relation in variant._meta.related_objects:
        rows = relation.related_model.objects.filter(**{relation.field.name: variant})
        for row in rows[:5]:
            owner = getattr(row, "order", None) or getattr(row, "delivery_note", None) or row
            numbers.append(str(getattr(owner, "number", owner)))
    return list(dict.fromkeys(numbers))


def _distinct(values):
    return list(dict.fromkeys(value.strip() for value in values if value and value.strip()))


def _check_new_variant_codes(variants):
    too_long = [v.code for v in variants if len(v.code) > 60]
    if too_long:
        raise DomainError(
            _("Variant code too long: %(code)s") % {"code": too_long[0]}, field="sizes"
        )
    taken = ItemVariant.objects.filter(code__in=[v.code for v in variants]).values_list(
        "code", flat=True
    )
    if taken:
        raise DomainError(
            _("Variant code %(code)s is already taken.") % {"code": taken[0]}, field="colours"
        )


# ---------------------------------------------------------------------- process sheets
def _step_list(steps):
    return [
        {
            "sequence": step["sequence"],
            "name": step["name"],
            "workshop": step["workshop"].name,
            "is_outside": bool(step.get("is_outside")),
            "is_skippable": bool(step.get("is_skippable")),
        }
        for step in sorted(steps, key=lambda step: step["sequence"])
    ]


def _check_steps(steps):
    sequences = [step.get("sequence") for step in steps]
    if not steps:
        raise DomainError(_("A process sheet needs at least one process."), field="steps")
    if any(not isinstance(number, int) or number < 1 for number in sequences):
        raise DomainError(_("Sequence numbers are whole numbers from 1."), field="steps")
    if len(set(sequences)) != len(sequences):
        raise DomainError(_("Each sequence number may appear once."), field="steps")
    if any(not (step.get("name") or "").strip() or step.get("workshop") is None for step in steps):
        raise DomainError(_("Every process needs a name and a workshop."), field="steps")


def _replace_steps(*, actor, item, steps, origin):
    """(sheet, outcome) with outcome 'created', 'updated' or 'unchanged'."""
    sheet, is_new = ProcessSheet.objects.get_or_create(item=item)
    saved = [
        {
            "sequence": s.sequence,
            "name": s.name,
            "workshop": s.workshop,
            "is_outside": s.is_outside,
            "is_skippable": s.is_skippable,
        }
        for s in sheet.steps.select_related("workshop")
    ]
    before, after = _step_list(saved), _step_list(steps)
    if before == after:
        return sheet, "unchanged"
    sheet.steps.all().delete()
    ProcessStep.objects.bulk_create(
        ProcessStep(
            sheet=sheet,
            sequence=s["sequence"],
            name=s["name"].strip(),
            workshop=s["workshop"],
            is_outside=bool(s.get("is_outside")),
            is_skippable=bool(s.get("is_skippable")),
        )
        for s in steps
    )
    audit.record(
        actor=actor,
        action="process_sheet.define",
        obj=item,
        before={"steps": before} if not is_new else None,
        after={"steps": after},
        origin=origin,
    )
    return sheet, "created" if is_new else "updated"


def define_process_sheet(*, actor, item, steps, origin=None):
    """Replace the ordered processes of `item`, each with its workshop (D1-4.2, D1-6).
    `steps` are dicts of sequence, name and workshop. The audit row, on the item's
    timeline, keeps the whole sheet before and after."""
    _require(actor, "catalog.add_processsheet")
    _check_steps(steps)
    with transaction.atomic():
        Item.objects.select_for_update(of=("self",)).filter(pk=item.pk).first()
        sheet, _outcome = _replace_steps(actor=actor, item=item, steps=steps, origin=origin)
    return sheet


# ---------------------------------------------------------------------- bills of materials
def set_bom_lines(*, actor, parent, lines, origin=None):
    """Replace the bill of materials of `parent` with `lines` of (component, quantity).
    A component appears once, with a quantity above zero, and never contains `parent`."""
    _require(actor, "catalog.add_bomline")
    _check_bom_lines(parent, lines)
    with transaction.atomic():
        Item.objects.select_for_update(of=("self",)).filter(pk=parent.pk).first()
        before = [
            [line.component.code, str(line.quantity)]
            for line in parent.bom_lines.select_related("component")
        ]
        parent.bom_lines.all().delete()
        BomLine.objects.bulk_create(
            BomLine(parent=parent, component=c, quantity=q) for c, q in lines
        )
        after = [[component.code, str(quantity)] for component, quantity in lines]
        audit.record(
            actor=actor,
            action="bom.set",
            obj=parent,
            before={"lines": before},
            after={"lines": after},
            origin=origin,
        )
    return list(parent.bom_lines.select_related("component"))


def _check_bom_lines(parent, lines):
    components = [component.pk for component, _quantity in lines]
    if len(set(components)) != len(components):
        raise DomainError(
            _("Each component may appear once in a bill of materials."), field="lines"
        )
    if any(quantity is None or quantity <= 0 for _component, quantity in lines):
        raise DomainError(_("Every component quantity must be above zero."), field="lines")
    if parent.pk in components or parent.pk in _all_components(components):
        raise DomainError(_("%(item)s cannot contain itself.") % {"item": parent}, field="lines")


def _all_components(start):
    """Every item below `start` in the saved bills of materials."""
    children = {}
    for parent_id, component_id in BomLine.objects.values_list("parent_id", "component_id"):
        children.setdefault(parent_id, []).append(component_id)
    seen, pending = set(), list(start)
    while pending:
        current = pending.pop()
        for child in children.get(current, ()):
            if child not in seen:
                seen.add(child)
                pending.append(child)
    return seen


# ---------------------------------------------------------------------- imports
def import_items(*, actor, file_bytes, filename, origin=None):
    """Items from xlsx or csv (UTF-8 or GBK). All or nothing: every bad row is reported
    in one ImportRejected and nothing is written; identical rows are skipped."""
    _require(actor, "catalog.add_item")
    rows = item_import.check_item_rows(read_table(file_bytes, filename, **upload_limits()))
    with transaction.atomic():
        result = item_import.apply_item_rows(actor=actor, rows=rows, origin=origin)
        _record_import(actor, "catalog.import_items", filename, result, origin)
    return result


def import_variants(*, actor, file_bytes, filename, origin=None):
    """Colour × size variants of items already in the catalog (D5-3.2); all or nothing."""
    _require(actor, "catalog.add_itemvariant")
    rows = variant_import.check_variant_rows(read_table(file_bytes, filename, **upload_limits()))
    with transaction.atomic():
        result = variant_import.apply_variant_rows(actor=actor, rows=rows, origin=origin)
        _record_import(actor, "catalog.import_variants", filename, result, origin)
    return result


def import_process_sheets(*, actor, file_bytes, filename, origin=None):
    """Process sheets (D1-4.2, D1-6): the rows of one item replace its whole sheet."""
    _require(actor, "catalog.add_processsheet")
    sheets = process_import.check_process_rows(read_table(file_bytes, filename, **upload_limits()))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for item, steps in sheets.items():
            _sheet, outcome = _replace_steps(actor=actor, item=item, steps=steps, origin=origin)
            counts[outcome] += 1
        result = ImportResult(**counts)
        _record_import(actor, "catalog.import_process_sheets", filename, result, origin)
    return result


def _record_import(actor, action, filename, result, origin):
    if result.has_changes:
        audit.record(
            actor=actor, action=action, after={"file": filename, **result.as_dict()}, origin=origin
        )
