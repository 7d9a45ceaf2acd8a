from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from accounts.decorators import municipality_view
from indicators.models import Indicator
from plans.selectors import plan_for_or_404

# A whole heading per kind: the kind's own label is singular ("privalomas"), the heading plural.
GROUP_HEADINGS = {
    Indicator.Kind.MANDATORY: _("Privalomi rodikliai"),
    Indicator.Kind.CHOSEN: _("Pasirinkti rodikliai"),
    Indicator.Kind.ADDITIONAL: _("Papildomi rodikliai"),
}


def _indicators(plan):
    return Indicator.objects.filter(plan=plan).select_related("plan__municipality").prefetch_related("baselines")


@municipality_view()
def indicator_list(request, municipality):
    plan = plan_for_or_404(municipality)
    indicators = list(_indicators(plan))
    groups = [(kind, GROUP_HEADINGS[kind], [i for i in indicators if i.kind == kind]) for kind in Indicator.Kind.values]
    context = {"municipality": municipality, "nav": "indicators", "groups": groups}
    return render(request, "indicators/list.html", context)


@municipality_view()
def indicator_detail(request, municipality, number):
    plan = plan_for_or_404(municipality)
    indicator = get_object_or_404(_indicators(plan), number=number)
    activities = indicator.activities.select_related("plan__municipality").order_by("sort_key")
    context = {"municipality": municipality, "nav": "indicators", "indicator": indicator, "activities": activities}
    return render(request, "indicators/detail.html", context)
