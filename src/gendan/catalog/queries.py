"""Reads of the catalog: searchable item lists, an item with everything on its page,
and the items an item is easily confused with (D1-3.3)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from gendan.catalog.models import BomLine, Item, ItemVariant, ProcessStep
from gendan.core.errors import DomainError


def items(*, search=None, kind=None, confusion_group=None, is_active=None):
    """Items matching code, name, spec or pinyin initials (`bz` finds 半轴)."""
    query = Item.objects.select_related("unit", "confusion_group")
    if search and search.strip():
        query = query.filter(search_text__icontains=search.strip().lower())
    if kind:
        query = query.filter(kind=kind)
    if confusion_group:
        query = query.filter(confusion_group_id=confusion_group)
    if is_active is not None:
        query = query.filter(is_active=is_active)
    return query.order_by("code")


def item_with_details(pk):
    """One item with its variants, process steps (and workshops) and BOM lines."""
    return (
        Item.objects.select_related("unit", "confusion_group", "process_sheet")
        .prefetch_related(
            Prefetch("variants", queryset=ItemVariant.objects.order_by("colour", "size")),
            Prefetch(
                "process_sheet__steps",
                queryset=ProcessStep.objects.select_related("workshop").order_by("sequence"),
            ),
            Prefetch(
                "bom_lines",
                queryset=BomLine.objects.select_related("component__unit").order_by("id"),
            ),
        )
        .get(pk=pk)
    )


def confused_with(item):
    """The other items of `item`'s confusion group (D1-3.3): never move them together."""
    if not item.confusion_group_id:
        return Item.objects.none()
    return (
        Item.objects.filter(confusion_group_id=item.confusion_group_id)
        .exclude(pk=item.pk)
        .select_related("unit")
        .order_by("code")
    )


def variants_for_export(item_query):
    return (
        ItemVariant.objects.filter(item__in=item_query)
        .select_related("item")
        .order_by("item__code", "code")
    )


def process_steps_for_export(item_query):
    return (
        ProcessStep.objects.filter(sheet__item__in=item_query)
        .select_related("sheet__item", "workshop")
        .order_by("sheet__item__code", "sequence")
    )


SUGGESTIONS = 500


def item_suggestions(*, exclude=None, limit=SUGGESTIONS):
    """ "code name spec" of active items for a typed item field's suggestions (datalist):
    a person types 半轴 or BZ and picks; nobody needs an item's database id."""
    query = Item.objects.filter(is_active=True).order_by("code")
    if exclude is not None:
        query = query.exclude(pk=exclude.pk)
    return [
        " ".join(part for part in (code, name, spec) if part)
        for code, name, spec in query.values_list("code", "name", "spec")[:limit]
    ]


def item_by_code(text):
    """The item a person typed: its code, or "code name …" as the suggestions show it."""
    code = (text or "").strip().split(" ")[0]
    item = Item.objects.select_related("unit").filter(code=code).first() if code else None
    if item is None:
        raise DomainError(
            _("No item has the code %(code)s; type the code or pick from the suggestions.")
            % {"code": code or "—"},
            field="item",
        )
    return item
