from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.decorators import municipality_view
from indicators.models import Indicator
from indicators.services import indicator_judge as judge
from plans.selectors import plan_for_or_404

# A whole heading per kind: the kind's own label is singular ("privalomas"), the heading plural.
GROUP_HEADINGS = {
    Indicator.Kind.MANDATORY: gettext_lazy("Privalomi rodikliai"),
    Indicator.Kind.CHOSEN: gettext_lazy("Pasirinkti rodikliai"),
    Indicator.Kind.ADDITIONAL: gettext_lazy("Papildomi rodikliai"),
}


def _indicators(plan):
    return (
        Indicator.objects.filter(plan=plan)
        .select_related("plan__municipality", "activity__plan__municipality")
        .prefetch_related("baselines")
    )


@municipality_view()
def indicator_list(request, municipality):
    plan = plan_for_or_404(municipality)
    indicators = list(_indicators(plan))
    plan_level = [i for i in indicators if i.activity_id is None]
    groups = [(kind, GROUP_HEADINGS[kind], [i for i in plan_level if i.kind == kind]) for kind in Indicator.Kind.values]
    by_activity = {}
    for i in indicators:
        if i.activity_id is not None:
            by_activity.setdefault(i.activity_id, (i.activity, []))[1].append(i)
    context = {
        "municipality": municipality,
        "nav": "indicators",
        "groups": [group for group in groups if group[2]],
        "plan_level": [i for i in plan_level if not i.kind],
        "by_activity": sorted(by_activity.values(), key=lambda pair: pair[0].sort_key),
    }
    return render(request, "indicators/list.html", context)


@municipality_view()
def indicator_detail(request, municipality, number):
    plan = plan_for_or_404(municipality)
    indicator = get_object_or_404(_indicators(plan), number=number)
    activities = indicator.activities.select_related("plan__municipality").order_by("sort_key")
    context = {
        "municipality": municipality,
        "nav": "indicators",
        "indicator": indicator,
        "activities": activities,
        "judgements": Indicator.Judgement.choices,
    }
    return render(request, "indicators/detail.html", context)


@require_POST
@municipality_view("tum.manage")
def indicator_judge(request, municipality, number):
    plan = plan_for_or_404(municipality)
    indicator = get_object_or_404(_indicators(plan), number=number)
    try:
        judge(user=request.user, indicator=indicator, judgement=request.POST.get("judgement", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vertinimas išsaugotas."))
    return redirect("indicators:detail", municipality.code, indicator.number)
