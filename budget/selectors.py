"""Planned money, summed in the database: each figure is the exact sum of the lines it covers.

A line whose VAT the plan does not print has no VAT (NULL), never zero: VAT sums add the known
figures and say how many lines they leave out (`vat_missing`); when no line of a group has a VAT
figure, its VAT is None.
"""

from collections import namedtuple

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from activities.models import Activity, ActivitySchool
from budget.models import BudgetLine
from core.money import ZERO, to_cents

Money = namedtuple("Money", "amount vat vat_missing", defaults=(0,))
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


def _sum(field):
    return Coalesce(Sum(field), Value(ZERO), output_field=MONEY_FIELD)


def _money_sums():
    """amount, vat (of the lines that have one) and vat_missing (how many have none), for aggregate/annotate."""
    return {
        "amount": _sum("amount"),
        "vat_missing": Count("pk", filter=Q(vat__isnull=True)),
        "known_vat": Sum("vat", output_field=MONEY_FIELD),
    }


def _known_vat(row):
    """The summed VAT as it should read: zero for no lines at all, None when no line has a VAT figure."""
    vat = row.pop("known_vat")
    row["vat"] = ZERO if vat is None and not row["vat_missing"] else vat
    return row


def _money(row):
    row = _known_vat(row)
    return Money(row["amount"], row["vat"], row["vat_missing"])


def plan_lines(plan):
    return BudgetLine.objects.filter(activity__plan=plan)


def plan_planned_total(plan) -> Money:
    return _money(plan_lines(plan).aggregate(**_money_sums()))


def indirect_share(plan, amount):
    """The flat-rate indirect costs on a direct amount (2 % in the programme), rounded to the cent; an
    unknown amount (None), or a plan that gives no rate, has no figure (None), not zero. Every indirect figure
    in the portal is computed here."""
    if amount is None or plan.indirect_rate is None:
        return None
    return to_cents(amount * plan.indirect_rate)


def indirect_costs(plan, direct: Money) -> Money:
    """The indirect costs of planned money. Its VAT is the rate of the known direct VAT, so it leaves out
    the same lines."""
    return Money(indirect_share(plan, direct.amount), indirect_share(plan, direct.vat), direct.vat_missing)


def planned_by_category(plan):
    rows = (
        plan_lines(plan)
        .values("activity__category__number", "activity__category__name", "activity__category__name_en")
        .annotate(**_money_sums())
        .order_by("activity__category__number")
    )
    return [_known_vat(row) for row in rows]


def planned_by_area(plan):
    """Activities in several areas count in each, so these rows may add up to more than the plan."""
    rows = (
        plan_lines(plan)
        .filter(activity__areas__isnull=False)
        .values(
            "activity__areas__code", "activity__areas__name_lt", "activity__areas__name_en", "activity__areas__position"
        )
        .annotate(**_money_sums())
        .order_by("activity__areas__position")
    )
    return [_known_vat(row) for row in rows]


def planned_by_school(plan):
    """Money the plan gives to one named school (lines with a school)."""
    rows = (
        plan_lines(plan)
        .filter(school__isnull=False)
        .values("school__code", "school__name", "school__kind", "school__number")
        .annotate(**_money_sums())
        .order_by("school__kind", "school__number")
    )
    return [_known_vat(row) for row in rows]


def activity_total_subqueries(plan_field="plan"):
    """Annotations giving an activity's planned money including all its sub-activities (one query)."""
    lines = BudgetLine.objects.filter(
        activity__plan=OuterRef(plan_field), activity__sort_key__startswith=OuterRef("sort_key")
    ).order_by()
    amount = lines.values("activity__plan").annotate(total=Sum("amount")).values("total")
    vat = lines.values("activity__plan").annotate(total=Sum("vat")).values("total")
    missing = lines.filter(vat__isnull=True)
    missing_count = missing.values("activity__plan").annotate(total=Count("pk")).values("total")
    no_vat_known = Case(
        When(Exists(missing), then=Value(None, output_field=MONEY_FIELD)), default=Value(ZERO), output_field=MONEY_FIELD
    )
    return {
        "planned_amount": Coalesce(Subquery(amount, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD),
        "planned_vat": Coalesce(Subquery(vat, output_field=MONEY_FIELD), no_vat_known, output_field=MONEY_FIELD),
        "planned_vat_missing": Coalesce(
            Subquery(missing_count, output_field=IntegerField()), Value(0), output_field=IntegerField()
        ),
    }


def school_planned(school) -> dict:
    """A school's own lines, and the activities it takes part in whose money is not split by school."""

    own = BudgetLine.objects.filter(school=school).aggregate(**_money_sums())
    activity_ids = ActivitySchool.objects.filter(school=school).values("activity_id")
    shared = (
        BudgetLine.objects.filter(school__isnull=True)
        .filter(Q(activity_id__in=activity_ids) | Q(activity__parent_id__in=activity_ids))
        .aggregate(**_money_sums())
    )
    return {"own": _money(own), "shared": _money(shared)}


def _plus(a, b):
    return None if a is None or b is None else a + b


def _minus(a, b):
    """A difference, or None when the plan does not give one of the figures."""
    return None if a is None or b is None else a - b


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
            Money(
                _plus(direct.amount, indirect.amount),
                None if direct.vat is None else _plus(direct.vat, indirect.vat),
                direct.vat_missing,
            ),
        ),
    ]
    return [
        {
            "key": key,
            "declared": declared,
            "computed": computed,
            "difference": Money(_minus(computed.amount, declared.amount), _minus(computed.vat, declared.vat)),
            # unknown VAT is not a match, even when the known part adds up
            "matches": computed.amount == declared.amount and computed.vat == declared.vat and not computed.vat_missing,
        }
        for key, declared, computed in rows
    ]


def activities_for_plan(plan, for_table=False):
    """Activities of a plan with everything a page shows of them, in a fixed number of queries.

    `for_table` loads only what the activities table shows: the implementing schools' codes (which
    sort themselves) and no plan per row. Long pages stay fast and leave little for the garbage collector.
    """
    roles = ActivitySchool.objects.select_related("school")
    related = ["plan__municipality", "category"]
    if for_table:
        roles = roles.filter(role=ActivitySchool.Role.IMPLEMENTS).only("activity", "role", "school__code").order_by()
        related = ["category"]
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related(*related)
        .prefetch_related("areas", Prefetch("school_roles", queryset=roles))
    )
    return activities.annotate(**activity_total_subqueries())
