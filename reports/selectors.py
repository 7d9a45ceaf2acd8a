"""Reads of reports for the home page."""

import datetime

from django.utils import timezone

from reports.access import ReportAccess
from reports.models import Report

RECENT_DAYS = 30


def failed_reports(plan, *, limit=5):
    """Reports that failed in the last month, newest first."""
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    return list(
        Report.objects.filter(plan=plan, state=Report.State.FAILED, requested_at__gte=since).select_related("school")[
            :limit
        ]
    )


def newest_reports(user, municipality, plan, *, limit=5):
    """The newest finished reports `user` may download."""
    reports = Report.objects.filter(plan=plan, state=Report.State.DONE).select_related("school")
    return list(ReportAccess(user, municipality).visible(reports).order_by("-finished_at", "-pk")[:limit])
