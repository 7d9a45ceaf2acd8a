from django.contrib import admin

from front.admin.reporting import ReviewedItemAdmin
from indicators.models import Indicator, IndicatorBaseline, IndicatorValue


class BaselineInline(admin.TabularInline):
    model = IndicatorBaseline
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "kind", "unit", "target", "plan")
    list_filter = ("plan", "kind", "unit")
    search_fields = ("name",)
    inlines = [BaselineInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReviewedItemAdmin):
    list_display = ("indicator", "school", "period", "value", "not_measured", "state")
    search_fields = ("indicator__name", "school__code")
