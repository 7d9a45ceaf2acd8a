from django.db.models import Q

from networking.models import NetworkingEvent
from reporting.models import ReviewState


def events_for_user(*, user, municipality):
    """Approved events for everyone in the municipality; drafts only for those who work on the host school."""
    events = NetworkingEvent.objects.filter(school__municipality=municipality)
    if user.has_perm("tum.manage", municipality):
        return events
    own = list(user.schools.values_list("pk", flat=True)) if user.is_coordinator else []
    return events.filter(Q(state=ReviewState.APPROVED) | Q(school__in=own))
