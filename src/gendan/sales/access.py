"""Gates and business secrets (D2-6).

A user sees an order or a customer when they may view all of them (`sales.view_order`,
`sales.view_customer`, granted through a role) or when they are its merchandiser.
Contact data and prices are separate secrets: `sales.view_customer_contact` and
`sales.view_prices`. Missing and forbidden look the same (NotFound).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from gendan.core.errors import NotFound, PermissionDenied
from gendan.sales.models import Customer, Order


def can_see_prices(user):
    return user.has_perm("sales.view_prices")


def can_see_contact(user):
    return user.has_perm("sales.view_customer_contact")


def visible_orders(user):
    orders = Order.objects.all()
    if user.has_perm("sales.view_order"):
        return orders
    return orders.filter(Q(merchandiser=user) | Q(customer__merchandiser=user))


def visible_customers(user):
    customers = Customer.objects.all()
    if user.has_perm("sales.view_customer"):
        return customers
    return customers.filter(Q(merchandiser=user) | Q(orders__merchandiser=user)).distinct()


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
    return user.has_perm("sales.change_order") or order.merchandiser_id == user.pk


def can_act_on_customer(user, customer):
    return user.has_perm("sales.change_customer") or customer.merchandiser_id == user.pk


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
