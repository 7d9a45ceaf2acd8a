from django.contrib import admin

from tum_portal.admin import MunicipalityScopedAdmin

from .models import Indicator, IndicatorBaseline


class BaselineInline(admin.TabularInline):
    model = IndicatorBaseline
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(MunicipalityScopedAdmin):
    municipality_path = "plan__municipality"
    list_display = ("number", "name", "kind", "unit", "target", "plan")
    list_filter = ("plan", "kind", "unit")
    search_fields = ("name",)
    inlines = [BaselineInline]
