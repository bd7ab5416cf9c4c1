from django.urls import reverse
from django.utils.translation import gettext as _

from gendan.core.queries import visible_documents
from gendan.core.search import SearchResult, papers_found_elsewhere, register


def documents(query, user, limit):
    rows = (
        visible_documents(user)
        .filter(search_text__icontains=query)
        .exclude(slip_type__in=papers_found_elsewhere())
        .order_by("-id")[:limit]
    )
    return [
        SearchResult(
            _("Document"),
            row.number,
            f"{row.title} · {row.get_status_display()}",
            reverse("core:document-detail", args=[row.pk]),
        )
        for row in rows
    ]


register(documents)
