"""The read API, version 1: what a ministry system may read about the municipalities its key reaches.

Every answer is approved data only. A municipality the key does not reach answers exactly as one that
does not exist (404), and so does any record of it.
"""

import base64
import binascii

from django.db.models import Count, Prefetch, Q, Sum
from django.http import FileResponse, Http404
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from activities.models import Activity, ActivitySchool
from api import schemas
from api.errors import ApiError, error_response
from api.tokens import municipality_scope, over_rate_limit, token_for_secret
from budget import execution
from indicators.models import Indicator, IndicatorValue
from networking.models import NetworkingEvent
from plans.models import Goal, Objective, Plan
from reporting.models import ReviewState
from reporting.periods import current_period
from reports.models import Report
from reports.periods import PeriodSpecError, report_range
from review.selectors import period_completeness
from schools.models import Municipality, School

MAX_LIMIT = 500


class TokenAuth(HttpBearer):
    def authenticate(self, request, key):
        token = token_for_secret(key)
        if token is None:
            return None
        request.api_token = token
        if over_rate_limit(token):
            raise ApiError("rate_limited")
        return token


api = NinjaAPI(
    title="TŪM portalas API",
    version="1",
    description=(
        "Skaitymo API ministerijos sistemoms: tik patvirtinti duomenys, tik rakto savivaldybės. "
        "Read API for the ministry's systems: approved data only, only the key's municipalities."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
)


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return error_response(exc.code, exc.detail)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return error_response("unauthorized")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response("not_found")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return error_response("bad_request", [{"loc": e.get("loc"), "msg": e.get("msg")} for e in exc.errors])


ERRORS = {401: schemas.Error, 404: schemas.Error, 429: schemas.Error}


# --- helpers ---------------------------------------------------------------------------------------


def _s(value):
    return None if value is None else str(value)


def encode_cursor(pk):
    return base64.urlsafe_b64encode(f"v1:{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor):
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, pk = text.split(":")
        if version != "v1" or not pk.isdigit():
            raise ValueError
        return int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError("bad_cursor")


def paged(queryset, cursor, limit, serialize):
    """A page of `queryset` after the cursor, in id order: {"items": …, "next_cursor": … or None}."""
    limit = max(1, min(limit, MAX_LIMIT))
    rows = list(queryset.filter(pk__gt=decode_cursor(cursor)).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [serialize(row) for row in rows], "next_cursor": encode_cursor(rows[-1].pk) if more else None}


def municipality_or_404(request, code):
    municipality = municipality_scope(request.auth).filter(code=code).select_related("publication").first()
    if municipality is None:
        raise ApiError("not_found")
    return municipality


def plan_or_404(request, code):
    plan = (
        Plan.objects.filter(municipality__code=code, municipality__in=municipality_scope(request.auth))
        .select_related("municipality")
        .first()
    )
    if plan is None:
        raise ApiError("not_found")
    return plan


def school_or_404(plan, code):
    if not code:
        return None
    school = School.objects.filter(municipality_id=plan.municipality_id, code=code).first()
    if school is None:
        raise ApiError("not_found")
    return school


def period_or_404(plan, code):
    if not code:
        return None
    period = plan.periods.filter(code=code).first()
    if period is None:
        raise ApiError("not_found")
    return period


def _published(municipality):
    publication = getattr(municipality, "publication", None)
    return bool(publication and publication.published)


def _municipality(m):
    return {"id": m.pk, "code": m.code, "name": m.name, "published": _published(m)}


# --- municipalities and plans ----------------------------------------------------------------------


@api.get("/municipalities/", response={200: schemas.MunicipalityPage, **ERRORS}, tags=["plan"])
def municipalities(request, cursor: str = "", limit: int = 100):
    """The municipalities this key may read."""
    scope = Municipality.objects.filter(pk__in=municipality_scope(request.auth)).select_related("publication")
    return paged(scope, cursor, limit, _municipality)


@api.get("/municipalities/{code}/", response={200: schemas.Municipality, **ERRORS}, tags=["plan"])
def municipality(request, code: str):
    return _municipality(municipality_or_404(request, code))


def _goals(plan):
    goals = Goal.objects.filter(plan=plan).prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.select_related("goal").order_by("number"))
    )
    return [
        {
            "id": g.pk,
            "number": g.number,
            "title": g.title,
            "objectives": [{"id": o.pk, "code": o.code, "title": o.title} for o in g.objectives.all()],
        }
        for g in goals.order_by("number")
    ]


@api.get("/municipalities/{code}/plan/", response={200: schemas.Plan, **ERRORS}, tags=["plan"])
def plan(request, code: str):
    """The progress plan with its goals and objectives, and every version it has had (each import or change)."""
    plan = plan_or_404(request, code)
    history = plan.history.order_by("history_date", "history_id").values_list("history_date", flat=True)
    return {
        "id": plan.pk,
        "municipality": plan.municipality.code,
        "title": plan.title,
        "programme": plan.programme,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "indirect_rate": str(plan.indirect_rate),
        "declared_direct": {"amount": _s(plan.declared_direct_amount), "vat": _s(plan.declared_direct_vat)},
        "declared_indirect": {"amount": _s(plan.declared_indirect_amount), "vat": _s(plan.declared_indirect_vat)},
        "declared_total": {"amount": _s(plan.declared_total_amount), "vat": _s(plan.declared_total_vat)},
        "versions": [{"version": i, "changed_at": when} for i, when in enumerate(history, start=1)],
        "goals": _goals(plan),
    }


