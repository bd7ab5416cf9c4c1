"""Customers and contacts are master data (audited admin); orders and what hangs on them
change only through the services, so the admin shows them read-only."""

from django.contrib import admin

from gendan.core.admin import AuditedAdmin, ReadOnlyAdmin
from gendan.core.pinyin import search_key
from gendan.sales.models import (
    Communication,
    Contact,
    Customer,
    DeliveryNote,
    FactoryOrder,
    Order,
    OrderLine,
    Payment,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(AuditedAdmin):
    list_display = ["code", "name", "merchandiser"]
    search_fields = ["code", "name", "search_text"]
    inlines = [ContactInline]

    def save_model(self, request, obj, form, change):
        obj.search_text = search_key(obj.code, obj.name)
        super().save_model(request, obj, form, change)


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "customer", "status", "channel", "order_date", "delivery_date"]
    list_filter = ["status", "channel", "order_type"]
    search_fields = ["number", "search_text"]
    inlines = [OrderLineInline]


@admin.register(Communication)
class CommunicationAdmin(ReadOnlyAdmin):
    list_display = ["customer", "kind", "occurred_at", "owner", "feedback_due_date"]
    list_filter = ["kind"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["order", "amount", "received_on", "method", "reference"]


@admin.register(DeliveryNote)
class DeliveryNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "order", "shipped_on", "created_by"]
    search_fields = ["number"]


@admin.register(FactoryOrder)
class FactoryOrderAdmin(ReadOnlyAdmin):
    list_display = ["order", "factory", "due_date", "contact_name"]
