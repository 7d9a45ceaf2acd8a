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
from budget import execution
from budget.models import Expenditure
from budget.selectors import declared_vs_planned
from dashboards.compute import STATUSES, PlanData, indicator_rows
from indicators.models import IndicatorValue
from networking.models import NetworkingEvent
from reporting.models import ReviewState
from reports.periods import report_range

UNSTABLE = ("generated_at", "data_as_of", "changes", "requested_by", "previous")


def _s(value):
    return None if value is None else str(value)


def build_content(plan, kind, period, school=None, requested_by=None, previous=None):
    start, end, label = report_range(plan, period)
    data = PlanData(plan, until=end)
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
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "data_as_of": timezone.now().isoformat(timespec="seconds"),
        "requested_by": str(requested_by) if requested_by else _("suplanuota automatiškai"),
    }
    content["budget"] = _budget(plan, data, school, kind)
    if kind != "budget":
        content["indicators"] = _indicators(data, school)
        content["activities"] = _activities(plan, data, school, start, end)
        content["networking"] = _networking(data, school, start, end)
        content["summary"] = _summary(content)
    content["pending"] = _pending(plan, school, start, end, kind)
    content["figures"] = _figures(content)
    content["checksum"] = checksum(content)
    content["changes"] = changes_since(previous.figures if previous else None, content["figures"])
    content["previous"] = (
        {"period": previous.period, "requested_at": previous.requested_at.isoformat(timespec="minutes")}
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
            f"{b.value} ({b.school_year})" for b in indicator.baselines.all()
        )
        row["target_text"] = indicator.target_text or _s(indicator.target)
    return rows


def _activities(plan, data, school, start, end):
    """Top-level activities with, per school, the latest approved status and its latest narrative in the range."""
    schools = {s.pk: s for s in data.schools}
    latest = {}
    for _id, number, school_id, period_id, status, percent, _n in data.progress:
        if school is not None and school_id != school.pk:
            continue
        key = (number.split(".")[0], school_id)
        rank = data.period_index[period_id]
        if key not in latest or rank >= latest[key][0]:
            latest[key] = (rank, status, percent)
    texts = {}
    in_range = ActivityProgress.objects.filter(
        activity__plan=plan, state=ReviewState.APPROVED, period__starts_on__lte=end, period__ends_on__gte=start
    ).exclude(done_text="")
    if school is not None:
        in_range = in_range.filter(school=school)
    for number, school_id, text, period_code in in_range.order_by("period__starts_on").values_list(
        "activity__number", "school_id", "done_text", "period__code"
    ):
        texts[(number.split(".")[0], school_id)] = f"{period_code}: {text}"  # the latest narrative in the range
    rows = []
    for activity in data.activities:
        entries = []
        for (number, school_id), (_rank, status, percent) in sorted(
            ((k, v) for k, v in latest.items() if k[0] == activity.number), key=lambda kv: schools[kv[0][1]].number
        ):
            entries.append(
                {
                    "school": schools[school_id].code,
                    "status": status,
                    "percent": percent,
                    "text": texts.get((number, school_id), "")[:600],
                }
            )
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
    return rows


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


def _money(row):
    return {name: _s(getattr(row, name)) for name in execution.FIGURES} | {
        "rate": _s(row.rate),
        "over_plan": row.over_plan,
        "vat_missing": row.vat_missing,  # lines without a planned VAT figure, left out of planned_vat
    }


def _budget(plan, data, school, kind):
    rows = data.lines if school is None else [r for r in data.lines if r.extra["line"].school_id == school.pk]
    total = execution.total(rows)
    result = {
        "activities": [
            {
                "number": g.key,
                "title": next(r.extra["activity"].title for r in rows if r.extra["top"] == g.key),
                **_money(g),
            }
            for g in execution.execution_by(plan, "activity", rows=rows)
        ],
        "categories": [{"label": g.label, **_money(g)} for g in execution.execution_by(plan, "category", rows=rows)],
        "total": _money(total),
        "indirect": _money(execution.indirect(plan, total)),
    }
    if kind == "budget":
        result["lines"] = [
            {
                "code": r.label,
                "title": r.extra["activity"].title,
                "school": r.extra["line"].school.code if r.extra["line"].school else "",
                **_money(r),
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
    """Items of the period not yet approved: they are not in the report."""
    in_range = Q(period__starts_on__lte=end, period__ends_on__gte=start, period__plan=plan) & ~Q(
        state=ReviewState.APPROVED
    )
    if school is not None:
        in_range &= Q(school=school)
    counts = {}
    models = [(Expenditure, "expenditures")]
    if kind != "budget":
        models = [
            (ActivityProgress, "activities"),
            (IndicatorValue, "indicators"),
            (NetworkingEvent, "events"),
            *models,
        ]
    for model, name in models:
        rows = model.objects.filter(in_range).values_list("school__code", "state")
        by_state = defaultdict(int)
        for _code, state in rows:
            by_state[state] += 1
        counts[name] = dict(by_state)
    return counts


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
    """What changed since the previous report of the same kind: indicator values, statuses, spending."""
    if before is None:
        return None
    changes = {"indicators": [], "statuses": [], "spending": [], "lines": []}
    for number, value in after.get("indicators", {}).items():
        old = before.get("indicators", {}).get(number)
        if old != value:
            changes["indicators"].append({"number": int(number), "before": old, "after": value})
    for key, status in sorted(after.get("statuses", {}).items()):
        old = before.get("statuses", {}).get(key)
        if old != status:
            number, school = key.split("/")
            changes["statuses"].append({"number": number, "school": school, "before": old, "after": status})
    for name, value in after.get("spending", {}).items():
        old = before.get("spending", {}).get(name)
        if old != value:
            difference = Decimal(value) - Decimal(old or 0)
            changes["spending"].append({"name": name, "before": old, "after": value, "difference": str(difference)})
    for code, value in after.get("lines", {}).items():
        old = before.get("lines", {}).get(code)
        if old != value:
            changes["lines"].append({"code": code, "before": old, "after": value})
    return changes
