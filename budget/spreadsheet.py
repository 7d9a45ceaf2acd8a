"""Spending from Excel: a template with the plan's budget lines, and an all-or-nothing import.

A file with any bad row is refused whole; the person gets the same workbook back with an
error column saying what is wrong in each bad row. Rows are matched on supplier + document
number, so importing the same file twice does not double the spending. The plan's lines,
periods and entries are read once and the rows written in bulk, so the number of queries
does not grow with the rows (20 000 rows take seconds); budget/imports.py runs it in the background.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from budget.models import BudgetLine, Expenditure
from budget.services import (
    EXPENDITURE_FIELDS,
    document_key,
    expenditure_problems,
    mark_published,
)
from core.history import CHANGED, CREATED, history_copied
from core.money import parse_amount
from core.spreadsheet import xlsx_text
from reporting.models import ReviewState
from reporting.periods import period_containing
from reporting.signals import published_data_changed

DATA_SHEET = "Išlaidos"
LINES_SHEET = "Eilutės"
COLUMNS = ["Eilutė", "Data", "Suma be PVM", "PVM", "PVM išimtis", "Tiekėjas", "Dokumento Nr.", "Būsena", "Aprašymas"]
MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 20000
YES = {"taip", "yes", "true", "1", "t"}
NO = {"ne", "no", "false", "0", "", "f"}
MONEY_FORMAT = '#,##0.00 "€"'
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")


def line_code(line):
    return f"{line.activity.number}/{line.school.code}" if line.school_id else line.activity.number


def _status_labels():
    return {str(label): value for value, label in Expenditure.Status.choices}


def _plan_lines(plan):
    return list(
        BudgetLine.objects.filter(activity__plan=plan)
        .select_related("activity", "school")
        .order_by("activity__sort_key")
    )


def expenditure_template(plan) -> bytes:
    """An xlsx to fill in: the data sheet with validation, and the plan's budget lines to choose from."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    widths = [12, 12, 15, 12, 11, 32, 18, 26, 40]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    lines_sheet = workbook.create_sheet(LINES_SHEET)
    lines_sheet.append(["Eilutė", "Veikla", "Pavadinimas", "Mokykla", "Planuota be PVM", "Planuotas PVM"])
    for cell in lines_sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    lines = _plan_lines(plan)
    for line in lines:
        lines_sheet.append(
            [
                line_code(line),
                line.activity.number,
                line.activity.title[:200],
                line.school.code if line.school else "",
                float(line.amount),
                None if line.vat is None else float(line.vat),  # the plan prints no VAT for the line
            ]
        )
        for cell in lines_sheet[lines_sheet.max_row]:
            xlsx_text(cell)
        lines_sheet.cell(row=lines_sheet.max_row, column=5).number_format = MONEY_FORMAT
        lines_sheet.cell(row=lines_sheet.max_row, column=6).number_format = MONEY_FORMAT
    for column, width in zip("ABCDEF", (12, 9, 70, 10, 16, 14), strict=True):
        lines_sheet.column_dimensions[column].width = width
    lines_sheet.freeze_panes = "A2"

    last = MAX_ROWS + 1
    validations = [
        DataValidation(
            type="list",
            formula1=f"'{LINES_SHEET}'!$A$2:$A${len(lines) + 1}",
            allow_blank=False,
            error=_("Pasirinkite eilutę iš lapo „Eilutės“."),
            sqref=f"A2:A{last}",
        ),
        DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({plan.starts_on.year},{plan.starts_on.month},{plan.starts_on.day})",
            formula2=f"DATE({plan.ends_on.year},{plan.ends_on.month},{plan.ends_on.day})",
            error=_("Data turi būti programos laikotarpyje."),
            sqref=f"B2:B{last}",
        ),
        DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            error=_("Suma turi būti skaičius ne mažesnis nei 0."),
            sqref=f"C2:D{last}",
        ),
        DataValidation(type="list", formula1='"taip,ne"', allow_blank=True, sqref=f"E2:E{last}"),
        DataValidation(
            type="list",
            formula1='"' + ",".join(_status_labels()) + '"',
            allow_blank=False,
            error=_("Pasirinkite būseną iš sąrašo."),
            sqref=f"H2:H{last}",
        ),
    ]
    for validation in validations:
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    for row in range(2, 202):
        sheet.cell(row=row, column=2).number_format = "yyyy-mm-dd"
        sheet.cell(row=row, column=3).number_format = MONEY_FORMAT
        sheet.cell(row=row, column=4).number_format = MONEY_FORMAT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ImportFileError(Exception):
    """The upload is not a workbook we can read at all (no error workbook can be made)."""


@dataclass
class ImportOutcome:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: dict = field(default_factory=dict)  # row number -> [messages]
    error_workbook: bytes = b""

    @property
    def ok(self):
        return not self.errors


