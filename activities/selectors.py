from django.db.models import Prefetch

from budget.selectors import activity_total_subqueries

from .models import Activity, ActivitySchool


def activities_for_plan(plan, implementing_only=False):
    """Activities of a plan with everything a list shows, in a fixed number of queries.

    With `implementing_only`, only the schools that carry the activities out are loaded (lists need no more).
    """
    roles = ActivitySchool.objects.select_related("school")
    if implementing_only:
        # A list shows only the summarised codes, which sort themselves: the lean rows keep long pages fast.
        roles = roles.filter(role=ActivitySchool.Role.IMPLEMENTS).only("activity", "role", "school__code").order_by()
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related("plan__municipality", "category")
        .prefetch_related("areas", Prefetch("school_roles", queryset=roles))
    )
    return activities.annotate(**activity_total_subqueries())
