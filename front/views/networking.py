from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import municipality_view
from front.filters.networking import EventFilter
from front.forms.reporting import NetworkingEventForm
from front.views.reporting_items import item_context
from front.views.steps import action_done, form_saved
from networking.selectors import events_for_user
from networking.services import networking_event_delete, networking_event_save
from plans.selectors import plan_for_or_404
from review.items import item_for_user
from schools.models import School


@municipality_view()
def event_list(request, municipality):
    events = (
        events_for_user(user=request.user, municipality=municipality)
        .select_related("school", "activity", "period")
        .prefetch_related("participating_schools")
    )
    event_filter = EventFilter(request.GET or None, queryset=events, municipality=municipality)
    context = {
        "municipality": municipality,
        "nav": "networking",
        "filter": event_filter,
        "events": event_filter.qs.distinct()[:500],
    }
    return render(request, "networking/event_list.html", context)


@municipality_view()
def event_create(request, municipality, school_code):
    plan = plan_for_or_404(municipality)
    school = get_object_or_404(School, municipality=municipality, code=school_code)
    if not request.user.has_perm("tum.edit_school_work", school):
        raise PermissionDenied
    form = NetworkingEventForm(request.POST or None, plan=plan, school=school)
    event = form_saved(
        request,
        form,
        lambda data, _version: networking_event_save(user=request.user, plan=plan, school=school, data=data),
        _("Renginys išsaugotas kaip juodraštis."),
    )
    if event:
        return redirect("networking:event", municipality.code, event.pk)
    context = {"municipality": municipality, "nav": "networking", "school": school, "form": form, "item": None}
    return render(request, "networking/event.html", context)


@municipality_view()
def event_page(request, municipality, pk):
    plan = plan_for_or_404(municipality)
    event, access = item_for_user(request.user, municipality, "event", pk, allow_published=True)
    form = NetworkingEventForm(
        request.POST or None, instance=event, initial={"version": event.version}, plan=plan, school=event.school
    )
    saved = form_saved(
        request,
        form,
        lambda data, version: networking_event_save(
            user=request.user, plan=plan, school=event.school, data=data, event=event, version=version
        ),
        _("Renginys išsaugotas."),
    )
    if saved:
        return redirect(request.path)
    context = item_context(request, municipality, event.period, event.school, event, access)
    context.update({"nav": "networking", "form": form})
    return render(request, "networking/event.html", context)


@require_POST
@municipality_view()
def event_delete(request, municipality, pk):
    event, _access = item_for_user(request.user, municipality, "event", pk)
    if not action_done(
        request, lambda: networking_event_delete(user=request.user, event=event), _("Renginys ištrintas.")
    ):
        return redirect("networking:event", municipality.code, pk)
    return redirect("reporting:school_period", municipality.code, event.period.code, event.school.code)
