"""Budget execution at its edges: the day a period ends, over-plan limits, lines without VAT or school or
category, committed indirect costs, and the labels and order of grouped tables.

Every expected figure is written out or summed with plain ORM aggregates, never with budget.execution itself.
The tests without a database come first, so that a mutation run (README, "Mutation testing") stops early.
"""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from activities.models import Activity
from budget import execution
from budget.execution import Execution
from budget.models import BudgetLine, Expenditure
from budget.services import expenditure_save
from plans.models import Area, Plan
from schools.models import School

D = Decimal
QUARTER_END = datetime.date(2025, 3, 31)


def spend(user, line, day, amount, vat, status="paid"):
    data = {
        "date": day,
        "amount": D(amount),
        "vat": D(vat),
        "vat_exception": False,
        "supplier": "UAB Tiekėjas",
        "document_number": f"SF-{line.pk}-{amount}-{day}",
        "description": "",
        "status": status,
    }
    return expenditure_save(user=user, line=line, data=data)


@pytest.fixture
def lines(small):
    return {line.activity.number: line for line in BudgetLine.objects.filter(activity__plan=small)}


# --- over plan ------------------------------------------------------------------------------------------------


def row(**figures):
    values = {"planned_amount": D("100.00"), "planned_vat": D("21.00"), "lines": 1}
    values.update({k: (v if v is None or isinstance(v, int) else D(v)) for k, v in figures.items()})
    return Execution(**values)


@pytest.mark.parametrize(
    "figures, over",
    [
        ({"committed_amount": "100.00", "committed_vat": "21.00"}, False),  # exactly the plan is not over it
        ({"committed_amount": "100.01", "committed_vat": "0.00"}, True),
        ({"committed_amount": "99.99", "committed_vat": "21.01"}, True),  # VAT alone over its plan
        ({"committed_amount": "0.00", "committed_vat": "21.00"}, False),
        ({"committed_amount": "0.00", "committed_vat": "0.00"}, False),
        # VAT is not judged where a line's planned VAT is unknown
        ({"committed_amount": "50.00", "committed_vat": "30.00", "vat_missing": 1}, False),
        ({"committed_amount": "100.01", "committed_vat": "30.00", "vat_missing": 1}, True),
        ({"planned_vat": None, "committed_amount": "50.00", "committed_vat": "0.01", "vat_missing": 1}, False),
    ],
)
def test_over_plan_at_its_edges(figures, over):
    assert row(**figures).over_plan is over


def test_the_paid_rate_is_paid_over_planned_in_tenths_of_a_percent():
    assert row(paid_amount="33.34").rate == D("33.3")
    assert row(planned_amount="3.00", paid_amount="1.00").rate == D("33.3")
    assert row(paid_amount="250.00").rate == D("250.0")
    assert row(planned_amount="0.00", paid_amount="5.00").rate is None


def test_summing_rows_adds_known_vat_and_counts_the_lines_without_it():
    known = row(planned_vat="21.00", paid_amount="10.00", paid_vat="2.10")
    unknown = row(planned_amount="50.00", planned_vat=None, vat_missing=1, paid_amount="5.00", paid_vat="0.00")
    total = execution.total([unknown, known])
    assert (total.planned_amount, total.planned_vat, total.paid_amount, total.paid_vat) == (
        D("150.00"),
        D("21.00"),
        D("15.00"),
        D("2.10"),
    )
    assert (total.lines, total.vat_missing) == (2, 1)
    only_unknown = execution.total([unknown, row(planned_vat=None, vat_missing=1)])
    assert only_unknown.planned_vat is None and (only_unknown.lines, only_unknown.vat_missing) == (2, 2)
    assert execution.total([row(), row()]).planned_vat == D("42.00")


def test_indirect_costs_of_unknown_planned_vat_stay_unknown():
    direct = row(planned_amount="1000.00", planned_vat=None, vat_missing=1, lines=1)
    indirect = execution.indirect(Plan(indirect_rate=D("0.02")), direct)
    assert indirect.planned_amount == D("20.00")
    assert indirect.planned_vat is None and indirect.vat_missing == 1


# --- the period end (`until`) ---------------------------------------------------------------------------------


@pytest.fixture
def around_the_quarter_end(small_staff, lines):
    """Line 1: 100 + 21 paid on the quarter's last day, 40 + 8.40 paid the next day; line 2.1: 60 contracted
    in the quarter, 25 contracted after it."""
    spend(small_staff, lines["1"], QUARTER_END, "100.00", "21.00")
    spend(small_staff, lines["1"], QUARTER_END + datetime.timedelta(days=1), "40.00", "8.40")
    spend(small_staff, lines["2.1"], datetime.date(2025, 1, 15), "60.00", "0.00", "contracted")
    spend(small_staff, lines["2.1"], datetime.date(2025, 6, 2), "25.00", "0.00", "contracted")


def test_a_quarterly_figure_counts_the_quarters_last_day_and_nothing_after(small, around_the_quarter_end):
    rows = {row.extra["activity"].number: row for row in execution.line_rows(small, until=QUARTER_END)}
    assert (rows["1"].paid_amount, rows["1"].paid_vat, rows["1"].committed_amount) == (
        D("100.00"),
        D("21.00"),
        D("100.00"),
    )
    assert (rows["2.1"].paid_amount, rows["2.1"].committed_amount) == (D("0.00"), D("60.00"))
    total = execution.total(execution.line_rows(small, until=QUARTER_END))
    in_quarter = Expenditure.objects.filter(budget_line__activity__plan=small, date__lte=QUARTER_END)
    assert total.committed_amount == in_quarter.aggregate(s=Sum("amount"))["s"] == D("160.00")


