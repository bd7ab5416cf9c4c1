"""Gates of the follow-up pages: who may see and follow an order's plan. Missing and
forbidden look the same (NotFound)."""

from django.utils import timezone

from gendan.core.errors import NotFound
from gendan.core.roles import directory
from gendan.sales.models import Order


def sees_all_orders(user):
    """Superusers and holders of a role everywhere (not only in one workshop)."""
    if user.is_superuser:
        return True
    return any(grant.scope_key == "" for grant in directory().grants_of(user, timezone.localdate()))


def can_follow_order(user, order):
    if user is None or not user.is_authenticated:
        return False
    return order.merchandiser_id == user.pk or sees_all_orders(user)


def access_order_plan(user, pk):
    """The order with its customer and merchandiser, if `user` may follow it."""
    try:
        order = Order.objects.select_related("customer", "merchandiser").get(pk=pk)
    except (Order.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_follow_order(user, order):
        raise NotFound()
    return order
