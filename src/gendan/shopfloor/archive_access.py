"""Who may see which daily archive (matrix object `transfer_archive`, view and export):
the workshop people of its workshop, the accountants and the auditor everywhere."""

from gendan.core import permissions, scopes
from gendan.core.errors import NotFound
from gendan.core.scopes import Scope
from gendan.org.models import Workshop
from gendan.shopfloor.archive_models import DailyArchive


def archive_workshops(user, action="view"):
    """The workshops whose archives `user` may `action` (view, export)."""
    found = permissions.reach(user, "transfer_archive", action)
    workshops = Workshop.objects.order_by("code")
    if found.everywhere:
        return list(workshops)
    held = [Scope.parse(key) for key in found.scopes]
    return list(workshops.filter(pk__in=[s.pk for s in held if s.kind == scopes.WORKSHOP]))


def access_archive(user, pk, action="view"):
    """The archive if `user` may `action` it; NotFound otherwise (missing looks the same)."""
    archive = DailyArchive.objects.select_related("workshop", "made_by").filter(pk=pk).first()
    if archive is None or not permissions.allows(
        user, "transfer_archive", action, archive.workshop.scope_key
    ):
        raise NotFound()
    return archive


def archives_for(user, *, day=None, workshop=None):
    workshops = archive_workshops(user)
    found = DailyArchive.objects.filter(workshop__in=workshops).select_related(
        "workshop", "made_by"
    )
    if day is not None:
        found = found.filter(day=day)
    if workshop is not None:
        found = found.filter(workshop=workshop)
    return found.order_by("-day", "workshop__code")
