from decimal import Decimal

from django import template
from django.utils.formats import number_format

from activities.models import ActivitySchool
from indicators.targets import figure, target_words
from reports.periods import period_words as _period_words
from schools.models import summarise_codes

register = template.Library()


@register.filter
def money(value):
    """120139.15 -> '120 139,15 €' (Lithuanian) or '120,139.15 €' (English)."""
    if value is None or value == "":
        return "–"
    return f"{number_format(Decimal(value), 2, force_grouping=True)}\u00a0€"


@register.filter
def number(value, decimals=None):
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    if decimals is None:
        decimals = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, int(decimals), force_grouping=True)


@register.filter
def percent(value, decimals=1):
    if value is None or value == "":
        return "–"
    return f"{number_format(Decimal(value), int(decimals), force_grouping=True)}\u00a0%"


@register.filter
def percent_of_one(value):
    """0.02 -> '2 %'."""
    if value is None:
        return "–"
    return percent(Decimal(value) * 100, 0 if (Decimal(value) * 100) % 1 == 0 else 2)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def implementing_codes(activity):
    """The schools that carry out an activity, summarised: 'G1–G3, G5'."""
    return summarise_codes(
        role.school.code for role in activity.school_roles.all() if role.role == ActivitySchool.Role.IMPLEMENTS
    )


@register.filter
def period_words(spec):
    """A report's period in words: '2025-Q4' -> '2025 m. IV ketvirtis'."""
    return _period_words(spec)


@register.filter
def target(indicator):
    """An indicator's target in words, in its form: 'bent 80 %', '14–18 val.', 'sumažės nuo 12 iki 8'."""
    return target_words(indicator)


@register.filter
def in_unit(value, indicator):
    """A value in the indicator's unit: '83,01 %', '250 mokinių sk.'."""
    return figure(value, indicator)
