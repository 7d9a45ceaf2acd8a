"""Numbers as a plan prints them ("8.1", "I", "I.1.1", "a", "2.b") and their natural order.

A number is parts joined by dots. `sort_key` turns each part into four characters of fixed width,
so that keys sort as the plan reads and a parent's key is a prefix of its children's keys when the
children's numbers extend the parent's ("8" → "0008", "8.10" → "0008.0010", "II.1" → "0002.0001").
"""

import re

MAX_LENGTH = 20
_PART = r"[0-9A-Za-zĄČĘĖĮŠŲŪŽąčęėįšųūž]{1,6}"
_NUMBER = re.compile(rf"^{_PART}(\.{_PART})*\.?$")
_ARABIC = re.compile(r"^\d{1,3}(\.\d{1,3})*$")
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def is_activity_number(text: str) -> bool:
    """A number of the Kaunas kind: digits joined by dots ("8", "8.1")."""
    return bool(_ARABIC.match(text or ""))


def is_printed_number(text: str) -> bool:
    """Any number as a plan prints it: digits, Roman numerals or letters joined by dots."""
    return bool(text) and len(text) <= MAX_LENGTH and bool(_NUMBER.match(text))


def roman_value(part: str) -> int | None:
    """'IV' -> 4; None when the part is not a Roman numeral. A lone C, D, L or M is read as a letter."""
    if not part or not _ROMAN.match(part) or (len(part) == 1 and part not in "IVX"):
        return None
    total = 0
    for here, after in zip(part, part[1:] + " ", strict=True):
        value = _ROMAN_VALUES[here]
        total += -value if after != " " and _ROMAN_VALUES[after] > value else value
    return total


def _part_key(part: str) -> str:
    if part.isdigit():
        return part[-4:].zfill(4)
    roman = roman_value(part)
    if roman is not None:
        return str(roman).zfill(4)
    return "~" + part.lower()[:3].ljust(3)


def sort_key(number: str) -> str:
    """'2.10' -> '0002.0010', 'II.1' -> '0002.0001', 'b' -> '~b  ': natural order as text."""
    return ".".join(_part_key(part) for part in number.rstrip(".").split("."))


def parent_number(number: str) -> str | None:
    return number.rsplit(".", 1)[0] if "." in number else None


def top_number(number: str) -> str:
    """'8.1.2' -> '8', 'I.1.1' -> 'I': the top-level activity a (sub-)activity belongs to."""
    return number.split(".", 1)[0]
