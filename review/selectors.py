"""What each school has to report for a period, and what it has reported."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from activities.models import ActivityProgress, ActivitySchool
from budget.models import Expenditure
from indicators.models import Indicator, IndicatorValue
from networking.models import NetworkingEvent
from reporting.models import ReviewState
from reporting.periods import submitted_late


def programme_year_bounds(plan, year):
    start = plan.starts_on.replace(year=plan.starts_on.year + year - 1)
    end = plan.starts_on.replace(year=plan.starts_on.year + year) - datetime.timedelta(days=1)
    return start, end


def _years_in(plan, period):
    years = []
    for year in (1, 2, 3):
        start, end = programme_year_bounds(plan, year)
        if start <= period.ends_on and end >= period.starts_on:
            years.append(year)
    return years


def due_activity_roles(period, schools):
    """The activities each school carries out in the period, at the most specific level it is named.

    An activity counts when its dates overlap the period and, where the plan gives programme
    years, the school's year overlaps it; a parent is left out when the school also carries out
    one of its sub-activities (the school reports on the sub-activity).
    """
    plan = period.plan
    in_period = Q(activity__starts_on__isnull=True) | Q(
        activity__starts_on__lte=period.ends_on, activity__ends_on__gte=period.starts_on
    )
    in_year = Q(programme_year__isnull=True) | Q(programme_year__in=_years_in(plan, period))
    child_of_same_school = ActivitySchool.objects.filter(
        activity__parent=OuterRef("activity"), school=OuterRef("school"), role=ActivitySchool.Role.IMPLEMENTS
    )
    return (
        ActivitySchool.objects.filter(activity__plan=plan, school__in=schools, role=ActivitySchool.Role.IMPLEMENTS)
        .filter(in_period, in_year)
        .exclude(Exists(child_of_same_school))
        .select_related("activity__plan__municipality", "school")
        .order_by("school__number", "activity__sort_key")
    )


def reported_indicators(plan):
    """Indicators schools measure and enter (the rest the portal counts itself)."""
    return Indicator.objects.filter(plan=plan, computation="").prefetch_related("baselines")


def school_period_items(period, school):
    """Everything on a school's period page, in a fixed number of queries."""
    roles = list(due_activity_roles(period, [school]))
    progress = {
        p.activity_id: p
        for p in ActivityProgress.objects.filter(period=period, school=school)
        .select_related("activity")
        .prefetch_related("evidence", "networking_schools")
    }
    values = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(period=period, school=school).select_related("indicator")
    }
    # plan-level indicators, and those of the measures the school carries out
    due = {role.activity_id for role in roles}
    indicators = [i for i in reported_indicators(period.plan) if i.activity_id is None or i.activity_id in due]
    events = list(
        NetworkingEvent.objects.filter(period=period)
        .filter(Q(school=school) | Q(participating_schools=school))
        .distinct()
        .select_related("school", "activity")
        .prefetch_related("participating_schools")
    )
    activity_rows = [(role, progress.get(role.activity_id)) for role in roles]
    indicator_rows = [(indicator, values.get(indicator.pk)) for indicator in indicators]
    return {
        "activity_rows": activity_rows,
        "indicator_rows": indicator_rows,
        "events": events,
        "counts": _counts([p for _, p in activity_rows] + [v for _, v in indicator_rows]),
    }


def _counts(items):
    counts = {"total": len(items), "missing": 0, "draft": 0, "submitted": 0, "returned": 0, "approved": 0}
    for item in items:
        counts["missing" if item is None else item.state] += 1
    counts["done"] = counts["submitted"] + counts["approved"]
    return counts


