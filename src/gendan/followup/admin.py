from django.contrib import admin

from gendan.followup.models import (
    Expense,
    MilestoneTemplate,
    TemplateStep,
)


class TemplateStepInline(admin.TabularInline):
    model = TemplateStep
    extra = 1


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "order_type", "is_active"]
    inlines = [TemplateStepInline]


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    list_display = ["spent_on", "merchandiser", "category", "amount", "status"]
    list_filter = ["status", "category"]
    readonly_fields = ["status", "claim"]
