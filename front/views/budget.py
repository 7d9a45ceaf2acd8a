from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.decorators import municipality_view
from budget import execution
from budget.access import spending_access
from budget.imports import expenditure_import_request, expenditure_import_retry
from budget.models import BudgetLine, Expenditure, ExpenditureImport
from budget.selectors import declared_vs_planned
from budget.services import expenditure_delete, expenditure_save, plan_school_spending_set
from budget.spreadsheet import expenditure_template
from front.filters.budget import BudgetLineFilter
from front.forms.budget import ExpenditureForm, ImportForm
from front.tables.base import EXPORT_FORMATS, export_response
from front.tables.budget import ExecutionTable
from front.views.reporting_items import item_context
from front.views.steps import action_done, form_saved
from plans.selectors import plan_for_or_404
from reporting.models import ReviewState

GROUPINGS = [
    ("category", gettext_lazy("biudžeto kategoriją")),
    ("activity", gettext_lazy("veiklą")),
    ("line", gettext_lazy("biudžeto eilutę")),
    ("area", gettext_lazy("sritį")),
    ("school", gettext_lazy("mokyklą")),
    ("month", gettext_lazy("mėnesį")),
]
FILE_WORDS = {
    "category": "kategorijos",
    "activity": "veiklos",
    "line": "eilutes",
    "area": "sritys",
    "school": "mokyklos",
    "month": "menesiai",
}
LABELS = {
    "category": gettext_lazy("Kategorija"),
    "activity": gettext_lazy("Veikla"),
    "line": gettext_lazy("Eilutė"),
    "area": gettext_lazy("Sritis"),
    "school": gettext_lazy("Mokykla"),
    "month": gettext_lazy("Mėnuo"),
}


@municipality_view()
def overview(request, municipality):
    plan = plan_for_or_404(municipality)
    grouping = request.GET.get("by") if request.GET.get("by") in dict(GROUPINGS) else "category"
    line_filter = BudgetLineFilter(
        request.GET or None, queryset=BudgetLine.objects.filter(activity__plan=plan), plan=plan
    )
    rows = execution.line_rows(plan, lines=line_filter.qs)
    if grouping == "month":
        grouped = execution.execution_by_month(plan)
        for row in grouped:
            row.label = row.key.strftime("%Y-%m")
    else:
        grouped = execution.execution_by(plan, grouping, rows=rows)
    if request.GET.get("over") == "1":
        grouped = [row for row in grouped if row.over_plan]
    total = execution.total(rows)
    table = ExecutionTable(grouped, label_name=LABELS[grouping])
    # rows that cover each line once add up to the table's total; areas count a line in each of its areas
    shown = execution.total(grouped) if grouping != "area" else total
    if grouping == "month":  # planned money has no month
        shown.planned_amount = shown.planned_vat = None
    fmt = request.GET.get("export")
    if fmt not in EXPORT_FORMATS:
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
    if fmt in EXPORT_FORMATS:
        total_row = [str(_("Iš viso"))] + [getattr(shown, name) for name in execution.FIGURES if name != "pipeline_vat"]
        total_row += [shown.rate, ""]
        return export_response(table, fmt, f"{municipality.code}-biudzetas-{FILE_WORDS[grouping]}", total_row=total_row)
    context = {
        "municipality": municipality,
        "nav": "budget",
        "plan": plan,
        "filter": line_filter,
        "grouping": grouping,
        "groupings": GROUPINGS,
        "table": table,
        "total": total,
        "shown": shown,
        "indirect": execution.indirect(plan, total),
        "filtered": bool(line_filter.form.is_bound and any(line_filter.form.cleaned_data.values()))
        if line_filter.form.is_valid()
        else False,
        "totals_check": declared_vs_planned(plan),
        "over_only": request.GET.get("over") == "1",
        "area_note": grouping == "area",
    }
    return render(request, "budget/overview.html", context)


def _line_for(plan, pk):
    return get_object_or_404(
        BudgetLine.objects.select_related("activity__plan__municipality", "school", "activity__category"),
        pk=pk,
        activity__plan=plan,
    )


@municipality_view()
def line_detail(request, municipality, pk):
    plan = plan_for_or_404(municipality)
    line = _line_for(plan, pk)
    access = spending_access(request.user, line)
    can_enter = access.may_enter
    form = ExpenditureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not can_enter:
        raise PermissionDenied
    if form_saved(
        request,
        form,
        lambda data, _version: expenditure_save(
            document=data.pop("document_file"), user=request.user, line=line, data=data
        ),
        _("Išlaidos įrašytos."),
    ):
        return redirect(request.path)
    row = execution.line_rows(plan, lines=BudgetLine.objects.filter(pk=line.pk))[0]
    expenditures = line.expenditures.select_related("created_by", "period").order_by("-date", "-pk")
    if not access.works_on_school:
        expenditures = expenditures.filter(state=ReviewState.APPROVED)
    context = {
        "municipality": municipality,
        "nav": "budget",
        "plan": plan,
        "line": line,
        "row": row,
        "expenditures": expenditures,
        "form": form if can_enter else None,
    }
    return render(request, "budget/line.html", context)


