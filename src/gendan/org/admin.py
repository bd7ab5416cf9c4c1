from django.contrib import admin

from gendan.core.admin import AuditedAdmin
from gendan.core.pinyin import search_key
from gendan.org.models import (
    Delegation,
    Employee,
    Leave,
    Role,
    RoleGrant,
    Site,
    StoragePlace,
    Team,
    Warehouse,
    Workshop,
)


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "contact", "phone"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(Workshop)
class WorkshopAdmin(AuditedAdmin):
    list_display = ["code", "name", "site"]


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ["name", "workshop"]


class StoragePlaceInline(admin.TabularInline):
    model = StoragePlace
    extra = 0


@admin.register(Warehouse)
class WarehouseAdmin(AuditedAdmin):
    list_display = ["code", "name", "site"]
    inlines = [StoragePlaceInline]


class LeaveInline(admin.TabularInline):
    model = Leave
    extra = 0


@admin.register(Employee)
class EmployeeAdmin(AuditedAdmin):
    list_display = ["code", "name", "workshop", "team", "shift", "left_on"]
    list_filter = ["site", "workshop", "shift"]
    search_fields = ["code", "name", "search_text"]
    inlines = [LeaveInline]

    def save_model(self, request, obj, form, change):
        obj.search_text = search_key(obj.code, obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en"]
    filter_horizontal = ["permissions"]


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdmin):
    list_display = ["user", "role", "scope_label"]
    list_filter = ["role"]

    def save_model(self, request, obj, form, change):
        place = obj.workshop or obj.warehouse
        obj.scope_key = place.scope_key if place else ""
        super().save_model(request, obj, form, change)


@admin.register(Delegation)
class DelegationAdmin(AuditedAdmin):
    list_display = ["delegator", "delegate", "role", "starts_on", "ends_on", "revoked_at"]
