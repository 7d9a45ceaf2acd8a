"""The audit log for staff: who changed what and when, before and after, across the records people change."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.decorators import municipality_view
from accounts.models import User
from activities.models import Activity, ActivityProgress, Evidence
from budget.models import BudgetLine, Expenditure
from front.history import describe_changes, review_step, with_previous
from indicators.models import IndicatorValue
from networking.models import NetworkingEvent
from plans.models import Plan
from reporting.models import ReportingPeriod
from schools.models import School

# kind -> (model, label, lookup from the history row to the municipality)
AUDITED = {
    "progress": (ActivityProgress, _("veiklų pažanga"), "school__municipality"),
    "indicator": (IndicatorValue, _("rodiklių reikšmės"), "school__municipality"),
    "event": (NetworkingEvent, _("tinklaveikos renginiai"), "school__municipality"),
    "expenditure": (Expenditure, _("išlaidos"), "period__plan__municipality"),
    "evidence": (Evidence, _("įrodymai"), "progress__school__municipality"),
    "budget_line": (BudgetLine, _("biudžeto eilutės"), "activity__plan__municipality"),
    "activity": (Activity, _("veiklos"), "plan__municipality"),
    "school": (School, _("mokyklos"), "municipality"),
    "period": (ReportingPeriod, _("ataskaitiniai laikotarpiai"), "plan__municipality"),
    "plan": (Plan, _("planas"), "municipality"),
    "user": (User, _("naudotojai"), "municipality"),
}
PAGE = 50


@municipality_view("tum.manage")
def audit_log(request, municipality):
    kind = request.GET.get("kind") if request.GET.get("kind") in AUDITED else "progress"
    model, _label, lookup = AUDITED[kind]
    history = model.history.model.objects.filter(**{lookup: municipality}).select_related("history_user")
    records = list(history.order_by("-history_date", "-history_id")[:PAGE])
    pairs = with_previous(model, records)
    steps = [review_step(record, previous) for record, previous in pairs]
    actors = User.objects.in_bulk({step[1] for step in steps if step and step[1]})
    rows = []
    for record, changes, step in zip(records, describe_changes(model, pairs), steps, strict=True):
        row = {"record": record, "changes": changes, "who": record.history_user}
        if step:
            row["step"] = step[0]
            row["who"] = row["who"] or actors.get(step[1])
        rows.append(row)
    context = {
        "municipality": municipality,
        "nav": "audit",
        "rows": rows,
        "kind": kind,
        "kinds": [(k, label) for k, (_m, label, _l) in AUDITED.items()],
    }
    return render(request, "reporting/audit.html", context)
