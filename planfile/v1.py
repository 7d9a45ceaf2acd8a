"""`tum-plan/1` files (the Kaunas plan's first format) read as `tum-plan/2`.

v1 numbered goals and objectives with integers (objective 2 of goal 1 is "1.2"), implied a
sub-activity's parent from its number ("8.1" under "8"), made a school's kind from its code (G…, T…),
wrote the measurement kind as `unit` and the target as three flat fields. Entries keep their places,
so a problem is reported where it is in the v1 file.
"""

import copy

FORMAT = "tum-plan/1"
# v2 field names that v1 wrote otherwise, for the messages.
RENAMED = {"measured_as": "unit"}


def as_v2(data):
    data = copy.deepcopy(data)
    for goal in _entries(data.get("goals")):
        for objective in _entries(goal.get("objectives")):
            if _whole(goal.get("number")) and _whole(objective.get("number")):
                objective["number"] = f"{goal['number']}.{objective['number']}"
    for school in _entries(data.get("schools")):
        code = school.get("code")
        school["kind"] = "networking" if isinstance(code, str) and code.startswith("T") else "participating"
    for indicator in _entries(data.get("indicators")):
        indicator["measured_as"] = indicator.pop("unit", None)
        target = {
            "form": indicator.pop("target_qualifier", "exact"),
            "value": indicator.pop("target", None),
            "text": indicator.pop("target_text", None),
        }
        indicator["target"] = target
    for activity in _entries(data.get("activities")):
        number = activity.get("number")
        if isinstance(number, str) and "." in number:
            activity["parent"] = number.rsplit(".", 1)[0]
    return data


def _entries(value):
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _whole(value):
    return isinstance(value, int) and not isinstance(value, bool)
