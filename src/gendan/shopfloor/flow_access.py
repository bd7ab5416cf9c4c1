"""The one gate of the order pages of this part (its lots from the BOM, its process flow)."""

from gendan.core import permissions
from gendan.core.errors import NotFound
from gendan.sales.access import access_order
from gendan.sales.models import Order
from gendan.shopfloor import queries


def access_order_for_lots(user, pk):
    """The order if `user` may start lots (for any order, as on the lot list), may see
    the order, or may see one of its lots; NotFound otherwise (missing and forbidden look
    the same)."""
    if permissions.allows(user, "lot", "create") or (
        queries.lot_list(user).filter(order_id=pk).exists()
    ):
        order = Order.objects.filter(pk=pk).first()
        if order is not None:
            return order
    return access_order(user, pk)


def order_lots(user, order):
    """The order's lots whose parts `user` may see: all of them for whoever may see the
    order (as on the order page), else those they may see as lots."""
    try:
        access_order(user, order.pk)
    except NotFound:
        return queries.lot_list(user).filter(order=order)
    return queries.lot_list().filter(order=order)


def openable(user, lots):
    """The ids among `lots` whose own page `user` may open."""
    ids = [lot.pk for lot in lots]
    return set(queries.lot_list(user).filter(pk__in=ids).values_list("pk", flat=True))
