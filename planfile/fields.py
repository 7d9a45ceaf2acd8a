"""The value types of the plan file, for the pydantic models in `planfile.schema`.

Each type checks one value and, when it is wrong, raises an error whose type names the problem
(`money`, `choice` …); `planfile.messages` turns it into a Lithuanian sentence that names the section,
the entry and the field. Lengths and choices come from the Django models, so the file accepts
exactly what the database can hold.
"""

import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from core.money import parse_amount
from core.numbering import MAX_LENGTH, is_printed_number


def _error(kind, value=None, **ctx):
    return PydanticCustomError(kind, kind, {"value": value, **ctx})


def max_length(model, field):
    return model._meta.get_field(field).max_length


def text(max_chars=None, required=False):
    """Text as a person wrote it (a number written without quotes is read as text), stripped."""

    def check(value):
        if value is None or value == "":
            if required:
                raise _error("required", value)
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise _error("text", value)
        value = str(value).strip()
        if max_chars and len(value) > max_chars:
            raise _error("too_long", value, max=max_chars)
        if required and not value:
            raise _error("required", value)
        return value

    return Annotated[str, BeforeValidator(check)]


def _printed_number(value):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _error("printed_number", value)
    value = str(value).strip()
    if not is_printed_number(value):
        raise _error("printed_number", value)
    return value


PrintedNumber = Annotated[str, BeforeValidator(_printed_number)]
"""A number as the plan prints it: "8", "8.1", "I", "I.1.1", "a" (at most 20 characters)."""
PRINTED_NUMBER_LENGTH = MAX_LENGTH


def _money(value):
    if value is None or value == "":
        return None
    try:
        amount = parse_amount(value)
    except ValueError:
        raise _error("money", value) from None
    if amount < 0:
        raise _error("money_negative", value)
    if amount >= Decimal("1e12"):
        raise _error("money_too_big", value)
    return amount


Money = Annotated[Decimal | None, BeforeValidator(_money)]
RequiredMoney = Annotated[Decimal, BeforeValidator(lambda v: _required(_money(v), v))]


def _required(checked, value):
    if checked is None:
        raise _error("required", value)
    return checked


def _number(value):
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().startswith("+"):
        value = value.strip()[1:]
    try:
        number = parse_amount(value, max_decimals=4)
    except ValueError:
        raise _error("number", value) from None
    if abs(number) >= Decimal("1e10"):
        raise _error("number_too_big", value)
    return number


Number = Annotated[Decimal | None, BeforeValidator(_number)]
RequiredNumber = Annotated[Decimal, BeforeValidator(lambda v: _required(_number(v), v))]


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        raise _error("date", value)
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise _error("date", value) from None


Date = Annotated[datetime.date | None, BeforeValidator(_date)]


def _positive_integer(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999:
        raise _error("positive_integer", value)
    return value


PositiveInteger = Annotated[int, BeforeValidator(_positive_integer)]


def _year(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
        raise _error("year", value)
    return value


Year = Annotated[int | None, BeforeValidator(lambda v: None if v is None else _year(v))]


def _boolean(value):
    if not isinstance(value, bool):
        raise _error("boolean", value)
    return value


Boolean = Annotated[bool, BeforeValidator(_boolean)]
OptionalBoolean = Annotated[bool | None, BeforeValidator(lambda v: None if v is None else _boolean(v))]


def _line(value):
    """The line in the plan's source text: kept when it is a whole number, as v1 did; anything else is dropped."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


SourceLine = Annotated[int | None, BeforeValidator(_line)]


def choice(values, words=None):
    """One of a model's choices. `words` maps what the file writes to the stored value, when they differ."""
    allowed = dict(words) if words else {value: value for value in values}
    if set(allowed.values()) != set(values):
        raise ValueError(f"the plan file does not know every choice of the model: {sorted(values)}")

    def check(value):
        if isinstance(value, (dict, list)) or value not in allowed:
            raise _error("choice", value, choices=", ".join(sorted(word or "''" for word in allowed)))
        return allowed[value]

    return Annotated[str, BeforeValidator(check)]


def _codes(value):
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(code, (str, int)) and not isinstance(code, bool) for code in value
    ):
        raise _error("codes", value)
    result = []
    for code in value:
        code = str(code).strip()
        if code not in result:
            result.append(code)
    return result


Codes = Annotated[list[str], BeforeValidator(_codes)]
"""A list of codes or numbers that refer to other entries ([G1, T2], ["1.2"]); duplicates are dropped."""


def none_as_empty_list(value):
    return [] if value is None else value


Text = text  # read as a type in the models: `title: Text(300, required=True)`