@municipality_view()
def expenditure_page(request, municipality, pk):
    plan = plan_for_or_404(municipality)
    expenditure, access = _expenditure_for(request, municipality, pk)
    line = expenditure.budget_line
    editable = access.may_edit
    form = ExpenditureForm(
        request.POST or None, request.FILES or None, instance=expenditure, initial={"version": expenditure.version}
    )
    if request.method == "POST" and not editable:
        raise PermissionDenied
    if form_saved(
        request,
        form,
        lambda data, version: expenditure_save(
            document=data.pop("document_file"),
            user=request.user,
            line=line,
            data=data,
            expenditure=expenditure,
            version=version,
        ),
        _("Išlaidos išsaugotos."),
    ):
        return redirect(request.path)
    context = item_context(request, municipality, expenditure.period, expenditure.school, expenditure, access)
    context.update({"nav": "budget", "plan": plan, "line": line, "form": form})
    return render(request, "budget/expenditure.html", context)


def _expenditure_for(request, municipality, pk):
    expenditure = get_object_or_404(
        Expenditure.objects.select_related(
            "budget_line__activity__plan__municipality",
            "budget_line__school",
            "school",
            "period",
            "created_by",
            "updated_by",
            "submitted_by",
            "reviewed_by",
        ),
        pk=pk,
        budget_line__activity__plan__municipality=municipality,
    )
    access = spending_access(request.user, expenditure.budget_line, expenditure)
    access.check_read()
    return expenditure, access


@require_POST
@municipality_view()
def expenditure_remove(request, municipality, pk):
    expenditure, _access = _expenditure_for(request, municipality, pk)
    line = expenditure.budget_line
    action_done(
        request, lambda: expenditure_delete(user=request.user, expenditure=expenditure), _("Išlaidų įrašas ištrintas.")
    )
    return redirect("budget:line", municipality.code, line.pk)


@municipality_view()
def expenditure_document(request, municipality, pk):
    expenditure, _access = _expenditure_for(request, municipality, pk)
    if not expenditure.document:
        raise Http404
    response = FileResponse(
        expenditure.document.open("rb"),
        as_attachment=True,
        filename=expenditure.document_name,
        content_type=expenditure.document_content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@municipality_view("tum.manage")
def template_download(request, municipality):
    plan = plan_for_or_404(municipality)
    response = HttpResponse(
        expenditure_template(plan), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{municipality.code}-islaidu-sablonas.xlsx"'
    return response


QUEUE_DOWN = gettext_lazy(
    "Failas gautas, bet foninių darbų eilė šiuo metu nepasiekiama. "
    "Importas prasidės savaime, kai eilė vėl veiks – nieko kartoti nereikia."
)


@municipality_view("tum.manage")
def import_upload(request, municipality):
    plan = plan_for_or_404(municipality)
    form = ImportForm(request.POST or None, request.FILES or None)
    job = form_saved(
        request, form, lambda data: expenditure_import_request(user=request.user, plan=plan, upload=data["file"])
    )
    if job:
        if not job.enqueued_at:
            messages.warning(request, QUEUE_DOWN)
        return redirect("budget:import_job", municipality.code, job.pk)
    context = {
        "municipality": municipality,
        "nav": "budget",
        "form": form,
        "imports": ExpenditureImport.objects.filter(plan=plan).select_related("requested_by")[:10],
    }
    return render(request, "budget/import.html", context)


def _import_for(municipality, pk):
    return get_object_or_404(
        ExpenditureImport.objects.select_related("requested_by"), pk=pk, plan__municipality=municipality
    )


@municipality_view("tum.manage")
def import_job(request, municipality, pk):
    job = _import_for(municipality, pk)
    context = {"municipality": municipality, "nav": "budget", "job": job}
    return render(request, "budget/import_job.html", context)


@municipality_view("tum.manage")
def import_errors_download(request, municipality, pk):
    job = _import_for(municipality, pk)
    if not job.error_file:
        raise Http404
    return FileResponse(
        job.error_file.open("rb"),
        as_attachment=True,
        filename="islaidos-su-klaidomis.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_POST
@municipality_view("tum.manage")
def import_retry(request, municipality, pk):
    job = _import_for(municipality, pk)
    if action_done(request, lambda: expenditure_import_retry(job=job)):
        if not job.enqueued_at:
            messages.warning(request, QUEUE_DOWN)
    return redirect("budget:import_job", municipality.code, job.pk)


@require_POST
@municipality_view("tum.manage")
def settings_update(request, municipality):
    plan = plan_for_or_404(municipality)
    plan_school_spending_set(user=request.user, plan=plan, allowed=request.POST.get("school_spending_entries") == "on")
    messages.success(request, _("Nustatymas išsaugotas."))
    return redirect("budget:overview", municipality.code)
