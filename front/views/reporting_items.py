"""The page of one item a school reports: its form, evidence, review actions and history."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import municipality_view
from activities.models import Activity, ActivityProgress, Evidence
from activities.services import activity_progress_save, evidence_add, evidence_remove
from front.forms.reporting import ActivityProgressForm, CommentForm, EvidenceForm, IndicatorValueForm, ReasonForm
from front.history import history_rows
from front.views.reporting import school_period
from front.views.steps import action_done, form_saved
from indicators.models import Indicator, IndicatorValue
from indicators.selectors import value_jump
from indicators.services import indicator_value_save
from reporting.access import item_access
from reporting.services import item_comment_add
from review.items import item_for_user, item_url
from review.selectors import due_activity_roles


def item_context(request, municipality, period, school, item, access=None):
    """The page's common parts; `access` (what the user may do with the item) from `item_access` unless given."""
    if access is None:
        access = item_access(request.user, item, period=period, school=school, municipality=municipality)
    return {
        "municipality": municipality,
        "nav": "reporting",
        "period": period,
        "school": school,
        "item": item,
        "history": history_rows(item) if item else [],
        "access": access,
        "can_edit": access.may_edit,
        "can_review": access.may_review,
        "cannot_approve": access.approve_refusal,
        "reason_form": ReasonForm(),
    }


@municipality_view()
def activity_progress_page(request, municipality, code, school_code, number):
    plan, period, school = school_period(request, municipality, code, school_code)
    activity = get_object_or_404(Activity, plan=plan, number=number)
    if not due_activity_roles(period, [school]).filter(activity=activity).exists():
        raise Http404(_("Šiame laikotarpyje mokykla šios veiklos neteikia."))
    item = ActivityProgress.objects.filter(period=period, school=school, activity=activity).first()
    form = ActivityProgressForm(
        request.POST or None,
        instance=item,
        initial={"version": item.version if item else None},
        school=school,
    )
    if form_saved(
        request,
        form,
        lambda data, version: activity_progress_save(
            user=request.user, period=period, school=school, activity=activity, data=data, version=version
        ),
        _("Juodraštis išsaugotas."),
    ):
        return redirect(request.path)
    context = item_context(request, municipality, period, school, item)
    context.update({"activity": activity, "form": form, "evidence_form": EvidenceForm()})
    return render(request, "reporting/activity_progress.html", context)


@require_POST
@municipality_view()
def evidence_upload(request, municipality, code, school_code, number):
    plan, period, school = school_period(request, municipality, code, school_code, perm="tum.edit_school_work")
    activity = get_object_or_404(Activity, plan=plan, number=number)
    progress = ActivityProgress.objects.filter(period=period, school=school, activity=activity).first()
    form = EvidenceForm(request.POST, request.FILES)
    if progress is None:
        messages.error(request, _("Pirma išsaugokite veiklos pažangos juodraštį, tada pridėkite įrodymus."))
    elif not form.is_valid():
        messages.error(request, " ".join(form.errors.get("file", [])) or _("Pasirinkite failą."))
    else:
        action_done(
            request,
            lambda: evidence_add(user=request.user, progress=progress, upload=form.cleaned_data["file"]),
            _("Įrodymas pridėtas."),
        )
    return redirect("reporting:activity", municipality.code, period.code, school.code, activity.number)


def _evidence_for_user(request, municipality, pk, *, published):
    evidence = get_object_or_404(
        Evidence.objects.select_related("progress__school__municipality", "progress__period", "progress__activity"),
        pk=pk,
        progress__school__municipality=municipality,
    )
    item_access(request.user, evidence.progress, municipality=municipality, published_readable=published).check_read()
    return evidence


@municipality_view()
def evidence_download(request, municipality, pk):
    evidence = _evidence_for_user(request, municipality, pk, published=True)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@municipality_view()
def evidence_delete(request, municipality, pk):
    evidence = _evidence_for_user(request, municipality, pk, published=False)
    progress = evidence.progress
    action_done(request, lambda: evidence_remove(user=request.user, evidence=evidence), _("Įrodymas pašalintas."))
    return redirect(
        "reporting:activity", municipality.code, progress.period.code, progress.school.code, progress.activity.number
    )


@municipality_view()
def indicator_value_page(request, municipality, code, school_code, number):
    plan, period, school = school_period(request, municipality, code, school_code)
    indicator = get_object_or_404(
        Indicator.objects.prefetch_related("baselines"), plan=plan, number=number, computation=""
    )
    item = IndicatorValue.objects.filter(period=period, school=school, indicator=indicator).first()
    form = IndicatorValueForm(
        request.POST or None, instance=item, initial={"version": item.version if item else None}, indicator=indicator
    )
    if form_saved(
        request,
        form,
        lambda data, version: indicator_value_save(
            user=request.user, period=period, school=school, indicator=indicator, data=data, version=version
        ),
        _("Juodraštis išsaugotas."),
    ):
        return redirect(request.path)
    context = item_context(request, municipality, period, school, item)
    context.update({"indicator": indicator, "form": form, "jump": value_jump(item)})
    return render(request, "reporting/indicator_value.html", context)


@require_POST
@municipality_view()
def item_comment(request, municipality, kind, pk):
    """A reply in the conversation on an item, by someone who may read it."""
    item, _access = item_for_user(request.user, municipality, kind, pk)
    form = CommentForm(request.POST, prefix="comment")
    if form.is_valid():
        action_done(
            request,
            lambda: item_comment_add(user=request.user, item=item, text=form.cleaned_data["text"]),
            _("Atsakymas išsiųstas."),
        )
    else:
        messages.error(request, " ".join(form.errors.get("text", [])))
    return redirect(item_url(item) + "#thread")
