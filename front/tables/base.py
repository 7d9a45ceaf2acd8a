"""Table pieces shared by the list pages, and their CSV/xlsx export."""

import csv
import io
from decimal import Decimal

import django_tables2 as tables
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheet import csv_text, xlsx_text
from front.templatetags.portal import money

MONEY_FORMAT = '#,##0.00 "€"'
EXPORT_FORMATS = ("csv", "xlsx")


class MoneyColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return money(value)

    def value(self, value):
        return value


CENT = Decimal("0.01")


def csv_value(value):
    """A CSV field as Lithuanian Excel reads it: numbers with a decimal comma and no run of trailing zeros
    (443536.42000000000 -> 443536,42), formula-looking text made harmless."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        if value == value.quantize(CENT):
            value = value.quantize(CENT)
        return format(value, "f").replace(".", ",")
    return csv_text(value)


def export_response(table, fmt, filename, total_row=None):
    """The whole table (all pages) as CSV or xlsx; numbers stay numbers in xlsx.

    `total_row`, if given, is appended as the last row (a list in the table's column order).
    """
    rows = list(table.as_values())
    if total_row is not None:
        rows.append(total_row)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        for row in rows:
            writer.writerow([csv_value(v) for v in row])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(str(_("Duomenys")))
        sheet.freeze_panes = "A2"
        for index, row in enumerate(rows):
            cells = []
            for value in row:
                cell = xlsx_text(WriteOnlyCell(sheet, value=value))
                if index == 0 or (total_row is not None and index == len(rows) - 1):
                    cell.font = Font(bold=True)
                if isinstance(value, Decimal):
                    cell.number_format = MONEY_FORMAT
                cells.append(cell)
            sheet.append(cells)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
