"""Excel reports: a sheet per section, written row by row (write-only). Numbers are numbers with
formats, dates are dates, totals are formulas over the rows above; layout and printing in xlsx_sheet."""

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Indicator
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
from reports.periods import period_words
from reports.xlsx_sheet import (
    COUNT,
    MONEY,
    NUMBER,
    SHARE,
    WHOLE_SHARE,
    Column,
    Formula,
    Page,
    Sheet,
    Value,
    day,
    moment,
    new_workbook,
    share,
)

MONEY_WIDTH, SHARE_WIDTH = 14, 10
MONEY_COLUMNS = [
    ("Planuota be PVM", "planned_amount"),
    ("Planuotas PVM", "planned_vat"),
    ("Įsipareigota be PVM", "committed_amount"),
    ("Įsipareigotas PVM", "committed_vat"),
    ("Apmokėta be PVM", "paid_amount"),
    ("Apmokėtas PVM", "paid_vat"),
]


def _d(value):
    return None if value is None else Decimal(value)


def _activity_number(number):
    """A top-level activity's number as a number (sorts 3, 8, 10); other numbers as they are."""
    return int(number) if str(number).isdigit() else number


def money_sheet_columns(with_period=None):
    """The money columns and "Panaudota, %": of the report (with_period given) or the national workbook."""
    if with_period is None:
        headers = [_(header) for header, _key in MONEY_COLUMNS]
    else:
        headers = [header for header, _key, _in_period in money_columns(with_period)]
    return [Column(header, MONEY_WIDTH, MONEY) for header in headers] + [Column(_("Panaudota, %"), SHARE_WIDTH, SHARE)]


def total_cells(sheet, first, values, keys, rate):
    """A total row's money cells from column `first` on: each a SUM over the data rows (the content's figure
    without data rows, empty where the content has none), then the used share of that row."""
    cells = [None if value is None else (sheet.sum(first + i) or value) for i, value in enumerate(values)]
    return cells + [rate_formula(sheet, first, keys, rate)]


def rate_formula(sheet, first, keys, rate):
    """Paid (cumulative, without VAT) over planned, in the row being written; empty where the content has none."""
    if rate is None:
        return None
    planned = sheet.ref(first + keys.index("planned_amount"))
    paid = sheet.ref(first + len(keys) - 1 - keys[::-1].index("paid_amount"))  # the cumulative one
    return Formula(f'=IF({planned}=0,"",{paid}/{planned})')


def render_xlsx(content, target):
    workbook = new_workbook()
    owner = content["municipality"]
    if content["school"]:
        owner = f"{owner} · {content['school']['code']} {content['school']['name']}"
    page = Page(title=report_title(content), owner=owner, data_as_of=local_time(content["data_as_of"]))
    _summary(workbook, content, page)
    if content.get("indicators") is not None:
        _indicators(workbook, content, page)
        _activities(workbook, content, page)
        _networking(workbook, content, page)
    _budget(workbook, content, page)
    _pending(workbook, content, page)
    _changes(workbook, content, page)
    workbook.save(target)


def _summary(workbook, content, page):
    sheet = Sheet(
        workbook, _("Santrauka"), [Column(_("Laukas"), 34, wrap=True), Column(_("Reikšmė"), 60, wrap=True)], page
    )
    rows = [
        (_("Ataskaita"), report_title(content)),
        (_("Savivaldybė"), content["municipality"]),
        (_("Mokykla"), f"{content['school']['code']} {content['school']['name']}" if content["school"] else "–"),
        (_("Planas"), content["plan_title"]),
        (_("Laikotarpis"), content["period_label"]),
        (_("Laikotarpio pradžia"), day(content["start"])),
        (_("Laikotarpio pabaiga"), day(content["end"])),
        (_("Duomenys"), moment(content["data_as_of"])),
        (_("Užsakė"), content["requested_by"]),
        (_("Duomenų kontrolinė suma"), content["checksum"]),
        (_("Pastaba"), _("Ataskaitoje – tik patvirtinti duomenys.")),
    ]
    summary = content.get("summary")
    if summary:
        rows += [
            (_("Rodikliai laiku"), Value(summary["on_track"], COUNT)),
            (_("Rodikliai atsilieka"), Value(summary["behind"], COUNT)),
            (_("Tinklaveikos renginiai"), Value(summary["events"], COUNT)),
            (_("Renginių dalyviai"), Value(summary["participants"], COUNT)),
        ]
    total = content["budget"]["total"]
    if content["budget"]["with_period"]:
        rows.append((_("Apmokėta be PVM per laikotarpį"), Value(_d(total["period"]["paid_amount"]), MONEY)))
    rows += [
        (_("Apmokėta be PVM sukauptai"), Value(_d(total["paid_amount"]), MONEY)),
        (_("Planuota be PVM"), Value(_d(total["planned_amount"]), MONEY)),
    ]
    for label, value in rows:
        sheet.row([label, value])
    sheet.finish()


