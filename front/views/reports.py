from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.decorators import municipality_view
from front.forms.errors import add_validation_errors, first_message
from plans.selectors import plan_for_or_404
from reports.access import report_access
from reports.models import Report
from reports.services import report_request, report_retry, reports_for_user
from schools.models import School


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Ataskaita"), choices=Report.Kind.choices)
    period = forms.CharField(
        label=gettext_lazy("Laikotarpis"),
        max_length=20,
        initial="all",
        help_text=gettext_lazy(
            "Ketvirtis (2025-Q4), pusmetis (2025-H2), metai (2025) arba all – visa programa iki šiol."
        ),
    )
    school = forms.ModelChoiceField(
        label=gettext_lazy("Mokykla"),
        queryset=School.objects.none(),
        required=False,
        to_field_name="code",
        help_text=gettext_lazy("Tik mokyklos ataskaitai."),
    )
    format = forms.ChoiceField(label=gettext_lazy("Formatas"), choices=Report.Format.choices)

    def __init__(self, *args, municipality, user, **kwargs):
        super().__init__(*args, **kwargs)
        schools = School.objects.filter(municipality=municipality).participating()
        access = report_access(user, municipality)
        if not access.every_report:
            schools = schools.filter(pk__in=access.school_ids)
            self.fields["kind"].choices = [(Report.Kind.SCHOOL, Report.Kind.SCHOOL.label)]
        self.fields["school"].queryset = schools


class RetentionForm(forms.Form):
    report_retention_days = forms.IntegerField(
        label=gettext_lazy("Saugoti ataskaitų failus, dienų"), min_value=7, max_value=3650
    )


@municipality_view()
def report_list(request, municipality):
    report_access(request.user, municipality).check_use()
    plan = plan_for_or_404(municipality)
    form = ReportForm(request.POST or None, municipality=municipality, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = report_request(
                user=request.user,
                plan=plan,
                kind=data["kind"],
                period=data["period"].strip(),
                fmt=data["format"],
                school=data["school"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
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
    try:
        report_retry(user=request.user, report=report)
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
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
    if form.is_valid():
        plan.report_retention_days = form.cleaned_data["report_retention_days"]
        plan.save(update_fields=["report_retention_days"])
        messages.success(request, _("Saugojimo laikas pakeistas."))
    else:
        messages.error(request, _("Saugojimo laikas turi būti nuo 7 iki 3650 dienų."))
    return redirect("reports:list", municipality.code)
