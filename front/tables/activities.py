import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivitySchool
from front.tables.base import MoneyColumn
from schools.models import summarise_codes


class ActivityTable(tables.Table):
    """Columns, sorting, paging and export; the page draws its rows in its own template
    (activities/list.html), which is several times faster than rendering cell by cell."""

    number = tables.Column(verbose_name=_("Nr."), order_by=("sort_key",))
    title = tables.Column(verbose_name=_("Veikla"), attrs={"td": {"class": "wide"}})
    areas = tables.Column(verbose_name=_("Sritys"), accessor="pk", orderable=False)
    category = tables.Column(verbose_name=_("Kategorija"), accessor="category__number")
    schools = tables.Column(verbose_name=_("Vykdo"), accessor="pk", orderable=False)
    period_text = tables.Column(verbose_name=_("Laikotarpis"))
    planned_amount = MoneyColumn(verbose_name=_("Suma be PVM"))
    planned_vat = MoneyColumn(verbose_name=_("PVM"))

    class Meta:
        model = Activity
        fields = ()
        sequence = ("number", "title", "areas", "category", "schools", "period_text", "planned_amount", "planned_vat")
        order_by = "number"
        row_attrs = {"class": lambda record: "sub" if record.parent_id else ""}

    def value_category(self, record):
        return str(record.category) if record.category_id else None

    def render_number(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.number)

    def value_number(self, record):
        return record.number

    def render_title(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.short_title)

    def value_title(self, record):
        return record.title

    def render_areas(self, record):
        return ", ".join(area.name for area in record.areas.all())

    def value_areas(self, record):
        return self.render_areas(record)

    def render_schools(self, record):
        return summarise_codes(
            role.school.code for role in record.school_roles.all() if role.role == ActivitySchool.Role.IMPLEMENTS
        )

    def value_schools(self, record):
        return self.render_schools(record)
