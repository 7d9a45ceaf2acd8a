"""Excel reports with openpyxl in write-only mode: a sheet per section, real numbers with formats,
totals, frozen header rows, autofilter and print settings."""

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.spreadsheet import xlsx_text
from reports.labels import (
    activity_money_note,
    local_time,
    money_columns,
    money_value,
    no_previous_text,
    pending_items,
    previous_text,
    report_title,
    spending_names,
    status_labels,
    vat_missing_text,
)

MONEY = '#,##0.00 "€"'
NUMBER = "#,##0.00"
PERCENT = '0.0" %"'
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
TOTAL_FONT = Font(bold=True)


def _d(value):
    return None if value is None else Decimal(value)


class _Sheet:
    """A write-only sheet with a header row, typed columns and an optional totals row."""

    def __init__(self, workbook, title, columns, landscape=True):
        self.sheet = workbook.create_sheet(title[:31])
        self.columns = columns  # [(header, width, number format or None)]
        for index, (_header, width, _fmt) in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = "A2"
        self.sheet.print_title_rows = "1:1"
        self.sheet.page_setup.orientation = "landscape" if landscape else "portrait"
        self.sheet.page_setup.paperSize = "9"  # A4
        self.sheet.page_setup.fitToWidth = 1
        self.sheet.page_setup.fitToHeight = 0
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        self.sheet.print_options.gridLines = True
        self.rows = 0
        self._append([header for header, _w, _f in columns], font=HEADER_FONT, fill=HEADER_FILL)

    def _append(self, values, font=None, fill=None):
        cells = []
        for value, (_header, _width, number_format) in zip(values, self.columns, strict=False):
            cell = xlsx_text(WriteOnlyCell(self.sheet, value=float(value) if isinstance(value, Decimal) else value))
            if number_format and isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
                cell.number_format = number_format
            if isinstance(value, str) and len(value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if font:
                cell.font = font
            if fill:
                cell.fill = fill
            cells.append(cell)
        self.sheet.append(cells)
        self.rows += 1

    def row(self, values):
        self._append(values)

    def total(self, values):
        self._append(values, font=TOTAL_FONT)

    def finish(self):
        last = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A1:{last}{max(self.rows, 1)}"


MONEY_COLUMNS = [
    ("Planuota be PVM", "planned_amount"),
    ("Planuotas PVM", "planned_vat"),
    ("Įsipareigota be PVM", "committed_amount"),
    ("Įsipareigotas PVM", "committed_vat"),
    ("Apmokėta be PVM", "paid_amount"),
    ("Apmokėtas PVM", "paid_vat"),
]


def _money_columns():
    return [(_(header), 17, MONEY) for header, _key in MONEY_COLUMNS] + [(_("Panaudota, %"), 12, PERCENT)]


def _report_money_columns(content):
    columns = money_columns(content["budget"]["with_period"])
    return [(header, 17, MONEY) for header, _key, _in_period in columns] + [(_("Panaudota, %"), 12, PERCENT)]


def _report_money_values(content, row):
    columns = money_columns(content["budget"]["with_period"])
    return [_d(money_value(row, key, in_period)) for _header, key, in_period in columns] + [_d(row.get("rate"))]


def _vat_note(row):
    """Beside a total whose planned VAT leaves out lines without a VAT figure: how many."""
    return f"{_('Planuotas PVM')}: {vat_missing_text(row['vat_missing'])}" if row.get("vat_missing") else ""


def render_xlsx(content, target):
    workbook = Workbook(write_only=True)
    _summary(workbook, content)
    if content.get("indicators") is not None:
        _indicators(workbook, content)
        _activities(workbook, content)
        _networking(workbook, content)
    _budget(workbook, content)
    _pending(workbook, content)
    _changes(workbook, content)
    workbook.save(target)


def _summary(workbook, content):
    sheet = _Sheet(workbook, _("Santrauka"), [(_("Laukas"), 34, None), (_("Reikšmė"), 60, NUMBER)], landscape=False)
    rows = [
        (_("Ataskaita"), report_title(content)),
        (_("Savivaldybė"), content["municipality"]),
        (_("Mokykla"), f"{content['school']['code']} {content['school']['name']}" if content["school"] else "–"),
        (_("Planas"), content["plan_title"]),
        (_("Laikotarpis"), f"{content['period_label']} ({content['start']} – {content['end']})"),
        (_("Duomenys"), local_time(content["data_as_of"])),
        (_("Užsakė"), content["requested_by"]),
        (_("Duomenų kontrolinė suma"), content["checksum"]),
        (_("Pastaba"), _("Ataskaitoje – tik patvirtinti duomenys.")),
    ]
    summary = content.get("summary")
    if summary:
        rows += [
            (_("Rodikliai laiku"), summary["on_track"]),
            (_("Rodikliai atsilieka"), summary["behind"]),
            (_("Tinklaveikos renginiai"), summary["events"]),
            (_("Renginių dalyviai"), summary["participants"]),
        ]
    total = content["budget"]["total"]
    if content["budget"]["with_period"]:
        rows.append((_("Apmokėta be PVM per laikotarpį"), _d(total["period"]["paid_amount"])))
    rows += [
        (_("Apmokėta be PVM sukauptai"), _d(total["paid_amount"])),
        (_("Planuota be PVM"), _d(total["planned_amount"])),
    ]
    for label, value in rows:
        sheet.row([label, value])
    sheet.finish()


def _indicators(workbook, content):
    sheet = _Sheet(
        workbook,
        _("Rodikliai"),
        [
            (_("Nr."), 6, None),
            (_("Rodiklis"), 60, None),
            (_("Pradinė reikšmė"), 26, None),
            (_("Siekiama reikšmė"), 14, None),
            (_("Naujausia reikšmė"), 14, NUMBER),
            (_("Laikotarpis"), 11, None),
            (_("Pažanga, %"), 12, PERCENT),
            (_("Vertinimas"), 14, None),
        ],
    )
    for row in content["indicators"]:
        verdict = _("nėra duomenų") if row["on_track"] is None else (_("laiku") if row["on_track"] else _("atsilieka"))
        sheet.row(
            [
                row["number"],
                row["name"],
                row["baseline_text"],
                row["target_text"],
                _d(row["latest"]),
                row["latest_period"],
                _d(row["progress"]),
                verdict,
            ]
        )
    sheet.finish()


def _activities(workbook, content):
    labels = status_labels()
    sheet = _Sheet(
        workbook,
        _("Veiklos"),
        [
            (_("Veikla"), 9, None),
            (_("Pavadinimas"), 50, None),
            (_("Mokykla"), 9, None),
            (_("Būsena"), 14, None),
            (_("Įvykdyta, %"), 11, "0"),
            (_("Kas padaryta (patvirtinta)"), 80, None),
        ],
    )
    for activity in content["activities"]:
        for entry in activity["schools"]:
            sheet.row(
                [
                    activity["number"],
                    activity["title"],
                    entry["school"],
                    labels.get(entry["status"], entry["status"]),
                    entry["percent"],
                    entry["text"],
                ]
            )
    sheet.finish()


def _networking(workbook, content):
    sheet = _Sheet(
        workbook,
        _("Tinklaveika"),
        [
            (_("Data"), 12, None),
            (_("Renginys"), 40, None),
            (_("Forma"), 26, None),
            (_("Organizatorius"), 14, None),
            (_("Dalyvavo"), 40, None),
            (_("Dalyvių"), 10, "0"),
        ],
    )
    for event in content["networking"]["events"]:
        sheet.row(
            [
                event["date"],
                event["title"],
                event["form"],
                event["host"],
                ", ".join(event["schools"]),
                event["participants"],
            ]
        )
    sheet.total([_("Iš viso"), content["networking"]["total"], "", "", "", content["networking"]["participants"]])
    sheet.finish()


def _budget(workbook, content):
    budget = content["budget"]
    money = _report_money_columns(content)

    def values(row):
        return _report_money_values(content, row)

    if budget.get("lines") is not None:
        sheet = _Sheet(
            workbook,
            _("Biudžeto eilutės"),
            [(_("Eilutė"), 12, None), (_("Veikla"), 50, None), (_("Mokykla"), 9, None)] + money,
        )
        for row in budget["lines"]:
            sheet.row([row["code"], row["title"], row["school"], *values(row)])
        sheet.total([_("Iš viso"), _vat_note(budget["total"]), "", *values(budget["total"])])
        sheet.finish()
    sheet = _Sheet(
        workbook,
        _("Biudžetas pagal veiklas"),
        [(_("Veikla"), 9, None), (_("Pavadinimas"), 55, None)] + money + [(_("Pastaba"), 40, None)],
    )
    for row in budget["activities"]:
        sheet.row([row["number"], row["title"], *values(row), activity_money_note(content, row)])
    sheet.total([_("Tiesioginės išlaidos"), _vat_note(budget["total"]), *values(budget["total"])])
    sheet.total([_("Netiesioginės išlaidos (norma)"), _vat_note(budget["indirect"]), *values(budget["indirect"])])
    sheet.finish()
    sheet = _Sheet(workbook, _("Biudžeto kategorijos"), [(_("Kategorija"), 60, None)] + money)
    for row in budget["categories"]:
        sheet.row([row["label"], *values(row)])
    note = _vat_note(budget["total"])
    sheet.total([f"{_('Iš viso')} ({note})" if note else _("Iš viso"), *values(budget["total"])])
    sheet.finish()


def _pending(workbook, content):
    sheet = _Sheet(
        workbook,
        _("Dar nepatvirtinta"),
        [
            (_("Mokykla"), 12, None),
            (_("Kas"), 22, None),
            (_("Nr."), 10, None),
            (_("Įrašas"), 60, None),
            (_("Būsena"), 20, None),
            (_("Laikotarpis"), 11, None),
        ],
    )
    items = pending_items(content)
    for item in items:
        sheet.row(list(item))
    if not items:
        sheet.row([_("Nepatvirtintų įrašų nėra.")])
    sheet.finish()


def _changes(workbook, content):
    sheet = _Sheet(
        workbook,
        _("Pokyčiai"),
        [(_("Kas"), 30, None), (_("Kur"), 20, None), (_("Buvo"), 24, NUMBER), (_("Dabar"), 24, NUMBER)],
    )
    changes = content.get("changes")
    if changes is None:
        sheet.row([no_previous_text(content), "", None, None])
    else:
        sheet.row([previous_text(content), "", None, None])
        labels, names = status_labels(), spending_names()
        for change in changes["indicators"]:
            sheet.row([_("Rodiklis"), str(change["number"]), _d(change["before"]), _d(change["after"])])
        for change in changes["statuses"]:
            sheet.row(
                [
                    _("Veiklos būsena"),
                    f"{change['number']} / {change['school']}",
                    labels.get(change["before"], "–"),
                    labels.get(change["after"], change["after"]),
                ]
            )
        for change in changes["spending"]:
            sheet.row([names.get(change["name"], change["name"]), "", _d(change["before"]), _d(change["after"])])
        for change in changes["lines"]:
            sheet.row([_("Apmokėta pagal eilutę"), change["code"], _d(change["before"]), _d(change["after"])])
    sheet.finish()
