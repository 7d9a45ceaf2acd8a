"""Budget execution: planned vs committed vs paid, without VAT and VAT apart, by any grouping.

Only approved expenditures count. "Committed" is everything under a signed contract (signed or
already paid); "planned commitments" are not yet contracted. Every figure is a sum of stored
cent amounts, so a total always equals the sum of the rows it covers.

A budget line whose VAT the plan does not print has planned VAT None: sums add the known VAT and
count the lines they leave out (`vat_missing`); a row none of whose lines has a VAT figure has None.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from budget.models import BudgetLine, Expenditure
from core.money import ZERO, to_cents
from reporting.models import ReviewState

MONEY = DecimalField(max_digits=14, decimal_places=2)
# Which spending each figure counts, by the expenditure's status.
STATUSES = {"pipeline": ["planned"], "committed": ["contracted", "paid"], "paid": ["paid"]}
FIGURES = (
    "planned_amount",
    "planned_vat",
    "pipeline_amount",
    "pipeline_vat",
    "committed_amount",
    "committed_vat",
    "paid_amount",
    "paid_vat",
)


def _sum(path, condition):
    return Coalesce(Sum(path, filter=condition), Value(ZERO), output_field=MONEY)


def _spending_sums():
    sums = {}
    for figure, statuses in STATUSES.items():
        sums[f"{figure}_amount"] = _sum("amount", Q(status__in=statuses))
        sums[f"{figure}_vat"] = _sum("vat", Q(status__in=statuses))
    return sums


@dataclass
class Execution:
    """Money of one row of an execution table."""

    key: object = None
    label: str = ""
    planned_amount: Decimal = ZERO
    planned_vat: Decimal = ZERO
    pipeline_amount: Decimal = ZERO
    pipeline_vat: Decimal = ZERO
    committed_amount: Decimal = ZERO
    committed_vat: Decimal = ZERO
    paid_amount: Decimal = ZERO
    paid_vat: Decimal = ZERO
    lines: int = 0  # budget lines in the row
    vat_missing: int = 0  # of them, lines without a planned VAT figure (left out of planned_vat)
    extra: dict = field(default_factory=dict)

    def add(self, other):
        for name in FIGURES:
            mine, theirs = getattr(self, name), getattr(other, name)
            if theirs is not None:
                setattr(self, name, (mine or ZERO) + theirs)
        self.lines += other.lines
        self.vat_missing += other.vat_missing
        if self.lines and self.vat_missing == self.lines:
            self.planned_vat = None

    @property
    def rate(self):
        """Paid as a share of planned, in percent (both without VAT)."""
        return (self.paid_amount * 100 / self.planned_amount).quantize(Decimal("0.1")) if self.planned_amount else None

    @property
    def over_plan(self):
        """Committed more than planned; VAT is judged only where every line's planned VAT is known."""
        vat_over = not self.vat_missing and self.committed_vat > (self.planned_vat or ZERO)
        return self.committed_amount > self.planned_amount or vat_over


def line_rows(plan, lines=None, until=None, since=None):
    """One Execution per budget line of the plan (two queries), with what the groupings need.

    With `until` (and `since`), only spending dated up to (and from) that day counts.
    """
    lines = lines if lines is not None else BudgetLine.objects.filter(activity__plan=plan)
    spending = Expenditure.objects.filter(budget_line__activity__plan=plan, state=ReviewState.APPROVED)
    if until is not None:
        spending = spending.filter(date__lte=until)
    if since is not None:
        spending = spending.filter(date__gte=since)
    # Summing apart from the lines keeps the GROUP BY narrow: the line rows carry long activity texts.
    sums_by_line = {
        row.pop("budget_line_id"): row
        for row in spending.values("budget_line_id").annotate(**_spending_sums()).order_by()
    }
    lines = (
        lines.select_related("activity__category", "activity__parent", "school")
        .prefetch_related("activity__areas")
        .order_by("activity__sort_key", "school__number")
    )
    rows = []
    for line in lines:
        row = Execution(
            key=line.pk,
            label=f"{line.activity.number}{f' · {line.school.code}' if line.school else ''}",
            planned_amount=line.amount,
            planned_vat=line.vat,
            lines=1,
            vat_missing=int(line.vat is None),
            **sums_by_line.get(line.pk, {}),
        )
        row.extra = {"line": line, "activity": line.activity, "top": line.activity.number.split(".")[0]}
        rows.append(row)
    return rows


def group(rows, key_of, label_of=None):
    """Sum line rows into groups; key_of(row) may return a list (a line counted in several groups)."""
    groups = OrderedDict()
    for row in rows:
        keys = key_of(row)
        for key in keys if isinstance(keys, list) else [keys]:
            if key not in groups:
                groups[key] = Execution(key=key, label=label_of(row, key) if label_of else str(key))
            groups[key].add(row)
    return list(groups.values())


def total(rows):
    result = Execution(key="total")
    for row in rows:
        result.add(row)
    return result


GROUPINGS = {
    "line": None,
    "activity": (lambda r: r.extra["top"], lambda r, k: k),
    "category": (
        lambda r: r.extra["activity"].category.number if r.extra["activity"].category else 0,
        lambda r, k: str(r.extra["activity"].category or "–"),
    ),
    "area": (
        lambda r: [a.code for a in r.extra["activity"].areas.all()],
        lambda r, k: next(str(a) for a in r.extra["activity"].areas.all() if a.code == k),
    ),
    "school": (
        lambda r: r.extra["line"].school.code if r.extra["line"].school else "",
        lambda r, k: str(r.extra["line"].school) if k else "",
    ),
}


def execution_by(plan, grouping, rows=None):
    rows = rows if rows is not None else line_rows(plan)
    if grouping == "line":
        return rows
    key_of, label_of = GROUPINGS[grouping]
    grouped = group(rows, key_of, label_of)
    if grouping == "activity":
        grouped.sort(key=lambda g: int(g.key))
    elif grouping in ("category", "school"):
        grouped.sort(key=lambda g: (g.key == "", str(g.key).zfill(5)))
    return grouped


def execution_by_month(plan):
    """Approved spending by month of its date (planned money has no month)."""
    rows = (
        Expenditure.objects.filter(budget_line__activity__plan=plan, state=ReviewState.APPROVED)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(**_spending_sums())
        .order_by("month")
    )
    return [Execution(key=row.pop("month"), label="", **row) for row in rows]


def indirect(plan, direct: Execution):
    """The flat-rate indirect costs on direct costs, planned and actual (paid), to the cent."""
    rate = plan.indirect_rate if plan.indirect_rate is not None else ZERO  # a plan without indirect costs
    return Execution(
        key="indirect",
        planned_amount=to_cents(direct.planned_amount * rate),
        planned_vat=None if direct.planned_vat is None else to_cents(direct.planned_vat * rate),
        vat_missing=direct.vat_missing,
        committed_amount=to_cents(direct.committed_amount * rate),
        committed_vat=to_cents(direct.committed_vat * rate),
        paid_amount=to_cents(direct.paid_amount * rate),
        paid_vat=to_cents(direct.paid_vat * rate),
    )
