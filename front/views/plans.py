from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import municipality_view
from activities.models import Activity
from budget.selectors import (
    activity_total_subqueries,
    declared_vs_planned,
    indirect_costs,
    plan_planned_total,
    planned_by_area,
    planned_by_category,
    planned_by_school,
)
from front.forms.plans import PlanConfirmForm, PlanUploadForm
from planfile.exporter import plan_as_yaml
from planfile.importer import PreviewOutdated, RemovalsNotAllowed
from planfile.schema import PlanFileError
from planfile.uploads import plan_upload_confirm, plan_upload_preview
from planfile.versions import plan_differences
from plans.selectors import plan_for_or_404


@municipality_view()
def overview(request, municipality):
    plan = plan_for_or_404(municipality)
    top_activities = (
        Activity.objects.filter(plan=plan, parent__isnull=True)
        .annotate(**activity_total_subqueries())
        .prefetch_related("objectives__goal")
    )
    by_objective = {}
    for activity in top_activities:
        for objective in activity.objectives.all():
            by_objective.setdefault(objective.pk, []).append(activity)
    goals = plan.goals.prefetch_related(Prefetch("objectives"))
    direct = plan_planned_total(plan)
    context = {
        "municipality": municipality,
        "plan": plan,
        "nav": "plan",
        "goals": goals,
        "by_objective": by_objective,
        "unlinked": [a for a in top_activities if not a.objectives.all()],
        "direct": direct,
        "indirect": indirect_costs(plan, direct),
        "by_category": planned_by_category(plan),
        "by_area": planned_by_area(plan),
        "by_school": planned_by_school(plan),
        "totals_check": declared_vs_planned(plan),
        "partners": plan.partners.prefetch_related("areas"),
        "risks": plan.risks.all(),
    }
    return render(request, "plans/overview.html", context)


@municipality_view("tum.manage")
def data_notes(request, municipality):
    plan = plan_for_or_404(municipality)
    context = {
        "municipality": municipality,
        "plan": plan,
        "nav": "notes",
        "totals_check": declared_vs_planned(plan),
        "notes": plan.data_notes.all(),
        "activity_mismatches": _printed_mismatches(plan),
    }
    return render(request, "plans/data_notes.html", context)


def _printed_mismatches(plan):
    """Activities whose figure printed in the plan differs from the sum of their budget lines."""
    activities = Activity.objects.filter(plan=plan, printed_amount__isnull=False).annotate(
        **activity_total_subqueries()
    )
    return [
        a
        for a in activities
        if a.printed_amount != a.planned_amount or (a.printed_vat is not None and a.printed_vat != a.planned_vat)
    ]


@municipality_view("tum.manage")
def export(request, municipality):
    plan = plan_for_or_404(municipality)
    response = HttpResponse(plan_as_yaml(plan), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{municipality.code}-planas.yaml"'
    return response


@municipality_view("tum.manage")
def import_file(request, municipality):
    """Upload a plan file, see what it would change, and confirm: nothing changes before the yes."""
    context = {"municipality": municipality, "nav": "plan", "problems": [], "result": None}
    form = PlanUploadForm()
    if request.method == "POST" and "upload" in request.POST:
        confirm = PlanConfirmForm(request.POST)
        if not confirm.is_valid():
            context["problems"] = [_("Peržiūrėto failo nebėra arba jis kitas. Įkelkite failą dar kartą.")]
        else:
            try:
                result = plan_upload_confirm(
                    user=request.user,
                    municipality=municipality,
                    upload_id=confirm.cleaned_data["upload"],
                    sha256=confirm.cleaned_data["sha256"],
                    allow_removals=confirm.cleaned_data["allow_removals"],
                )
            except (RemovalsNotAllowed, PreviewOutdated) as error:
                context.update(
                    problems=error.problems,
                    result=error.result,
                    confirm=PlanConfirmForm(
                        initial={"upload": confirm.cleaned_data["upload"], "sha256": confirm.cleaned_data["sha256"]}
                    ),
                )
            except PlanFileError as error:
                context["problems"] = error.problems
            else:
                messages.success(
                    request,
                    _("Planas atnaujintas: sukurta %(c)s, pakeista %(u)s, pašalinta %(d)s įrašų.")
                    % {"c": result.created, "u": result.updated, "d": result.deleted},
                )
                return redirect("plans:overview", municipality.code)
    elif request.method == "POST":
        form = PlanUploadForm(request.POST, request.FILES)
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                upload, result = plan_upload_preview(
                    user=request.user, municipality=municipality, name=file.name, content=file.read()
                )
            except PlanFileError as error:
                context["problems"] = error.problems
            else:
                context.update(
                    result=result,
                    upload=upload,
                    confirm=PlanConfirmForm(initial={"upload": upload.pk, "sha256": upload.sha256}),
                )
    context["form"] = form
    return render(request, "plans/import.html", context)


@municipality_view("tum.manage")
def versions(request, municipality):
    """Every imported version of the plan, and what changed between two of them (by default the last two)."""
    plan = plan_for_or_404(municipality)
    kept = list(plan.versions.select_related("imported_by").defer("content"))
    numbers = [v.number for v in kept]
    newer = _version_number(request.GET.get("to"), numbers, numbers[0] if numbers else None)
    older = _version_number(request.GET.get("from"), numbers, numbers[1] if len(numbers) > 1 else None)
    differences = None
    if older is not None and newer is not None and older != newer:
        contents = dict(plan.versions.filter(number__in=[older, newer]).values_list("number", "content"))
        differences = plan_differences(contents[older], contents[newer])
    context = {
        "municipality": municipality,
        "plan": plan,
        "nav": "plan",
        "versions": kept,
        "older": older,
        "newer": newer,
        "differences": differences,
    }
    return render(request, "plans/versions.html", context)


def _version_number(raw, numbers, default):
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return default
    return number if number in numbers else default
