from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from accounts.decorators import municipality_view
from activities.models import Activity, ActivitySchool
from budget.selectors import activities_for_plan
from front.filters.activities import ActivityFilter
from front.tables.activities import ActivityTable
from front.tables.base import EXPORT_FORMATS, export_response
from plans.selectors import plan_for_or_404


@municipality_view()
def activity_list(request, municipality):
    plan = plan_for_or_404(municipality)
    activity_filter = ActivityFilter(request.GET or None, queryset=activities_for_plan(plan, for_table=True), plan=plan)
    money = () if plan.has_budget else ("category", "planned_amount", "planned_vat")
    table = ActivityTable(activity_filter.qs, exclude=money)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        RequestConfig(request, paginate=False).configure(table)
        return export_response(table, fmt, f"{municipality.code}-veiklos")
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {"municipality": municipality, "nav": "activities", "filter": activity_filter, "table": table}
    return render(request, "activities/list.html", context)


@municipality_view()
def activity_detail(request, municipality, number):
    plan = plan_for_or_404(municipality)
    activity = get_object_or_404(
        activities_for_plan(plan)
        .select_related("parent")
        .prefetch_related(
            "objectives__goal",
            "indicators",
            "related__plan__municipality",
            "budget_lines__school",
            Prefetch("children", queryset=activities_for_plan(plan)),
        ),
        number=number,
    )
    roles = list(activity.school_roles.all())
    context = {
        "municipality": municipality,
        "current_plan": plan,  # already loaded: the navigation and level names need no query of their own
        "nav": "activities",
        "activity": activity,
        "implementing": [r for r in roles if r.role == ActivitySchool.Role.IMPLEMENTS],
        "networking": [r for r in roles if r.role == ActivitySchool.Role.NETWORKING],
        "responsible": [r for r in roles if r.role == ActivitySchool.Role.RESPONSIBLE],
        "partners": [r for r in roles if r.role == ActivitySchool.Role.PARTNER],
        "own_indicators": activity.own_indicators.prefetch_related("baselines"),
        "years": sorted({r.programme_year for r in roles if r.programme_year}),
        "referenced_by": Activity.objects.filter(related=activity).select_related("plan__municipality"),
    }
    return render(request, "activities/detail.html", context)
