from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import municipality_view
from activities.models import ActivitySchool
from budget.selectors import planned_by_school, school_planned
from front.forms.schools import SchoolNameForm
from front.views.steps import form_saved
from plans.selectors import plan_for_or_404
from schools.models import NetworkLink, School
from schools.services import school_update


@municipality_view()
def school_list(request, municipality):
    plan = plan_for_or_404(municipality)
    implements = ActivitySchool.Role.IMPLEMENTS
    schools = (
        School.objects.filter(municipality=municipality)
        .annotate(
            implements_count=Count("activity_roles", filter=Q(activity_roles__role=implements), distinct=True),
            networking_count=Count("activity_roles", filter=~Q(activity_roles__role=implements), distinct=True),
            network_size=Count("network_links", distinct=True),
            network_of_count=Count("partner_links", distinct=True),
        )
        .select_related("municipality")
    )
    planned = {row["school__code"]: row for row in planned_by_school(plan)}
    rows = [(school, planned.get(school.code)) for school in schools]
    context = {
        "municipality": municipality,
        "nav": "schools",
        "participating": [r for r in rows if r[0].kind == School.Kind.PARTICIPATING],
        "networking": [r for r in rows if r[0].kind == School.Kind.NETWORKING],
        "organisations": [r for r in rows if r[0].kind == School.Kind.ORGANISATION],
    }
    return render(request, "schools/list.html", context)


@municipality_view()
def school_detail(request, municipality, code):
    plan = plan_for_or_404(municipality)
    school = get_object_or_404(School.objects.select_related("municipality"), municipality=municipality, code=code)
    roles = (
        ActivitySchool.objects.filter(school=school, activity__plan=plan)
        .select_related("activity__plan__municipality", "activity__parent")
        .order_by("activity__sort_key")
    )
    links = NetworkLink.objects.select_related("partner__municipality", "school__municipality")
    context = {
        "municipality": municipality,
        "nav": "schools",
        "school": school,
        "implements": [r for r in roles if r.role == ActivitySchool.Role.IMPLEMENTS],
        "takes_part": [r for r in roles if r.role == ActivitySchool.Role.NETWORKING],
        "network": links.filter(school=school),
        "network_of": links.filter(partner=school),
        "planned": school_planned(school),
        "own_lines": school.budget_lines.select_related("activity__plan__municipality"),
    }
    return render(request, "schools/detail.html", context)


@municipality_view("tum.manage")
def school_edit(request, municipality, code):
    school = get_object_or_404(School.objects.select_related("municipality"), municipality=municipality, code=code)
    form = SchoolNameForm(request.POST or None, instance=school)
    if form_saved(
        request, form, lambda data: school_update(school=school, data=data), _("Mokyklos pavadinimas išsaugotas.")
    ):
        return redirect(school.get_absolute_url())
    context = {"municipality": municipality, "nav": "schools", "school": school, "form": form}
    return render(request, "schools/edit.html", context)
