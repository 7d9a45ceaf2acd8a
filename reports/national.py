"""The national budget workbook: every budget line of every municipality, streamed sheet by sheet."""

from django.utils import timezone
from django.utils.translation import gettext as _

from budget import execution
from plans.models import Plan
from reports.labels import vat_missing_text
from reports.render_xlsx import MONEY_COLUMNS, money_sheet_columns, total_cells
from reports.xlsx_sheet import COUNT, Column, Page, Sheet, new_workbook, share

KEYS = [key for _header, key in MONEY_COLUMNS]


def _values(row):
    return [getattr(row, key) for key in KEYS]


def render_national_budget_xlsx(target):
    workbook = new_workbook()
    now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
    page = Page(title=_("Biudžeto vykdymas visose savivaldybėse"), owner="", data_as_of=f"{now:%Y-%m-%d %H:%M}")
    summary = Sheet(
        workbook,
        _("Savivaldybės"),
        [Column(_("Savivaldybė"), 30, wrap=True), Column(_("Biudžeto eilutės"), 16, COUNT)] + money_sheet_columns(),
        page,
        freeze="B2",
    )
    lines = Sheet(
        workbook,
        _("Biudžeto eilutės"),
        [
            Column(_("Savivaldybė"), 24, wrap=True),
            Column(_("Eilutė"), 11),
            Column(_("Veikla"), 40, wrap=True),
            Column(_("Mokykla"), 8),
        ]
        + money_sheet_columns(),
        page,
        freeze="C2",
    )
    national = execution.Execution()
    count = 0
    for plan in Plan.objects.select_related("municipality").order_by("municipality__name"):
        rows = execution.line_rows(plan)
        for row in rows:
            line = row.extra["line"]
            lines.row(
                [
                    plan.municipality.name,
                    row.label,
                    row.extra["activity"].title[:300],
                    line.school.code if line.school else "",
                    *_values(row),
                    share(row.rate),
                ]
            )
        total = execution.total(rows)
        summary.row([plan.municipality.name, len(rows), *_values(total), share(total.rate)])
        national.add(total)
        count += len(rows)
    summary.total(
        [_("Iš viso"), summary.sum(1) or count, *total_cells(summary, 2, _values(national), KEYS, national.rate)]
    )
    lines.total([_("Iš viso"), None, None, None, *total_cells(lines, 4, _values(national), KEYS, national.rate)])
    if national.vat_missing:
        summary.note([f"{_('Planuotas PVM')}: {vat_missing_text(national.vat_missing)}"])
    summary.note([_("Duomenys"), now])
    summary.finish()
    lines.finish()
    workbook.save(target)
    return national, count
