"""Gates of the follow-up pages: who may see an order's plan and who may follow it
(complete or reopen its milestones, record its outlook), read from the permission
matrix (gendan.core.permissions). Missing and forbidden look the same (NotFound)."""

from gendan.core import permissions
from gendan.core.errors import NotFound
from gendan.followup.models import Milestone
from gendan.sales.access import own_orders, visible_orders
from gendan.sales.models import Order


def sees_all_orders(user):
    """Whose role reads every order (the matrix, granted everywhere): a role granted
    everywhere that is not for orders — the outside factory, marketing — sees only its
    own orders (issue 9)."""
    return permissions.reach(user, "order", "view").everywhere


def can_see_order_plan(user, order):
    """The order page and the board: whoever may see the order (its merchandiser, the
    owner of one of its milestones, the contracted factory it is placed at, the roles
    that read every order)."""
    if user is None or not user.is_authenticated:
        return False
    return visible_orders(user).filter(pk=order.pk).exists()


def can_follow_order(user, order):
    """Completing and reopening milestones, recording the outlook: its merchandiser,
    the owner of one of its milestones, and the roles the matrix lets complete
    milestones everywhere. The contracted factory sees its factory order but follows
    no plan of ours."""
    if user is None or not user.is_authenticated:
        return False
    is_own = (
        order.merchandiser_id == user.pk
        or Milestone.objects.filter(order_id=order.pk, owner=user).exists()
    )
    return permissions.allows(user, "milestone", "complete", is_own=is_own)


def followed_order_ids(user):
    """The orders `user` sees without reading every order, as a subquery."""
    return Order.objects.filter(own_orders(user)).values("pk")


def access_order_plan(user, pk):
    """The order with its customer and merchandiser, if `user` may see it."""
    try:
        order = Order.objects.select_related("customer", "merchandiser").get(pk=pk)
    except (Order.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_see_order_plan(user, order):
        raise NotFound()
    return order
