"""Reporting periods: quarters over a plan, deadlines, and whether a school may still enter data."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.models import PeriodReopening, ReportingPeriod

DEFAULT_DEADLINE_DAYS = 15
DEFAULT_GRACE_DAYS = 7


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def period_containing(periods, day: datetime.date):
    """The reporting period a date falls in, or None; `periods` is the plan's periods (read once for many dates)."""
    return next((p for p in periods if p.starts_on <= day <= p.ends_on), None)


def quarter_bounds(year: int, quarter: int):
    start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    end = (datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - datetime.timedelta(days=1)
    return start, end


# Quarters in a period of each frequency, and how a period's code is written after its year.
FREQUENCIES = {"quarterly": (1, "-Q{}"), "half_yearly": (2, "-H{}"), "yearly": (4, "")}


def plan_quarters(plan):
    """[(code, starts_on, ends_on)] for every period the plan touches, clipped to the plan's dates.

    Quarters ("2025-Q1"), half-years ("2025-H1") or years ("2025"), as the plan reports.
    """
    size, suffix = FREQUENCIES.get(plan.reporting_frequency, FREQUENCIES["quarterly"])
    year, part = plan.starts_on.year, (quarter_of(plan.starts_on) - 1) // size + 1
    periods = []
    while True:
        start = quarter_bounds(year, (part - 1) * size + 1)[0]
        end = quarter_bounds(year, part * size)[1]
        if start > plan.ends_on:
            return periods
        code = f"{year}{suffix.format(part) if suffix else ''}"
        periods.append((code, max(start, plan.starts_on), min(end, plan.ends_on)))
        year, part = (year + 1, 1) if part == 4 // size else (year, part + 1)


def periods_create(*, plan, deadline_days=DEFAULT_DEADLINE_DAYS, grace_days=DEFAULT_GRACE_DAYS):
    """Create the plan's reporting periods that do not exist yet; existing ones are kept as staff set them."""
    existing = set(plan.periods.values_list("code", flat=True))
    created = [
        ReportingPeriod(
            plan=plan,
            code=code,
            starts_on=start,
            ends_on=end,
            deadline=end + datetime.timedelta(days=deadline_days),
            grace_days=grace_days,
        )
        for code, start, end in plan_quarters(plan)
        if code not in existing
    ]
    ReportingPeriod.objects.bulk_create(created)
    return created


periods_create_quarters = periods_create  # the name the Kaunas code and tests know


def period_update(*, user, period, deadline, grace_days):
    if not user.has_perm("tum.manage", period.plan.municipality):
        raise PermissionDenied
    if deadline < period.ends_on:
        raise ValidationError({"deadline": _("Terminas negali būti ankstesnis nei laikotarpio pabaiga.")})
    period.deadline = deadline
    period.grace_days = grace_days
    period.full_clean()
    period.save(update_fields=["deadline", "grace_days"])
    return period


def period_reopen_for_school(*, user, period, school, until, reason):
    if (
        not user.has_perm("tum.manage", period.plan.municipality)
        or school.municipality_id != period.plan.municipality_id
    ):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Nurodykite, kodėl laikotarpis atidaromas.")})
    if until < timezone.localdate():
        raise ValidationError({"until": _("Data negali būti praeityje.")})
    with transaction.atomic():
        return PeriodReopening.objects.create(
            period=period, school=school, until=until, reason=reason.strip(), reopened_by=user
        )


def submitted_late(period, school_id, moment, reopenings):
    """After the deadline, unless sent while staff had reopened the period for that school: a resubmission
    asked for by a reopening is on time."""
    if not period.is_late(moment):
        return False
    day = timezone.localdate(moment)
    return not any(r.school_id == school_id and r.created_at <= moment and day <= r.until for r in reopenings)


def is_open_for(period, school, today=None, reopenings=None):
    """Schools enter and submit until deadline + grace days, or later if staff reopened the period for them."""
    today = today or timezone.localdate()
    if period.starts_on > today:
        return False
    if today <= period.locks_on:
        return True
    if reopenings is None:
        reopenings = period.reopenings.filter(school=school)
    return any(r.school_id == school.pk and r.until >= today for r in reopenings)


def current_period(plan, today=None):
    """The period whose deadline is next (the one schools are working on), else the last one."""
    today = today or timezone.localdate()
    periods = list(plan.periods.all())
    for period in periods:
        if period.locks_on >= today and period.starts_on <= today:
            return period
    started = [p for p in periods if p.starts_on <= today]
    return started[-1] if started else (periods[0] if periods else None)
