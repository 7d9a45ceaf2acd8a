from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from activities.models import Activity, ActivityProgress, ActivitySchool
from budget.models import BudgetLine
from front.admin.reporting import ReviewedItemAdmin


class ActivitySchoolInline(admin.TabularInline):
    model = ActivitySchool
    autocomplete_fields = ("school",)
    extra = 0


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    autocomplete_fields = ("school",)
    extra = 0


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "category", "period_text", "plan")
    list_filter = ("plan", "category", "areas")
    search_fields = ("number", "title", "description")
    ordering = ("plan", "sort_key")
    filter_horizontal = ("areas", "objectives", "indicators", "related")
    raw_id_fields = ("parent",)
    inlines = [ActivitySchoolInline, BudgetLineInline]


@admin.register(ActivityProgress)
class ActivityProgressAdmin(ReviewedItemAdmin, SimpleHistoryAdmin):
    list_display = ("activity", "school", "period", "status", "percent_done", "state")
    search_fields = ("activity__number", "activity__title", "school__code")
