import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.decorators import municipality_view
from front.forms.errors import add_validation_errors, first_message
from front.forms.reporting import NetworkingEventForm
from front.views.reporting_items import item_context
from networking.models import NetworkingEvent
from networking.selectors import events_for_user
from networking.services import networking_event_delete, networking_event_save
from plans.selectors import plan_for_or_404
from review.items import item_for_user
from schools.models import School


class EventFilter(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Mokykla"), method="by_school", queryset=School.objects.none(), to_field_name="code"
    )
    form = django_filters.ChoiceFilter(label=gettext_lazy("Forma"), choices=NetworkingEvent.Form.choices)
    date_from = django_filters.DateFilter(
        label=gettext_lazy("Nuo"), field_name="date", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=gettext_lazy("Iki"), field_name="date", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = NetworkingEvent
        fields = ["form", "state"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = School.objects.filter(municipality=municipality)

    def by_school(self, queryset, name, school):
        return queryset.filter(school=school) | queryset.filter(participating_schools=school)


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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            event = networking_event_save(user=request.user, plan=plan, school=school, data=data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Renginys išsaugotas kaip juodraštis."))
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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            networking_event_save(
                user=request.user, plan=plan, school=event.school, data=data, event=event, version=version
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Renginys išsaugotas."))
            return redirect(request.path)
    context = item_context(request, municipality, event.period, event.school, event, access)
    context.update({"nav": "networking", "form": form})
    return render(request, "networking/event.html", context)


@require_POST
@municipality_view()
def event_delete(request, municipality, pk):
    event, _access = item_for_user(request.user, municipality, "event", pk)
    try:
        networking_event_delete(user=request.user, event=event)
    except ValidationError as error:
        messages.error(request, first_message(error))
        return redirect("networking:event", municipality.code, pk)
    messages.success(request, _("Renginys ištrintas."))
    return redirect("reporting:school_period", municipality.code, event.period.code, event.school.code)
