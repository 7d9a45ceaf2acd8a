from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import municipality_view
from accounts.selectors import municipalities_for_user
from budget.selectors import declared_vs_planned, plan_planned_total
from plans.selectors import plan_for
from reports.selectors import failed_reports, newest_reports
from review.todo import coordinator_todo, staff_todo


def home(request):
    """Send each person where their work is: their municipality, or the sign-in page."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    municipalities = list(municipalities_for_user(user=request.user))
    if len(municipalities) == 1:
        return redirect("municipality_home", municipalities[0].code)
    return render(request, "home_choose.html", {"municipalities": municipalities})


@municipality_view()
def municipality_home(request, municipality):
    user = request.user
    plan = plan_for(municipality)
    context = {"municipality": municipality, "plan": plan, "nav": "home"}
    if plan is not None:
        context["planned"] = plan_planned_total(plan)
        if user.has_perm("tum.manage", municipality):
            context["totals_check"] = declared_vs_planned(plan)
            context["data_note_count"] = plan.data_notes.count()
            context["todo"] = staff_todo(municipality, plan)
            context["failed_reports"] = failed_reports(plan)
        elif user.is_coordinator:
            context["todo"] = coordinator_todo(user, municipality, plan)
        else:
            context["newest_reports"] = newest_reports(user, municipality, plan)
    if user.is_coordinator:
        context["my_schools"] = user.schools.filter(municipality=municipality)
    return render(request, "home.html", context)


def admin_login(request, extra_context=None):
    """The admin signs in through the portal's own login (rate limits, two-factor); it is for operators only."""
    if request.user.is_authenticated and not request.user.is_superuser:
        raise PermissionDenied(_("Administravimo skiltis skirta tik portalo operatoriams."))
    return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("account_login"))
