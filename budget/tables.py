import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tum_portal.tables import MoneyColumn


class RateColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value} %".replace(".", ",")

    def value(self, value):
        return value


class ExecutionTable(tables.Table):
    """Planned vs committed vs paid, without VAT and VAT apart; rows are budget.execution.Execution."""

    label = tables.Column(verbose_name=_("Grupė"), orderable=False)
    planned_amount = MoneyColumn(verbose_name=_("Planuota be PVM"))
    planned_vat = MoneyColumn(verbose_name=_("Planuotas PVM"))
    pipeline_amount = MoneyColumn(verbose_name=_("Numatyta be PVM"))
    committed_amount = MoneyColumn(verbose_name=_("Įsipareigota be PVM"))
    committed_vat = MoneyColumn(verbose_name=_("Įsipareigotas PVM"))
    paid_amount = MoneyColumn(verbose_name=_("Apmokėta be PVM"))
    paid_vat = MoneyColumn(verbose_name=_("Apmokėtas PVM"))
    rate = RateColumn(verbose_name=_("Panaudota, %"), default="–")
    over_plan = tables.Column(verbose_name=_("Viršija planą"), orderable=False)

    class Meta:
        orderable = False
        row_attrs = {"class": lambda record: "over-plan" if record.over_plan else ""}

    def __init__(self, *args, label_name=None, line_links=False, **kwargs):
        super().__init__(*args, **kwargs)
        if label_name:
            self.columns["label"].column.verbose_name = label_name
        self.line_links = line_links

    def render_label(self, record, value):
        if self.line_links:
            line = record.extra["line"]
            return format_html(
                '<a href="{}">{}</a> <span class="small muted">{}</span>',
                line_url(line), value, record.extra["activity"].short_title,
            )
        return value

    def value_label(self, record, value):
        return value

    def render_over_plan(self, value):
        return format_html('<span class="badge badge--bad">{}</span>', _("viršija")) if value else ""

    def value_over_plan(self, value):
        return str(_("taip")) if value else ""


def line_url(line):
    from django.urls import reverse

    return reverse("budget:line", args=[line.activity.plan.municipality.code, line.pk])
