"""Gates of the follow-up pages: who may see and follow an order's plan. Missing and
forbidden look the same (NotFound)."""

from django.db.models import Q

from gendan.core.errors import NotFound
from gendan.followup.models import Milestone
from gendan.sales.models import Order


def sees_all_orders(user):
    """Those who read every order in sales (`sales.view_order` from a role granted
    everywhere): a role granted everywhere that is not for orders — the outside factory,
    marketing — follows no order it does not own (issue 9)."""
    return user.is_superuser or user.has_perm("sales.view_order")


def can_follow_order(user, order):
    """Its merchandiser, the people who read every order, and whoever owns one of its
    milestones (the statistician of 成品入库 follows the order she reports on)."""
    if user is None or not user.is_authenticated:
        return False
    if order.merchandiser_id == user.pk or sees_all_orders(user):
        return True
    return Milestone.objects.filter(order_id=order.pk, owner=user).exists()


def followed_order_ids(user):
    """The orders `user` follows without reading every order, as a subquery."""
    owned = Milestone.objects.filter(owner=user).values("order_id")
    return Order.objects.filter(Q(merchandiser=user) | Q(pk__in=owned)).values("pk")


def access_order_plan(user, pk):
    """The order with its customer and merchandiser, if `user` may follow it."""
    try:
        order = Order.objects.select_related("customer", "merchandiser").get(pk=pk)
    except (Order.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_follow_order(user, order):
        raise NotFound()
    return order
