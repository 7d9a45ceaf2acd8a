from django.db.models import Prefetch

from budget.selectors import activity_total_subqueries

from .models import Activity, ActivitySchool


def activities_for_plan(plan):
    """Activities of a plan with everything a list shows, in a fixed number of queries."""
    return (
        Activity.objects.filter(plan=plan)
        .select_related("plan__municipality", "category")
        .prefetch_related(
            "areas", Prefetch("school_roles", queryset=ActivitySchool.objects.select_related("school"))
        )
        .annotate(**activity_total_subqueries())
    )
