"""Writing networking events; an event belongs to the period that contains its date."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from networking.models import NetworkingEvent
from reporting.periods import period_containing
from reporting.workflow import check_can_edit, locked_for_update, mark_saved

EVENT_FIELDS = ("date", "form", "title", "participants", "activity", "description")


def _period_for(plan, date):
    period = period_containing(plan.periods.all(), date)
    if period is None:
        raise ValidationError({"date": _("Data turi būti plano laikotarpio viduje.")})
    return period


def networking_event_save(*, user, plan, school, data, event=None, version=None):
    """Create (event=None) or change a networking event hosted by `school`."""
    period = _period_for(plan, data["date"])
    check_can_edit(user, period, school)
    participating = list(data.get("participating_schools") or [])
    if not participating:
        raise ValidationError({"participating_schools": _("Nurodykite bent vieną dalyvavusią mokyklą.")})
    if any(s.municipality_id != school.municipality_id for s in participating):
        raise ValidationError({"participating_schools": _("Galima nurodyti tik savo savivaldybės mokyklas.")})
    activity = data.get("activity")
    if activity is not None and activity.plan_id != plan.pk:
        raise ValidationError({"activity": _("Veikla turi būti iš šio plano.")})
    with transaction.atomic():
        if event is None:
            event = NetworkingEvent(period=period, school=school, created_by=user, updated_by=user)
        else:
            event = locked_for_update(NetworkingEvent, event.pk, version)
            check_can_edit(user, event.period, event.school, event)
            check_can_edit(user, period, school)
            mark_saved(event, user)
            event.period = period
        for field in EVENT_FIELDS:
            setattr(event, field, data.get(field, getattr(event, field)))
        event.full_clean()
        event.save()
        event.participating_schools.set(participating)
    return event


def networking_event_delete(*, user, event):
    with transaction.atomic():
        event = NetworkingEvent.objects.select_for_update().get(pk=event.pk)
        check_can_edit(user, event.period, event.school, event)
        event.delete()
