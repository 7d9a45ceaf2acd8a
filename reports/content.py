"""What a report says, built once and rendered as PDF or Excel: the same numbers in both.

Only approved data goes in; the report lists what is still pending. Money is Decimal, written
as strings here so that the content can be stored and compared exactly.
"""

import hashlib
import json
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import ActivityProgress
from activities.numbering import is_printed_number, sort_key, top_number
from budget import execution
from budget.models import Expenditure
from budget.selectors import declared_vs_planned
from dashboards.compute import STATUSES, PlanData, activity_matrix, indicator_rows, status_by_area
from indicators.models import IndicatorValue
from indicators.targets import figure, target_words
from networking.models import NetworkingEvent
from reporting.models import ReviewState
from reports.periods import period_words, previous_period, report_range

UNSTABLE = (
    "generated_at",
    "data_as_of",
    "changes",
    "requested_by",
    "previous",
    "previous_period",
    "previous_period_label",
)


def _s(value):
    return None if value is None else str(value)


def build_content(plan, kind, period, school=None, requested_by=None, previous=None):
    start, end, label = report_range(plan, period)
    data = PlanData(plan, until=end)
    now = timezone.localtime().isoformat(timespec="seconds")
    content = {
        "kind": kind,
        "municipality": plan.municipality.name,
        "plan_title": plan.title,
        "programme": plan.programme,
        "period": period,
        "period_label": label,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "school": {"code": school.code, "name": school.name} if school else None,
        "generated_at": now,
        "data_as_of": now,
        "requested_by": str(requested_by) if requested_by else _("suplanuota automatiškai"),
    }
    content["has_budget"] = plan.has_budget
    content["budget"] = _budget(plan, data, school, kind, None if period == "all" else (start, end))
    if kind != "budget":
        content["indicators"] = _indicators(data, school)
        content["activities"], content["status_by_area"] = _activities(plan, data, school, start, end)
        content["networking"] = _networking(data, school, start, end)
        content["summary"] = _summary(content)
    content["pending"], content["pending_items"] = _pending(plan, school, start, end, kind)
    content["figures"] = _figures(content)
    content["checksum"] = checksum(content)
    content["previous_period"] = previous_period(period)
    content["previous_period_label"] = period_words(content["previous_period"]) if content["previous_period"] else None
    content["changes"] = changes_since(previous.figures if previous else None, content["figures"])
    content["previous"] = (
        {
            "period": previous.period,
            "period_label": period_words(previous.period),
            "finished_at": timezone.localtime(previous.finished_at).isoformat(timespec="minutes"),
        }
        if previous
        else None
    )
    return content


