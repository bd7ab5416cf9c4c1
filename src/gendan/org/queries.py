"""Reads about people: presence today."""

from django.db.models import Exists, OuterRef

from gendan.org.models import Employee, Leave


def employees_with_presence(on_date):
    """Employees annotated with `is_on_leave` for `on_date`; those who left are excluded."""
    on_leave = Leave.objects.filter(
        employee=OuterRef("pk"), starts_on__lte=on_date, ends_on__gte=on_date
    )
    return (
        Employee.objects.select_related("site", "workshop", "team", "user")
        .exclude(left_on__lte=on_date)
        .annotate(is_on_leave=Exists(on_leave))
    )
