from django.contrib import admin

from tum_portal.admin import MunicipalityScopedAdmin

from .models import PeriodReopening, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(MunicipalityScopedAdmin):
    municipality_path = "plan__municipality"
    list_display = ("code", "plan", "starts_on", "ends_on", "deadline", "grace_days")
    list_filter = ("plan",)


@admin.register(PeriodReopening)
class PeriodReopeningAdmin(MunicipalityScopedAdmin):
    municipality_path = "period__plan__municipality"
    list_display = ("period", "school", "until", "reopened_by", "created_at")
    readonly_fields = ("reopened_by",)


class ReviewedItemAdmin(MunicipalityScopedAdmin):
    """Submitted items are changed through the portal's review pages; the admin shows them for searching."""

    municipality_path = "school__municipality"
    list_filter = ("state", "period__code", "school")
    readonly_fields = (
        "state",
        "version",
        "created_by",
        "updated_by",
        "submitted_by",
        "reviewed_by",
        "submitted_at",
        "reviewed_at",
    )

    def has_change_permission(self, request, obj=None):
        return False
