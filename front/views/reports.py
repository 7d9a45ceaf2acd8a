from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.decorators import municipality_view
from front.forms.reports import ReportForm, RetentionForm
from front.views.steps import action_done, form_saved
from plans.selectors import plan_for_or_404
from reports.access import report_access
from reports.models import Report
from reports.services import report_request, report_retention_set, report_retry, reports_for_user


@municipality_view()
def report_list(request, municipality):
    report_access(request.user, municipality).check_use()
    plan = plan_for_or_404(municipality)
    form = ReportForm(request.POST or None, municipality=municipality, plan=plan, user=request.user)
    report = form_saved(
        request,
        form,
        lambda data: report_request(
            user=request.user,
            plan=plan,
            kind=data["kind"],
            period=data["period"],
            fmt=data["format"],
            school=data["school"],
        ),
    )
    if report:
        if report.enqueued_at or report.state != Report.State.QUEUED:
            messages.success(request, _("Ataskaita užsakyta – ji bus paruošta per kelias akimirkas."))
        else:
            messages.warning(request, QUEUE_DOWN)
        return redirect("reports:list", municipality.code)
    reports = list(reports_for_user(user=request.user, municipality=municipality)[:100])
    context = {
        "municipality": municipality,
        "nav": "reports",
        "plan": plan,
        "form": form,
        "reports": reports,
        "pending": any(r.state in (Report.State.QUEUED, Report.State.RUNNING) for r in reports),
        "retention_form": RetentionForm(initial={"report_retention_days": plan.report_retention_days}),
    }
    return render(request, "reports/list.html", context)


QUEUE_DOWN = gettext_lazy(
    "Ataskaita užregistruota, bet foninių darbų eilė šiuo metu nepasiekiama. "
    "Ji bus pradėta ruošti savaime, kai eilė vėl veiks – nieko kartoti nereikia."
)


@require_POST
@municipality_view()
def report_retry_view(request, municipality, pk):
    report = get_object_or_404(reports_for_user(user=request.user, municipality=municipality), pk=pk)
    if action_done(request, lambda: report_retry(user=request.user, report=report)):
        if report.enqueued_at:
            messages.success(request, _("Ataskaita vėl ruošiama."))
        else:
            messages.warning(request, QUEUE_DOWN)
    return redirect("reports:list", municipality.code)


@municipality_view()
def report_download(request, municipality, pk):
    report = get_object_or_404(
        reports_for_user(user=request.user, municipality=municipality), pk=pk, state=Report.State.DONE
    )
    if not report.file:
        raise Http404
    content_type = (
        "application/pdf"
        if report.format == "pdf"
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename, content_type=content_type)


@require_POST
@municipality_view("tum.manage")
def retention_update(request, municipality):
    plan = plan_for_or_404(municipality)
    form = RetentionForm(request.POST)
    days = form.cleaned_data["report_retention_days"] if form.is_valid() else 0
    action_done(
        request,
        lambda: report_retention_set(user=request.user, plan=plan, days=days),
        _("Saugojimo laikas pakeistas."),
    )
    return redirect("reports:list", municipality.code)
