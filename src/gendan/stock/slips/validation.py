"""The rules a slip's header and lines must meet before it is written (D1-3.1, D1-5.3,
D1-6.2). Each refusal names its field: `explanation`, `lines[2].grade`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core.errors import DomainError
from gendan.core.parsing import column_of, parse_date, parse_quantity
from gendan.org.models import Site
from gendan.stock.models import WarehouseItem
from gendan.stock.slips.models import SlipLine

LINE_FIELDS = (
    "batch_number",
    "expires_on",
    "product_model",
    "part_name",
    "material_spec",
    "grade",
    "weight",
    "note",
)
STEEL_FIELDS = {
    "product_model": gettext_lazy("product model"),
    "part_name": gettext_lazy("part name"),
    "material_spec": gettext_lazy("material spec"),
    "grade": gettext_lazy("grade"),
    "weight": gettext_lazy("weight"),
}


def validate_header(rules, workshop, partner, explanation):
    if rules.needs_workshop and workshop is None:
        raise DomainError(_("Choose the workshop."), field="workshop")
    if rules.needs_partner:
        if partner is None:
            raise DomainError(_("Choose the supplier or outsourcer."), field="partner")
        if partner.kind == Site.Kind.OWN_PLANT:
            raise DomainError(
                _("%(site)s is our own plant, not a supplier or outsourcer.") % {"site": partner},
                field="partner",
            )
    if rules.needs_explanation and not explanation:
        raise DomainError(
            _(
                "A return, replenishment or replacement needs a written explanation by the "
                "inspector or the workshop director (D1-5.3)."
            ),
            field="explanation",
        )


def validate_lines(rules, warehouse, lines):
    lines = list(lines)
    if not lines:
        raise DomainError(_("A slip needs at least one line."), field="lines")
    items = [line.get("item") for line in lines]
    managed = set(
        WarehouseItem.objects.filter(
            warehouse=warehouse, item__in=[i for i in items if i is not None]
        ).values_list("item_id", flat=True)
    )
    return [
        _validate_line(rules, warehouse, index, line, managed)
        for index, line in enumerate(lines, start=1)
    ]


def _validate_line(rules, warehouse, index, line, managed):
    item = line.get("item")
    if item is None:
        raise DomainError(
            _("Line %(line)s: choose an item.") % {"line": index}, field=_f(index, "item")
        )
    if item.pk not in managed:
        raise DomainError(
            _(
                "Line %(line)s: %(item)s is not managed by warehouse %(warehouse)s; it cannot "
                "pass through its slips."
            )
            % {"line": index, "item": item, "warehouse": warehouse},
            field=_f(index, "item"),
        )
    cleaned = {"item": item, "quantity": _quantity(index, item, line.get("quantity"))}
    for name in LINE_FIELDS:
        value = line.get(name)
        cleaned[name] = value.strip() if isinstance(value, str) else value
    cleaned["weight"] = _weight(index, cleaned["weight"])
    cleaned["expires_on"] = _date(index, cleaned["expires_on"])
    for name in LINE_FIELDS:
        if cleaned[name] is None and name not in ("expires_on", "weight"):
            cleaned[name] = ""
    if rules.needs_steel_fields:
        _require_steel_fields(index, cleaned)
    if cleaned["expires_on"] and not cleaned["batch_number"]:
        raise DomainError(
            _("Line %(line)s: an expiry date needs a batch number.") % {"line": index},
            field=_f(index, "batch_number"),
        )
    return cleaned


def _require_steel_fields(index, cleaned):
    missing = [label for name, label in STEEL_FIELDS.items() if cleaned.get(name) in (None, "")]
    if missing:
        first = next(name for name in STEEL_FIELDS if cleaned.get(name) in (None, ""))
        raise DomainError(
            _(
                "Line %(line)s: a steel issue must carry product model, part name, material "
                "spec, grade and weight (D1-3.1); missing: %(missing)s."
            )
            % {"line": index, "missing": ", ".join(str(m) for m in missing)},
            field=_f(index, first),
        )


def _quantity(index, item, raw):
    return parse_quantity(
        raw,
        unit=item.unit,
        field=_f(index, "quantity"),
        label=_line_label(index, _("quantity")),
        column=column_of(SlipLine, "quantity"),
    )


def _weight(index, raw):
    if raw in (None, ""):
        return None
    return parse_quantity(
        raw,
        field=_f(index, "weight"),
        label=_line_label(index, _("weight (kg)")),
        column=column_of(SlipLine, "weight"),
    )


def _date(index, raw):
    return parse_date(
        raw,
        field=_f(index, "expires_on"),
        label=_line_label(index, _("expiry date")),
        required=False,
    )


def _line_label(index, label):
    return _("Line %(row)s: %(field)s") % {"row": index, "field": label}


def _f(index, name):
    return f"lines[{index}].{name}"
