"""An indicator's target in words, in each of its forms ("bent 80 %", "14–18", "sumažės nuo 12 iki 8")."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indicators.models import Indicator

TQ = Indicator.TargetQualifier


def figure(value, indicator):
    """A value in the indicator's unit: '83,01 %', '250 mokinių sk.'; '–' when there is none."""
    if value is None:
        return "–"
    value = Decimal(value)
    decimals = max(0, -value.normalize().as_tuple().exponent)
    text = number_format(value, decimals, force_grouping=True)
    if indicator.unit == Indicator.Unit.PERCENT:
        return f"{text}\u00a0%"
    return f"{text}\u00a0{indicator.unit_text}" if indicator.unit_text else text


def target_words(indicator):
    i, form = indicator, indicator.target_qualifier
    if form == TQ.TEXT:
        return i.target_text or "–"
    if form == TQ.AT_LEAST:
        return _("bent %(value)s") % {"value": figure(i.target, i)}
    if form == TQ.AT_MOST:
        return _("ne daugiau kaip %(value)s") % {"value": figure(i.target, i)}
    if form == TQ.RANGE:
        return f"{figure(i.target_min, i).split(chr(160))[0]}–{figure(i.target_max, i)}"
    if form == TQ.CHANGE:
        if i.change_by is not None:
            words = _("padidės %(value)s") if i.change_by >= 0 else _("sumažės %(value)s")
            by = abs(i.change_by)
            unit = _("proc. punktų") if i.unit == Indicator.Unit.PERCENT else i.unit_text
            return words % {"value": number_format(by, max(0, -by.normalize().as_tuple().exponent))} + (
                f"\u00a0{unit}" if unit else ""
            )
        return _("nuo %(start)s iki %(end)s") % {"start": figure(i.change_from, i), "end": figure(i.target, i)}
    return figure(i.target, i)


def numeric_target(indicator, baseline=None):
    """The number a dashboard measures progress toward, or None (a text target, or a rise with no baseline)."""
    i, form = indicator, indicator.target_qualifier
    if form in (TQ.EXACT, TQ.AT_LEAST, TQ.AT_MOST):
        return i.target
    if form == TQ.RANGE:
        return i.target_max if i.higher_is_better else i.target_min
    if form == TQ.CHANGE:
        if i.target is not None:
            return i.target
        start = i.change_from if i.change_from is not None else baseline
        return None if start is None or i.change_by is None else start + i.change_by
    return None
