"""Gates of the stock pages, read from the permission matrix (gendan.core.permissions):
stock on hand and moves (object type `stock`), counts (`count`). A storekeeper granted
for one warehouse sees that warehouse's stock and counts only (issue 9)."""

from functools import wraps

from django.db.models import Q
from django.http import Http404

from gendan.core import permissions
from gendan.core.access import can_see_document
from gendan.org.models import RoleGrant
from gendan.stock.models import CountSheet, Location


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
    """Stock on hand, movements and near-expiry batches are for the roles the matrix
    lets read stock, anywhere (issue 9): not for every login."""
    return permissions.allows(user, "stock", "view")


def stock_reader_required(view):
    """A page of stock figures: 404 for anyone whose role does not read stock."""

    @wraps(view)
    def gated(request, *args, **kwargs):
        if not can_read_stock(request.user):
            raise Http404()
        return view(request, *args, **kwargs)

    return gated


def _location_scope_q(scopes, prefix):
    """Locations of the warehouses and workshops named by `scopes` (keys)."""
    condition = Q(pk__in=[])
    for key in scopes:
        kind, _sep, pk = key.partition(":")
        if kind in ("warehouse", "workshop") and pk.isdigit():
            condition |= Q(**{f"{prefix}{kind}_id": int(pk)})
    return condition


def visible_locations(user, object_type="stock"):
    """The locations whose stock (or counts) `user` may see."""
    found = permissions.reach(user, object_type, "view")
    if found.everywhere:
        return Location.objects.all()
    return Location.objects.filter(_location_scope_q(found.scopes, ""))


def scoped_balances(user, balances):
    """Of a queryset of balances, those at places `user` may see."""
    found = permissions.reach(user, "stock", "view")
    if found.everywhere:
        return balances
    return balances.filter(_location_scope_q(found.scopes, "location__"))


def scoped_moves(user, moves):
    """Of a queryset of moves, those into or out of places `user` may see."""
    found = permissions.reach(user, "stock", "view")
    if found.everywhere:
        return moves
    return moves.filter(
        _location_scope_q(found.scopes, "from_location__")
        | _location_scope_q(found.scopes, "to_location__")
    )


def visible_count_sheets(user):
    """Count sheets of the places whose counts `user` may see, newest first."""
    found = permissions.reach(user, "count", "view")
    sheets = CountSheet.objects.select_related("document", "location").order_by("-pk")
    if found.everywhere:
        return sheets
    if not found:
        return sheets.none()
    return sheets.filter(
        Q(document__scope_key__in=found.scopes) | Q(document__co_scope_key__in=found.scopes)
    )


def can_count(user, sheet=None, location=None):
    """Whether `user` opens counts (anywhere, or at `location`) or records the counted
    quantities of `sheet` (D1-1.5): the storekeepers of its warehouse."""
    if sheet is not None:
        return permissions.allows(user, "count", "count", scope=sheet.document.scope_keys)
    if location is not None:
        return permissions.allows(user, "count", "create", scope=(location.scope_key,))
    return permissions.allows(user, "count", "create")


def access_count_sheet(user, pk):
    """A count sheet, only for someone who may see its paper (its warehouse's people,
    its signers, the roles counts are for) and whose role reads counts."""
    sheet = CountSheet.objects.select_related("document", "location").filter(pk=pk).first()
    if sheet is None or not _may_see_count(user, sheet):
        raise Http404()
    return sheet


def _may_see_count(user, sheet):
    document = sheet.document
    is_own = document.author_id == user.pk
    if permissions.allows(user, "count", "view", scope=document.scope_keys, is_own=is_own):
        return True
    return can_see_document(user, document) and permissions.allows(user, "count", "view")
