from django.shortcuts import render

from accounts.decorators import municipality_view
from plans.selectors import plan_for_or_404

from .selectors import declared_vs_planned, indirect_costs, plan_planned_total, planned_by_category


@municipality_view()
def overview(request, municipality):
    plan = plan_for_or_404(municipality)
    direct = plan_planned_total(plan)
    context = {
        "municipality": municipality,
        "nav": "budget",
        "plan": plan,
        "direct": direct,
        "indirect": indirect_costs(plan, direct),
        "by_category": planned_by_category(plan),
        "totals_check": declared_vs_planned(plan),
    }
    return render(request, "budget/overview.html", context)