@api.get("/municipalities/{code}/goals/", response={200: list[schemas.Goal], **ERRORS}, tags=["plan"])
def goals(request, code: str):
    """Goals with their objectives."""
    return _goals(plan_or_404(request, code))


# --- activities ------------------------------------------------------------------------------------


def _activities(plan):
    return (
        Activity.objects.filter(plan=plan)
        .select_related("category")
        .prefetch_related(
            "areas",
            "indicators",
            Prefetch("objectives", queryset=Objective.objects.select_related("goal")),
            Prefetch("school_roles", queryset=ActivitySchool.objects.select_related("school")),
            "budget_lines__school",
        )
    )


def _activity(a):
    return {
        "id": a.pk,
        "number": a.number,
        "parent_id": a.parent_id,
        "title": a.title,
        "description": a.description,
        "period_text": a.period_text,
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
        "areas": [area.code for area in a.areas.all()],
        "category": a.category.number if a.category else None,
        "objectives": [o.code for o in a.objectives.all()],
        "indicators": sorted(i.number for i in a.indicators.all()),
        "schools": [
            {"school": r.school.code, "role": r.role, "programme_year": r.programme_year} for r in a.school_roles.all()
        ],
        "budget_lines": [
            {"id": b.pk, "school": b.school.code if b.school else None, "amount": str(b.amount), "vat": _s(b.vat)}
            for b in a.budget_lines.all()
        ],
    }


@api.get("/municipalities/{code}/activities/", response={200: schemas.ActivityPage, **ERRORS}, tags=["activities"])
def activities(
    request, code: str, area: str = "", school: str = "", period: str = "", cursor: str = "", limit: int = 100
):
    """Activities with their schools, dates, areas and budget lines; filters: area code, school code, period code
    (activities whose dates overlap the period)."""
    plan = plan_or_404(request, code)
    queryset = _activities(plan)
    if area:
        queryset = queryset.filter(areas__code=area)
    if school:
        queryset = queryset.filter(school_roles__school=school_or_404(plan, school)).distinct()
    if period:
        period = period_or_404(plan, period)
        queryset = queryset.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=period.ends_on, ends_on__gte=period.starts_on)
        )
    return paged(queryset, cursor, limit, _activity)


@api.get(
    "/municipalities/{code}/activities/{activity_id}/", response={200: schemas.Activity, **ERRORS}, tags=["activities"]
)
def activity(request, code: str, activity_id: int):
    plan = plan_or_404(request, code)
    found = _activities(plan).filter(pk=activity_id).first()
    if found is None:
        raise ApiError("not_found")
    return _activity(found)


# --- indicators ------------------------------------------------------------------------------------


@api.get("/municipalities/{code}/indicators/", response={200: schemas.IndicatorPage, **ERRORS}, tags=["indicators"])
def indicators(request, code: str, period: str = "", school: str = "", cursor: str = "", limit: int = 100):
    """Indicators with baselines, target and the approved values per period and school (filters: period, school)."""
    plan = plan_or_404(request, code)
    values = IndicatorValue.objects.filter(state=ReviewState.APPROVED, not_measured=False, value__isnull=False)
    if period:
        values = values.filter(period=period_or_404(plan, period))
    if school:
        values = values.filter(school=school_or_404(plan, school))
    values = values.select_related("period", "school").order_by("period__starts_on", "school__kind", "school__number")
    queryset = Indicator.objects.filter(plan=plan).prefetch_related(
        "baselines", Prefetch("values", queryset=values, to_attr="approved")
    )

    def serialize(i):
        return {
            "id": i.pk,
            "number": i.number,
            "name": i.name,
            "kind": i.kind,
            "unit": i.unit,
            "baselines": [{"value": str(b.value), "school_year": b.school_year} for b in i.baselines.all()],
            "target": str(i.target),
            "target_qualifier": i.target_qualifier,
            "higher_is_better": i.higher_is_better,
            "approved_values": [
                {"period": v.period.code, "school": v.school.code, "value": str(v.value)} for v in i.approved
            ],
        }

    return paged(queryset, cursor, limit, serialize)


# --- budget execution ------------------------------------------------------------------------------


def _execution_row(row):
    return {
        "key": str(row.key),
        "label": row.label,
        **{name: _s(getattr(row, name)) for name in execution.FIGURES},
        "vat_missing": row.vat_missing,
    }


