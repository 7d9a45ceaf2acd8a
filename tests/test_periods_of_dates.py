"""A date belongs to the reporting period that contains it; a date no period contains is refused, for
spending typed in, spending imported from Excel and networking events alike (one rule, reporting.periods)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget.models import BudgetLine
from budget.services import expenditure_save
from budget.spreadsheet import expenditure_import
from networking.services import networking_event_save
from reporting.periods import period_containing, quarter_bounds
from reports.periods import report_range
from schools.models import School

from .conftest import make_user
from .fingerprint import database_fingerprint
from .test_budget import filled_template

pytestmark = pytest.mark.django_db
GAP = datetime.date(2025, 8, 1)  # in the plan, in the removed 2025-Q3


@pytest.fixture
def gap(small):
    small.periods.filter(code="2025-Q3").delete()
    return small


def spending(day):
    return {
        "date": day,
        "amount": Decimal("10.00"),
        "vat": Decimal("2.10"),
        "vat_exception": False,
        "supplier": "UAB Tiekėjas",
        "document_number": f"SF-{day}",
        "description": "",
        "status": "paid",
    }


def test_spending_dated_in_no_period_is_refused_and_nothing_is_written(gap, small_staff):
    line = BudgetLine.objects.filter(activity__plan=gap).first()
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="Šiai datai dar nėra ataskaitinio laikotarpio"):
        expenditure_save(user=small_staff, line=line, data=spending(GAP))
    assert database_fingerprint() == before
    saved = expenditure_save(user=small_staff, line=line, data=spending(datetime.date(2025, 10, 1)))
    assert saved.period.code == "2025-Q4"


def test_an_event_dated_in_no_period_is_refused(gap):
    g1, t1 = (School.objects.get(municipality=gap.municipality, code=code) for code in ("G1", "T1"))
    author = make_user("g1@gap.test", "coordinator", gap.municipality, schools=[g1])
    data = {"date": GAP, "form": "lesson", "title": "Pamoka", "participants": 5, "participating_schools": [t1]}
    with pytest.raises(ValidationError, match="Data turi būti plano laikotarpio viduje"):
        networking_event_save(user=author, plan=gap, school=g1, data=data)


def test_period_containing_includes_both_ends(small):
    periods = list(small.periods.all())
    q1 = next(p for p in periods if p.code == "2025-Q1")
    assert period_containing(periods, datetime.date(2025, 1, 1)) == q1
    assert period_containing(periods, datetime.date(2025, 3, 31)) == q1
    assert period_containing(periods, datetime.date(2025, 4, 1)).code == "2025-Q2"
    assert period_containing(periods, datetime.date(2030, 1, 1)) is None


@pytest.mark.parametrize(
    "quarter, start, end",
    [
        (1, "2025-01-01", "2025-03-31"),
        (2, "2025-04-01", "2025-06-30"),
        (3, "2025-07-01", "2025-09-30"),
        (4, "2025-10-01", "2025-12-31"),
    ],
)
def test_quarter_bounds(quarter, start, end):
    assert quarter_bounds(2025, quarter) == (datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))


@pytest.mark.parametrize(
    "spec, start, end",
    [
        ("2025-Q4", "2025-10-01", "2025-12-31"),
        ("2025-H1", "2025-01-01", "2025-06-30"),
        ("2025-H2", "2025-07-01", "2025-12-31"),
        ("2025", "2025-01-01", "2025-12-31"),
        ("2024", "2024-03-01", "2024-12-31"),
        ("2026-H1", "2026-01-01", "2026-04-30"),
    ],
)
def test_report_ranges_are_made_of_quarters_clipped_to_the_plan(small, spec, start, end):
    assert report_range(small, spec)[:2] == (datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))


def test_an_imported_row_dated_in_no_period_is_a_row_error_and_nothing_is_written(gap, small_staff):
    sheet = [
        ["1/G1", datetime.date(2025, 2, 10), "10,00", "0,00", "ne", "UAB Tiekėjas", "SF-1", "apmokėta", ""],
        ["1/G1", GAP, "10,00", "0,00", "ne", "UAB Tiekėjas", "SF-2", "apmokėta", ""],
    ]
    before = database_fingerprint()
    outcome = expenditure_import(user=small_staff, plan=gap, content=filled_template(gap, sheet))
    assert not outcome.ok
    assert [e for errors in outcome.errors.values() for e in errors if "ataskaitinio laikotarpio" in e]
    assert database_fingerprint() == before
