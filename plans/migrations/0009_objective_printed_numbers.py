from django.db import migrations


def _sort_key(number):
    # A copy of core.numbering.sort_key as it was when this migration was written.
    import re

    def roman(part):
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
        if not re.match(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$", part or "") or (
            len(part) == 1 and part not in "IVX"
        ):
            return None
        total = 0
        for here, after in zip(part, part[1:] + " "):
            total += -values[here] if after != " " and values[after] > values[here] else values[here]
        return total

    def key(part):
        if part.isdigit():
            return part[-4:].zfill(4)
        value = roman(part)
        return str(value).zfill(4) if value is not None else "~" + part.lower()[:3].ljust(3)

    return ".".join(key(part) for part in number.rstrip(".").split("."))


def printed_numbers(apps, schema_editor):
    """Objectives keep their whole printed number ("1.2"), no longer only the part after the goal's."""
    Goal = apps.get_model("plans", "Goal")
    Objective = apps.get_model("plans", "Objective")
    for goal in Goal.objects.all():
        goal.sort_key = _sort_key(goal.number)
        goal.save(update_fields=["sort_key"])
    for objective in Objective.objects.select_related("goal"):
        objective.number = f"{objective.goal.number}.{objective.number}"
        objective.sort_key = _sort_key(objective.number)
        objective.save(update_fields=["number", "sort_key"])


def local_numbers(apps, schema_editor):
    Objective = apps.get_model("plans", "Objective")
    for objective in Objective.objects.select_related("goal"):
        prefix = f"{objective.goal.number}."
        if objective.number.startswith(prefix):
            objective.number = objective.number[len(prefix) :]
            objective.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0008_printed_numbers_levels_optional_budget")]
    operations = [migrations.RunPython(printed_numbers, local_numbers)]
