from django.http import Http404
from django.utils.translation import gettext as _

from gendan.core.errors import NotFound
from gendan.sales.access import access_customer, access_order, can_see_contact, can_see_prices


def template(request, name):
    """The partial `_name` for an HTMX request, the full page otherwise."""
    return f"sales/partials/_{name}.html" if request.htmx else f"sales/{name}.html"


def secrets(user):
    """What of the business secrets (D2-6) this user may see."""
    return {"show_prices": can_see_prices(user), "show_contact": can_see_contact(user)}


def order_or_404(request, pk):
    try:
        return access_order(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


def customer_or_404(request, pk):
    try:
        return access_customer(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


def post_date(request, name):
    from django.utils.dateparse import parse_date

    value = request.POST.get(name, "").strip()
    return parse_date(value) if value else None
