import contextlib

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import municipality_view
from activities.models import ActivityProgress
from core.outages import REDIS_ERRORS
from dashboards import charts
from dashboards.models import Snapshot
from dashboards.tasks import recompute_dashboards
from plans.models import Area
from plans.selectors import plan_for_or_404
from schools.models import School

STATUS_LABELS = {**dict(ActivityProgress.Status.choices), "no_data": gettext_lazy("nėra patvirtintų duomenų")}


def _indicator_rows(snapshot):
    rows = []
    for row in snapshot.data["indicators"]:
        title = f"{row['number']}. {row['name']}"
        rows.append(
            {
                **row,
                "bar": charts.progress_bar(row["progress"], title=title) if row["progress"] is not None else None,
                "trend": charts.line_chart(
                    row["series"],
                    target=row["target"],
                    baseline=row["baseline"],
                    width=240,
                    height=90,
                    title=title,
                    from_zero=False,
                ),
            }
        )
    return rows


def _dashboard_context(snapshot, areas):
    data = snapshot.data
    area_names = {a.code: a.name for a in areas}
    budget = data["budget"]
    networking = data["networking"]
    return {
        "snapshot": snapshot,
        "data": data,
        "indicators": _indicator_rows(snapshot),
        "status_labels": STATUS_LABELS,
        "status_chart": charts.stacked_bars(
            [(area_names.get(r["area"], r["area"]), r["counts"]) for r in data["status_by_area"]],
            title=_("Veiklų būsenos pagal sritį"),
            labels=STATUS_LABELS,
        ),
        "status_rows": [(area_names.get(r["area"], r["area"]), r["counts"]) for r in data["status_by_area"]],
        "budget_chart": charts.bar_chart(
            [(c["label"], c["planned_amount"]) for c in budget["categories"]],
            second=[(c["label"], c["paid_amount"]) for c in budget["categories"]],
            title=_("Biudžeto vykdymas pagal kategoriją: planuota ir apmokėta (be PVM)"),
            unit=" €",
        ),
        "events_chart": charts.column_chart(
            [(p["period"], p["events"]) for p in networking["by_period"]],
            title=_("Tinklaveikos renginiai per laikotarpį"),
        ),
        "area_names": area_names,
    }


# Raised when the dashboard templates change, so bodies cached before a release are not shown after it.
BODY_VERSION = 2


def _cached_body(snapshot, template, build):
    """The dashboard's body, rendered once per snapshot and language: the figures change only when
    the snapshot does. Nothing personal is in it (the page around it holds the user's own parts)."""
    key = f"dashboard:{BODY_VERSION}:{template}:{snapshot.pk}:{snapshot.data_hash}:{get_language()}"
    try:
        body = cache.get(key)
    except REDIS_ERRORS:  # Redis is away: the page is rendered afresh and still shown
        body = None
    if body is None:
        full = Snapshot.objects.get(pk=snapshot.pk)
        body = render_to_string(template, build(full))
        with contextlib.suppress(*REDIS_ERRORS):
            cache.set(key, body, 24 * 60 * 60)
    return mark_safe(body)  # rendered by our own template, with autoescaping


def _snapshot_meta(plan, school=None):
    return Snapshot.objects.filter(plan=plan, school=school).defer("data").first()


@municipality_view()
def municipality_dashboard(request, municipality):
    plan = plan_for_or_404(municipality)
    snapshot = _snapshot_meta(plan)
    context = {"municipality": municipality, "nav": "dashboard", "plan": plan, "snapshot": snapshot}
    if snapshot is not None:

        def build(full):
            return {"municipality": municipality, "plan": plan, **_dashboard_context(full, Area.objects.all())}

        context["body"] = _cached_body(snapshot, "dashboards/_municipality_body.html", build)
    return render(request, "dashboards/municipality.html", context)


@municipality_view()
def school_dashboard(request, municipality, code):
    plan = plan_for_or_404(municipality)
    school = get_object_or_404(School.objects.participating(), municipality=municipality, code=code)
    snapshot = _snapshot_meta(plan, school)
    context = {"municipality": municipality, "nav": "dashboard", "plan": plan, "school": school, "snapshot": snapshot}
    if snapshot is not None:

        def build(full):
            network = full.data["network"]
            return {
                "municipality": municipality,
                "plan": plan,
                "school": school,
                "school_columns": [school.code],
                **_dashboard_context(full, Area.objects.all()),
                "network_chart": charts.network_graph(
                    [school.code] + [c for c in network if c.startswith("G")],
                    [c for c in network if c.startswith("T")],
                    full.data["networking"]["edges"],
                    title=_("Mokyklos tinklas"),
                ),
            }

        context["body"] = _cached_body(snapshot, "dashboards/_school_body.html", build)
    return render(request, "dashboards/school.html", context)


@municipality_view()
def networking_dashboard(request, municipality):
    plan = plan_for_or_404(municipality)
    snapshot = _snapshot_meta(plan)
    context = {"municipality": municipality, "nav": "networking", "plan": plan, "snapshot": snapshot}
    if snapshot is not None:

        def build(full):
            edges = full.data["networking"]["edges"]
            codes = list(School.objects.filter(municipality=municipality).values_list("code", "kind"))
            return {
                "municipality": municipality,
                "data": full.data,
                "edges": edges,
                "graph": charts.network_graph(
                    [c for c, kind in codes if kind == "G"],
                    [c for c, kind in codes if kind == "T"],
                    edges,
                    title=_("G ir T mokyklų tinklaveika"),
                ),
                "events_chart": charts.column_chart(
                    [(p["period"], p["events"]) for p in full.data["networking"]["by_period"]],
                    title=_("Tinklaveikos renginiai per laikotarpį"),
                ),
            }

        context["body"] = _cached_body(snapshot, "dashboards/_networking_body.html", build)
    return render(request, "dashboards/networking.html", context)


@require_POST
@municipality_view("tum.manage")
def recompute(request, municipality):
    plan = plan_for_or_404(municipality)
    recompute_dashboards.delay(plan.pk)
    messages.success(request, _("Suvestinė perskaičiuojama. Atnaujinkite puslapį po kelių akimirkų."))
    return redirect("dashboards:municipality", municipality.code)
