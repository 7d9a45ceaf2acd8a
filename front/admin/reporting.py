from django.contrib import admin

from front.admin_site import ReadOnlyAdmin
from reporting.models import PeriodReopening, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("code", "plan", "starts_on", "ends_on", "deadline", "grace_days")
    list_filter = ("plan",)


@admin.register(PeriodReopening)
class PeriodReopeningAdmin(ReadOnlyAdmin):
    """Periods are reopened on the completeness page, through the service that checks and records it."""

    list_display = ("period", "school", "until", "reopened_by", "created_at")


class ReviewedItemAdmin(ReadOnlyAdmin):
    """Submitted items are changed through the portal's review pages; the admin shows them for searching."""

    list_filter = ("state", "period__code", "school")