@api.get("/municipalities/{code}/budget/execution/", response={200: schemas.Execution, **ERRORS}, tags=["budget"])
def budget_execution(request, code: str, by: str = "category", period: str = "all"):
    """Planned, planned commitments, committed and paid, excluding VAT and VAT apart, by `line`, `activity` or
    `category`, counting approved spending dated up to the end of `period` (2025-Q4, 2025-H2, 2025 or all, as in
    the ministry reports); `in_period_total` counts only spending dated in the period."""
    plan = plan_or_404(request, code)
    if by not in ("line", "activity", "category"):
        raise ApiError("bad_request", [{"loc": ["query", "by"], "msg": "line | activity | category"}])
    try:
        start, end, _label = report_range(plan, period)
    except PeriodSpecError:
        raise ApiError("bad_period")
    rows = execution.line_rows(plan, until=end)
    total = execution.total(rows)
    in_period = None if period == "all" else execution.total(execution.line_rows(plan, since=start, until=end))
    return {
        "by": by,
        "period": period,
        "start": start,
        "end": end,
        "rows": [_execution_row(r) for r in execution.execution_by(plan, by, rows=rows)],
        "total": _execution_row(total),
        "indirect": _execution_row(execution.indirect(plan, total)),
        "in_period_total": _execution_row(in_period) if in_period else None,
    }


# --- networking, completeness ----------------------------------------------------------------------


@api.get("/municipalities/{code}/networking/", response={200: schemas.Networking, **ERRORS}, tags=["networking"])
def networking(request, code: str, period: str = "", school: str = ""):
    """Approved networking events counted by period and form, with participants (no titles, no people)."""
    plan = plan_or_404(request, code)
    events = NetworkingEvent.objects.filter(period__plan=plan, state=ReviewState.APPROVED)
    if period:
        events = events.filter(period=period_or_404(plan, period))
    if school:
        chosen = school_or_404(plan, school)
        events = events.filter(
            pk__in=NetworkingEvent.objects.filter(Q(school=chosen) | Q(participating_schools=chosen)).values("pk")
        )
    rows = (
        events.values("period__code", "period__starts_on", "form")
        .annotate(events=Count("pk"), participants=Sum("participants"))
        .order_by("period__starts_on", "form")
    )
    periods = {}
    for row in rows:
        entry = periods.setdefault(
            row["period__code"], {"period": row["period__code"], "events": 0, "participants": 0, "by_form": {}}
        )
        entry["events"] += row["events"]
        entry["participants"] += row["participants"]
        entry["by_form"][row["form"]] = row["events"]
    return {
        "periods": list(periods.values()),
        "events": sum(p["events"] for p in periods.values()),
        "participants": sum(p["participants"] for p in periods.values()),
    }


@api.get("/municipalities/{code}/completeness/", response={200: schemas.Completeness, **ERRORS}, tags=["reporting"])
def completeness(request, code: str, period: str = ""):
    """What each participating school has submitted for a period (default: the current one) against what it has to."""
    plan = plan_or_404(request, code)
    chosen = period_or_404(plan, period) if period else current_period(plan)
    if chosen is None:
        raise ApiError("not_found")
    schools = list(School.objects.filter(municipality_id=plan.municipality_id).participating())
    entries = period_completeness(chosen, schools)
    return {
        "period": chosen.code,
        "deadline": chosen.deadline,
        "schools": [
            {
                "school": e.school.code,
                "activities_due": len(e.activities),
                "activities_submitted": e.activities_done,
                "activities_approved": e.activities_approved,
                "indicators_due": len(e.indicators),
                "indicators_submitted": e.indicators_done,
                "percent": e.percent,
            }
            for e in entries.values()
        ],
    }


# --- reports ---------------------------------------------------------------------------------------


def _reports(plan):
    return Report.objects.filter(plan=plan, state=Report.State.DONE).exclude(file="").select_related("school")


@api.get("/municipalities/{code}/reports/", response={200: schemas.ReportPage, **ERRORS}, tags=["reports"])
def reports(request, code: str, cursor: str = "", limit: int = 100):
    """The ministry reports made for the municipality whose files are kept."""
    plan = plan_or_404(request, code)

    def serialize(r):
        return {
            "id": r.pk,
            "kind": r.kind,
            "period": r.period,
            "school": r.school.code if r.school else None,
            "format": r.format,
            "finished_at": r.finished_at,
            "data_as_of": r.data_as_of,
            "file_size": r.file_size,
            "file_checksum": r.file_checksum,
            "download": request.build_absolute_uri(reverse("api-v1:report_file", args=[code, r.pk])),
        }

    return paged(_reports(plan), cursor, limit, serialize)


@api.get(
    "/municipalities/{code}/reports/{report_id}/file/",
    response={200: None, **ERRORS},
    url_name="report_file",
    tags=["reports"],
)
def report_file(request, code: str, report_id: int):
    """The report's file (PDF or Excel)."""
    report = _reports(plan_or_404(request, code)).filter(pk=report_id).first()
    if report is None:
        raise ApiError("not_found")
    content_type = (
        "application/pdf"
        if report.format == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename, content_type=content_type)
