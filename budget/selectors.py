"""Planned money, summed in the database: each figure is the exact sum of the lines it covers."""

from collections import namedtuple

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tum_portal.money import ZERO, to_cents

from .models import BudgetLine

Money = namedtuple("Money", "amount vat")
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


def _sum(field):
    return Coalesce(Sum(field), Value(ZERO), output_field=MONEY_FIELD)


def plan_lines(plan):
    return BudgetLine.objects.filter(activity__plan=plan)


def plan_planned_total(plan) -> Money:
    totals = plan_lines(plan).aggregate(amount=_sum("amount"), vat=_sum("vat"))
    return Money(totals["amount"], totals["vat"])


def indirect_costs(plan, direct: Money) -> Money:
    """The flat-rate indirect costs on direct costs (2 % in the programme), rounded to the cent."""
    return Money(to_cents(direct.amount * plan.indirect_rate), to_cents(direct.vat * plan.indirect_rate))


def planned_by_category(plan):
    rows = (
        plan_lines(plan)
        .values("activity__category__number", "activity__category__name", "activity__category__name_en")
        .annotate(amount=_sum("amount"), vat=_sum("vat"))
        .order_by("activity__category__number")
    )
    return list(rows)


def planned_by_area(plan):
    """Activities in several areas count in each, so these rows may add up to more than the plan."""
    rows = (
        plan_lines(plan)
        .filter(activity__areas__isnull=False)
        .values(
            "activity__areas__code", "activity__areas__name_lt", "activity__areas__name_en", "activity__areas__position"
        )
        .annotate(amount=_sum("amount"), vat=_sum("vat"))
        .order_by("activity__areas__position")
    )
    return list(rows)


def planned_by_school(plan):
    """Money the plan gives to one named school (lines with a school)."""
    rows = (
        plan_lines(plan)
        .filter(school__isnull=False)
        .values("school__code", "school__name", "school__kind", "school__number")
        .annotate(amount=_sum("amount"), vat=_sum("vat"))
        .order_by("school__kind", "school__number")
    )
    return list(rows)


def activity_total_subqueries(plan_field="plan"):
    """Annotations giving an activity's planned money including all its sub-activities (one query)."""
    lines = BudgetLine.objects.filter(
        activity__plan=OuterRef(plan_field), activity__sort_key__startswith=OuterRef("sort_key")
    ).order_by()
    amount = lines.values("activity__plan").annotate(total=Sum("amount")).values("total")
    vat = lines.values("activity__plan").annotate(total=Sum("vat")).values("total")
    return {
        "planned_amount": Coalesce(Subquery(amount, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD),
        "planned_vat": Coalesce(Subquery(vat, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD),
    }


def school_planned(school) -> dict:
    """A school's own lines, and the activities it takes part in whose money is not split by school."""
    from activities.models import ActivitySchool

    own = BudgetLine.objects.filter(school=school).aggregate(amount=_sum("amount"), vat=_sum("vat"))
    activity_ids = ActivitySchool.objects.filter(school=school).values("activity_id")
    shared_totals = (
        BudgetLine.objects.filter(school__isnull=True)
        .filter(Q(activity_id__in=activity_ids) | Q(activity__parent_id__in=activity_ids))
        .aggregate(amount=_sum("amount"), vat=_sum("vat"))
    )
    return {"own": Money(own["amount"], own["vat"]), "shared": Money(shared_totals["amount"], shared_totals["vat"])}


def declared_vs_planned(plan):
    """The plan's declared totals beside the sums of its budget lines, with the differences."""
    direct = plan_planned_total(plan)
    indirect = indirect_costs(plan, direct)
    rows = [
        ("direct", Money(plan.declared_direct_amount, plan.declared_direct_vat), direct),
        ("indirect", Money(plan.declared_indirect_amount, plan.declared_indirect_vat), indirect),
        (
            "total",
            Money(plan.declared_total_amount, plan.declared_total_vat),
            Money(direct.amount + indirect.amount, direct.vat + indirect.vat),
        ),
    ]
    return [
        {
            "key": key,
            "declared": declared,
            "computed": computed,
            "difference": Money(computed.amount - declared.amount, computed.vat - declared.vat),
            "matches": computed == declared,
        }
        for key, declared, computed in rows
    ]
