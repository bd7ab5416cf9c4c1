"""Gates and business secrets (D2-6), read from the permission matrix
(gendan.core.permissions).

A user sees every order or customer when the matrix gives their role that everywhere;
otherwise only their own: the orders and customers they are merchandiser of, the orders
one of whose milestones they own, and — for a contracted factory's people — that
factory's own factory orders (D5-7). Contact data and prices are separate secrets:
`sales.view_customer_contact` and `sales.view_prices`. Missing and forbidden look the
same (NotFound).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from gendan.core import permissions
from gendan.core.errors import NotFound, PermissionDenied
from gendan.sales.models import Customer, FactoryOrder, Order


def can_see_prices(user):
    return user.has_perm("sales.view_prices")


def can_see_contact(user):
    return user.has_perm("sales.view_customer_contact")


def own_orders(user):
    """The orders that are `user`'s own (a condition on Order): theirs or their
    customer's as merchandiser, placed at their own contracted factory, or with a
    milestone they own (the plan's milestones live in `followup`, a higher layer; the
    relation is reached by name only)."""
    own = Q(merchandiser=user) | Q(customer__merchandiser=user)
    factory_orders = FactoryOrder.objects.filter(
        factory__kind="contracted_factory", factory__employees__user=user
    ).values("order_id")
    own |= Q(pk__in=factory_orders)
    if "milestones" in {rel.name for rel in Order._meta.related_objects}:
        owned = Order.objects.filter(milestones__owner=user).values("pk")
        own |= Q(pk__in=owned)
    return own


def visible_orders(user):
    orders = Order.objects.all()
    found = permissions.reach(user, "order", "view")
    if found.everywhere:
        return orders
    if not found.own:
        return orders.none()
    return orders.filter(own_orders(user))


def visible_customers(user):
    customers = Customer.objects.all()
    found = permissions.reach(user, "customer", "view")
    if found.everywhere:
        return customers
    if not found.own:
        return customers.none()
    mine = Order.objects.filter(merchandiser=user).values("customer_id")
    return customers.filter(Q(merchandiser=user) | Q(pk__in=mine))


def access_order(user, pk):
    """The order if this user may see it; NotFound otherwise."""
    try:
        return visible_orders(user).select_related("customer", "merchandiser").get(pk=pk)
    except (Order.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def access_customer(user, pk):
    try:
        return visible_customers(user).select_related("merchandiser").get(pk=pk)
    except (Customer.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def can_act_on_order(user, order):
    """Writes on an order: its merchandiser, or a role the matrix lets change orders."""
    return permissions.allows(user, "order", "change", is_own=order.merchandiser_id == user.pk)


def can_act_on_customer(user, customer):
    return permissions.allows(
        user, "customer", "change", is_own=customer.merchandiser_id == user.pk
    )


def can_log_communication(user, customer):
    """The order desk logs a customer's call or fax (D2-1, issue 10 §9), as does the
    merchandiser in charge of the customer."""
    return permissions.allows(user, "customer", "log", is_own=customer.merchandiser_id == user.pk)


def require_communication_actor(user, customer):
    if not can_log_communication(user, customer):
        raise PermissionDenied(
            _("Only the merchandiser in charge of %(customer)s or the sales office may do this.")
            % {"customer": customer.name}
        )


def require_perm(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied(_("You do not hold a role that allows this."))


def require_order_actor(user, order):
    """Writes on an order: its merchandiser or a holder of `sales.change_order`."""
    if not can_act_on_order(user, order):
        raise PermissionDenied(
            _("Only the merchandiser of %(number)s or the sales office may change it.")
            % {"number": order.number}
        )


def require_customer_actor(user, customer):
    if not can_act_on_customer(user, customer):
        raise PermissionDenied(
            _("Only the merchandiser in charge of %(customer)s or the sales office may do this.")
            % {"customer": customer.name}
        )
