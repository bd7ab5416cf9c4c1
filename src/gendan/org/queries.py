"""Reads about people: presence today."""

from django.db.models import Exists, OuterRef

from gendan.org.models import Delegation, Employee, Leave, RoleGrant, Site, Warehouse, Workshop


def employees_with_presence(on_date, *, include_left=False):
    """Employees annotated with `is_on_leave` for `on_date`; those who left are excluded
    unless `include_left`."""
    on_leave = Leave.objects.filter(
        employee=OuterRef("pk"), starts_on__lte=on_date, ends_on__gte=on_date
    )
    query = Employee.objects.select_related("site", "workshop", "team", "user")
    if not include_left:
        query = query.exclude(left_on__lte=on_date)
    return query.annotate(is_on_leave=Exists(on_leave))


def employee_with_grants(pk):
    """One employee with their login and its role grants (role, workshop, warehouse),
    or None."""
    employee = (
        Employee.objects.select_related("site", "workshop", "team", "user").filter(pk=pk).first()
    )
    if employee is None:
        return None, []
    grants = []
    if employee.user_id:
        grants = list(
            RoleGrant.objects.filter(user_id=employee.user_id)
            .select_related("role", "workshop", "warehouse")
            .order_by("role__code", "scope_key")
        )
    return employee, grants


def leaves_of(employee):
    """The person's leaves, the latest first."""
    return list(employee.leaves.order_by("-starts_on"))


def delegations_of(user):
    """(given, received): the delegations this login made and those made to it, with the
    other person and the role, the latest first."""
    query = Delegation.objects.select_related("delegator", "delegate", "role").order_by(
        "-starts_on", "-pk"
    )
    return list(query.filter(delegator=user)), list(query.filter(delegate=user))


def organisation():
    """Sites, workshops with their teams, and warehouses, for the organisation page
    (three queries and one for the teams)."""
    return {
        "sites": list(Site.objects.order_by("kind", "code")),
        "workshops": list(
            Workshop.objects.select_related("site").prefetch_related("teams").order_by("code")
        ),
        "warehouses": list(Warehouse.objects.select_related("site").order_by("code")),
    }
