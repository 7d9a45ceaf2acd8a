from django.db.models import Prefetch

from activities.models import Activity, ActivitySchool
from budget.selectors import activity_total_subqueries


def activities_for_plan(plan, for_table=False):
    """Activities of a plan with everything a page shows of them, in a fixed number of queries.

    `for_table` loads only what the activities table shows: the implementing schools' codes (which
    sort themselves) and no plan per row. Long pages stay fast and leave little for the garbage collector.
    """
    roles = ActivitySchool.objects.select_related("school")
    related = ["plan__municipality", "category"]
    if for_table:
        roles = roles.filter(role=ActivitySchool.Role.IMPLEMENTS).only("activity", "role", "school__code").order_by()
        related = ["category"]
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related(*related)
        .prefetch_related("areas", Prefetch("school_roles", queryset=roles))
    )
    return activities.annotate(**activity_total_subqueries())
