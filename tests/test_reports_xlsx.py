"""Excel reports a public body files: typed numbers and dates with formats, totals as formulas that
LibreOffice computes to the database's sums, autofilter without totals, frozen headers, print setup,
and printed pages where no text runs into another row."""

import datetime
import io
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.db.models import Q, Sum
from openpyxl import load_workbook

from budget.models import BudgetLine, Expenditure
from demo.data import add_progress
from indicators.models import Indicator
from networking.models import NetworkingEvent
from reporting.models import ReviewState
from reports.services import report_request

from .spreadsheets import overlapping, printed, recalculated

pytestmark = pytest.mark.django_db
D = Decimal
CENT = D("0.01")
MONEY = '#,##0.00 "€"'
Q4 = (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
SPENDING = {
    "Planuojami įsipareigojimai be PVM": (["planned"], "amount"),
    "Planuojamų įsipareigojimų PVM": (["planned"], "vat"),
    "Įsipareigota be PVM": (["contracted", "paid"], "amount"),
    "Įsipareigotas PVM": (["contracted", "paid"], "vat"),
    "Apmokėta be PVM": (["paid"], "amount"),
    "Apmokėtas PVM": (["paid"], "vat"),
}
PLANNED = {"Planuota be PVM": "amount", "Planuotas PVM": "vat"}
TOTALS = ("Iš viso", "Tiesioginės išlaidos", "Netiesioginės išlaidos (norma)")


@pytest.fixture
def progress(kaunas):
    add_progress(kaunas, seed=7)
    return kaunas


def made(user, plan, kind, period, capture, school=None):
    with capture(execute=True):
        report = report_request(user=user, plan=plan, kind=kind, period=period, fmt="xlsx", school=school)
    report.refresh_from_db()
    assert report.state == "done", report.error
    with report.file.open("rb") as handle:
        return handle.read()


def expected(plan, header, school=None, period=Q4):
    """A money column's total summed by the database: the plan's lines ("Planuota…"), or approved spending
    dated in the period ("…, per laikotarpį") or up to its end ("…, sukauptai")."""
    if header in PLANNED:
        lines = BudgetLine.objects.filter(activity__plan=plan, **({"school": school} if school else {}))
        return lines.aggregate(total=Sum(PLANNED[header]))["total"]
    name, _sep, when = header.rpartition(", ")
    statuses, field = SPENDING[name]
    dated = Q(date__lte=period[1]) & (Q(date__gte=period[0]) if when == "per laikotarpį" else Q())
    spending = Expenditure.objects.filter(
        dated, budget_line__activity__plan=plan, state=ReviewState.APPROVED, status__in=statuses
    )
    if school:
        spending = spending.filter(budget_line__school=school)
    return spending.aggregate(total=Sum(field))["total"] or D(0)


def cents(value):
    return D(str(value)).quantize(CENT)


def columns(sheet):
    return {cell.value: cell.column - 1 for cell in sheet[1]}


def money_columns(sheet):
    return {h: i for h, i in columns(sheet).items() if h in PLANNED or h.rpartition(", ")[0] in SPENDING}


def row_of(sheet, label):
    return next(row for row in sheet.iter_rows() if str(row[0].value).startswith(label))


def first_total_row(sheet):
    return next((row[0].row for row in sheet.iter_rows() if str(row[0].value).startswith(TOTALS)), None)


def test_totals_are_formulas_that_libreoffice_computes_to_the_databases_sums(
    staff, progress, django_capture_on_commit_callbacks, tmp_path
):
    capture = django_capture_on_commit_callbacks
    school = BudgetLine.objects.filter(activity__plan=progress, school__isnull=False).first().school
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
    files = {
        "budget": made(staff, progress, "budget", "2025-Q4", capture),
        "school": made(staff, progress, "school", "2025-Q4", capture, school=school),
        "progress": made(staff, progress, "progress", "2025-Q4", capture),
        "national": national.read_bytes(),
    }
    written = {name: load_workbook(io.BytesIO(content)) for name, content in files.items()}
    computed = dict(zip(files, recalculated(*files.values()), strict=True))

    checked = 0
    for name, title, label, school_of in [
        ("budget", "Biudžeto eilutės", "Iš viso", None),
        ("budget", "Biudžetas pagal veiklas", "Tiesioginės išlaidos", None),
        ("budget", "Biudžeto kategorijos", "Iš viso", None),
        ("school", "Biudžetas pagal veiklas", "Tiesioginės išlaidos", school),
    ]:
        sheet, values = written[name][title], computed[name][title]
        total, last = row_of(sheet, label), first_total_row(sheet) - 1
        for header, index in money_columns(sheet).items():
            cell = total[index]
            assert cell.value == f"=SUM({cell.column_letter}2:{cell.column_letter}{last})", (title, header)
            assert cents(values[cell.coordinate].value) == expected(progress, header, school_of), (name, title, header)
            checked += 1
        rate = total[columns(sheet)["Panaudota, %"]]
        paid, planned = (expected(progress, h, school_of) for h in ("Apmokėta be PVM, sukauptai", "Planuota be PVM"))
        assert rate.data_type == "f" and values[rate.coordinate].value == pytest.approx(float(paid / planned))
    assert checked == 4 * 14  # planned 2, in the period 6, cumulative 6

    sheet, values = written["budget"]["Biudžetas pagal veiklas"], computed["budget"]["Biudžetas pagal veiklas"]
    indirect = row_of(sheet, "Netiesioginės išlaidos (norma)")
    for header, index in money_columns(sheet).items():
        want = (expected(progress, header) * progress.indirect_rate).quantize(CENT, rounding=ROUND_HALF_UP)
        assert indirect[index].data_type == "f" and cents(values[indirect[index].coordinate].value) == want, header

    events = NetworkingEvent.objects.filter(period__plan=progress, state=ReviewState.APPROVED, date__range=Q4)
    sheet, values = written["progress"]["Tinklaveika"], computed["progress"]["Tinklaveika"]
    total = row_of(sheet, "Iš viso")
    last = total[0].row - 1
    assert (total[1].value, total[5].value) == (f"=COUNT(A2:A{last})", f"=SUM(F2:F{last})")
    assert values[total[1].coordinate].value == events.count() == last - 1
    assert values[total[5].coordinate].value == events.aggregate(total=Sum("participants"))["total"]

    sheet, values = written["national"]["Biudžeto eilutės"], computed["national"]["Biudžeto eilutės"]
    total = row_of(sheet, "Iš viso")
    planned = total[columns(sheet)["Planuota be PVM"]]
    paid = total[columns(sheet)["Apmokėta be PVM"]]
    assert planned.value.startswith("=SUM(") and paid.value.startswith("=SUM(")
    assert cents(values[planned.coordinate].value) == BudgetLine.objects.aggregate(total=Sum("amount"))["total"]
    all_paid = Expenditure.objects.filter(state=ReviewState.APPROVED, status="paid").aggregate(total=Sum("amount"))
    assert cents(values[paid.coordinate].value) == all_paid["total"]


def test_numbers_and_dates_are_typed_and_formatted(staff, progress, django_capture_on_commit_callbacks):
    workbook = load_workbook(
        io.BytesIO(made(staff, progress, "progress", "2025-Q4", django_capture_on_commit_callbacks))
    )

    summary = {row[0].value: row[1] for row in workbook["Santrauka"].iter_rows(min_row=2)}
    for label, day in (("Laikotarpio pradžia", Q4[0]), ("Laikotarpio pabaiga", Q4[1])):
        assert summary[label].value == datetime.datetime.combine(day, datetime.time())
        assert summary[label].number_format == "yyyy-mm-dd"
    assert isinstance(summary["Duomenys"].value, datetime.datetime)
    assert summary["Duomenys"].number_format == "yyyy-mm-dd hh:mm"
    assert summary["Planuota be PVM"].number_format == MONEY
    assert cents(summary["Planuota be PVM"].value) == expected(progress, "Planuota be PVM")

    sheet = workbook["Tinklaveika"]
    dates = [row[0] for row in sheet.iter_rows(min_row=2, max_row=first_total_row(sheet) - 1)]
    events = NetworkingEvent.objects.filter(period__plan=progress, state=ReviewState.APPROVED, date__range=Q4)
    assert sorted(c.value.date() for c in dates) == sorted(events.values_list("date", flat=True))
    assert {c.number_format for c in dates} == {"yyyy-mm-dd"}

    sheet = workbook["Rodikliai"]
    where = columns(sheet)
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    numeric = text = 0
    for indicator in Indicator.objects.filter(plan=progress).prefetch_related("baselines"):
        row = rows[indicator.number]
        baselines = sorted(indicator.baselines.all(), key=lambda b: b.school_year)
        baseline, target = row[where["Pradinė reikšmė"]], row[where["Siekiama reikšmė"]]
        assert isinstance(target.value, (int, float)) and D(str(target.value)) == indicator.target
        if baselines:
            assert isinstance(baseline.value, (int, float)) and D(str(baseline.value)) == baselines[-1].value
            assert baseline.number_format in ("#,##0.00##", "#,##0")
            numeric += 1
        else:  # the plan gives only words ("nematuojama")
            assert baseline.value == indicator.baseline_text
            text += 1
        assert row[where["Pažanga, %"]].number_format == "0.0%"
    assert numeric and text

    sheet = workbook["Biudžetas pagal veiklas"]
    money = money_columns(sheet)
    for row in sheet.iter_rows(min_row=2, max_row=first_total_row(sheet) - 1):
        for index in money.values():
            assert row[index].value is None or (
                isinstance(row[index].value, (int, float)) and row[index].number_format == MONEY
            ), row[index].coordinate
        assert row[0].data_type == "n"  # the activity's number, sorting 3, 8, 10
    done = [row[columns(workbook["Veiklos"])["Įvykdyta, %"]] for row in workbook["Veiklos"].iter_rows(min_row=2)]
    assert all(c.number_format == "0%" and 0 <= c.value <= 1 for c in done if c.value is not None)


def test_every_sheet_filters_freezes_and_prints_its_table(staff, progress, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    school = BudgetLine.objects.filter(activity__plan=progress, school__isnull=False).first().school
    reports = {
        "Pažangos ataskaita: 2025 m. IV ketvirtis": made(staff, progress, "progress", "2025-Q4", capture),
        "Biudžeto ataskaita: 2025 m. II pusmetis": made(staff, progress, "budget", "2025-H2", capture),
        "Mokyklos ataskaita: 2025 m.": made(staff, progress, "school", "2025", capture, school=school),
    }
    landscape = {"Rodikliai", "Veiklos", "Tinklaveika", "Biudžeto eilutės", "Biudžetas pagal veiklas"}
    seen = set()
    for title, content in reports.items():
        for sheet in load_workbook(io.BytesIO(content)).worksheets:
            seen.add(sheet.title)
            total = first_total_row(sheet)
            last_data = (total - 1) if total else sheet.max_row
            if sheet.title in ("Dar nepatvirtinta",) and sheet["A2"].value == "Nepatvirtintų įrašų nėra.":
                last_data = 1
            assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{last_data}", (
                title,
                sheet.title,
            )
            assert sheet.freeze_panes in ("A2", "B2", "C2"), sheet.title
            assert sheet.print_title_rows == "$1:$1"
            setup = sheet.page_setup
            assert (setup.fitToWidth, setup.fitToHeight, setup.paperSize) == (1, 0, 9)
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            if sheet.title in landscape:
                assert setup.orientation == "landscape", sheet.title
            elif sheet.title == "Santrauka":
                assert setup.orientation == "portrait"
            assert sheet.page_margins.left <= 0.5 and sheet.page_margins.top >= sheet.page_margins.header + 0.3
            assert sheet.oddHeader.right.text == title
            assert sheet.oddHeader.left.text.startswith("Kauno miesto savivaldybė")
            assert sheet.oddFooter.center.text == "Puslapis &P iš &N"
    assert landscape <= seen


def test_printed_pages_keep_every_row_clear_of_the_next_and_every_word_whole(
    staff, progress, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    files = [made(staff, progress, kind, "2025-Q4", capture) for kind in ("progress", "budget")]
    for content, pages in zip(files, printed(*files), strict=True):
        for number, (width, height, page) in enumerate(pages, start=1):
            assert overlapping(page) == [], number
            assert all(0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height for x0, y0, x1, y1, _w in page)
            assert not [w for *_box, w in page if "###" in w], number  # a number too wide for its column
        assert len(pages) > 5
        # Every word of the cells' text is printed whole as often as it is written: none is broken at a
        # column's edge (a check digit string or a hyphenated compound may be longer than a column).
        written = Counter(
            word
            for sheet in load_workbook(io.BytesIO(content)).worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "s"
            for word in cell.value.split()
            if len(word) <= 25 and "-" not in word
        )
        whole = Counter(word for _w, _h, page in pages for *_box, word in page)
        assert {w: n for w, n in written.items() if whole[w] < n} == {}