def check_container(content):
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("Failas per didelis (daugiausia 5 MB)."))
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ImportFileError(_("Tai ne Excel (.xlsx) failas."))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        entries = archive.infolist()
        if len(entries) > 500 or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
            raise ImportFileError(_("Failo turinys per didelis arba neįprastas."))
        if "xl/workbook.xml" not in {e.filename for e in entries}:
            raise ImportFileError(_("Tai ne Excel (.xlsx) failas."))


def _read_rows(content):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(_("Excel failo nepavyko perskaityti – jis sugadintas arba netinkamo formato.")) from None
    sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(v).strip() if v is not None else "" for v in next(rows, [])]
    if header[: len(COLUMNS)] != COLUMNS:
        workbook.close()
        raise ImportFileError(
            _("Lape „%(sheet)s“ pirmoje eilutėje turi būti stulpeliai: %(columns)s.")
            % {"sheet": DATA_SHEET, "columns": ", ".join(COLUMNS)}
        )
    data = []
    for number, values in enumerate(rows, start=2):
        values = list(values[: len(COLUMNS)]) + [None] * (len(COLUMNS) - len(values[: len(COLUMNS)]))
        if all(v in (None, "") for v in values):
            continue
        data.append((number, values))
        if len(data) > MAX_ROWS:
            workbook.close()
            raise ImportFileError(_("Per daug eilučių: daugiausia %(max)s.") % {"max": MAX_ROWS})
    workbook.close()
    return data


def _parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _parse_row(values, lines, statuses):
    """(parsed values, {column: message}) for one row."""
    code, date, amount, vat, exception, supplier, document_number, status, description = values
    problems, parsed = {}, {}
    line = lines.get(str(code).strip() if code is not None else "")
    if line is None:
        problems["Eilutė"] = _("biudžeto eilutės „%(code)s“ plane nėra") % {"code": code or ""}
    parsed["line"] = line
    parsed["date"] = _parse_date(date)
    if parsed["date"] is None:
        problems["Data"] = _("„%(value)s“ nėra data (MMMM-MM-DD)") % {"value": date or ""}
    for key, label, value in (("amount", "Suma be PVM", amount), ("vat", "PVM", vat)):
        try:
            parsed[key] = parse_amount(value if value is not None else "")
        except ValueError as error:
            message = _("daugiau nei 2 skaitmenys po kablelio") if "decimals" in str(error) else _("nėra skaičius")
            problems[label] = f"„{value if value is not None else ''}“ {message}"
            parsed[key] = None
    flag = str(exception).strip().lower() if exception is not None else ""
    if flag not in YES | NO:
        problems["PVM išimtis"] = _("rašykite „taip“ arba „ne“")
    parsed["vat_exception"] = flag in YES
    parsed["supplier"] = str(supplier).strip() if supplier is not None else ""
    parsed["document_number"] = str(document_number).strip() if document_number is not None else ""
    for key, column in (("supplier", "Tiekėjas"), ("document_number", "Dokumento Nr.")):
        longest = Expenditure._meta.get_field(key).max_length
        if len(parsed[key]) > longest:
            problems[column] = _("ilgesnis nei %(max)s ženklų") % {"max": longest}
    parsed["description"] = str(description).strip()[:2000] if description is not None else ""
    parsed["status"] = statuses.get(str(status).strip() if status is not None else "")
    if parsed["status"] is None:
        problems["Būsena"] = _("būsena turi būti viena iš: %(choices)s") % {"choices": ", ".join(statuses)}
    return parsed, problems


FIELD_COLUMNS = {
    "budget_line": "Eilutė",
    "date": "Data",
    "amount": "Suma be PVM",
    "vat": "PVM",
    "supplier": "Tiekėjas",
    "document_number": "Dokumento Nr.",
}