def _indicators(workbook, content, page):
    units = dict(Indicator.Unit.choices)
    sheet = Sheet(
        workbook,
        _("Rodikliai"),
        [
            Column(_("Nr."), 5, COUNT),
            Column(_("Rodiklis"), 42, wrap=True),
            Column(_("Vienetas"), 10, wrap=True),
            Column(_("Pradinė reikšmė"), 13, NUMBER, wrap=True),
            Column(_("Siekiama reikšmė"), 11, NUMBER),
            Column(_("Naujausia reikšmė"), 11, NUMBER),
            Column(_("Laikotarpis"), 12, wrap=True),
            Column(_("Pažanga, %"), 10, SHARE),
            Column(_("Vertinimas"), 11, wrap=True),
            Column(_("Plano tekstas"), 30, wrap=True),
        ],
        page,
    )
    for row in content["indicators"]:
        verdict = _("nėra duomenų") if row["on_track"] is None else (_("laiku") if row["on_track"] else _("atsilieka"))
        value_format = COUNT if row["unit"] == Indicator.Unit.COUNT else NUMBER
        baseline = Value(_d(row["baseline"]), value_format) if row["has_baseline"] else row["baseline_text"]
        sheet.row(
            [
                row["number"],
                row["name"],
                str(units.get(row["unit"], row["unit"])),
                baseline,
                Value(_d(row["target"]), value_format),
                Value(_d(row["latest"]), value_format),
                period_words(row["latest_period"]) if row["latest_period"] else None,
                share(row["progress"]),
                verdict,
                f"{row['baseline_text']} → {row['target_text']}",
            ]
        )
    sheet.finish()


def _activities(workbook, content, page):
    labels = status_labels()
    sheet = Sheet(
        workbook,
        _("Veiklos"),
        [
            Column(_("Veikla"), 7, "0"),
            Column(_("Pavadinimas"), 40, wrap=True),
            Column(_("Mokykla"), 8),
            Column(_("Būsena"), 12, wrap=True),
            Column(_("Įvykdyta, %"), 9, WHOLE_SHARE),
            Column(_("Kas padaryta (patvirtinta)"), 60, wrap=True),
        ],
        page,
    )
    for activity in content["activities"]:
        for entry in activity["schools"]:
            sheet.row(
                [
                    _activity_number(activity["number"]),
                    activity["title"],
                    entry["school"],
                    labels.get(entry["status"], entry["status"]),
                    share(entry["percent"]),
                    entry["text"],
                ]
            )
    sheet.finish()


def _networking(workbook, content, page):
    sheet = Sheet(
        workbook,
        _("Tinklaveika"),
        [
            Column(_("Data"), 11),
            Column(_("Renginys"), 36, COUNT, wrap=True),
            Column(_("Forma"), 20, wrap=True),
            Column(_("Organizatorius"), 13),
            Column(_("Dalyvavo"), 30, wrap=True),
            Column(_("Dalyvių"), 9, COUNT),
        ],
        page,
    )
    networking = content["networking"]
    for event in networking["events"]:
        sheet.row(
            [
                day(event["date"]),
                event["title"],
                event["form"],
                event["host"],
                ", ".join(event["schools"]),
                event["participants"],
            ]
        )
    count = Formula(f"=COUNT(A2:A{sheet.last_data_row})") if sheet.last_data_row else networking["total"]
    sheet.total([_("Iš viso"), count, None, None, None, sheet.sum(5) or networking["participants"]])
    sheet.finish()


def _money_cells(content, row):
    columns = money_columns(content["budget"]["with_period"])
    return [_d(money_value(row, key, in_period)) for _header, key, in_period in columns]


def _vat_note(row):
    """Beside a total whose planned VAT leaves out lines without a VAT figure: how many."""
    return f"{_('Planuotas PVM')}: {vat_missing_text(row['vat_missing'])}" if row.get("vat_missing") else None


