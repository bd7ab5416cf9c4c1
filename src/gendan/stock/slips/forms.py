"""Reading the slip form's POST: header choices and the repeated line fields."""

from django.utils.translation import gettext as _

from gendan.catalog.models import Item
from gendan.core.errors import DomainError
from gendan.org.models import Site, Warehouse, Workshop
from gendan.sales.models import Order
from gendan.stock.slips.validation import LINE_FIELDS

LINE_INPUTS = ("item", "quantity", *LINE_FIELDS)


def _pick(model, raw, field, label, required):
    if not raw:
        if required:
            raise DomainError(_("Choose the %(what)s.") % {"what": label}, field=field)
        return None
    try:
        return model.objects.get(pk=int(raw))
    except (ValueError, model.DoesNotExist):
        raise DomainError(_("Choose the %(what)s.") % {"what": label}, field=field) from None


def parse_header(post):
    order_number = (post.get("order") or "").strip()
    order = Order.objects.filter(number=order_number).first() if order_number else None
    if order_number and order is None:
        raise DomainError(
            _("There is no order %(number)s.") % {"number": order_number}, field="order"
        )
    return {
        "warehouse": _pick(Warehouse, post.get("warehouse"), "warehouse", _("warehouse"), True),
        "workshop": _pick(Workshop, post.get("workshop"), "workshop", _("workshop"), False),
        "partner": _pick(Site, post.get("partner"), "partner", _("supplier or outsourcer"), False),
        "order": order,
        "explanation": post.get("explanation", ""),
    }


def parse_lines(post):
    """One dict per line row; rows with neither item nor quantity are ignored."""
    columns = {name: post.getlist(f"line-{name}") for name in LINE_INPUTS}
    count = max((len(values) for values in columns.values()), default=0)
    rows = []
    for index in range(count):
        row = {
            name: (values[index] if index < len(values) else "") for name, values in columns.items()
        }
        if not (row["item"] or row["quantity"]):
            continue
        rows.append(row)
    items = Item.objects.select_related("unit").in_bulk(
        [int(r["item"]) for r in rows if str(r["item"]).isdigit()]
    )
    for row in rows:
        row["item"] = items.get(int(row["item"])) if str(row["item"]).isdigit() else None
    return rows


def line_rows(slip):
    """The draft's lines as form rows, for editing."""
    return [
        {"item": line.item, "quantity": line.quantity.normalize()}
        | {name: getattr(line, name) for name in LINE_FIELDS}
        for line in slip.lines.all()
    ]