def test_without_an_end_every_dated_entry_counts(small, around_the_quarter_end):
    total = execution.total(execution.line_rows(small))
    assert (total.paid_amount, total.paid_vat) == (D("140.00"), D("29.40"))
    assert (
        total.committed_amount
        == Expenditure.objects.filter(budget_line__activity__plan=small).aggregate(s=Sum("amount"))["s"]
        == D("225.00")
    )


def test_an_end_before_any_spending_counts_nothing_but_the_plan(small, around_the_quarter_end):
    total = execution.total(execution.line_rows(small, until=datetime.date(2025, 1, 14)))
    assert (total.committed_amount, total.paid_amount) == (D("0.00"), D("0.00"))
    assert total.planned_amount == D("1500.00")


# --- indirect costs -------------------------------------------------------------------------------------------


def test_indirect_costs_multiply_committed_and_paid_by_the_rate(small, small_staff, lines):
    assert small.indirect_rate == D("0.02")
    spend(small_staff, lines["1"], datetime.date(2025, 2, 10), "300.00", "63.00", "paid")
    spend(small_staff, lines["1"], datetime.date(2025, 3, 5), "450.55", "94.61", "contracted")
    spend(small_staff, lines["2.1"], datetime.date(2025, 3, 6), "99.99", "0.00", "planned")
    indirect = execution.indirect(small, execution.total(execution.line_rows(small)))
    assert (indirect.committed_amount, indirect.committed_vat) == (D("15.01"), D("3.15"))  # 2 % of 750.55, 157.61
    assert (indirect.paid_amount, indirect.paid_vat) == (D("6.00"), D("1.26"))  # 2 % of 300.00, 63.00
    assert (indirect.planned_amount, indirect.planned_vat) == (D("30.00"), D("4.20"))  # 2 % of 1500.00, 210.00
    assert (indirect.pipeline_amount, indirect.pipeline_vat) == (D("0.00"), D("0.00"))  # not contracted: no share


# --- grouped tables: keys, labels, order ---------------------------------------------------------------------


@pytest.fixture
def uneven(small, small_staff, lines):
    """Activity 2.1 loses its category; activity 2 gets a line of 200 without school or VAT; some spending."""
    Activity.objects.filter(plan=small, number="2.1").update(category=None)
    two = Activity.objects.get(plan=small, number="2")
    BudgetLine.objects.create(activity=two, school=None, amount=D("200.00"), vat=None)
    spend(small_staff, lines["1"], datetime.date(2025, 2, 10), "300.00", "63.00")
    spend(small_staff, lines["2.1"], datetime.date(2025, 2, 11), "120.00", "0.00")
    spend(small_staff, BudgetLine.objects.get(activity=two), datetime.date(2025, 2, 12), "80.00", "0.00")
    return small


def summary(rows):
    return [(r.key, r.label, r.planned_amount, r.planned_vat, r.paid_amount, r.lines, r.vat_missing) for r in rows]


def test_line_rows_are_labelled_by_activity_and_school(uneven):
    rows = execution.line_rows(uneven)
    assert [r.label for r in rows] == ["1 · G1", "2", "2.1 · G2"]
    assert [r.extra["top"] for r in rows] == ["1", "2", "2"]
    assert [(r.planned_vat, r.vat_missing) for r in rows] == [(D("210.00"), 0), (None, 1), (D("0.00"), 0)]


def test_the_activity_table_sums_sub_activities_into_their_top_activity(uneven):
    assert summary(execution.execution_by(uneven, "activity")) == [
        ("1", "1", D("1000.00"), D("210.00"), D("300.00"), 1, 0),
        ("2", "2", D("700.00"), D("0.00"), D("200.00"), 2, 1),
    ]


def test_the_category_table_puts_uncategorised_lines_first_under_a_dash(uneven):
    assert summary(execution.execution_by(uneven, "category")) == [
        (0, "–", D("500.00"), D("0.00"), D("120.00"), 1, 0),
        (1, "1. Infrastruktūra", D("1000.00"), D("210.00"), D("300.00"), 1, 0),
        (2, "2. Ugdymo veiklos", D("200.00"), None, D("80.00"), 1, 1),
    ]


def test_the_school_table_puts_lines_without_a_school_last_with_no_label(uneven):
    g1, g2 = (School.objects.get(municipality=uneven.municipality, code=code) for code in ("G1", "G2"))
    assert summary(execution.execution_by(uneven, "school")) == [
        ("G1", str(g1), D("1000.00"), D("210.00"), D("300.00"), 1, 0),
        ("G2", str(g2), D("500.00"), D("0.00"), D("120.00"), 1, 0),
        ("", "", D("200.00"), None, D("80.00"), 1, 1),
    ]


def test_the_area_table_counts_a_line_in_each_of_its_areas_under_the_areas_name(uneven):
    names = {area.code: str(area) for area in Area.objects.all()}
    by_area = {r.key: r for r in execution.execution_by(uneven, "area")}
    assert {key: r.label for key, r in by_area.items()} == {
        "steam": names["steam"],
        "leadership": names["leadership"],
        "culture": names["culture"],
    }
    assert (by_area["leadership"].planned_amount, by_area["leadership"].paid_amount) == (D("700.00"), D("200.00"))
    assert (by_area["culture"].planned_amount, by_area["culture"].paid_amount) == (D("200.00"), D("80.00"))
    assert (by_area["steam"].planned_amount, by_area["steam"].paid_amount) == (D("1000.00"), D("300.00"))


def test_the_line_table_is_the_line_rows(uneven):
    assert summary(execution.execution_by(uneven, "line")) == summary(execution.line_rows(uneven))
