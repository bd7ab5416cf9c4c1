"""`gendan check` over the sales papers: nothing a voided paper carried is still in force."""

from django.db.models import Case, DecimalField, F, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from gendan.core.models import Document
from gendan.sales.models import DeliveryNote, DeliveryNoteLine, Order, OrderLine


def voided_papers_out_of_force():
    """A voided contract's order is cancelled; an order line counts as delivered only
    what its delivery notes that are not voided delivered, less what its customer
    returns that are not voided brought back."""
    live = Order.objects.filter(document__status=Document.Status.VOIDED).exclude(
        status=Order.Status.CANCELLED
    )
    for order in live.only("number", "status")[:50]:
        yield (
            f"order {order.number}: its contract is voided but the order is still "
            f"{order.get_status_display()}"
        )
    delivered = (
        DeliveryNoteLine.objects.filter(order_line=OuterRef("pk"))
        .exclude(delivery_note__document__status=Document.Status.VOIDED)
        .values("order_line")
        .annotate(total=Sum(_signed_quantity()))
        .values("total")
    )
    zero = Value(0, output_field=DecimalField(max_digits=14, decimal_places=3))
    lines = OrderLine.objects.annotate(by_notes=Coalesce(Subquery(delivered), zero)).select_related(
        "order"
    )
    for line in lines.iterator(chunk_size=2000):
        if line.by_notes != line.delivered_quantity:
            yield (
                f"order {line.order.number} line {line.position}: delivered "
                f"{line.delivered_quantity}, but its valid delivery notes say {line.by_notes}"
            )


def _signed_quantity():
    """A delivery line's quantity, negative on a customer return."""
    return Case(
        When(delivery_note__kind=DeliveryNote.Kind.RETURN, then=-F("quantity")),
        default=F("quantity"),
    )