def checksum(content):
    stable = {k: v for k, v in content.items() if k not in UNSTABLE and k != "checksum"}
    return hashlib.sha256(json.dumps(stable, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _indicators(data, school):
    rows = indicator_rows(data, school)
    by_number = {i.number: i for i in data.indicators}
    for row in rows:
        indicator = by_number[row["number"]]
        row["baseline_text"] = indicator.baseline_text or " ".join(
            f"{figure(b.value, indicator)} ({b.school_year})" for b in indicator.baselines.all()
        )
        row["target_text"] = indicator.target_text or target_words(indicator)
    return rows


def _activities(plan, data, school, start, end):
    """Top-level activities with, per school that carries them out, the latest approved status (the
    dashboards' activity matrix) and its latest narrative in the range; and the statuses by area."""
    schools = [school] if school is not None else data.schools
    matrix = activity_matrix(data, schools)
    texts = {}
    in_range = ActivityProgress.objects.filter(
        activity__plan=plan, state=ReviewState.APPROVED, period__starts_on__lte=end, period__ends_on__gte=start
    ).exclude(done_text="")
    if school is not None:
        in_range = in_range.filter(school=school)
    for number, school_id, text, period_code in in_range.order_by("period__starts_on").values_list(
        "activity__number", "school_id", "done_text", "period__code"
    ):
        texts[(top_number(number), school_id)] = f"{period_code}: {text}"  # the latest narrative in the range
    rows = []
    for activity, row in zip(data.activities, matrix, strict=True):
        entries = [
            {
                "school": each.code,
                "status": cell["status"],
                "percent": cell["percent"],
                "text": texts.get((activity.number, each.pk), "")[:600],
            }
            for each, cell in zip(schools, row["cells"], strict=True)
            if cell is not None and cell["status"] != "no_data"
        ]
        counts = {s: sum(1 for e in entries if e["status"] == s) for s in STATUSES}
        if school is None or entries:
            rows.append(
                {
                    "number": activity.number,
                    "title": activity.title,
                    "areas": [a.name for a in activity.areas.all()],
                    "schools": entries,
                    "counts": counts,
                }
            )
    names = {a.code: a.name for a in data.areas}
    by_area = [{"area": names[r["area"]], "counts": r["counts"]} for r in status_by_area(matrix, data.areas)]
    return rows, by_area


def _networking(data, school, start, end):
    events = [e for e in data.events if start.isoformat() <= e.date.isoformat() <= end.isoformat()]
    if school is not None:
        events = [e for e in events if e.school_id == school.pk or school in e.participating_schools.all()]
    events.sort(key=lambda e: (e.date, e.pk))
    return {
        "events": [
            {
                "date": e.date.isoformat(),
                "title": e.title,
                "form": e.get_form_display(),
                "host": e.school.code,
                "schools": sorted((s.code for s in e.participating_schools.all()), key=lambda c: (c[0], int(c[1:]))),
                "participants": e.participants,
            }
            for e in events
        ],
        "total": len(events),
        "participants": sum(e.participants for e in events),
    }


SPENDING = ("pipeline_amount", "pipeline_vat", "committed_amount", "committed_vat", "paid_amount", "paid_vat")


def _money(row, in_period=None):
    """A row's money up to the period's end (cumulative) and, under "period", its spending dated in the period."""
    money = {name: _s(getattr(row, name)) for name in execution.FIGURES} | {
        "rate": _s(row.rate),
        "over_plan": row.over_plan,
        "vat_missing": row.vat_missing,  # lines without a planned VAT figure, left out of planned_vat
    }
    if in_period is not None:
        money["period"] = {name: _s(getattr(in_period, name)) for name in SPENDING}
    return money


def _no_money(with_period):
    """Where the plan gives no amount (no budget line, or none of the school's own): empty, never zero."""
    money = {name: None for name in execution.FIGURES} | {"rate": None, "over_plan": False, "vat_missing": 0}
    if with_period:
        money["period"] = {name: None for name in SPENDING}
    return money


def _budget(plan, data, school, kind, in_period):
    """Money up to the period's end and, unless the report covers the whole programme, in the period alone.

    The section-6 table lists every top-level activity with its own title, also those without a budget
    line; a school report lists the activities the school implements or has its own budget lines for,
    and leaves empty the money the plan does not split by school."""

    def scoped(rows):
        return rows if school is None else [r for r in rows if r.extra["line"].school_id == school.pk]

    rows = scoped(data.lines)
    period_rows = scoped(execution.line_rows(plan, since=in_period[0], until=in_period[1])) if in_period else None
    with_period = period_rows is not None

    def by(grouping, source):
        return {g.key: g for g in execution.execution_by(plan, grouping, rows=source)} if source is not None else {}

    groups, period_groups = by("activity", rows), by("activity", period_rows)
    implements = {top_number(number) for number, school_id in data.roles if school and school_id == school.pk}
    activities = []
    for activity in data.activities:
        group = groups.get(activity.number)
        if school is not None and group is None and activity.number not in implements:
            continue
        money = _money(group, period_groups.get(activity.number)) if group else _no_money(with_period)
        activities.append({"number": activity.number, "title": activity.title, "has_lines": bool(group), **money})
    categories = by("category", rows)
    period_categories = by("category", period_rows)
    total = execution.total(rows)
    period_total = execution.total(period_rows) if with_period else None
    has_money = (bool(rows) or school is None) and plan.has_budget  # a plan without a budget has no figures
    result = {
        "activities": activities,
        "categories": [{"label": g.label, **_money(g, period_categories.get(g.key))} for g in categories.values()],
        "total": _money(total, period_total) if has_money else _no_money(with_period),
        "indirect": _money(execution.indirect(plan, total), period_total and execution.indirect(plan, period_total))
        if has_money
        else _no_money(with_period),
        "indirect_rate": _s(plan.indirect_rate),
        "with_period": with_period,
        "not_split": school is not None and any(not a["has_lines"] for a in activities),
    }
    if kind == "budget":
        period_lines = {r.key: r for r in period_rows} if with_period else {}
        result["lines"] = [
            {
                "code": r.label,
                "title": r.extra["activity"].title,
                "school": r.extra["line"].school.code if r.extra["line"].school else "",
                **_money(r, period_lines.get(r.key)),
            }
            for r in rows
        ]
    if school is None:
        result["declared"] = [
            {
                "key": row["key"],
                "declared_amount": _s(row["declared"].amount),
                "declared_vat": _s(row["declared"].vat),
                "computed_amount": _s(row["computed"].amount),
                "computed_vat": _s(row["computed"].vat),
                "vat_missing": row["computed"].vat_missing,
            }
            for row in declared_vs_planned(plan)
        ]
    return result


def _pending(plan, school, start, end, kind):
    """Items of the period not yet approved, which the report leaves out: counted by state, and listed
    by school and item (a fixed number of queries)."""
    in_range = Q(period__starts_on__lte=end, period__ends_on__gte=start, period__plan=plan) & ~Q(
        state=ReviewState.APPROVED
    )
    if school is not None:
        in_range &= Q(school=school)
    sources = [(Expenditure, "expenditures", ("budget_line__activity",), _expenditure_item)]
    if kind != "budget":
        sources = [
            (ActivityProgress, "activities", ("activity",), lambda p: (p.activity.number, p.activity.title)),
            (IndicatorValue, "indicators", ("indicator",), lambda v: (str(v.indicator.number), v.indicator.name)),
            (NetworkingEvent, "events", (), lambda e: (e.date.isoformat(), e.title)),
            *sources,
        ]
    counts, items = {}, []
    for model, name, related, describe in sources:
        by_state = defaultdict(int)
        for item in model.objects.filter(in_range).select_related("school", "period", *related):
            by_state[item.state] += 1
            number, text = describe(item)
            items.append(
                {
                    "what": name,
                    "school": item.school.code if item.school else "",
                    "number": number,
                    "item": text[:200],
                    "state": item.state,
                    "period": item.period.code,
                }
            )
        counts[name] = dict(by_state)
    order = [name for _m, name, _r, _d in sources]
    items.sort(key=lambda i: (school_key(i["school"]), order.index(i["what"]), natural_key(i["number"]), i["item"]))
    return counts, items


def _expenditure_item(expenditure):
    activity = expenditure.budget_line.activity
    return activity.number, f"{expenditure.supplier}, {expenditure.document_number} ({expenditure.date.isoformat()})"


def school_key(code):
    """G1, G2, G10, T3 in natural order; no school (the municipality's own entries) last."""
    if not code:
        return ("~", 0)
    return (code[0], int(code[1:]) if code[1:].isdigit() else 0)


def natural_key(number):
    """Activity and indicator numbers (3, 8, 8.1, 10, I.1.1) in natural order; other texts (dates) as they are."""
    return sort_key(number) if is_printed_number(number) else number


def _summary(content):
    indicators = content["indicators"]
    statuses = defaultdict(int)
    for row in content["activities"]:
        for entry in row["schools"]:
            statuses[entry["status"]] += 1
    total = content["budget"]["total"]
    return {
        "on_track": sum(1 for r in indicators if r["on_track"] is True),
        "behind": sum(1 for r in indicators if r["on_track"] is False),
        "no_data": sum(1 for r in indicators if r["on_track"] is None),
        "statuses": dict(statuses),
        "events": content["networking"]["total"],
        "participants": content["networking"]["participants"],
        "paid_amount": total["paid_amount"],
        "planned_amount": total["planned_amount"],
        "rate": total["rate"],
    }


def _figures(content):
    """The numbers a later report compares itself with."""
    figures = {
        "spending": {
            k: content["budget"]["total"][k] for k in ("committed_amount", "committed_vat", "paid_amount", "paid_vat")
        }
    }
    if content["kind"] != "budget":
        figures["indicators"] = {str(r["number"]): r["latest"] for r in content["indicators"]}
        figures["statuses"] = {
            f"{row['number']}/{entry['school']}": entry["status"]
            for row in content["activities"]
            for entry in row["schools"]
        }
    else:
        figures["lines"] = {row["code"]: row["paid_amount"] for row in content["budget"]["lines"]}
    return figures


def changes_since(before, after):
    """What changed since the previous period's report: indicator values, statuses, spending, in natural order."""
    if before is None:
        return None
    changes = {"indicators": [], "statuses": [], "spending": [], "lines": []}
    for number, value in sorted(after.get("indicators", {}).items(), key=lambda kv: sort_key(kv[0])):
        old = before.get("indicators", {}).get(number)
        if old != value:
            changes["indicators"].append({"number": number, "before": old, "after": value})
    for key, status in sorted(after.get("statuses", {}).items(), key=lambda kv: _status_key(kv[0])):
        old = before.get("statuses", {}).get(key)
        if old != status:
            number, school = key.split("/")
            changes["statuses"].append({"number": number, "school": school, "before": old, "after": status})
    for name, value in after.get("spending", {}).items():
        old = before.get("spending", {}).get(name)
        if old != value:
            difference = Decimal(value) - Decimal(old or 0)
            changes["spending"].append({"name": name, "before": old, "after": value, "difference": str(difference)})
    for code, value in sorted(after.get("lines", {}).items(), key=lambda kv: _line_key(kv[0])):
        old = before.get("lines", {}).get(code)
        if old != value:
            changes["lines"].append({"code": code, "before": old, "after": value})
    return changes


def _status_key(key):
    number, school = key.split("/")
    return sort_key(number), school_key(school)


def _line_key(code):
    number, _sep, school = code.partition(" · ")
    return sort_key(number), school_key(school)
