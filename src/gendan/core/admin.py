"""Admin for core records. Documents, signatures and audit rows are read-only here:
they change only through services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gendan.core import audit, policies
from gendan.core.models import (
    Attachment,
    AuditEvent,
    CalendarDay,
    CalendarYear,
    ChainDefinition,
    ChainStep,
    DeliveryAttempt,
    Document,
    DocumentBook,
    EventDelivery,
    EventRecord,
    NotificationChannel,
    NotificationMessage,
    Policy,
    Signature,
)


class AuditedAdmin(admin.ModelAdmin):
    """Master data edited in the admin still leaves an audit row in the same transaction."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action=f"admin.{'change' if change else 'add'}",
            obj=obj,
            after={name: str(form.cleaned_data.get(name)) for name in form.changed_data},
            origin=audit.Origin.from_request(request),
        )

    def delete_model(self, request, obj):
        audit.record(
            actor=request.user,
            action="admin.delete",
            obj=obj,
            origin=audit.Origin.from_request(request),
        )
        super().delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentBook)
class DocumentBookAdmin(AuditedAdmin):
    list_display = [
        "code",
        "name",
        "slip_type",
        "scope_key",
        "first_number",
        "next_number",
        "last_number",
        "is_closed",
    ]
    list_filter = ["slip_type", "is_closed"]
    search_fields = ["code", "name"]
    readonly_fields = ["next_number"]

    def has_delete_permission(self, request, obj=None):
        return False  # a book with numbers taken is closed, never deleted


class ChainStepInline(admin.TabularInline):
    model = ChainStep
    extra = 0


@admin.register(ChainDefinition)
class ChainDefinitionAdmin(AuditedAdmin):
    list_display = ["slip_type", "name"]
    inlines = [ChainStepInline]


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in Signature._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "title",
        "slip_type",
        "scope_key",
        "co_scope_key",
        "status",
        "author",
        "created_at",
    ]
    list_filter = ["status", "slip_type"]
    search_fields = ["number", "title", "search_text"]
    inlines = [SignatureInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "action"]


@admin.register(NotificationChannel)
class NotificationChannelAdmin(AuditedAdmin):
    list_display = ["name", "kind", "is_active"]


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "is_success", "status_code", "detail"]


@admin.register(NotificationMessage)
class NotificationMessageAdmin(ReadOnlyAdmin):
    list_display = ["subject", "channel", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel"]
    inlines = [DeliveryAttemptInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    list_display = ["year", "note"]


@admin.register(Policy)
class PolicyAdmin(AuditedAdmin):
    """Policies are edited on their own page, which checks each value against its declared
    type; here they are listed, and a row can be removed to go back to the default."""

    list_display = ["key", "label", "value", "updated_by", "updated_at"]
    readonly_fields = ["key", "value", "updated_by", "updated_at"]

    @admin.display(description=_("policy"))
    def label(self, obj):
        declared = policies.declared().get(obj.key)
        return declared.label if declared else obj.key

    def has_add_permission(self, request):
        return False


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "object_type", "object_id", "purpose", "uploaded_by"]
    list_filter = ["object_type", "purpose"]


@admin.register(EventRecord)
class EventRecordAdmin(ReadOnlyAdmin):
    """Published events, read-only; failed deliveries are retried on /events/failed/."""

    list_display = ["occurred_at", "describe", "order_id", "actor"]
    list_filter = ["code"]
    date_hierarchy = "occurred_at"

    @admin.display(description=_("event"))
    def describe(self, obj):
        return obj.describe()


@admin.register(EventDelivery)
class EventDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "subscriber", "status", "attempts", "next_attempt_at"]
    list_filter = ["status"]
    list_select_related = ["event"]
