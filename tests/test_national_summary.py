"""The national summary across municipalities: each municipality's figures equal its approved data in the
database, the country's totals are formulas over those rows in Excel, and the PDF says the same."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from openpyxl import load_workbook
from pypdf import PdfReader

from budget.models import Expenditure
from demo.data import add_progress
from reporting.models import ReviewState
from reports.national_summary import national_summary

pytestmark = pytest.mark.django_db
Q4 = (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))


@pytest.fixture
def country(kaunas, other_plan):
    for plan, seed in ((kaunas, 7), (other_plan, 8)):
        add_progress(plan, seed=seed)
    return {plan.municipality.name: plan for plan in (kaunas, other_plan)}


def paid(plan, until, since=None):
    rows = Expenditure.objects.filter(
        budget_line__activity__plan=plan, state=ReviewState.APPROVED, status="paid", date__lte=until
    )
    if since:
        rows = rows.filter(date__gte=since)
    return rows.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def test_each_municipalitys_money_equals_its_approved_spending(country):
    summary = national_summary("2025-Q4")
    rows = {row["municipality"]: row for row in summary["rows"]}
    assert set(rows) == set(country)
    for name, plan in country.items():
        assert rows[name]["paid_amount"] == paid(plan, Q4[1])
        assert rows[name]["period_paid_amount"] == paid(plan, Q4[1], since=Q4[0])
    assert summary["total"]["paid_amount"] == sum(paid(plan, Q4[1]) for plan in country.values())
    assert any(rows[name]["period_paid_amount"] for name in country)  # the data pays in the quarter


def test_a_municipality_whose_plan_does_not_reach_the_period_is_listed_without_figures(country):
    summary = national_summary("2027")  # both plans end in April 2026
    assert {row["municipality"]: row["in_period"] for row in summary["rows"]} == dict.fromkeys(country, False)
    assert summary["municipalities"] == 0 and summary["total"]["paid_amount"] is None


def test_the_workbook_totals_are_formulas_over_the_municipality_rows(country, tmp_path):
    output = tmp_path / "lt.xlsx"
    call_command(
        "make_report",
        "progress",
        "--municipality",
        "all",
        "--period",
        "2025-Q4",
        "--format",
        "xlsx",
        "--output",
        str(output),
    )
    sheet = load_workbook(output).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Savivaldybė")
    column = rows[header].index("Apmokėta sukauptai be PVM, €")
    body = rows[header + 1 : -1]
    assert {row[0] for row in body} == set(country)
    assert all(isinstance(row[column], (int, float)) for row in body)
    for row in body:
        assert Decimal(str(row[column])).quantize(Decimal("0.01")) == paid(country[row[0]], Q4[1])
    letter = sheet.cell(row=1, column=column + 1).column_letter
    assert rows[-1][0] == "Iš viso"
    assert rows[-1][column] == f"=SUM({letter}{header + 2}:{letter}{len(rows) - 1})"
    assert sheet.auto_filter.ref.endswith(str(len(rows) - 1))  # the total row is not filtered
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows


def test_the_pdf_lists_every_municipality_and_the_countrys_total(country, tmp_path):
    output = tmp_path / "lt.pdf"
    call_command(
        "make_report",
        "progress",
        "--municipality",
        "all",
        "--period",
        "2025-Q4",
        "--format",
        "pdf",
        "--output",
        str(output),
    )
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(output.read_bytes())).pages))
    assert "Nacionalinė TŪM suvestinė" in text and "2025 m. IV ketvirtis" in text
    for name in country:
        assert name in text
    total = sum(paid(plan, Q4[1]) for plan in country.values())
    whole, cents = f"{total:.2f}".split(".")
    grouped = " ".join(re.findall(r"\d{1,3}(?=(?:\d{3})*$)", whole))
    assert f"{grouped},{cents} €" in text


def test_an_unknown_period_is_refused_in_words(country, tmp_path):
    with pytest.raises(CommandError, match="Laikotarpis turi būti"):
        call_command(
            "make_report",
            "progress",
            "--municipality",
            "all",
            "--period",
            "2025-Q5",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
        )
