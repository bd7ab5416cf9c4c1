"""Master data of the warehouse: locations and the items each warehouse manages (D1-6.2).
Moves, balances and counts are not edited here: they change only through services."""

from django.contrib import admin

from gendan.core import audit
from gendan.stock.models import Batch, Location, WarehouseItem


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "warehouse",
        "workshop",
        "site",
        "allows_negative",
        "is_active",
    ]
    list_filter = ["kind", "allows_negative", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = []
    list_select_related = ["warehouse", "workshop", "site"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="stock.location.change" if change else "stock.location.create",
            obj=obj,
            after={field: str(form.cleaned_data.get(field)) for field in form.changed_data},
            origin=audit.Origin.from_request(request),
        )


@admin.register(WarehouseItem)
class WarehouseItemAdmin(admin.ModelAdmin):
    list_display = ["warehouse", "item"]
    list_filter = ["warehouse"]
    search_fields = ["item__code", "item__name", "item__search_text"]
    raw_id_fields = ["item"]
    list_select_related = ["warehouse", "item"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="stock.warehouse_item.add",
            obj=obj,
            origin=audit.Origin.from_request(request),
        )


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["number", "item", "expires_on", "received_on"]
    search_fields = ["number", "item__code"]
    list_filter = ["expires_on"]
    raw_id_fields = ["item"]
    list_select_related = ["item"]
