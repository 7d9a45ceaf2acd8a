from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import municipality_view
from activities.models import ActivityProgress
from budget.models import Expenditure
from front.forms.reporting import PeriodForm, ReasonForm, ReopenForm
from front.http import redirect_back
from front.views.steps import action_done, form_saved
from indicators.models import IndicatorValue
from networking.models import NetworkingEvent
from plans.selectors import plan_for_or_404
from reporting import periods as period_services
from reporting import workflow
from reporting.access import item_access
from reporting.models import PeriodReopening, ReportingPeriod, ReviewState
from review.items import KINDS, item_for_user, item_title, item_url, kind_of
from review.selectors import period_completeness, review_queues, school_period_items
from schools.models import School


def school_period(request, municipality, code, school_code, perm="tum.view_school_work"):
    """The plan, period and school behind a URL, if the user may work on that school."""
    plan = plan_for_or_404(municipality)
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan__municipality"), plan=plan, code=code)
    school = get_object_or_404(
        School.objects.select_related("municipality"), municipality=municipality, code=school_code
    )
    if not request.user.has_perm(perm, school):
        raise PermissionDenied
    return plan, period, school


@municipality_view()
def period_list(request, municipality):
    plan = plan_for_or_404(municipality)
    user = request.user
    if user.is_coordinator:
        schools = list(user.schools.filter(municipality=municipality))
    elif user.has_perm("tum.manage", municipality):
        schools = list(School.objects.filter(municipality=municipality).participating())
    else:
        raise PermissionDenied
    today = timezone.localdate()
    periods = [(p, period_services.is_open_for(p, None, today, reopenings=[])) for p in plan.periods.all()]
    context = {
        "municipality": municipality,
        "nav": "reporting",
        "plan": plan,
        "periods": periods,
        "schools": schools,
        "current": period_services.current_period(plan, today),
        "today": today,
    }
    return render(request, "reporting/period_list.html", context)


@require_POST
@municipality_view("tum.manage")
def periods_create(request, municipality):
    plan = plan_for_or_404(municipality)
    created = period_services.periods_create_quarters(plan=plan)
    messages.success(
        request,
        ngettext("Sukurtas %(count)s laikotarpis.", "Sukurti %(count)s laikotarpiai.", len(created))
        % {"count": len(created)},
    )
    return redirect("reporting:periods", municipality.code)


@municipality_view("tum.manage")
def period_edit(request, municipality, code):
    plan = plan_for_or_404(municipality)
    period = get_object_or_404(ReportingPeriod, plan=plan, code=code)
    form = PeriodForm(request.POST or None, instance=period)
    if form_saved(
        request,
        form,
        lambda data: period_services.period_update(user=request.user, period=period, **data),
        _("Laikotarpio terminai pakeisti."),
    ):
        return redirect("reporting:periods", municipality.code)
    context = {"municipality": municipality, "nav": "reporting", "period": period, "form": form}
    return render(request, "reporting/period_edit.html", context)


@municipality_view("tum.manage")
def completeness(request, municipality, code):
    """Which school has submitted what for the period, on time or late."""
    plan = plan_for_or_404(municipality)
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), plan=plan, code=code)
    schools = list(School.objects.filter(municipality=municipality).participating())
    rows = [(entry, ReopenForm(prefix=entry.school.code)) for entry in period_completeness(period, schools).values()]
    context = {
        "municipality": municipality,
        "nav": "reporting",
        "period": period,
        "rows": rows,
        "today": timezone.localdate(),
    }
    return render(request, "reporting/completeness.html", context)


@require_POST
@municipality_view("tum.manage")
def period_reopen(request, municipality, code, school_code):
    plan, period, school = school_period(request, municipality, code, school_code, perm="tum.manage")
    form = ReopenForm(request.POST, prefix=school.code)
    if form.is_valid():
        action_done(
            request,
            lambda: period_services.period_reopen_for_school(
                user=request.user, period=period, school=school, **form.cleaned_data
            ),
            _("Laikotarpis %(period)s atidarytas mokyklai %(school)s.")
            % {"period": period.code, "school": school.code},
        )
    else:
        messages.error(request, _("Nurodykite datą ir priežastį."))
    return redirect("reporting:completeness", municipality.code, period.code)


@municipality_view()
def school_period_page(request, municipality, code, school_code):
    plan, period, school = school_period(request, municipality, code, school_code)
    items = school_period_items(period, school)
    context = {
        "municipality": municipality,
        "nav": "reporting",
        "period": period,
        "school": school,
        "is_open": period_services.is_open_for(period, school),
        "can_edit": item_access(request.user, period=period, school=school).may_edit,
        **items,
    }
    return render(request, "reporting/school_period.html", context)


