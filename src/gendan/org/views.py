from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gendan.core import filters
from gendan.core.exports import xlsx_response
from gendan.org.models import Workshop
from gendan.org.queries import employees_with_presence


@login_required
def employee_list(request):
    employees = employees_with_presence(timezone.localdate())
    values = filters.cleaned(request, {"workshop": filters.ID, "q": filters.TEXT})
    if values.get("workshop"):
        employees = employees.filter(workshop_id=values["workshop"])
    if values.get("q"):
        employees = employees.filter(search_text__icontains=values["q"].lower())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            _("employees") + ".xlsx",
            [
                _("Employee number"),
                pgettext("person", "Name"),
                _("Site"),
                _("Workshop"),
                _("Team"),
                _("Shift"),
                _("On leave"),
            ],
            (
                [
                    e.code,
                    e.name,
                    str(e.site),
                    str(e.workshop or ""),
                    str(e.team or ""),
                    e.get_shift_display(),
                    _("yes") if e.is_on_leave else _("no"),
                ]
                for e in employees
            ),
        )
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "org/employee_list.html",
        {
            "page": page,
            "workshops": Workshop.objects.all(),
            "filters": request.GET,
        },
    )
