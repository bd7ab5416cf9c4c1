from django.urls import reverse
from django.utils.translation import gettext as _

from gendan.catalog.models import Item
from gendan.core.search import SearchResult, register


def items(query, user, limit):
    """Items by code, name, spec or pinyin initials (`bz` finds 半轴)."""
    rows = Item.objects.filter(search_text__icontains=query).order_by("code")[:limit]
    return [
        SearchResult(
            _("Item"),
            f"{row.code} {row.name}",
            row.spec,
            reverse("catalog:item-detail", args=[row.pk]),
        )
        for row in rows
    ]


register(items)
