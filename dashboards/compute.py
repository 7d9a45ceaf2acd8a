"""Dashboard figures, computed from approved data only.

How an indicator is judged (also said on the page): the plan's path runs in a straight line
from the baseline at the plan's start to the target at its end; an indicator is on track when
its latest value is at or beyond where that path is at the end of the latest period with data
(above it when higher is better, below it when lower is better). Where the plan gives no
baseline, the path starts from zero.

How values are combined across schools: shares (%) and ratios are averaged, counts are added.
Indicators the portal counts itself: networking activities held (all approved events up to the
period's end), and participating schools where at least 10 % of reported activities took part
through networking (approved progress items with networking schools, up to the period's end).
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Count

from activities.models import ActivityProgress, ActivitySchool
from activities.numbering import top_number
from budget import execution
from indicators.models import Indicator, IndicatorValue
from indicators.targets import numeric_target
from networking.models import NetworkingEvent
from plans.models import Area
from reporting.models import ReviewState
from reporting.periods import current_period
from review.selectors import period_completeness
from schools.models import NetworkLink, School

TWO = Decimal("0.01")
NETWORKING_SHARE = Decimal("0.10")
STATUSES = [s for s, _label in ActivityProgress.Status.choices]


def _q(value):
    return None if value is None else Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


def _s(value):
    return None if value is None else str(value)


class PlanData:
    """Everything the dashboards need from one plan, read in a fixed number of queries.

    With `until`, only what was known up to that date counts (for reports of a past period).
    """

    def __init__(self, plan, until=None):
        self.plan = plan
        self.until = until
        periods = plan.periods.order_by("starts_on")
        if until is not None:
            periods = periods.filter(starts_on__lte=until)
        self.periods = list(periods)
        period_ids = [p.pk for p in self.periods]
        self.schools = list(School.objects.filter(municipality=plan.municipality).participating())
        self.indicators = list(Indicator.objects.filter(plan=plan).prefetch_related("baselines"))
        self.values = list(
            IndicatorValue.objects.filter(
                indicator__plan=plan, state=ReviewState.APPROVED, not_measured=False, period__in=period_ids
            ).values_list("indicator_id", "school_id", "period_id", "value")
        )
        self.progress = list(
            ActivityProgress.objects.filter(activity__plan=plan, state=ReviewState.APPROVED, period__in=period_ids)
            .annotate(networking=Count("networking_schools"))
            .values_list(
                "activity_id", "activity__number", "school_id", "period_id", "status", "percent_done", "networking"
            )
        )
        self.events = list(
            NetworkingEvent.objects.filter(period__plan=plan, state=ReviewState.APPROVED, period__in=period_ids)
            .prefetch_related("participating_schools")
            .select_related("school")
        )
        self.roles = list(
            ActivitySchool.objects.filter(activity__plan=plan, role=ActivitySchool.Role.IMPLEMENTS).values_list(
                "activity__number", "school_id"
            )
        )
        self.activities = list(
            plan.activities.filter(parent__isnull=True).prefetch_related("areas").order_by("sort_key")
        )
        self.areas = list(Area.objects.all())
        self.links = list(
            NetworkLink.objects.filter(school__municipality=plan.municipality).values_list("school_id", "partner_id")
        )
        self.lines = execution.line_rows(plan, until=until)
        self.period_index = {p.pk: i for i, p in enumerate(self.periods)}
        self.codes = {s.pk: s for s in School.objects.filter(municipality=plan.municipality)}
        self.event_schools = {e.pk: {s.pk for s in e.participating_schools.all()} for e in self.events}
        self._shares = {}
        self._completeness = None

    # Per-school views of the rows, built once, so that a recompute of every school's snapshot reads each
    # row a fixed number of times, not once per school.

    @cached_property
    def latest_statuses(self):
        return latest_statuses(self)

    @cached_property
    def implementers(self):
        """{top-level activity number: ids of the schools that carry it out (or one of its sub-activities)}."""
        implements = defaultdict(set)
        for number, school_id in self.roles:
            implements[top_number(number)].add(school_id)
        return implements

    @cached_property
    def values_by_school(self):
        grouped = defaultdict(list)
        for row in self.values:
            grouped[row[1]].append(row)
        return grouped

    @cached_property
    def events_by_school(self):
        """{school id: events it hosted or took part in}, in the order of `events`."""
        grouped = defaultdict(list)
        for event in self.events:
            for school_id in {event.school_id, *self.event_schools[event.pk]}:
                grouped[school_id].append(event)
        return grouped

    @cached_property
    def lines_by_school(self):
        grouped = defaultdict(list)
        for row in self.lines:
            grouped[row.extra["line"].school_id].append(row)
        return grouped

    @cached_property
    def partners(self):
        grouped = defaultdict(set)
        for a, b in self.links:
            grouped[a].add(b)
            grouped[b].add(a)
        return grouped

    def networking_shares(self, up_to):
        """{school id: share of its approved progress items with networking schools}, up to a period (cached)."""
        if up_to not in self._shares:
            self._shares[up_to] = _networking_shares(self, up_to)
        return self._shares[up_to]

    def completeness(self):
        """The current period's completeness for every participating school (computed once)."""
        if self._completeness is None:
            period = current_period(self.plan)
            self._completeness = (period, period_completeness(period, self.schools) if period else {})
        return self._completeness