def _budget(workbook, content, page):
    budget = content["budget"]
    keys = [key for _h, key, _p in money_columns(budget["with_period"])]
    money = money_sheet_columns(budget["with_period"])

    def row_cells(row):
        return [*_money_cells(content, row), share(row.get("rate"))]

    def total_row(sheet, first, row):
        return total_cells(sheet, first, _money_cells(content, row), keys, row.get("rate"))

    if budget.get("lines") is not None:
        sheet = Sheet(
            workbook,
            _("Biudžeto eilutės"),
            [Column(_("Eilutė"), 11), Column(_("Veikla"), 34, wrap=True), Column(_("Mokykla"), 8), *money],
            page,
            freeze="C2",
        )
        for row in budget["lines"]:
            sheet.row([row["code"], row["title"], row["school"], *row_cells(row)])
        sheet.total([_("Iš viso"), _vat_note(budget["total"]), None, *total_row(sheet, 3, budget["total"])])
        sheet.finish()

    columns = [Column(_("Veikla"), 7, "0"), Column(_("Pavadinimas"), 34, wrap=True), *money]
    sheet = Sheet(workbook, _("Biudžetas pagal veiklas"), [*columns, Column(_("Pastaba"), 24, wrap=True)], page, "C2")
    for row in budget["activities"]:
        note = activity_money_note(content, row) or None
        sheet.row([_activity_number(row["number"]), row["title"], *row_cells(row), note])
    direct = sheet.rows + 1
    sheet.total([_("Tiesioginės išlaidos"), None, *total_row(sheet, 2, budget["total"]), _vat_note(budget["total"])])
    indirect, rate = budget["indirect"], budget["indirect_rate"]
    cells = [
        None if value is None else Formula(f"=ROUND({sheet.letters[2 + i]}{direct}*{rate},2)")
        for i, value in enumerate(_money_cells(content, indirect))
    ]
    rate_cell = rate_formula(sheet, 2, keys, indirect.get("rate"))
    sheet.total([_("Netiesioginės išlaidos (norma)"), None, *cells, rate_cell, _vat_note(indirect)])
    sheet.finish()

    columns = [Column(_("Kategorija"), 34, wrap=True), *money]
    sheet = Sheet(workbook, _("Biudžeto kategorijos"), columns, page, freeze="B2")
    for row in budget["categories"]:
        sheet.row([row["label"], *row_cells(row)])
    note = _vat_note(budget["total"])
    sheet.total([f"{_('Iš viso')} ({note})" if note else _("Iš viso"), *total_row(sheet, 1, budget["total"])])
    sheet.finish()


def _pending(workbook, content, page):
    sheet = Sheet(
        workbook,
        _("Dar nepatvirtinta"),
        [
            Column(_("Mokykla"), 11),
            Column(_("Kas"), 20, wrap=True),
            Column(_("Nr."), 11),
            Column(_("Įrašas"), 50, wrap=True),
            Column(_("Būsena"), 14, wrap=True),
            Column(_("Laikotarpis"), 12, wrap=True),
        ],
        page,
    )
    items = pending_items(content)
    for school, what, number, item, state, period in items:
        number = day(number) if _is_date(number) else number
        sheet.row([school, what, number, item, state, period_words(period)])
    if not items:
        sheet.note([_("Nepatvirtintų įrašų nėra.")])
    sheet.finish()


def _is_date(text):
    return isinstance(text, str) and len(text) == 10 and text[4] == "-" and text[7] == "-"


def _changes(workbook, content, page):
    sheet = Sheet(
        workbook,
        _("Pokyčiai"),
        [
            Column(_("Kas"), 40, wrap=True),
            Column(_("Kur"), 14),
            Column(_("Buvo"), 16, wrap=True),
            Column(_("Dabar"), 16, wrap=True),
            Column(_("Skirtumas"), 16),
        ],
        page,
    )
    changes = content.get("changes")
    if changes is None:
        sheet.row([no_previous_text(content)])
        sheet.finish()
        return
    sheet.row([previous_text(content)])

    def numbers(what, where, before, after, number_format):
        difference = Formula(f"={sheet.ref(3)}-{sheet.ref(2)}") if before is not None and after is not None else None
        sheet.row(
            [what, where, *(Value(_d(v), number_format) for v in (before, after)), Value(difference, number_format)]
        )

    labels, names = status_labels(), spending_names()
    for change in changes["indicators"]:
        numbers(_("Rodiklis"), str(change["number"]), change["before"], change["after"], NUMBER)
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
        numbers(names.get(change["name"], change["name"]), None, change["before"], change["after"], MONEY)
    for change in changes["lines"]:
        numbers(_("Apmokėta pagal eilutę"), change["code"], change["before"], change["after"], MONEY)
    sheet.finish()
