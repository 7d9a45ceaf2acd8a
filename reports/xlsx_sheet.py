"""A report table in a write-only workbook, laid out to be filed and printed.

Rows stream to the file as they are added (memory stays low for long tables). Every sheet gets a
header row repeated on each printed page and frozen on screen, an autofilter over the header and
the data rows (not the totals), totals as formulas over the data rows, A4 fitted to one page wide
(landscape when the table is wide), a page header with the report's title and "page X of Y" in the
footer, and row heights that leave room for wrapped text.
"""

import datetime
import math
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheet import xlsx_text

MONEY = '#,##0.00 "€"'
NUMBER = "#,##0.00##"
COUNT = "#,##0"
SHARE = "0.0%"  # a share written as a fraction: 0.275 shows as 27,5 %
WHOLE_SHARE = "0%"
DATE = "yyyy-mm-dd"
DATE_TIME = "yyyy-mm-dd hh:mm"

# Arial, because Excel has it everywhere and LibreOffice maps it to a font of the same widths: the
# column widths and the row heights below are measured in its characters.
FONT_NAME, BODY_SIZE, HEADER_SIZE = "Arial", 10, 9
BODY_FONT = Font(name=FONT_NAME, size=BODY_SIZE)
HEADER_FONT = Font(name=FONT_NAME, size=HEADER_SIZE, bold=True)
TOTAL_FONT = Font(name=FONT_NAME, size=BODY_SIZE, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)

FIRST_DATA_ROW = 2  # under the header row
PORTRAIT_WIDTH = 100  # characters that fit across an A4 portrait page at full size
MARGINS = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.7, header=0.3, footer=0.3)  # inches
NARROW = frozenset("fijlrtI.,;:!|'()[]/- ")
WIDE = frozenset("mwMW%@")
FILL = 0.97  # of a column's width that wrapped text fills, leaving room for the two programs' differences
LINE_HEIGHT = 1.3  # points per point of font size
MAX_ROW_HEIGHT = 409  # Excel's limit


def new_workbook():
    workbook = Workbook(write_only=True)
    # The default font (font 0) is what column widths are measured in.
    workbook._fonts = IndexedList([BODY_FONT])
    return workbook


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    format: str | None = None  # of the numbers in the column
    wrap: bool = False


class Formula(str):
    """A formula the report itself writes (never text a person typed)."""


@dataclass(frozen=True)
class Value:
    """A value with a number format of its own, in a column of mixed values."""

    value: object
    format: str


@dataclass(frozen=True)
class Page:
    """What every printed page says: the report's title, whose it is, when its data are from."""

    title: str
    owner: str
    data_as_of: str = ""


def _header_text(text):
    return text.replace("&", "&&")[:80]


def text_width(text, bold=False):
    """The width of `text` in digits of its font (Arial's letters: i, l, t, r narrow, m, w wide)."""
    width = sum(0.5 if c in NARROW else 1.5 if c in WIDE else 1.25 if c.isupper() else 1.0 for c in text)
    return width * (1.08 if bold else 1)


@lru_cache(maxsize=4096)  # titles repeat row after row
def lines_of(text, width, size=BODY_SIZE, bold=False):
    """How many lines `text` wraps to in a column `width` digits wide, word by word as a spreadsheet
    wraps it; a word longer than a line is broken."""
    room = (width - 0.5) * BODY_SIZE / size * FILL
    space = text_width(" ", bold)
    count = 0
    for paragraph in str(text).split("\n"):
        count += 1
        used = 0
        for word in paragraph.split():
            length = text_width(word, bold)
            if used and used + space + length <= room:
                used += space + length
                continue
            extra = max(0, math.ceil(length / room) - 1)
            count += extra + (1 if used else 0)
            used = length - extra * room
    return count


def row_height(lines, size=BODY_SIZE):
    return min(MAX_ROW_HEIGHT, math.ceil(lines * size * LINE_HEIGHT + 3))


def number(value):
    """A Decimal as a number the file can hold; None stays empty."""
    return float(value) if isinstance(value, Decimal) else value


def share(percent):
    """A percentage (27.5) as the fraction a % format shows (0.275); None stays empty."""
    return None if percent is None else float(Decimal(percent) / 100)


def day(iso):
    return None if not iso else datetime.date.fromisoformat(iso)


def moment(iso):
    """A local time written with its offset as the local time a spreadsheet holds (without an offset)."""
    return None if not iso else datetime.datetime.fromisoformat(iso).replace(tzinfo=None, second=0, microsecond=0)


