import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from front.tables.base import MoneyColumn


class RateColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value} %".replace(".", ",")

    def value(self, value):
        return value


class ExecutionTable(tables.Table):
    """Planned vs committed vs paid, without VAT and VAT apart; rows are budget.execution.Execution.

    Used for paging and export; the page draws the rows in budget/_table.html.
    """

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

    def __init__(self, *args, label_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label_name:
            self.columns["label"].column.verbose_name = label_name

    def value_over_plan(self, value):
        return str(_("taip")) if value else ""
