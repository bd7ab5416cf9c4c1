from django.contrib import admin

from gendan.followup.models import (
    CalendarDay,
    CalendarYear,
    Expense,
    MilestoneTemplate,
    TemplateStep,
)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "note"]


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
