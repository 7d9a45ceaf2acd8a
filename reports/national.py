"""The national budget workbook: every budget line of every municipality, streamed sheet by sheet."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from budget import execution
from plans.models import Plan
from reports.labels import vat_missing_text
from reports.render_xlsx import MONEY_COLUMNS, _money_columns, _Sheet


def _values(row):
    return [getattr(row, key) for _header, key in MONEY_COLUMNS] + [row.rate]


def render_national_budget_xlsx(target):
    workbook = Workbook(write_only=True)
    summary = _Sheet(
        workbook, _("Savivaldybės"), [(_("Savivaldybė"), 36, None), (_("Biudžeto eilutės"), 14, "0")] + _money_columns()
    )
    lines = _Sheet(
        workbook,
        _("Biudžeto eilutės"),
        [(_("Savivaldybė"), 30, None), (_("Eilutė"), 12, None), (_("Veikla"), 50, None), (_("Mokykla"), 9, None)]
        + _money_columns(),
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
                ]
            )
        total = execution.total(rows)
        summary.row([plan.municipality.name, len(rows), *_values(total)])
        national.add(total)
        count += len(rows)
    summary.total([_("Iš viso"), count, *_values(national)])
    if national.vat_missing:
        summary.row([f"{_('Planuotas PVM')}: {vat_missing_text(national.vat_missing)}"])
    lines.total([_("Iš viso"), "", "", "", *_values(national)])
    summary.row([_("Duomenys"), timezone.now().isoformat(timespec="minutes")])
    summary.finish()
    lines.finish()
    workbook.save(target)
    return national, count
