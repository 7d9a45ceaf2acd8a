"""Requesting, making, scheduling and cleaning up reports.

A report is a background job (core.jobs): claimed with a conditional UPDATE, so that two deliveries
of the same task never make it twice, and holding a lease while it is made, so that a report whose
worker died is made again or failed with a reason. The file is written to a temporary place first and
stored only when it is whole.
"""

import datetime
import hashlib
import logging
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import Lease, job_claim, job_enqueue, job_retry, job_still_ours
from plans.models import Plan
from reports.access import report_access
from reports.content import build_content
from reports.models import Report
from reports.periods import PeriodSpecError, previous_period, report_range
from reports.render_pdf import render_pdf
from reports.render_xlsx import render_xlsx
from reports.tasks import generate_report

logger = logging.getLogger(__name__)
RENDERERS = {Report.Format.PDF: render_pdf, Report.Format.XLSX: render_xlsx}


def check_request(*, user, plan, kind, period, school):
    if kind == Report.Kind.SCHOOL and school is None:
        raise ValidationError({"school": _("Mokyklos ataskaitai pasirinkite mokyklą.")})
    if school is not None and school.municipality_id != plan.municipality_id:
        raise PermissionDenied
    if user is not None:
        report_access(user, plan.municipality).check_order(kind, school)
    try:
        report_range(plan, period)
    except PeriodSpecError as error:
        raise ValidationError({"period": str(error)}) from None


def report_request(*, user, plan, kind, period, fmt, school=None, scheduled=False):
    """Queue a report; the background task makes it. `report.enqueued_at` stays empty when the broker
    could not be reached: the report waits and is sent once the broker answers."""
    check_request(user=user, plan=plan, kind=kind, period=period, school=school)
    with transaction.atomic():
        report = Report.objects.create(
            plan=plan,
            kind=kind,
            period=period,
            format=fmt,
            school=school if kind == Report.Kind.SCHOOL else None,
            requested_by=user,
            scheduled=scheduled,
        )
        transaction.on_commit(lambda: report_enqueue(report))
    return report


def report_enqueue(report):
    return job_enqueue(report, generate_report)


def report_retry(*, user, report):
    """Make a failed report again, at the request of someone who may ask for it."""
    check_request(user=user, plan=report.plan, kind=report.kind, period=report.period, school=report.school)
    if not job_retry(report, generate_report):
        raise ValidationError(_("Bandyti dar kartą galima tik nepavykusią ataskaitą."))
    return report


def previous_report(plan, kind, period, school=None):
    """The latest finished report of the same kind and scope for the period before `period`: what
    "changes since the previous report" compares with (None for the whole programme so far)."""
    before = previous_period(period)
    if before is None:
        return None
    return (
        Report.objects.filter(plan=plan, kind=kind, school=school, period=before, state=Report.State.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def render_report(content, fmt, target):
    RENDERERS[fmt](content, target)


def report_run(report_id, *, heartbeat=False):
    """Make one queued report; returns the report, or None when another delivery has it already.

    `heartbeat` keeps the lease alive from a thread while the report is made (in a worker)."""
    report = job_claim(Report.objects.select_related("plan__municipality", "school", "requested_by"), report_id)
    if report is None:
        return None
    stored_name = None
    try:
        with Lease(report, heartbeat=heartbeat) as lease:
            content = build_content(
                report.plan,
                report.kind,
                report.period,
                school=report.school,
                requested_by=_requester(report),
                previous=previous_report(report.plan, report.kind, report.period, report.school),
            )
            lease.progress(40)
            with tempfile.TemporaryDirectory(prefix="tum-report-") as folder:
                path = Path(folder) / report.filename
                render_report(content, report.format, path)
                lease.progress(90)
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                with transaction.atomic():
                    current = job_still_ours(report).select_for_update().first()
                    if current is None:
                        return None  # a newer attempt took over, or the report was failed meanwhile
                    with path.open("rb") as handle:
                        current.file.save(
                            f"{report.plan.municipality.code}/{report.pk}-{report.filename}", File(handle), save=False
                        )
                    stored_name = current.file.name
                    current.state = Report.State.DONE
                    current.progress = 100
                    current.lease_until = None
                    current.finished_at = timezone.now()
                    current.data_as_of = datetime.datetime.fromisoformat(content["data_as_of"])
                    current.figures = content["figures"]
                    current.data_checksum = content["checksum"]
                    current.file_checksum = digest
                    current.file_size = path.stat().st_size
                    current.error = ""
                    current.save()
        return current
    except Exception as error:
        logger.exception("Report %s failed", report_id)
        if stored_name:
            report.file.storage.delete(stored_name)
        job_still_ours(report).update(
            state=Report.State.FAILED,
            finished_at=timezone.now(),
            lease_until=None,
            error=_failure_reason(error),
            file="",
        )
        return Report.objects.get(pk=report_id)


def _requester(report):
    if report.requested_by is not None:
        return report.requested_by
    return _("suplanuota automatiškai") if report.scheduled else _("nežinoma (naudotojas ištrintas)")


def _failure_reason(error):
    reason = str(error) or type(error).__name__
    return _("Ataskaitos paruošti nepavyko: %(reason)s") % {"reason": reason[:500]}


RETENTION_DAYS = (7, 3650)


def report_retention_set(*, user, plan, days):
    """How many days finished report files are kept before `reports_cleanup` removes them."""
    if not user.has_perm("tum.manage", plan.municipality):
        raise PermissionDenied
    if not RETENTION_DAYS[0] <= days <= RETENTION_DAYS[1]:
        raise ValidationError(
            _("Saugojimo laikas turi būti nuo %(min)s iki %(max)s dienų.")
            % {"min": RETENTION_DAYS[0], "max": RETENTION_DAYS[1]}
        )
    plan.report_retention_days = days
    plan.save(update_fields=["report_retention_days"])


def reports_cleanup(*, now=None):
    """Delete report files older than the plan's retention period; the record stays, marked expired."""
    now = now or timezone.now()
    removed = 0
    for report in Report.objects.filter(state=Report.State.DONE).select_related("plan"):
        if report.finished_at and report.finished_at < now - datetime.timedelta(days=report.plan.report_retention_days):
            if report.file:
                report.file.delete(save=False)
            report.state = Report.State.EXPIRED
            report.save(update_fields=["state", "file"])
            removed += 1
    return removed


def reports_schedule(*, today=None):
    """At the end of each quarter, a progress report (PDF and Excel) for the quarter that just ended."""
    today = today or timezone.localdate()
    created = []
    for plan in Plan.objects.select_related("municipality"):
        period = plan.periods.filter(ends_on=today - datetime.timedelta(days=1)).first()
        if period is None:
            continue
        for fmt in (Report.Format.PDF, Report.Format.XLSX):
            exists = Report.objects.filter(
                plan=plan, kind=Report.Kind.PROGRESS, period=period.code, format=fmt, scheduled=True
            )
            if not exists.exists():
                created.append(
                    report_request(
                        user=None, plan=plan, kind=Report.Kind.PROGRESS, period=period.code, fmt=fmt, scheduled=True
                    )
                )
    return created


def reports_for_user(*, user, municipality):
    reports = Report.objects.filter(plan__municipality=municipality).select_related(
        "school", "requested_by", "plan__municipality"
    )
    return report_access(user, municipality).visible(reports)
