from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budget.models import BudgetCategory, BudgetLine


@admin.register(BudgetCategory)
class BudgetCategoryAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "plan")
    list_filter = ("plan",)


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ("activity", "school", "amount", "vat")
    list_filter = ("activity__plan", "activity__category")
    search_fields = ("activity__number", "activity__title", "school__code")
    autocomplete_fields = ("school",)
    raw_id_fields = ("activity",)
