"""Reads about indicator values a school enters."""

from dataclasses import dataclass
from decimal import Decimal

from indicators.models import IndicatorValue
from reporting.models import ReviewState

JUMP = Decimal("0.5")  # a change of more than half of the last approved value is worth a second look


@dataclass(frozen=True)
class ValueJump:
    value: Decimal
    previous: Decimal
    period_code: str
    change_percent: Decimal


def value_jump(item):
    """A `ValueJump` when `item`'s value differs from the school's last approved value of an earlier period
    by more than 50 % of it; None otherwise (also when there is no earlier approved non-zero value)."""
    if item is None or item.value is None:
        return None
    previous = (
        IndicatorValue.objects.filter(
            school_id=item.school_id,
            indicator_id=item.indicator_id,
            state=ReviewState.APPROVED,
            value__isnull=False,
            period__starts_on__lt=item.period.starts_on,
        )
        .select_related("period")
        .order_by("-period__starts_on")
        .first()
    )
    if previous is None or previous.value == 0:
        return None
    change = (item.value - previous.value) / previous.value
    if abs(change) <= JUMP:
        return None
    return ValueJump(item.value, previous.value, previous.period.code, round(change * 100))
