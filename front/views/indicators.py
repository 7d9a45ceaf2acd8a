from django.shortcuts import get_object_or_404, render

from accounts.decorators import municipality_view
from indicators.models import Indicator
from plans.selectors import plan_for_or_404


def _indicators(plan):
    return Indicator.objects.filter(plan=plan).select_related("plan__municipality").prefetch_related("baselines")


@municipality_view()
def indicator_list(request, municipality):
    plan = plan_for_or_404(municipality)
    indicators = list(_indicators(plan))
    groups = [(kind, label, [i for i in indicators if i.kind == kind]) for kind, label in Indicator.Kind.choices]
    context = {"municipality": municipality, "nav": "indicators", "groups": groups}
    return render(request, "indicators/list.html", context)


@municipality_view()
def indicator_detail(request, municipality, number):
    plan = plan_for_or_404(municipality)
    indicator = get_object_or_404(_indicators(plan), number=number)
    activities = indicator.activities.select_related("plan__municipality").order_by("sort_key")
    context = {"municipality": municipality, "nav": "indicators", "indicator": indicator, "activities": activities}
    return render(request, "indicators/detail.html", context)
