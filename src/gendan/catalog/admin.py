from django.contrib import admin

from gendan.catalog.keys import item_search_text
from gendan.catalog.models import (
    BomLine,
    ConfusionGroup,
    Item,
    ItemVariant,
    ProcessSheet,
    ProcessStep,
    Unit,
)
from gendan.core.admin import AuditedAdmin


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "decimals"]
    search_fields = ["code", "name"]


@admin.register(ConfusionGroup)
class ConfusionGroupAdmin(AuditedAdmin):
    list_display = ["name", "note"]
    search_fields = ["name"]


class ItemVariantInline(admin.TabularInline):
    model = ItemVariant
    extra = 0


class BomLineInline(admin.TabularInline):
    model = BomLine
    fk_name = "parent"
    extra = 0
    autocomplete_fields = ["component"]


@admin.register(Item)
class ItemAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "spec", "grade", "unit", "confusion_group", "is_active"]
    list_filter = ["kind", "confusion_group", "is_active"]
    search_fields = ["code", "name", "spec", "search_text"]
    list_select_related = ["unit", "confusion_group"]
    inlines = [ItemVariantInline, BomLineInline]

    def save_model(self, request, obj, form, change):
        obj.search_text = item_search_text(obj.code, obj.name, obj.spec)
        super().save_model(request, obj, form, change)


@admin.register(ItemVariant)
class ItemVariantAdmin(AuditedAdmin):
    list_display = ["code", "item", "colour", "size"]
    search_fields = ["code", "item__code", "item__name", "colour", "size"]
    list_select_related = ["item"]
    autocomplete_fields = ["item"]


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0


@admin.register(ProcessSheet)
class ProcessSheetAdmin(AuditedAdmin):
    list_display = ["item", "note"]
    search_fields = ["item__code", "item__name"]
    list_select_related = ["item"]
    autocomplete_fields = ["item"]
    inlines = [ProcessStepInline]


@admin.register(BomLine)
class BomLineAdmin(AuditedAdmin):
    list_display = ["parent", "component", "quantity"]
    search_fields = ["parent__code", "component__code"]
    list_select_related = ["parent", "component"]
    autocomplete_fields = ["parent", "component"]
