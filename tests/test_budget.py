"""Budget execution: entries, every grouping against hand-computed sums, indirect costs, Excel in and out."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import User
from budget import execution
from budget.models import BudgetLine, Expenditure, ExpenditureImport
from budget.services import expenditure_save
from budget.spreadsheet import COLUMNS, ImportFileError, expenditure_import, expenditure_template
from reporting import workflow

from .conftest import make_user

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def lines(small):
    return {
        line.activity.number: line
        for line in BudgetLine.objects.filter(activity__plan=small).select_related("activity", "school")
    }


def spend(user, line, day, amount, vat, status="paid", supplier="UAB Tiekėjas", number=None, **extra):
    data = {
        "date": day,
        "amount": D(amount),
        "vat": D(vat),
        "vat_exception": False,
        "supplier": supplier,
        "document_number": number or f"SF-{amount}-{day}",
        "description": "",
        "status": status,
        **extra,
    }
    return expenditure_save(user=user, line=line, data=data)


@pytest.fixture
def spending(small_staff, lines):
    """Hand-made spending on the small plan: line 1 (G1, 1000 + 210 planned), line 2.1 (G2, 500 + 0)."""
    one, sub = lines["1"], lines["2.1"]
    spend(small_staff, one, datetime.date(2025, 2, 10), "300.00", "63.00", "paid")
    spend(small_staff, one, datetime.date(2025, 3, 5), "450.55", "94.61", "contracted")
    spend(small_staff, one, datetime.date(2025, 3, 20), "99.99", "20.99", "planned")
    spend(small_staff, sub, datetime.date(2025, 2, 28), "620.10", "0.00", "paid")
    return small_staff


def figures(row):
    return (row.planned_amount, row.planned_vat, row.committed_amount, row.committed_vat, row.paid_amount, row.paid_vat)


def test_execution_by_line(small, spending):
    rows = {r.extra["activity"].number: r for r in execution.execution_by(small, "line")}
    assert figures(rows["1"]) == (D("1000.00"), D("210.00"), D("750.55"), D("157.61"), D("300.00"), D("63.00"))
    assert (rows["1"].pipeline_amount, rows["1"].pipeline_vat) == (D("99.99"), D("20.99"))
    assert figures(rows["2.1"]) == (D("500.00"), D("0.00"), D("620.10"), D("0.00"), D("620.10"), D("0.00"))
    assert rows["2.1"].over_plan and not rows["1"].over_plan
    assert rows["1"].rate == D("30.0") and rows["2.1"].rate == D("124.0")


def test_execution_by_activity_category_school_and_area(small, spending):
    by_activity = {r.key: r for r in execution.execution_by(small, "activity")}
    assert set(by_activity) == {"1", "2"}
    assert figures(by_activity["2"]) == (D("500.00"), D("0.00"), D("620.10"), D("0.00"), D("620.10"), D("0.00"))
    by_category = {r.key: r for r in execution.execution_by(small, "category")}
    assert by_category[1].paid_amount == D("300.00") and by_category[2].paid_amount == D("620.10")
    by_school = {r.key: r for r in execution.execution_by(small, "school")}
    assert by_school["G1"].committed_amount == D("750.55") and by_school["G2"].committed_amount == D("620.10")
    by_area = {r.key: r for r in execution.execution_by(small, "area")}
    # activity 1 is STEAM; 2.1 is leadership
    assert by_area["steam"].paid_amount == D("300.00") and by_area["leadership"].paid_amount == D("620.10")


def test_execution_by_month(small, spending):
    months = {r.key.strftime("%Y-%m"): r for r in execution.execution_by_month(small)}
    assert months["2025-02"].paid_amount == D("920.10")
    assert months["2025-03"].committed_amount == D("450.55") and months["2025-03"].pipeline_amount == D("99.99")
    # no monthly plan: nothing planned by month, so no month is over (or under) plan
    assert [(m.planned_amount, m.planned_vat, m.over_plan, m.rate) for m in months.values()] == [
        (None, None, False, None)
    ] * len(months)


def test_the_budget_by_month_flags_no_month(client_for, small, small_staff, spending):
    url = reverse("budget:overview", args=[small.municipality.code])
    content = client_for(small_staff).get(url, {"by": "month"}).content.decode()
    assert "2025-02" in content and "450,55 €" in content
    assert 'class="over-plan"' not in content and "viršija</span>" not in content


def test_totals_equal_the_sum_of_the_rows_and_of_the_database(small, spending):
    rows = execution.line_rows(small)
    total = execution.total(rows)
    assert total.paid_amount == sum(e.amount for e in Expenditure.objects.filter(status="paid")) == D("920.10")
    assert total.committed_vat == D("157.61")
    for grouping in ("activity", "category", "school"):
        grouped = execution.execution_by(small, grouping, rows=rows)
        assert sum(g.paid_amount for g in grouped) == total.paid_amount


def test_indirect_costs_are_two_percent_planned_and_actual(small, spending):
    total = execution.total(execution.line_rows(small))
    indirect = execution.indirect(small, total)
    assert indirect.planned_amount == D("30.00") and indirect.planned_vat == D("4.20")
    assert indirect.paid_amount == D("18.40")  # 2 % of 920.10 = 18.402
    assert indirect.paid_vat == D("1.26")  # 2 % of 63.00


def test_only_approved_entries_count(small, small_staff, lines, kaunas):
    small.school_spending_entries = True
    small.save()
    from schools.models import School

    g1 = School.objects.get(municipality=small.municipality, code="G1")
    coordinator = make_user("c@small.test", User.Role.COORDINATOR, small.municipality, schools=[g1])
    period = small.periods.get(code="2025-Q1")
    period.deadline = datetime.date.today() + datetime.timedelta(days=5)
    period.save()
    entry = spend(coordinator, lines["1"], datetime.date(2025, 2, 1), "10.00", "2.10")
    assert entry.state == "draft"
    assert execution.total(execution.line_rows(small)).paid_amount == 0
    workflow.items_submit(user=coordinator, items=[entry])
    workflow.items_approve(user=small_staff, items=[entry])
    assert execution.total(execution.line_rows(small)).paid_amount == D("10.00")


def test_a_coordinator_may_not_enter_spending_unless_allowed_and_only_for_their_school(small, lines):
    from schools.models import School

    g1 = School.objects.get(municipality=small.municipality, code="G1")
    coordinator = make_user("c@small.test", User.Role.COORDINATOR, small.municipality, schools=[g1])
    with pytest.raises(PermissionDenied, match=r"^$"):
        spend(coordinator, lines["1"], datetime.date(2025, 2, 1), "10.00", "2.10")
    small.school_spending_entries = True
    small.save()
    with pytest.raises(PermissionDenied, match=r"^$"):
        spend(coordinator, lines["2.1"], datetime.date(2025, 2, 1), "10.00", "0")
    assert not Expenditure.objects.filter(budget_line__activity__plan=small).exists()


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"amount": D("10.005")}, "amount", "Suma gali turėti daugiausia 2 skaitmenis po kablelio."),
        ({"amount": D("-1")}, "amount", "Suma negali būti neigiama."),
        (
            {"amount": D("1000.00"), "vat": D("210.01")},  # 21 % of 1 000,00 is 210,00
            "vat",
            "PVM 210,01\u00a0€ viršija eilutės PVM tarifą (daugiausia 210,00\u00a0€). Jei tai pagrįsta, pažymėkite "
            "išimtį.",
        ),
        (
            {"date": datetime.date(2027, 1, 1)},
            "date",
            "Data turi būti programos laikotarpyje (2024-03-01 – 2026-04-30).",
        ),
        ({"supplier": " "}, "supplier", "Nurodykite tiekėją."),
    ],
)
def test_it_refuses_bad_entries_with_a_message(small_staff, lines, change, field, message):
    data = {
        "date": datetime.date(2025, 1, 5),
        "amount": D("100.00"),
        "vat": D("21.00"),
        "vat_exception": False,
        "supplier": "UAB A",
        "document_number": "1",
        "description": "",
        "status": "paid",
        **change,
    }
    with pytest.raises(ValidationError) as error:
        expenditure_save(user=small_staff, line=lines["1"], data=data)
    assert error.value.message_dict == {field: [message]}
    assert not Expenditure.objects.exists()


def test_vat_above_the_line_rate_passes_when_flagged(small_staff, lines):
    entry = spend(small_staff, lines["1"], datetime.date(2025, 1, 5), "100.00", "50.00", vat_exception=True)
    assert entry.vat == D("50.00")


def test_no_duplicate_document_numbers_for_the_same_supplier(small_staff, lines):
    spend(small_staff, lines["1"], datetime.date(2025, 1, 5), "10.00", "2.10", number="SF-1")
    with pytest.raises(ValidationError, match="jau įvestas"):
        spend(
            small_staff,
            lines["2.1"],
            datetime.date(2025, 1, 6),
            "20.00",
            "0.00",
            supplier="uab tiekėjas",
            number="sf-1",
        )
    spend(small_staff, lines["1"], datetime.date(2025, 1, 5), "10.00", "2.10", supplier="UAB Kitas", number="SF-1")


# --- Excel -------------------------------------------------------------------------------------


def filled_template(plan, rows):
    workbook = load_workbook(io.BytesIO(expenditure_template(plan)))
    sheet = workbook["Išlaidos"]
    for row_number, row in enumerate(rows, start=2):  # the template's formatted cells start at row 2
        for column, value in enumerate(row, start=1):
            sheet.cell(row=row_number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    ["1/G1", datetime.date(2025, 2, 10), 300, 63, "ne", "UAB Tiekėjas", "SF-1", "apmokėta", "Baldai"],
    ["1/G1", "2025-03-05", "450,55", "94,61", "", "UAB Tiekėjas", "SUT-7", "sutartis pasirašyta", ""],
    ["2.1/G2", datetime.date(2025, 2, 28), 620.1, 0, "ne", "VšĮ Mokymai", "SF-9", "apmokėta", "Mokymai"],
]


def test_the_template_lists_the_budget_lines_and_validates_cells(small):
    workbook = load_workbook(io.BytesIO(expenditure_template(small)))
    assert workbook.sheetnames == ["Išlaidos", "Eilutės"]
    assert [c.value for c in workbook["Išlaidos"][1]] == COLUMNS
    lines = list(workbook["Eilutės"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4], r[5]) for r in lines] == [("1/G1", 1000, 210), ("2.1/G2", 500, 0)]
    validations = {str(v.sqref): v for v in workbook["Išlaidos"].data_validations.dataValidation}
    assert validations["A2:A20001"].formula1 == "'Eilutės'!$A$2:$A$3"
    assert validations["B2:B20001"].type == "date"
    assert validations["C2:D20001"].type == "decimal"
    assert "apmokėta" in validations["H2:H20001"].formula1


def test_a_good_file_imports_in_one_go_and_twice_does_not_double(small, small_staff):
    content = filled_template(small, GOOD_ROWS)
    outcome = expenditure_import(user=small_staff, plan=small, content=content)
    assert outcome.ok and outcome.created == 3
    total = execution.total(execution.line_rows(small))
    assert total.paid_amount == D("920.10") and total.committed_amount == D("1370.65")
    again = expenditure_import(user=small_staff, plan=small, content=content)
    assert again.ok and again.created == 0 and again.unchanged == 3
    assert Expenditure.objects.count() == 3
    assert execution.total(execution.line_rows(small)).paid_amount == D("920.10")


def test_a_reimport_updates_a_documents_status(small, small_staff):
    expenditure_import(user=small_staff, plan=small, content=filled_template(small, GOOD_ROWS))
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][7] = "apmokėta"
    outcome = expenditure_import(user=small_staff, plan=small, content=filled_template(small, rows))
    assert outcome.updated == 1 and outcome.unchanged == 2
    assert Expenditure.objects.get(document_number="SUT-7").status == "paid"


@pytest.mark.parametrize(
    "bad_row, message",
    [
        (["9/G9", "2025-02-10", 1, 0, "ne", "A", "X1", "apmokėta", ""], "biudžeto eilutės „9/G9“ plane nėra"),
        (["1/G1", "2025-02-10", "12 0139,15", 0, "ne", "A", "X1", "apmokėta", ""], "nėra skaičius"),
        (["1/G1", "2025-02-10", "10,123", 0, "ne", "A", "X1", "apmokėta", ""], "daugiau nei 2 skaitmenys"),
        (["1/G1", "2025-02-10", -5, 0, "ne", "A", "X1", "apmokėta", ""], "neigiama"),
        (["1/G1", "2025-02-10", 100, 40, "ne", "A", "X1", "apmokėta", ""], "viršija eilutės PVM tarifą"),
        (["1/G1", "2030-01-01", 100, 21, "ne", "A", "X1", "apmokėta", ""], "programos laikotarpyje"),
        (["1/G1", "vakar", 100, 21, "ne", "A", "X1", "apmokėta", ""], "nėra data"),
        (["1/G1", "2025-02-10", 100, 21, "ne", "UAB Tiekėjas", "SF-1", "apmokėta", ""], "jau yra 2 eilutėje"),
        (["1/G1", "2025-02-10", 100, 21, "ne", "A", "X1", "sumokėta", ""], "būsena turi būti"),
        (["1/G1", "2025-02-10", 100, 21, "galbūt", "A", "X1", "apmokėta", ""], "„taip“ arba „ne“"),
    ],
)
def test_a_file_with_a_bad_row_is_refused_whole_and_comes_back_with_errors(small, small_staff, bad_row, message):
    content = filled_template(small, GOOD_ROWS + [bad_row])
    outcome = expenditure_import(user=small_staff, plan=small, content=content)
    assert not outcome.ok and list(outcome.errors) == [5]
    assert message in " ".join(outcome.errors[5])
    assert not Expenditure.objects.exists()
    returned = load_workbook(io.BytesIO(outcome.error_workbook))["Išlaidos"]
    assert returned.cell(row=1, column=len(COLUMNS) + 1).value == "Klaida"
    assert message in returned.cell(row=5, column=len(COLUMNS) + 1).value
    assert returned.cell(row=2, column=len(COLUMNS) + 1).value is None
    assert [c.value for c in returned[5]][: len(COLUMNS)][0] == bad_row[0]  # the same workbook, the person's data kept


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not an excel file at all", "ne Excel"),
        (b"%PDF-1.4 pretending", "ne Excel"),
        (b"PK\x03\x04 broken zip", "ne Excel"),
    ],
)
def test_it_refuses_what_is_not_a_workbook(small, small_staff, content, message):
    with pytest.raises(ImportFileError, match=message):
        expenditure_import(user=small_staff, plan=small, content=content)


def test_it_refuses_a_workbook_with_the_wrong_columns(small, small_staff):
    workbook = Workbook()
    workbook.active.append(["kažkas", "kita"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportFileError, match="pirmoje eilutėje"):
        expenditure_import(user=small_staff, plan=small, content=buffer.getvalue())


def test_it_refuses_a_very_large_file(small, small_staff):
    with pytest.raises(ImportFileError, match="per didelis"):
        expenditure_import(user=small_staff, plan=small, content=b"PK" + b"0" * (6 * 1024 * 1024))


def test_it_refuses_a_zip_bomb(small, small_staff):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (80 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ImportFileError, match="per didelis arba neįprastas"):
        expenditure_import(user=small_staff, plan=small, content=buffer.getvalue())


def test_it_refuses_too_many_rows(small, small_staff):
    rows = [["1/G1", "2025-02-10", 1, 0.21, "ne", "A", f"N{i}", "apmokėta", ""] for i in range(20001)]
    with pytest.raises(ImportFileError, match="Per daug eilučių"):
        expenditure_import(user=small_staff, plan=small, content=filled_template(small, rows))


def test_import_through_the_page(client_for, small, small_staff, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(small_staff)
    url = reverse("budget:import", args=[small.municipality.code])
    bad = filled_template(small, GOOD_ROWS + [["x", "2025-01-01", 1, 0, "ne", "A", "B", "apmokėta", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("islaidos.xlsx", bad)})
    job = ExpenditureImport.objects.get()
    assert response["Location"] == reverse("budget:import_job", args=[small.municipality.code, job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Failas neimportuotas" in page and "5 eilutė: Eilutė: biudžeto eilutės „x“ plane nėra" in page
    returned = client.get(reverse("budget:import_errors", args=[small.municipality.code, job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(returned.streaming_content)))["Išlaidos"]
    assert "plane nėra" in sheet.cell(row=5, column=10).value
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("islaidos.xlsx", filled_template(small, GOOD_ROWS))})
    assert "Importuota: nauji 3, pakeisti 0, nepakitę 0." in client.get(response["Location"]).content.decode()
    assert Expenditure.objects.count() == 3


def test_a_file_that_is_not_a_workbook_is_refused_at_once(client_for, small, small_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("budget:import", args=[small.municipality.code])
    response = client_for(small_staff).post(url, {"file": SimpleUploadedFile("islaidos.xlsx", b"%PDF-1.4 not excel")})
    assert response.status_code == 200 and "Tai ne Excel (.xlsx) failas." in response.content.decode()
    assert not ExpenditureImport.objects.exists()


def test_the_budget_page_and_its_exports_show_the_same_totals(client_for, small, small_staff, spending):
    client = client_for(small_staff)
    url = reverse("budget:overview", args=[small.municipality.code])
    for grouping in ("category", "activity", "line", "area", "school", "month"):
        assert client.get(url, {"by": grouping}).status_code == 200
    content = client.get(url, {"by": "category"}).content.decode()
    assert "920,10\u00a0€" in content and "18,40\u00a0€" in content
    sheet = load_workbook(io.BytesIO(client.get(url, {"by": "line", "export": "xlsx"}).content)).active
    header, *rows, total = list(sheet.iter_rows(values_only=True))
    assert header[6] == "Apmokėta be PVM" and total[0] == "Iš viso"
    assert sum(D(str(r[6])) for r in rows) == D(str(total[6])) == D("920.10")
    assert sum(D(str(r[1])) for r in rows) == D(str(total[1])) == D("1500.00")
    assert [r[9] for r in rows] == [None, "taip"]
    assert sheet.cell(row=2, column=7).number_format == '#,##0.00 "€"'
    response = client.get(url, {"by": "category", "export": "csv"})
    assert response.content.startswith("\ufeff".encode())  # the BOM that tells Excel it is UTF-8
    assert response["Content-Disposition"].endswith('-biudzetas-kategorijos.csv"')
    csv = response.content.decode("utf-8-sig").splitlines()
    assert csv[-1].startswith("Iš viso;1500,00;210,00")


def test_csv_numbers_are_written_with_a_decimal_comma():
    from front.tables.base import csv_value

    values = [D("443536.42000000000"), D("12.5"), D("0.1234"), 7, 2.5, None, "=SUM(A1)", "8.1"]
    assert [csv_value(v) for v in values] == ["443536,42", "12,50", "0,1234", 7, "2,50", "", "'=SUM(A1)", "8.1"]


def test_filtering_the_budget_page_by_area_counts_each_line_once(client_for, small, small_staff, spending):
    url = reverse("budget:overview", args=[small.municipality.code])
    response = client_for(small_staff).get(url, {"by": "line", "area": "steam", "export": "xlsx"})
    header, *rows, total = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1
    assert (D(str(total[1])), D(str(total[6]))) == (D("1000.00"), D("300.00"))
