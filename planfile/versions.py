"""What changed between two imported versions of a plan (an amendment): measures, targets and money.

Both versions are plan files the portal wrote itself (`PlanVersion.content`), so they are read as data and
compared entry by entry, keyed by their printed numbers.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import yaml

from core.numbering import sort_key
from planfile.loader import SAFE_LOADER


@dataclass
class Change:
    number: str
    what: str  # "added", "removed", "changed"
    title: str = ""
    fields: list = field(default_factory=list)  # (field, before, after)


@dataclass
class Differences:
    goals: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    plan: list = field(default_factory=list)  # (field, before, after)

    @property
    def empty(self):
        return not (self.goals or self.activities or self.indicators or self.plan)


ACTIVITY_FIELDS = ("title", "parent", "period", "objectives", "indicators", "schools", "responsible", "partners")
INDICATOR_FIELDS = ("name", "activity", "unit", "measured_as", "baselines", "target")


def _read(text):
    return yaml.load(text, Loader=SAFE_LOADER)


def _shown(value):
    if value is None or value == [] or value == {}:
        return "–"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    return str(value)


def _money(activity):
    lines = activity.get("budget_lines") or []
    if not lines:
        return None
    return str(sum(Decimal(line["amount"]) for line in lines))


def _compare(before, after, fields, title="title"):
    old = {entry["number"]: entry for entry in before}
    new = {entry["number"]: entry for entry in after}
    changes = []
    for number in sorted(old.keys() | new.keys(), key=sort_key):
        if number not in new:
            changes.append(Change(number, "removed", old[number].get(title, "")))
        elif number not in old:
            changes.append(Change(number, "added", new[number].get(title, "")))
        else:
            differ = [
                (name, _shown(old[number].get(name)), _shown(new[number].get(name)))
                for name in fields
                if old[number].get(name) != new[number].get(name)
            ]
            if differ:
                changes.append(Change(number, "changed", new[number].get(title, ""), differ))
    return changes


def plan_differences(before_text, after_text):
    before, after = _read(before_text), _read(after_text)
    for data in (before, after):
        for activity in data["activities"]:
            activity["money"] = _money(activity)
    result = Differences()
    result.goals = _compare(
        [g for goal in before["goals"] for g in (goal, *goal.get("objectives", []))],
        [g for goal in after["goals"] for g in (goal, *goal.get("objectives", []))],
        ("title",),
    )
    result.activities = _compare(before["activities"], after["activities"], (*ACTIVITY_FIELDS, "money"))
    result.indicators = _compare(before["indicators"], after["indicators"], INDICATOR_FIELDS, title="name")
    for name in sorted(before["plan"].keys() | after["plan"].keys()):
        if before["plan"].get(name) != after["plan"].get(name):
            result.plan.append((name, _shown(before["plan"].get(name)), _shown(after["plan"].get(name))))
    return result
