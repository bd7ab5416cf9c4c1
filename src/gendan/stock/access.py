"""Gates of the stock pages."""

from functools import wraps

from django.http import Http404

from gendan.core.access import can_see_document
from gendan.org.models import RoleGrant
from gendan.stock.models import CountSheet


def holds_anywhere(user, permission):
    """`permission` through a role granted everywhere or for any one warehouse or
    workshop. Enough to open a page that lists master data of every scope, such as the
    locations: a storekeeper is granted for their warehouse, not everywhere."""
    if user.has_perm(permission):
        return True
    app_label, codename = permission.split(".")
    return RoleGrant.objects.filter(
        user=user,
        user__is_active=True,
        role__permissions__content_type__app_label=app_label,
        role__permissions__codename=codename,
    ).exists()


def can_read_stock(user):
    """Stock on hand, movements and near-expiry batches are for the roles that read
    stock (stock/role_permissions.py), not for every login (issue 9)."""
    return user.is_authenticated and holds_anywhere(user, "stock.view_stockbalance")


def stock_reader_required(view):
    """A page of stock figures: 404 for anyone whose role does not read stock."""

    @wraps(view)
    def gated(request, *args, **kwargs):
        if not can_read_stock(request.user):
            raise Http404()
        return view(request, *args, **kwargs)

    return gated


def access_count_sheet(user, pk):
    """A count sheet, only for someone who may see its paper (its warehouse's or
    workshop's people, its signers, the roles counts are for)."""
    sheet = CountSheet.objects.select_related("document", "location").filter(pk=pk).first()
    if sheet is None or not can_see_document(user, sheet.document):
        raise Http404()
    return sheet
