import re

_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})*$")


def is_activity_number(text: str) -> bool:
    return bool(_NUMBER.match(text or ""))


def sort_key(number: str) -> str:
    """'2.10' -> '0002.0010', so that 1, 2, 2.1, 2.10, 10 sort naturally as text."""
    return ".".join(part.zfill(4) for part in number.split("."))


def top_number(number: str) -> str:
    """'8.1.2' -> '8': the top-level activity a (sub-)activity belongs to."""
    return number.split(".", 1)[0]


def parent_number(number: str) -> str | None:
    return number.rsplit(".", 1)[0] if "." in number else None
