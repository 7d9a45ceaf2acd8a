"""Money is Decimal, exact to the cent, rounded half-up only where an amount is stored."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


_SPACES = re.compile(r"[\s\u00a0\u202f]")
_GROUPED = re.compile(r"-?\d{1,3}( \d{3})+([.,]\d+)?")


def parse_amount(text, *, max_decimals=2) -> Decimal:
    """Parse '120 139,15', '120139.15' or a number; ValueError with the reason otherwise.

    Lithuanian writing is accepted: spaces group thousands, a comma marks decimals.
    """
    if isinstance(text, bool):
        raise ValueError("not a number")
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    else:
        text = _SPACES.sub(" ", str(text)).replace("€", "").strip()
        if " " in text and not _GROUPED.fullmatch(text):
            raise ValueError("not a number")
        raw = text.replace(" ", "")
        if raw.count(",") == 1 and "." not in raw:
            raw = raw.replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", raw):
            raise ValueError("not a number")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValueError("not a number") from None
    if not value.is_finite():
        raise ValueError("not a number")
    if -value.as_tuple().exponent > max_decimals and value != value.quantize(Decimal(1).scaleb(-max_decimals)):
        raise ValueError(f"more than {max_decimals} decimals")
    return value