class Sheet:
    """A table: a header row, data rows, total rows (formulas), and rows of notes below."""

    def __init__(self, workbook, title, columns, page, freeze="A2"):
        self.sheet = workbook.create_sheet(title[:31])
        self.columns = columns
        self.letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
        for letter, column in zip(self.letters, columns, strict=True):
            self.sheet.column_dimensions[letter].width = column.width
        self.sheet.freeze_panes = freeze
        self._print_setup(page, sum(c.width for c in columns) > PORTRAIT_WIDTH)
        self.rows = 0
        self.last_data_row = None
        self._styles = {}
        self._append([c.header for c in columns], font=HEADER_FONT, fill=HEADER_FILL, size=HEADER_SIZE, wrap=True)

    def _print_setup(self, page, landscape):
        sheet = self.sheet
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape" if landscape else "portrait"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins = MARGINS
        sheet.print_options.gridLines = True
        sheet.oddHeader.left.text = _header_text(page.owner)
        sheet.oddHeader.right.text = _header_text(page.title)
        sheet.oddFooter.left.text = _header_text(f"{_('Duomenys')} {page.data_as_of}" if page.data_as_of else "")
        sheet.oddFooter.center.text = _("Puslapis &P iš &N")
        sheet.oddFooter.right.text = "&A"  # the sheet's name
        for part in (sheet.oddHeader.left, sheet.oddHeader.right, sheet.oddFooter.left, sheet.oddFooter.center):
            part.size = 8
        sheet.oddFooter.right.size = 8

    def sum(self, index):
        """The formula summing column `index` (0-based) over the data rows; None without data rows."""
        if self.last_data_row is None:
            return None
        letter = self.letters[index]
        return Formula(f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{self.last_data_row})")

    def ref(self, index, row=None):
        """The address of column `index` in `row` (by default the row about to be written)."""
        return f"{self.letters[index]}{row or self.rows + 1}"

    def row(self, values):
        self._append(values)
        self.last_data_row = self.rows

    def total(self, values):
        self._append(values, font=TOTAL_FONT)

    def note(self, values):
        """A row after the table (outside the autofilter)."""
        self._append(values)

    def _append(self, values, font=BODY_FONT, fill=None, size=BODY_SIZE, wrap=False):
        cells, lines = [], 1
        for value, column in zip(values, self.columns, strict=False):
            value, number_format = self._typed(value, column)
            wrapped = isinstance(value, str) and (wrap or column.wrap) and not isinstance(value, Formula)
            if wrapped:
                lines = max(lines, lines_of(value, column.width, size, bold=font.bold))
            cell = WriteOnlyCell(self.sheet, value=str(value) if isinstance(value, Formula) else value)
            self._style(cell, font, fill, WRAP if wrapped else TOP, number_format)
            cells.append(cell if isinstance(value, Formula) else xlsx_text(cell))
        index = self.rows + 1
        if lines > 1:
            self.sheet.row_dimensions[index] = RowDimension(
                self.sheet, index=index, ht=row_height(lines, size), customHeight=True
            )
        self.sheet.append(cells)
        self.sheet.row_dimensions.pop(index, None)  # written: not kept in memory
        self.rows = index

    @staticmethod
    def _typed(value, column):
        """The value as the cell holds it, and its number format."""
        number_format = column.format
        if isinstance(value, Value):
            value, number_format = value.value, value.format
        if value == "":
            return None, "General"  # an empty cell, which a label beside it may run into
        if isinstance(value, Formula):
            return value, number_format or "General"
        if isinstance(value, datetime.datetime):
            return value, DATE_TIME
        if isinstance(value, datetime.date):
            return value, DATE
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return number(value), number_format or "General"
        return value, "General"

    def _style(self, cell, font, fill, alignment, number_format):
        """Style the cell; each combination is looked up in the workbook once (it is slow), then copied."""
        key = (id(font), id(fill), id(alignment), number_format)
        if key not in self._styles:
            cell.font, cell.alignment, cell.number_format = font, alignment, number_format
            if fill:
                cell.fill = fill
            self._styles[key] = copy(cell._style)
        cell._style = copy(self._styles[key])

    def finish(self):
        """The autofilter covers the header and the data rows, never the totals."""
        last = self.last_data_row or 1
        self.sheet.auto_filter.ref = f"A1:{self.letters[-1]}{last}"
