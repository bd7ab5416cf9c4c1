"""The warehouse slips as declared papers (D1-3.1, D1-3.4..D1-3.8, D1-5.2/5.3), one per
slip kind of `kinds.KINDS`: a book per workshop — or per supplier/outsourcer for a slip
that names a partner — and per year (SR-JJ-2026-000001, WG-SUP1-2026-000001; D1-3.5,
D1-3.6); the kind's default chain; posting moves the stock; an issue kind may take stock
out of warehouse management (D1-3.9)."""

from django.db.models import Prefetch
from django.urls import reverse

from gendan.core import events
from gendan.core.papers import PER_SUPPLIER, PER_WORKSHOP, Chain, PaperType, Step, declare
from gendan.stock.slips.kinds import CHAIN_NAMES, KINDS, RECEIPT
from gendan.stock.slips.models import SlipKind, SlipLine, StockSlip
from gendan.stock.slips.posting import post_slip_stock

# The copies of a slip go to the accountants and the chief storekeeper (存根, 成本会计联,
# 材料会计联, 总保管联): they read every slip, wherever they are granted.
ACCOUNTS_AND_WAREHOUSE = (
    "material_accountant",
    "cost_accountant",
    "workshop_accountant",
    "chief_storekeeper",
)


# ---------------------------------------------------------------- what a signer sees
def _slips():
    lines = SlipLine.objects.select_related(
        "item__unit", "batch", "from_location", "to_location"
    ).order_by("position")
    return StockSlip.objects.select_related(
        "warehouse", "workshop", "partner", "order", "reverses__document"
    ).prefetch_related(Prefetch("lines", queryset=lines))


def slip_of(document):
    """The slip of `document` with its lines, items, units, batches and places."""
    return _slips().filter(document=document).first()


def _line_phrase(line):
    return f"{line.item.name} × {line.quantity.normalize():f} {line.item.unit}"


def slip_summaries(documents):
    """One line per slip: its warehouse and first two lines (two queries in all)."""
    lines = {}
    for slip in _slips().filter(document__in=documents):
        rows = list(slip.lines.all())
        phrase = "；".join(_line_phrase(line) for line in rows[:2])
        more = f" …（{len(rows)}）" if len(rows) > 2 else ""
        lines[slip.document_id] = f"{slip.warehouse.name}：{phrase}{more}"
    return lines


def slip_page(slip):
    return reverse("slips:slip-detail", args=[slip.pk])


def _line_data(line):
    return {
        "position": line.position,
        "item_code": line.item.code,
        "item_name": line.item.name,
        "quantity": f"{line.quantity.normalize():f}",
        "unit": str(line.item.unit),
        "batch": line.batch.number if line.batch_id else line.batch_number,
        "expires_on": str(line.expires_on or "") or None,
        "from_place": line.from_location.name if line.from_location_id else "",
        "to_place": line.to_location.name if line.to_location_id else "",
        "product_model": line.product_model,
        "part_name": line.part_name,
        "material_spec": line.material_spec,
        "grade": line.grade,
        "weight_kg": str(line.weight) if line.weight is not None else None,
        "note": line.note,
    }


def slip_data(slip, *, user):
    return {
        "kind": str(slip.get_kind_display()),
        "warehouse": slip.warehouse.name,
        "workshop": slip.workshop.name if slip.workshop_id else "",
        "partner": slip.partner.name if slip.partner_id else "",
        "order": slip.order.number if slip.order_id else "",
        "explanation": slip.explanation,
        "reverses": slip.reverses.document.number if slip.reverses_id else "",
        "lines": [_line_data(line) for line in slip.lines.all()],
    }


def _paper(rules):
    published = (events.DocumentPosted,)
    if rules.direction == RECEIPT:
        published += (events.ReceiptPosted,)
    return PaperType(
        code=rules.slip_type,
        name=SlipKind(rules.kind).label,
        prefix=rules.book_prefix,
        book_rule=PER_SUPPLIER if rules.book_per_partner else PER_WORKSHOP,
        chain=Chain(
            name=CHAIN_NAMES[rules.kind],
            steps=tuple(Step(name=name, role_code=role) for name, role in rules.chain),
        ),
        posting=post_slip_stock,
        writer_roles=tuple(rules.writer_roles),
        readers=ACCOUNTS_AND_WAREHOUSE,
        issues_stock=rules.is_issue,
        publishes=published,
        detail_template="slips/paper/_stock_slip.html",
        content=slip_of,
        summaries=slip_summaries,
        page_url=slip_page,
        content_data=slip_data,
    )


SLIP_PAPERS = {kind: declare(_paper(rules)) for kind, rules in KINDS.items()}
