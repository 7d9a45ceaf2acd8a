"""Reports a ministry can file: the previous period compared, the plan's own titles, money for the period
and cumulative, periods in words, the real requester, pending items listed, a school's own share."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Activity
from activities.numbering import sort_key
from budget.models import BudgetLine, Expenditure
from demo.data import add_progress
from indicators.models import Indicator
from indicators.services import indicator_value_save
from reporting.models import ReviewState
from reports.periods import period_words, previous_period
from reports.services import report_request

from .spreadsheets import recalculated
from .test_reports import lt_money, pdf_text

pytestmark = pytest.mark.django_db
D = Decimal
CENT = D("0.01")


def rows_of(report, sheet):
    with report.file.open("rb") as handle:
        return list(load_workbook(io.BytesIO(handle.read()))[sheet].iter_rows(values_only=True))


def computed_rows(report, *sheets):
    """The sheets' rows with their totals' formulas computed by LibreOffice."""
    with report.file.open("rb") as handle:
        workbook = recalculated(handle.read())[0]
    return [list(workbook[sheet].iter_rows(values_only=True)) for sheet in sheets]


def make(user, plan, kind, period, fmt, capture, school=None):
    with capture(execute=True):
        report = report_request(user=user, plan=plan, kind=kind, period=period, fmt=fmt, school=school)
    report.refresh_from_db()
    assert report.state == "done", report.error
    return report


def spent(plan, statuses, until, since=None, **scope):
    """Approved spending of the plan dated in the range, summed by the database."""
    rows = Expenditure.objects.filter(
        budget_line__activity__plan=plan, state=ReviewState.APPROVED, status__in=statuses, date__lte=until, **scope
    )
    if since is not None:
        rows = rows.filter(date__gte=since)
    return rows.aggregate(total=Sum("amount"))["total"] or D(0)


def cell(rows, label, header):
    row = next(r for r in rows if r[0] == label)
    return D(str(row[rows[0].index(header)])).quantize(CENT)


@pytest.fixture
def progress(kaunas):
    add_progress(kaunas, seed=7)
    return kaunas


def test_periods_in_words_and_the_period_before():
    assert [period_words(p) for p in ("2025-Q4", "2025-H2", "2025")] == [
        "2025 m. IV ketvirtis",
        "2025 m. II pusmetis",
        "2025 m.",
    ]
    assert [previous_period(p) for p in ("2025-Q4", "2025-Q1", "2025-H2", "2025-H1", "2025", "all")] == [
        "2025-Q3",
        "2024-Q4",
        "2025-H1",
        "2024-H2",
        "2024",
        None,
    ]


@pytest.mark.kaunas_data
def test_changes_since_compare_with_the_previous_period_not_the_last_report(
    staff, progress, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    q3 = make(staff, progress, "progress", "2025-Q3", "xlsx", capture)
    make(staff, progress, "progress", "all", "xlsx", capture)  # made later, of another period: not compared with
    q4 = make(staff, progress, "progress", "2025-Q4", "pdf", capture)
    text = pdf_text(q4.file.read())
    when = timezone.localtime(q3.finished_at).strftime("%Y-%m-%d %H:%M")
    assert f"Lyginama su ataskaita už ankstesnį laikotarpį – 2025 m. III ketvirtis (paruošta {when})" in text
    q4 = make(staff, progress, "progress", "2025-Q4", "xlsx", capture)
    changes = rows_of(q4, "Pokyčiai")
    paid = next(r for r in changes if r[0] == "Apmokėta be PVM")
    q3_end, q4_end = datetime.date(2025, 9, 30), datetime.date(2025, 12, 31)
    assert D(str(paid[2])).quantize(CENT) == spent(progress, ["paid"], q3_end)
    assert D(str(paid[3])).quantize(CENT) == spent(progress, ["paid"], q4_end)
    numbers = [r[1].split(" / ")[0] for r in changes if r[0] == "Veiklos būsena"]
    assert numbers and numbers == sorted(numbers, key=sort_key) and numbers != sorted(numbers)


@pytest.mark.kaunas_data
def test_section_6_titles_each_activity_with_its_own_title_in_pdf_and_excel(
    staff, progress, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    top = list(Activity.objects.filter(plan=progress, parent__isnull=True).order_by("sort_key"))
    without_lines = [
        a.number
        for a in top
        if not BudgetLine.objects.filter(
            activity__number__regex=rf"^{a.number}(\.|$)", activity__plan=progress
        ).exists()
    ]
    assert {"27", "64"} <= set(without_lines)
    text = pdf_text(make(staff, progress, "budget", "2025-Q4", "pdf", capture).file.read())
    section = text[text.index("Pagal veiklas (6 skyriaus forma)") : text.index("Pagal biudžeto kategorijas")]
    squeezed = re.sub(r"\s", "", section)  # a title wraps at its hyphens; the words must all be there
    for activity in top:
        assert re.sub(r"\s", "", f"{activity.number}.{activity.title}") in squeezed, activity.number
    assert section.count("Plane šiai veiklai biudžeto eilučių nėra.") == len(without_lines)
    rows = rows_of(make(staff, progress, "budget", "2025-Q4", "xlsx", capture), "Biudžetas pagal veiklas")
    by_number = {
        str(r[0]): r for r in rows[1:] if r[0] not in ("Tiesioginės išlaidos", "Netiesioginės išlaidos (norma)")
    }
    assert list(by_number) == [a.number for a in top]
    for activity in top:
        assert by_number[activity.number][1] == activity.title
    planned = rows[0].index("Planuota be PVM")
    assert all(by_number[number][planned] is None for number in without_lines)


@pytest.mark.kaunas_data
@pytest.mark.parametrize(
    "period, since, until",
    [
        ("2025-Q4", datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)),
        ("2025-H2", datetime.date(2025, 7, 1), datetime.date(2025, 12, 31)),
        ("2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    ],
)
def test_budget_money_for_the_period_and_cumulative_equal_the_database(
    staff, progress, django_capture_on_commit_callbacks, period, since, until
):
    report = make(staff, progress, "budget", period, "xlsx", django_capture_on_commit_callbacks)
    rows, lines = computed_rows(report, "Biudžetas pagal veiklas", "Biudžeto eilutės")
    figures = {
        "Planuojami įsipareigojimai be PVM": ["planned"],
        "Įsipareigota be PVM": ["contracted", "paid"],
        "Apmokėta be PVM": ["paid"],
    }
    for name, statuses in figures.items():
        in_period = spent(progress, statuses, until, since=since)
        assert cell(rows, "Tiesioginės išlaidos", f"{name}, per laikotarpį") == in_period, name
        assert cell(rows, "Tiesioginės išlaidos", f"{name}, sukauptai") == spent(progress, statuses, until), name
    assert cell(lines, "Iš viso", "Apmokėta be PVM, per laikotarpį") == spent(progress, ["paid"], until, since=since)


@pytest.mark.kaunas_data
def test_the_quarter_half_year_and_year_differ_where_the_data_differ(
    staff, progress, django_capture_on_commit_callbacks
):
    end = datetime.date(2025, 12, 31)
    starts = {
        "2025-Q4": datetime.date(2025, 10, 1),
        "2025-H2": datetime.date(2025, 7, 1),
        "2025": datetime.date(2025, 1, 1),
    }
    expected = {period: spent(progress, ["paid"], end, since=start) for period, start in starts.items()}
    assert len(set(expected.values())) == 3  # the demo data pays in every quarter
    for period in starts:
        text = pdf_text(make(staff, progress, "budget", period, "pdf", django_capture_on_commit_callbacks).file.read())
        assert f"Biudžeto ataskaita: {period_words(period)}" in text
        paid = next(line for line in text.split("Apmokėta ")[1:] if line[0].isdigit())
        assert paid.startswith(lt_money(expected[period])), (period, paid[:40])


def test_the_cover_says_the_period_in_words_local_time_and_the_command_as_requester(progress, tmp_path):
    output = tmp_path / "kaunas.pdf"
    before = timezone.localtime()
    call_command("make_report", "budget", "--municipality", "kaunas", "--period", "2025-H2", "--output", str(output))
    text = pdf_text(output.read_bytes())
    assert "Laikotarpis 2025 m. II pusmetis (2025-07-01 – 2025-12-31)" in text
    assert "Užsakė komandinė eilutė: manage.py make_report" in text and "suplanuota automatiškai" not in text
    match = re.search(r"Duomenys (\d{4}-\d\d-\d\d \d\d:\d\d)", text)
    stamp = timezone.make_aware(datetime.datetime.strptime(match[1], "%Y-%m-%d %H:%M"))  # read as Vilnius time
    assert abs((stamp - before).total_seconds()) < 120


def test_pending_items_are_listed_by_school_and_item(
    kaunas, coordinator, staff, period, g1, django_capture_on_commit_callbacks
):
    indicator = Indicator.objects.get(plan=kaunas, number=1)
    indicator_value_save(user=coordinator, period=period, school=g1, indicator=indicator, data={"value": D("99.99")})
    report = make(staff, kaunas, "progress", "2025-Q4", "xlsx", django_capture_on_commit_callbacks)
    rows = rows_of(report, "Dar nepatvirtinta")
    assert rows[0] == ("Mokykla", "Kas", "Nr.", "Įrašas", "Būsena", "Laikotarpis")
    draft = str(dict(ReviewState.choices)[ReviewState.DRAFT])
    assert ("G1", "Rodiklių reikšmės", "1", indicator.name[:200], draft, "2025 m. IV ketvirtis") in rows
    text = pdf_text(make(staff, kaunas, "progress", "2025-Q4", "pdf", django_capture_on_commit_callbacks).file.read())
    assert f"G1 Rodiklių reikšmės 1 {' '.join(indicator.name.split())[:60]}" in text


@pytest.mark.kaunas_data
def test_a_school_report_shows_its_own_share_and_says_what_the_plan_does_not_split(
    staff, progress, django_capture_on_commit_callbacks
):
    line = BudgetLine.objects.filter(activity__plan=progress, school__isnull=False).select_related("school").first()
    school = line.school
    report = make(staff, progress, "school", "2025", "xlsx", django_capture_on_commit_callbacks, school=school)
    (rows,) = computed_rows(report, "Biudžetas pagal veiklas")
    own = BudgetLine.objects.filter(activity__plan=progress, school=school).aggregate(total=Sum("amount"))["total"]
    assert cell(rows, "Tiesioginės išlaidos", "Planuota be PVM") == own
    until = datetime.date(2025, 12, 31)
    assert cell(rows, "Tiesioginės išlaidos", "Apmokėta be PVM, sukauptai") == spent(
        progress, ["paid"], until, budget_line__school=school
    )
    note = rows[0].index("Pastaba")
    shared = [r for r in rows[1:] if r[note]]
    assert shared and all(r[note] == "Planas šios veiklos lėšų mokyklai atskirai neskiria („–“)." for r in shared)
    assert all(r[rows[0].index("Planuota be PVM")] is None for r in shared)
    pdf = make(staff, progress, "school", "2025", "pdf", django_capture_on_commit_callbacks, school=school)
    assert "Kur planas lėšų mokykloms neskirsto, rašoma „–“" in pdf_text(pdf.file.read())
