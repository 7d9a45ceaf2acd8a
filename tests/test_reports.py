"""Reports: PDF and Excel read back, totals equal the database, only approved data, background making."""

import datetime
import io
import re
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from budget.models import BudgetLine, Expenditure
from demo.data import add_progress
from indicators.models import Indicator
from indicators.services import indicator_value_save
from reports.content import build_content
from reports.models import Report
from reports.periods import report_periods
from reports.services import report_request, report_run, reports_cleanup, reports_schedule

from .spreadsheets import recalculated

pytestmark = pytest.mark.django_db
D = Decimal


def approved_spending(plan, **status):
    """The sum of the plan's approved spending with that status, straight from the database."""
    spending = Expenditure.objects.filter(budget_line__activity__plan=plan, state="approved", **status)
    return spending.aggregate(amount=Sum("amount"))["amount"]


def lt_money(value):
    """Decimal('4347619.75') -> '4 347 619,75 €' as the PDF writes it."""
    whole, cents = f"{value:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return "\u00a0".join(groups) + f",{cents}\u00a0€"


def pdf_text(content):
    """The PDF's text with line breaks and ordinary spaces collapsed (non-breaking spaces kept)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"[ \n]+", " ", text)


@pytest.fixture
def progress(kaunas):
    add_progress(kaunas, seed=7)
    return kaunas


def make(user, plan, kind, period, fmt, school=None, capture=None):
    with capture(execute=True):
        report = report_request(user=user, plan=plan, kind=kind, period=period, fmt=fmt, school=school)
    report.refresh_from_db()
    return report


@pytest.mark.kaunas_data
def test_the_progress_report_pdf_has_the_databases_totals(staff, progress, django_capture_on_commit_callbacks):
    report = make(staff, progress, "progress", "2025-Q4", "pdf", capture=django_capture_on_commit_callbacks)
    assert report.state == "done", report.error
    content = report.file.read()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    paid = Expenditure.objects.filter(
        budget_line__activity__plan=progress, state="approved", status="paid", date__lte=datetime.date(2025, 12, 31)
    ).aggregate(amount=Sum("amount"), vat=Sum("vat"))
    assert lt_money(paid["amount"]) in text and lt_money(paid["vat"]) in text
    planned = BudgetLine.objects.filter(activity__plan=progress).aggregate(amount=Sum("amount"))["amount"]
    assert lt_money(planned) in text
    assert "Pažangos ataskaita" in text and "Puslapis 1 iš" in text
    assert "Ataskaitoje – tik koordinavimo komandos patvirtinti duomenys" in text
    assert "Rodiklis" in text and "Pradinė reikšmė" in text and "Siekiama reikšmė" in text
    assert "Kauno miesto savivaldybės švietimo pažangos planas · Tūkstantmečio mokyklos" in text  # Lithuanian letters
    assert "Įvykdytos veiklos" in text and "Įtraukusis ugdymas" in text


@pytest.mark.kaunas_data
def test_the_progress_report_xlsx_has_real_numbers_and_the_databases_totals(
    staff, progress, django_capture_on_commit_callbacks
):
    report = make(staff, progress, "progress", "all", "xlsx", capture=django_capture_on_commit_callbacks)
    content = report.file.read()
    workbook, computed = load_workbook(io.BytesIO(content)), recalculated(content)[0]
    assert workbook.sheetnames == [
        "Santrauka",
        "Rodikliai",
        "Veiklos",
        "Tinklaveika",
        "Biudžetas pagal veiklas",
        "Biudžeto kategorijos",
        "Dar nepatvirtinta",
        "Pokyčiai",
    ]
    sheet = workbook["Biudžetas pagal veiklas"]
    rows = list(computed[sheet.title].iter_rows(values_only=True))  # the totals' formulas computed
    header, body = (
        rows[0],
        [r for r in rows[1:] if r[0] not in ("Tiesioginės išlaidos", "Netiesioginės išlaidos (norma)")],
    )
    direct = next(r for r in rows if r[0] == "Tiesioginės išlaidos")
    total_paid = approved_spending(progress, status="paid")
    paid = header.index("Apmokėta be PVM, sukauptai")
    body = [r for r in body if r[paid] is not None]  # activities without a budget line have no amounts
    assert D(str(direct[paid])).quantize(D("0.01")) == total_paid
    assert sum(D(str(r[paid])) for r in body).quantize(D("0.01")) == total_paid
    assert D(str(direct[header.index("Planuota be PVM")])) == D("21104929.81")
    assert all(isinstance(r[paid], (int, float)) for r in body)
    last = sheet.cell(1, sheet.max_column).column_letter
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == f"A1:{last}{rows.index(direct)}"  # no totals
    assert sheet["C2"].number_format == '#,##0.00 "€"'
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    categories = list(computed["Biudžeto kategorijos"].iter_rows(values_only=True))
    assert D(str(categories[-1][categories[0].index("Apmokėta be PVM, sukauptai")])).quantize(D("0.01")) == total_paid


@pytest.mark.kaunas_data
def test_the_budget_report_lists_every_budget_line(viewer, progress, django_capture_on_commit_callbacks):
    report = make(viewer, progress, "budget", "all", "xlsx", capture=django_capture_on_commit_callbacks)
    sheet = recalculated(report.file.read())[0]["Biudžeto eilutės"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + progress.activities.filter(budget_lines__isnull=False).count() + 1
    assert rows[-1][0] == "Iš viso" and D(str(rows[-1][3])).quantize(D("0.01")) == D("21104929.81")
    pdf = make(viewer, progress, "budget", "all", "pdf", capture=django_capture_on_commit_callbacks)
    committed = approved_spending(progress, status__in=["contracted", "paid"])
    assert lt_money(committed) in pdf_text(pdf.file.read())


def test_only_approved_data_goes_in_and_pending_is_listed(kaunas, coordinator, period, g1):
    indicator = Indicator.objects.get(plan=kaunas, number=1)
    indicator_value_save(user=coordinator, period=period, school=g1, indicator=indicator, data={"value": D("99.99")})
    content = build_content(kaunas, "school", "2025-Q4", school=g1)
    row = next(r for r in content["indicators"] if r["number"] == "1")
    assert row["latest"] is None
    assert content["pending"]["indicators"] == {"draft": 1}


def test_the_same_request_gives_the_same_numbers(staff, progress, django_capture_on_commit_callbacks):
    first = make(staff, progress, "progress", "2025-H2", "xlsx", capture=django_capture_on_commit_callbacks)
    second = make(staff, progress, "progress", "2025-H2", "pdf", capture=django_capture_on_commit_callbacks)
    assert first.data_checksum == second.data_checksum and len(first.data_checksum) == 64
    assert first.file_checksum != second.file_checksum
    assert first.data_as_of and first.requested_by == staff and first.figures["spending"]


def test_a_report_ends_with_what_changed_since_the_previous_one(
    staff, kaunas, coordinator, other_staff, period, g1, django_capture_on_commit_callbacks
):
    from reporting import workflow

    first = make(staff, kaunas, "school", "2025-Q3", "pdf", school=g1, capture=django_capture_on_commit_callbacks)
    assert "Ataskaitos už ankstesnį laikotarpį (2025 m. II ketvirtis) nėra" in pdf_text(first.file.read())
    indicator = Indicator.objects.get(plan=kaunas, number=1)
    value = indicator_value_save(
        user=coordinator, period=period, school=g1, indicator=indicator, data={"value": D("81.50")}
    )
    workflow.items_submit(user=coordinator, items=[value])
    workflow.items_approve(user=other_staff, items=[value])
    second = make(staff, kaunas, "school", "2025-Q4", "xlsx", school=g1, capture=django_capture_on_commit_callbacks)
    changes = list(load_workbook(io.BytesIO(second.file.read()))["Pokyčiai"].iter_rows(values_only=True))
    assert ("Rodiklis", "1", None, 81.5, None) in changes  # no difference from a value that was not there


def test_a_failed_report_says_why_and_leaves_no_file(staff, kaunas, settings):
    from pathlib import Path

    report = Report.objects.create(plan=kaunas, kind="progress", period="2099-Q1", format="pdf", requested_by=staff)
    files_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))
    report_run(report.pk)
    report.refresh_from_db()
    assert report.state == "failed" and "nepavyko" in report.error and "2099-Q1" in report.error
    assert not report.file
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == files_before


def test_a_report_is_made_once_even_if_delivered_twice(staff, kaunas, django_capture_on_commit_callbacks):
    report = make(staff, kaunas, "budget", "2025", "xlsx", capture=django_capture_on_commit_callbacks)
    assert report.state == "done" and report_run(report.pk) is None
    report.refresh_from_db()
    assert report.attempts == 1


def test_scheduled_reports_at_the_end_of_each_quarter(kaunas):
    from django.test import TestCase

    q4 = kaunas.periods.get(code="2025-Q4")
    with TestCase.captureOnCommitCallbacks(execute=False):
        created = reports_schedule(today=q4.ends_on + datetime.timedelta(days=1))
        again = reports_schedule(today=q4.ends_on + datetime.timedelta(days=1))
    assert sorted(r.format for r in created) == ["pdf", "xlsx"] and again == []
    assert all(r.scheduled and r.period == "2025-Q4" and r.requested_by is None for r in created)
    assert reports_schedule(today=q4.ends_on) == []


def test_old_report_files_are_cleaned_up(staff, kaunas, django_capture_on_commit_callbacks):
    report = make(staff, kaunas, "budget", "all", "xlsx", capture=django_capture_on_commit_callbacks)
    storage, name = report.file.storage, report.file.name
    kaunas.report_retention_days = 30
    kaunas.save()
    assert reports_cleanup() == 0
    Report.objects.filter(pk=report.pk).update(finished_at=timezone.now() - datetime.timedelta(days=31))
    assert reports_cleanup() == 1
    report.refresh_from_db()
    assert report.state == "expired" and not report.file and not storage.exists(name)


def test_the_command_line_makes_the_same_report(progress, tmp_path, capsys):
    output = tmp_path / "kaunas.pdf"
    call_command(
        "make_report",
        "progress",
        "--municipality",
        "kaunas",
        "--period",
        "2025-Q4",
        "--format",
        "pdf",
        "--output",
        str(output),
    )
    assert output.read_bytes().startswith(b"%PDF")
    content = build_content(progress, "progress", "2025-Q4")
    assert content["checksum"][:12] in capsys.readouterr().out


def test_a_coordinator_gets_only_their_schools_report(
    client_for, coordinator, staff, kaunas, g1, g2, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match=r"^$"):
        report_request(user=coordinator, plan=kaunas, kind="progress", period="all", fmt="pdf")
    with pytest.raises(PermissionDenied, match=r"^$"):
        report_request(user=coordinator, plan=kaunas, kind="school", period="all", fmt="pdf", school=g2)
    assert not Report.objects.filter(requested_by=coordinator).exists()
    own = make(coordinator, kaunas, "school", "2025", "xlsx", school=g1, capture=django_capture_on_commit_callbacks)
    other = make(staff, kaunas, "progress", "2025", "xlsx", capture=django_capture_on_commit_callbacks)
    client = client_for(coordinator)
    assert client.get(reverse("reports:download", args=["kaunas", own.pk])).status_code == 200
    assert client.get(reverse("reports:download", args=["kaunas", other.pk])).status_code == 404


def test_requesting_through_the_page(client_for, viewer, kaunas, django_capture_on_commit_callbacks):
    client = client_for(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:list", args=["kaunas"]), {"kind": "budget", "period": "2025", "format": "pdf"}
        )
    assert response.status_code == 302
    report = Report.objects.get(requested_by=viewer)
    assert report.state == "done"
    assert "<td>2025 m.</td>" in client.get(reverse("reports:list", args=["kaunas"])).content.decode()
    response = client.get(reverse("reports:download", args=["kaunas", report.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="kaunas-biudzetas-2025.pdf"'
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content).startswith(b"%PDF")
    response = client.post(
        reverse("reports:list", args=["kaunas"]), {"kind": "budget", "period": "2031", "format": "pdf"}
    )
    assert response.context["form"].errors["period"]  # not one of the plan's periods


def test_the_period_is_chosen_from_the_plans_own_periods(client_for, viewer, kaunas):
    """Kaunas runs 2024-03-01 – 2026-04-30; on 2025-05-10 the periods begun so far, in words, newest first."""
    choices = report_periods(kaunas, today=datetime.date(2025, 5, 10))
    assert choices == [
        ("all", "visas programos laikotarpis iki šiol"),
        (
            "Ketvirčiai",
            [
                ("2025-Q2", "2025 m. II ketvirtis"),
                ("2025-Q1", "2025 m. I ketvirtis"),
                ("2024-Q4", "2024 m. IV ketvirtis"),
                ("2024-Q3", "2024 m. III ketvirtis"),
                ("2024-Q2", "2024 m. II ketvirtis"),
                ("2024-Q1", "2024 m. I ketvirtis"),
            ],
        ),
        (
            "Pusmečiai",
            [
                ("2025-H1", "2025 m. I pusmetis"),
                ("2024-H2", "2024 m. II pusmetis"),
                ("2024-H1", "2024 m. I pusmetis"),
            ],
        ),
        ("Metai", [("2025", "2025 m."), ("2024", "2024 m.")]),
    ]
    content = client_for(viewer).get(reverse("reports:list", args=["kaunas"])).content.decode()
    assert '<select name="period"' in content and '<option value="all" selected>' in content
    assert 'name="period" value="all"' not in content


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_report(celery_worker_app, kaunas, staff):
    report = report_request(user=staff, plan=kaunas, kind="progress", period="2025-Q4", fmt="pdf")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.state in ("done", "failed"):
            break
        time.sleep(0.3)
    assert report.state == "done", report.error
    assert report.file.read().startswith(b"%PDF")