def review_queues(municipality, *, school=None, period=None):
    """{kind: queryset of submitted items waiting for staff, oldest first}."""
    filters = Q(state=ReviewState.SUBMITTED, period__plan__municipality=municipality)
    if school is not None:
        filters &= Q(school=school)
    if period is not None:
        filters &= Q(period=period)
    return {
        "activity": ActivityProgress.objects.filter(filters)
        .select_related("activity", "school", "period__plan__municipality", "submitted_by", "created_by", "updated_by")
        .order_by("submitted_at", "pk"),
        "indicator": IndicatorValue.objects.filter(filters)
        .select_related("indicator", "school", "period__plan__municipality", "submitted_by")
        .order_by("submitted_at", "pk"),
        "event": NetworkingEvent.objects.filter(filters)
        .select_related("school", "period__plan__municipality", "submitted_by", "activity")
        .order_by("submitted_at", "pk"),
        "expenditure": Expenditure.objects.filter(filters)
        .select_related("school", "period__plan__municipality", "submitted_by", "budget_line__activity")
        .order_by("submitted_at", "pk"),
    }


@dataclass
class SchoolCompleteness:
    """What one school has submitted for a period, against what it has to."""

    school: object
    activities: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    states: dict = field(default_factory=dict)  # ("activity" | "indicator", id) -> state
    events: int = 0
    late: int = 0
    last_submitted: object = None
    reopening: object = None  # the latest reopening of the period for this school, if any

    def _done(self, kind, pk):
        return self.states.get((kind, pk)) in (ReviewState.SUBMITTED, ReviewState.APPROVED)

    def count(self, kind, state):
        return sum(1 for (k, _pk), s in self.states.items() if k == kind and s == state)

    @property
    def activities_done(self):
        return len(self.activities) - len(self.missing_activities)

    @property
    def indicators_done(self):
        return len(self.indicators) - len(self.missing_indicators)

    @property
    def activities_approved(self):
        return self.count("activity", ReviewState.APPROVED)

    @property
    def returned(self):
        return self.count("activity", ReviewState.RETURNED) + self.count("indicator", ReviewState.RETURNED)

    @property
    def missing_activities(self):
        return [a for a in self.activities if not self._done("activity", a.pk)]

    @property
    def missing_indicators(self):
        return [i for i in self.indicators if not self._done("indicator", i.pk)]

    @property
    def total(self):
        return len(self.activities) + len(self.indicators)

    @property
    def done(self):
        return self.total - len(self.missing_activities) - len(self.missing_indicators)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def complete(self):
        return self.done == self.total


def period_completeness(period, schools, *, events=True):
    """{school id: SchoolCompleteness} for the period, in a fixed number of queries (without `events`: one fewer,
    the networking events not counted)."""
    result = {school.pk: SchoolCompleteness(school=school) for school in schools}
    for role in due_activity_roles(period, schools):
        result[role.school_id].activities.append(role.activity)
    indicators = list(reported_indicators(period.plan).prefetch_related(None))
    for entry in result.values():
        # plan-level indicators, and those of the measures the school carries out
        own = {a.pk for a in entry.activities}
        entry.indicators = [i for i in indicators if i.activity_id is None or i.activity_id in own]
    due = {(school_id, a.pk) for school_id, entry in result.items() for a in entry.activities}
    reopenings = list(period.reopenings.filter(school__in=schools).order_by("created_at"))
    for reopening in reopenings:
        result[reopening.school_id].reopening = reopening
    for model, kind, key in (
        (ActivityProgress, "activity", "activity_id"),
        (IndicatorValue, "indicator", "indicator_id"),
    ):
        rows = model.objects.filter(period=period, school__in=schools).values_list(
            "school_id", key, "state", "submitted_at"
        )
        for school_id, pk, state, submitted_at in rows:
            if kind == "activity" and (school_id, pk) not in due:
                continue
            entry = result[school_id]
            entry.states[(kind, pk)] = state
            if submitted_at:
                entry.last_submitted = max(entry.last_submitted or submitted_at, submitted_at)
                entry.late += submitted_late(period, school_id, submitted_at, reopenings)
    if not events:
        return result
    for school_id in NetworkingEvent.objects.filter(period=period, school__in=schools).values_list(
        "school_id", flat=True
    ):
        result[school_id].events += 1
    return result
