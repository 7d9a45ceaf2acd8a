from django.db.models import Q

from accounts.rules import work_school_ids
from networking.models import NetworkingEvent
from reporting.models import ReviewState


def events_for_user(*, user, municipality):
    """Approved events for everyone in the municipality; drafts only for those who work on the host school."""
    events = NetworkingEvent.objects.filter(school__municipality=municipality)
    own = work_school_ids(user, municipality)
    if own is None:
        return events
    return events.filter(Q(state=ReviewState.APPROVED) | Q(school__in=own))
