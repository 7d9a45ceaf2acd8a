"""What each person has to do next, for the home page: built from the queues and the completeness,
in a fixed number of queries however much data there is."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from budget.models import ExpenditureImport
from reporting.models import ReviewState
from reporting.periods import current_period
from review.items import KINDS, item_title, item_url
from review.selectors import period_completeness, review_queues
from schools.models import Municipality, School

SHOWN = 30  # items listed per kind; the rest are counted
RECENT_DAYS = 30

_RELATED = {
    "activity": ("activity", "school", "period__plan__municipality"),
    "indicator": ("indicator", "school", "period__plan__municipality"),
    "event": ("school", "period__plan__municipality"),
    "expenditure": ("school", "period__plan__municipality"),
}


@dataclass
class TodoItem:
    kind: str
    label: str
    item: object
    title: str
    url: str

    @property
    def returned(self):
        return self.item.state == ReviewState.RETURNED


def coordinator_todo(user, municipality, plan, today=None):
    """A coordinator's items to finish: returned ones (with the reason) first, then drafts; and the open period.

    {"period", "days_left", "schools": [SchoolCompleteness], "items": [TodoItem], "returned", "drafts"}.
    """
    today = today or timezone.localdate()
    schools = list(user.schools.filter(municipality=municipality).order_by("number", "code"))
    period = current_period(plan, today) if plan is not None else None
    items = []
    returned_first = Case(
        When(state=ReviewState.RETURNED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    for kind, (model, label) in KINDS.items():
        rows = (
            model.objects.filter(
                period__plan=plan, school__in=schools, state__in=(ReviewState.DRAFT, ReviewState.RETURNED)
            )
            .select_related(*_RELATED[kind])
            .order_by(returned_first, "-period__starts_on", "pk")[:SHOWN]
        )
        items += [TodoItem(kind, label, row, item_title(row), item_url(row)) for row in rows]
    items.sort(key=lambda entry: not entry.returned)
    completeness = []
    if period is not None and schools:
        completeness = list(period_completeness(period, schools).values())
    return {
        "period": period,
        "days_left": (period.deadline - today).days if period else None,
        "schools": completeness,
        "items": items,
        "returned": sum(entry.returned for entry in items),
        "drafts": sum(not entry.returned for entry in items),
    }


def staff_todo(municipality, plan, today=None):
    """What staff look at first: submitted items waiting by kind, schools late for the current period,
    spending imports that failed lately.

    {"waiting": [(kind, label, count)], "waiting_total", "period", "late": [SchoolCompleteness], "failed_imports"}.
    """
    today = today or timezone.localdate()
    counts = waiting_counts(municipality)
    waiting = [(kind, label, counts[kind]) for kind, (_model, label) in KINDS.items()]
    period = current_period(plan, today) if plan is not None else None
    late = []
    if period is not None and today > period.deadline:
        schools = list(School.objects.filter(municipality=municipality).participating().order_by("number", "code"))
        completeness = period_completeness(period, schools, events=False)
        late = [entry for entry in completeness.values() if not entry.complete]
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    failed_imports = list(
        ExpenditureImport.objects.filter(
            plan=plan,
            state__in=(ExpenditureImport.State.FAILED, ExpenditureImport.State.REFUSED),
            requested_at__gte=since,
        )[:5]
    )
    return {
        "waiting": waiting,
        "waiting_total": sum(count for _kind, _label, count in waiting),
        "period": period,
        "late": late,
        "failed_imports": failed_imports,
    }


def waiting_counts(municipality):
    """{kind: number of submitted items waiting for review}, in one query."""
    counted = {
        kind: Coalesce(Subquery(queryset.order_by().values("state").annotate(n=Count("pk")).values("n")[:1]), Value(0))
        for kind, queryset in review_queues(municipality).items()
    }
    return Municipality.objects.filter(pk=municipality.pk).values(**counted).get()