# --- indicators --------------------------------------------------------------------------------


def _combine(indicator, values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    if indicator.unit == Indicator.Unit.COUNT:
        return _q(sum(values))
    return _q(sum(values) / len(values))


def _expected(target, baseline, when, plan):
    span = (plan.ends_on - plan.starts_on).days or 1
    done = min(max((when - plan.starts_on).days, 0), span)
    return baseline + (target - baseline) * Decimal(done) / Decimal(span)


def _counted_series(indicator, data, school=None):
    """Values for the indicators the portal counts from logged data, per period (cumulative)."""
    series = []
    for period in data.periods:
        if indicator.computation == Indicator.Computation.NETWORKING_EVENTS:
            events = data.events if school is None else data.events_by_school[school.pk]
            series.append(Decimal(sum(1 for e in events if e.date <= period.ends_on)))
        else:  # schools where networking takes at least 10 % of the reported activities
            shares = data.networking_shares(data.period_index[period.pk])
            if school is not None:
                share = shares.get(school.pk)
                series.append(None if share is None else Decimal(int(share >= NETWORKING_SHARE)))
            else:
                series.append(Decimal(sum(1 for share in shares.values() if share >= NETWORKING_SHARE)))
    return series


def _networking_shares(data, up_to):
    totals, networked = defaultdict(int), defaultdict(int)
    for _activity, _number, school_id, period_id, _status, _percent, networking in data.progress:
        if data.period_index[period_id] <= up_to:
            totals[school_id] += 1
            networked[school_id] += bool(networking)
    return {school_id: Decimal(networked[school_id]) / totals[school_id] for school_id in totals}


def indicator_rows(data, school=None):
    by_indicator = defaultdict(lambda: defaultdict(list))
    for indicator_id, _school_id, period_id, value in (
        data.values if school is None else data.values_by_school[school.pk]
    ):
        by_indicator[indicator_id][period_id].append(value)
    rows = []
    for indicator in data.indicators:
        if indicator.computation:
            series = _counted_series(indicator, data, school)
        else:
            series = [_combine(indicator, by_indicator[indicator.pk].get(p.pk, [])) for p in data.periods]
        baselines = list(indicator.baselines.all())
        baseline = baselines[-1].value if baselines else Decimal(0)
        # the number progress is measured toward; none for a text target (staff judge it) or a rise with no start
        target = numeric_target(indicator, baselines[-1].value if baselines else None)
        latest_index = max((i for i, v in enumerate(series) if v is not None), default=None)
        latest = series[latest_index] if latest_index is not None else None
        row = {
            "number": indicator.number,
            "name": indicator.name,
            "unit": indicator.unit,
            "kind": indicator.kind,
            "computed": bool(indicator.computation),
            "baseline": _s(_q(baseline)),
            "has_baseline": bool(baselines),
            "target": _s(_q(target)) if target is not None else None,
            "target_form": indicator.target_qualifier,
            "target_min": _s(indicator.target_min),
            "target_max": _s(indicator.target_max),
            "target_text": indicator.target_text,
            "unit_text": indicator.unit_text,
            "judgement": indicator.judgement,
            "higher_is_better": indicator.higher_is_better,
            "series": [[p.code, _s(v)] for p, v in zip(data.periods, series, strict=True)],
            "latest": _s(latest),
            "latest_period": data.periods[latest_index].code if latest_index is not None else None,
            "progress": None,
            "expected": None,
            "on_track": None,
        }
        if latest is not None and target is not None:
            span = target - baseline
            row["progress"] = (
                _s(_q(100 * (latest - baseline) / span)) if span else ("100.00" if latest == target else "0.00")
            )
            expected = _expected(target, baseline, data.periods[latest_index].ends_on, data.plan)
            row["expected"] = _s(_q(expected))
            row["on_track"] = latest >= expected if indicator.higher_is_better else latest <= expected
            if indicator.target_qualifier == Indicator.TargetQualifier.RANGE:
                row["on_track"] = row["on_track"] or indicator.target_min <= latest <= indicator.target_max
        rows.append(row)
    return rows


# --- activities --------------------------------------------------------------------------------


def latest_statuses(data):
    """{(top-level number, school id): (status, percent done)}: the latest approved status a school gave for
    a top-level activity or one of its sub-activities. The dashboards and the reports both read this."""
    latest = {}
    for _a, number, school_id, period_id, status, percent, _n in data.progress:
        key = (top_number(number), school_id)
        rank = data.period_index[period_id]
        if key not in latest or rank >= latest[key][0]:
            latest[key] = (rank, status, percent)
    return {key: (status, percent) for key, (_rank, status, percent) in latest.items()}


def activity_matrix(data, schools):
    """Top-level activity × school: the latest approved status of each school that carries it out (None
    where the school does not; "no_data" where it does but nothing is approved yet)."""
    implements, latest = data.implementers, data.latest_statuses
    rows = []
    for activity in data.activities:
        areas = [a.code for a in activity.areas.all()]
        cells = []
        for school in schools:
            if school.pk not in implements[activity.number]:
                cells.append(None)
            else:
                status, percent = latest.get((activity.number, school.pk), ("no_data", None))
                cells.append({"status": status, "percent": percent})
        rows.append(
            {
                "number": activity.number,
                "title": activity.short_title,
                "area": areas[0] if areas else "",
                "cells": cells,
            }
        )
    return rows


def status_by_area(matrix, areas):
    """How many (activity, school) cells of the matrix are in each status, by the activity's first area."""
    counts = {a.code: {s: 0 for s in [*STATUSES, "no_data"]} for a in areas if not a.cross_cutting}
    for row in matrix:
        for cell in row["cells"]:
            if cell is not None and row["area"] in counts:
                counts[row["area"]][cell["status"]] += 1
    return [{"area": code, "counts": values} for code, values in counts.items()]


# --- budget, networking, completeness ----------------------------------------------------------


def budget_by_category(data, school=None):
    rows = data.lines if school is None else data.lines_by_school[school.pk]
    grouped = execution.execution_by(data.plan, "category", rows=rows)
    total = execution.total(rows)
    result = [
        {
            "label": g.label,
            **{name: _s(getattr(g, name)) for name in execution.FIGURES},
            "rate": _s(g.rate),
            "over_plan": g.over_plan,
        }
        for g in grouped
    ]
    return result, {name: _s(getattr(total, name)) for name in execution.FIGURES} | {"rate": _s(total.rate)}


def networking_figures(data, school=None):
    events = data.events if school is None else data.events_by_school[school.pk]
    per_period = defaultdict(lambda: [0, 0])
    pairs = defaultdict(int)
    for event in events:
        per_period[event.period_id][0] += 1
        per_period[event.period_id][1] += event.participants
        for other in data.event_schools[event.pk]:
            if other != event.school_id:
                pairs[tuple(sorted((event.school_id, other)))] += 1
    codes = {pk: school.code for pk, school in data.codes.items()}
    declared = {tuple(sorted(link)) for link in data.links}
    edges = [
        {"a": codes[a], "b": codes[b], "events": count, "declared": (a, b) in declared}
        for (a, b), count in sorted(pairs.items(), key=lambda item: (-item[1], codes[item[0][0]], codes[item[0][1]]))
    ]
    edges += [
        {"a": codes[a], "b": codes[b], "events": 0, "declared": True}
        for a, b in sorted(declared - set(pairs), key=lambda pair: (codes[pair[0]], codes[pair[1]]))
        if school is None or school.pk in (a, b)
    ]
    return {
        "by_period": [
            {"period": p.code, "events": per_period[p.pk][0], "participants": per_period[p.pk][1]} for p in data.periods
        ],
        "events": len(events),
        "participants": sum(e.participants for e in events),
        "edges": edges,
    }


def completeness_figures(data, school=None):
    period, all_entries = data.completeness()
    if period is None:
        return None
    entries = all_entries if school is None else {school.pk: all_entries[school.pk]}
    return {
        "period": period.code,
        "deadline": period.deadline.isoformat(),
        "schools": [
            {
                "code": entry.school.code,
                "done": entry.done,
                "total": entry.total,
                "percent": entry.percent,
                "late": entry.late,
            }
            for entry in entries.values()
        ],
    }


def _network_of(data, school):
    codes = data.codes
    partners = data.partners[school.pk]
    return [codes[pk].code for pk in sorted(partners, key=lambda pk: (codes[pk].kind, codes[pk].number))]


def municipality_snapshot(data):
    matrix = activity_matrix(data, data.schools)
    categories, total = budget_by_category(data)
    return {
        "schools": [s.code for s in data.schools],
        "periods": [p.code for p in data.periods],
        "indicators": indicator_rows(data),
        "activity_matrix": matrix,
        "status_by_area": status_by_area(matrix, data.areas),
        "budget": {"categories": categories, "total": total},
        "networking": networking_figures(data),
        "completeness": completeness_figures(data),
    }


def school_snapshot(data, school):
    matrix = [row for row in activity_matrix(data, [school]) if row["cells"][0] is not None]
    categories, total = budget_by_category(data, school)
    return {
        "school": school.code,
        "periods": [p.code for p in data.periods],
        "indicators": indicator_rows(data, school),
        "activity_matrix": matrix,
        "status_by_area": status_by_area(matrix, data.areas),
        "budget": {"categories": categories, "total": total},
        "networking": networking_figures(data, school),
        "network": _network_of(data, school),
        "completeness": completeness_figures(data, school),
    }