@require_POST
@municipality_view()
def school_period_submit(request, municipality, code, school_code):
    """Submit the chosen items (or every draft that is ready) for review, all or none."""
    plan, period, school = school_period(request, municipality, code, school_code, perm="tum.edit_school_work")
    chosen = set(request.POST.getlist("item"))
    editable = (ReviewState.DRAFT, ReviewState.RETURNED)
    items = [
        item
        for model, kind in (
            (ActivityProgress, "activity"),
            (IndicatorValue, "indicator"),
            (NetworkingEvent, "event"),
            (Expenditure, "expenditure"),
        )
        for item in model.objects.filter(period=period, school=school, state__in=editable).select_related(
            "school", "period"
        )
        if not chosen or f"{kind}:{item.pk}" in chosen
    ]
    if kind_filter := request.POST.get("only"):
        items = [item for item in items if kind_of(item) == kind_filter]
    if not items:
        messages.warning(request, _("Nėra juodraščių, kuriuos būtų galima pateikti."))
    else:
        action_done(
            request,
            lambda: workflow.items_submit(user=request.user, items=items),
            ngettext("Peržiūrai pateiktas %(count)s įrašas.", "Peržiūrai pateikti %(count)s įrašai.", len(items))
            % {"count": len(items)},
            refused=_("Niekas nepateikta: %(error)s"),
        )
    return redirect("reporting:school_period", municipality.code, period.code, school.code)


@municipality_view("tum.manage")
def queue(request, municipality):
    """Submitted items waiting for review, one kind at a time, oldest first; many can be approved at once."""
    plan = plan_for_or_404(municipality)
    if request.method == "POST":
        items = []
        for value in request.POST.getlist("item"):
            kind, _sep, pk = value.partition(":")
            if kind in KINDS and pk.isdigit():
                items.append(item_for_user(request.user, municipality, kind, int(pk), to_review=True)[0])
        if not items:
            messages.warning(request, _("Nepažymėtas nė vienas įrašas: pažymėkite, kuriuos patvirtinti."))
            return redirect(request.get_full_path())
        approved, skipped = workflow.items_approve(user=request.user, items=items)
        if approved:
            messages.success(
                request,
                ngettext("Patvirtintas %(count)s įrašas.", "Patvirtinti %(count)s įrašai.", len(approved))
                % {"count": len(approved)},
            )
        for item, reason in skipped:
            messages.warning(
                request, _("Nepatvirtinta „%(item)s“: %(reason)s.") % {"item": item_title(item), "reason": reason}
            )
        return redirect(request.get_full_path())
    period = plan.periods.filter(code=request.GET.get("period")).first()
    school = School.objects.filter(municipality=municipality, code=request.GET.get("school")).first()
    queues = review_queues(municipality, school=school, period=period)
    counts = {kind: queryset.count() for kind, queryset in queues.items()}
    kind = request.GET.get("kind")
    if kind not in KINDS:
        kind = next((k for k, count in counts.items() if count), "activity")
    page = Paginator(queues[kind], 50).get_page(request.GET.get("page"))
    authors = workflow.content_authors(page.object_list)
    reopenings = list(
        PeriodReopening.objects.filter(
            period__in={item.period_id for item in page}, school__in={item.school_id for item in page}
        )
    )
    rows = [
        {
            "item": item,
            "kind": kind,
            "title": item_title(item),
            "url": item_url(item),
            "own": request.user.pk in authors[(type(item), item.pk)],
            "late": item.submitted_at
            and period_services.submitted_late(
                item.period, item.school_id, item.submitted_at, [r for r in reopenings if r.period_id == item.period_id]
            ),
        }
        for item in page
    ]
    if kind == "activity":
        prefetch_related_objects([row["item"] for row in rows], "evidence")
    context = {
        "municipality": municipality,
        "nav": "review",
        "rows": rows,
        "page": page,
        "kind": kind,
        "counts": counts,
        "periods": plan.periods.all(),
        "schools": School.objects.filter(municipality=municipality).participating(),
        "selected": {"period": period, "school": school},
        "kinds": [(k, label, counts[k]) for k, (_m, label) in KINDS.items()],
    }
    return render(request, "reporting/queue.html", context)


@require_POST
@municipality_view("tum.manage")
def review_action(request, municipality, kind, pk, action):
    item, _access = item_for_user(request.user, municipality, kind, pk, to_review=True)
    if action == "approve":

        def act():
            _approved, skipped = workflow.items_approve(user=request.user, items=[item])
            if skipped:
                raise ValidationError(skipped[0][1])

        action_done(request, act, _("Patvirtinta."))
    elif action in ("return", "reopen"):
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        send_back = workflow.item_return if action == "return" else workflow.item_reopen
        action_done(
            request,
            lambda: send_back(user=request.user, item=item, reason=reason),
            _("Grąžinta mokyklai su priežastimi."),
        )
    else:
        raise PermissionDenied
    return redirect_back(request, item_url(item))
