"""The national summary: one row per municipality for a period, from approved data only, as PDF or Excel.

Each municipality's figures come from the same functions as its own report: money from the budget
execution (paid in the period and up to its end), indicators from the dashboards' indicator rows,
activity statuses from their activity matrix. A municipality whose plan does not reach the period is
listed with its plan's dates and no figures.
"""

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from weasyprint import HTML

from budget import execution
from dashboards.compute import PlanData, activity_matrix, indicator_rows
from plans.models import Plan
from reports.periods import PeriodSpecError, period_words, report_range

MONEY = ("planned_amount", "planned_vat", "period_paid_amount", "paid_amount", "paid_vat", "committed_amount")
COUNTS = ("schools", "indicators", "on_track", "behind", "implementing", "done")
MONEY_FORMAT = "#,##0.00"


def national_summary(period):
    rows = [_municipality_row(plan, period) for plan in Plan.objects.select_related("municipality")]
    rows.sort(key=lambda row: row["municipality"])
    counted = [row for row in rows if row["in_period"]]
    total = {key: _sum(row[key] for row in counted) for key in MONEY + COUNTS}
    return {
        "period": period,
        "period_label": period_words(period),
        "rows": rows,
        "total": total,
        "municipalities": len(counted),
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }


def _sum(values):
    """The sum of the known values; None when none is known (planned VAT a plan does not print stays unknown)."""
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def _municipality_row(plan, period):
    row = {
        "municipality": plan.municipality.name,
        "plan": plan.title,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
    }
    try:
        start, end, _label = report_range(plan, period)
    except PeriodSpecError:
        return {**row, "in_period": False}
    data = PlanData(plan, until=end)
    cumulative = execution.total(data.lines)
    indicators = indicator_rows(data)
    cells = [cell for line in activity_matrix(data, data.schools) for cell in line["cells"] if cell is not None]
    statuses = Counter(cell["status"] for cell in cells)
    period_paid = None
    if period != "all":
        period_paid = execution.total(execution.line_rows(plan, since=start, until=end)).paid_amount
    return {
        **row,
        "in_period": True,
        "start": start,
        "end": end,
        "planned_amount": cumulative.planned_amount,
        "planned_vat": cumulative.planned_vat,
        "period_paid_amount": period_paid,
        "paid_amount": cumulative.paid_amount,
        "paid_vat": cumulative.paid_vat,
        "committed_amount": cumulative.committed_amount,
        "rate": cumulative.rate,
        "schools": len(data.schools),
        "indicators": len(indicators),
        "on_track": sum(1 for r in indicators if r["on_track"] is True),
        "behind": sum(1 for r in indicators if r["on_track"] is False),
        "implementing": len(cells),
        "done": statuses.get("done", 0),
    }


def _columns(with_period):
    columns = [
        (_("Savivaldybė"), "municipality", 30, None),
        (_("Planuota be PVM, €"), "planned_amount", 16, MONEY_FORMAT),
        (_("Planuotas PVM, €"), "planned_vat", 14, MONEY_FORMAT),
        (_("Įsipareigota be PVM, €"), "committed_amount", 16, MONEY_FORMAT),
    ]
    if with_period:
        columns.append((_("Apmokėta per laikotarpį be PVM, €"), "period_paid_amount", 16, MONEY_FORMAT))
    columns += [
        (_("Apmokėta sukauptai be PVM, €"), "paid_amount", 16, MONEY_FORMAT),
        (_("Apmokėtas PVM, €"), "paid_vat", 14, MONEY_FORMAT),
        (_("Mokyklos"), "schools", 10, "0"),
        (_("Rodikliai"), "indicators", 10, "0"),
        (_("Rodikliai laiku"), "on_track", 10, "0"),
        (_("Rodikliai atsilieka"), "behind", 11, "0"),
        (_("Veiklos mokyklose"), "implementing", 11, "0"),
        (_("Įvykdytos"), "done", 10, "0"),
    ]
    return columns


def render_national_summary_xlsx(summary, target):
    """One sheet: a row per municipality, the total row as formulas; numbers are numbers, printable on A4."""
    columns = _columns(summary["period"] != "all")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Savivaldybės")
    sheet.append([_("Nacionalinė TŪM suvestinė") + f" · {summary['period_label']}"])
    sheet.append([_("Duomenys") + f": {summary['generated_at']}"])
    sheet.append([header for header, *_rest in columns])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[header_row].height = 45
    for row in summary["rows"]:
        if not row["in_period"]:
            sheet.append(
                [
                    row["municipality"],
                    _("plano laikotarpis %(start)s – %(end)s")
                    % {"start": row["starts_on"].isoformat(), "end": row["ends_on"].isoformat()},
                ]
            )
            continue
        sheet.append([row[key] for _header, key, *_rest in columns])
    last = sheet.max_row
    sheet.append(
        [_("Iš viso")]
        + [
            f"=SUM({get_column_letter(index)}{header_row + 1}:{get_column_letter(index)}{last})"
            for index in range(2, len(columns) + 1)
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, (_header, _key, width, number_format) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{last}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = _("Puslapis &P iš &N")
    workbook.save(target)


def render_national_summary_pdf(summary, target):
    columns = _columns(summary["period"] != "all")
    html = render_to_string(
        "reports/pdf/national.html",
        {
            "s": summary,
            "headers": [header for header, *_rest in columns],
            "header_formats": [(header, number_format) for header, _k, _w, number_format in columns[1:]],
            "first_width": f"{100 - sum(6 if f == '0' else 9.5 for *_rest, f in columns[1:]):.1f}",
            "rows": [
                (
                    row,
                    [(row[key], number_format) for _h, key, _w, number_format in columns[1:]]
                    if row["in_period"]
                    else [],
                )
                for row in summary["rows"]
            ],
            "total": [(summary["total"][key], number_format) for _h, key, _w, number_format in columns[1:]],
            "css": (Path(settings.BASE_DIR) / "static" / "css" / "report.css").read_text(encoding="utf-8"),
        },
    )
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(target)
