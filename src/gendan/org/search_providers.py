from django.urls import reverse
from django.utils.translation import gettext as _

from gendan.core.pinyin import search_key
from gendan.core.search import SearchResult, register
from gendan.org.models import Employee, Warehouse, Workshop


def people(query, user, limit):
    rows = Employee.objects.filter(search_text__icontains=query).select_related("workshop")[:limit]
    return [
        SearchResult(
            _("Employee"),
            row.name,
            f"{row.code} · {row.workshop or ''}",
            reverse("org:employee-list") + f"?q={row.code}",
        )
        for row in rows
    ]


def places(query, user, limit):
    """Workshops and warehouses are few; match their pinyin keys in Python."""
    results = []
    for model, kind in ((Workshop, _("Workshop")), (Warehouse, _("Warehouse"))):
        for row in model.objects.all():
            if query in search_key(row.code, row.name):
                results.append(
                    SearchResult(
                        kind,
                        row.name,
                        row.code,
                        reverse("org:employee-list") + f"?{model._meta.model_name}={row.pk}",
                    )
                )
    return results[:limit]


register(people)
register(places)