# What the bulk write sets on an entry it changes (besides the review fields mark_published sets).
WRITTEN_FIELDS = ["budget_line", "school", "period", *EXPENDITURE_FIELDS]
REVIEW_FIELDS = ["state", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
# Checked by the import itself (they come from the plan's own lines and periods), not once per row.
RELATIONS = ["budget_line", "school", "period", "created_by", "updated_by", "submitted_by", "reviewed_by"]
PROGRESS_STEP = 1000


class ChangedMeanwhile(Exception):
    """An entry the file updates was changed by someone else while the file was being checked."""


def expenditure_import(*, user, plan, content, progress=None) -> ImportOutcome:
    """Check every row, then import all of them in one transaction, or none.

    `progress(percent)` is told how far it got: reading to 20 %, checking to 60 %, writing to 100 %."""
    progress = progress or (lambda percent: None)
    check_container(content)
    rows = _read_rows(content)
    progress(20)
    outcome = ImportOutcome(rows=len(rows))
    lines = {line_code(line): line for line in _plan_lines(plan)}
    statuses = {**_status_labels(), **{value: value for value, _label in Expenditure.Status.choices}}
    entries = Expenditure.objects.filter(budget_line__activity__plan=plan)
    documents = {
        document_key(supplier, number): pk
        for pk, supplier, number in entries.values_list("pk", "supplier", "document_number")
    }
    school_entries = set(entries.filter(entered_by_school=True).values_list("pk", flat=True))
    periods = list(plan.periods.all())
    seen, parsed_rows = {}, []
    for index, (number, values) in enumerate(rows, start=1):
        parsed, problems = _parse_row(values, lines, statuses)
        key = document_key(parsed["supplier"], parsed["document_number"])
        if parsed["supplier"] and parsed["document_number"]:
            if key in seen:
                problems["Dokumento Nr."] = _("tas pats tiekėjo dokumentas jau yra %(row)s eilutėje") % {
                    "row": seen[key]
                }
            seen.setdefault(key, number)
        if documents.get(key) in school_entries:
            problems["Dokumento Nr."] = _(
                "šį dokumentą įvedė mokykla – jo įrašą keiskite portale, kad jį patvirtintų kitas darbuotojas"
            )
        if parsed["line"] is not None and not problems:
            rule_problems = expenditure_problems(
                plan=plan,
                line=parsed["line"],
                exclude_pk=documents.get(key),
                documents=documents,
                periods=periods,
                **{k: parsed[k] for k in ("date", "amount", "vat", "vat_exception", "supplier", "document_number")},
            )
            for field_name, message in rule_problems.items():
                problems[FIELD_COLUMNS.get(field_name, field_name)] = message
        if problems:
            outcome.errors[number] = [f"{column}: {message}" for column, message in problems.items()]
        else:
            parsed_rows.append((number, parsed, documents.get(key)))
        if index % PROGRESS_STEP == 0:
            progress(20 + 40 * index // len(rows))
    progress(60)
    if outcome.errors:
        outcome.error_workbook = _error_workbook(content, outcome.errors)
        return outcome
    _write(user, plan, periods, parsed_rows, outcome, progress)
    return outcome


def _write(user, plan, periods, parsed_rows, outcome, progress):
    now = timezone.now()
    matched = Expenditure.objects.in_bulk([pk for _number, _parsed, pk in parsed_rows if pk is not None])
    new, changed = [], []
    for _number, parsed, pk in parsed_rows:
        current = matched.get(pk)
        line = parsed["line"]
        period = period_containing(periods, parsed["date"])
        values = {
            "budget_line": line,
            "school": line.school,
            "period": period,
            **{name: parsed[name] for name in EXPENDITURE_FIELDS},
        }
        if current is not None:
            same_links = (current.budget_line_id, current.school_id, current.period_id) == (
                line.pk,
                line.school_id,
                period.pk if period else None,
            )
            same = same_links and all(getattr(current, name) == parsed[name] for name in EXPENDITURE_FIELDS)
            if same and current.state == ReviewState.APPROVED:
                outcome.unchanged += 1
                continue
            expenditure = current
            expenditure.version += 1
            expenditure.updated_by = user
            expenditure.updated_at = now
            changed.append(expenditure)
        else:
            expenditure = Expenditure(created_by=user, updated_by=user)
            new.append(expenditure)
        for name, value in values.items():
            setattr(expenditure, name, value)
        mark_published(expenditure, user)
        expenditure.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    outcome.created, outcome.updated = len(new), len(changed)
    progress(70)
    with transaction.atomic():
        versions = dict(
            Expenditure.objects.select_for_update().filter(pk__in=[e.pk for e in changed]).values_list("pk", "version")
        )
        if any(versions.get(e.pk) != e.version - 1 for e in changed):
            raise ChangedMeanwhile
        created = Expenditure.objects.bulk_create(new, batch_size=1000)
        history_copied(Expenditure, [e.pk for e in created], user=user, when=now, kind=CREATED)
        progress(85)
        fields = WRITTEN_FIELDS + REVIEW_FIELDS + ["version", "updated_by", "updated_at"]
        Expenditure.objects.bulk_update(changed, fields, batch_size=1000)
        history_copied(Expenditure, [e.pk for e in changed], user=user, when=now, kind=CHANGED)
        written = new + changed
        if written:
            transaction.on_commit(lambda: published_data_changed.send(sender=None, items=written))
    progress(100)


def _error_workbook(content, errors) -> bytes:
    """The uploaded workbook with a "Klaida" column saying what is wrong in each bad row."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
    column = len(COLUMNS) + 1
    header = sheet.cell(row=1, column=column, value=_("Klaida"))
    header.font = Font(bold=True, color="9C0006")
    sheet.column_dimensions[get_column_letter(column)].width = 70
    for row, messages in errors.items():
        cell = xlsx_text(sheet.cell(row=row, column=column, value="; ".join(messages)))
        cell.fill = ERROR_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
