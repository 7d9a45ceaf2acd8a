"""What a municipality's public progress page and its open-data files show: approved data only, no person's
name or e-mail, no drafts, no evidence files, no free texts (the portal has no approval of texts for
publishing yet), and counts of people under 5 for one school and period shown as "<5", with a second cell
hidden ("x") wherever totals would give the hidden one away."""

import datetime

from django.utils import timezone
from django.utils.translation import get_language

from budget import execution
from dashboards.compute import STATUSES, PlanData, activity_matrix, indicator_rows
from plans.models import Goal

SMALL = 5
HIDDEN = "<5"
HIDDEN_TOO = "x"  # hidden so that a total does not give away a count under 5


def suppress(matrix):
    """Hide small counts in a table of people counts whose last row and column are totals.

    `matrix` is a list of rows of ints (0 where nothing happened). Cells from 1 to 4 are hidden; then, while
    some row or column has exactly one hidden cell (its value would follow from the total), the smallest
    shown positive cell of that line is hidden too. Returns the set of hidden (row, column) positions."""
    hidden = {(r, c) for r, row in enumerate(matrix) for c, value in enumerate(row) if 0 < value < SMALL}
    lines = [[(r, c) for c in range(len(matrix[r]))] for r in range(len(matrix))]
    lines += [[(r, c) for r in range(len(matrix))] for c in range(len(matrix[0]) if matrix else 0)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for cell in line if cell in hidden) == 1:
                shown = [cell for cell in line if cell not in hidden and matrix[cell[0]][cell[1]] > 0]
                hidden.add(min(shown, key=lambda cell: (matrix[cell[0]][cell[1]], cell)))
                changed = True
    return hidden


def _networking(data):
    """Events and participants by host school and period; participants suppressed as above."""
    schools = sorted({e.school for e in data.events}, key=lambda s: (s.kind, s.number))
    periods = [p for p in data.periods if any(e.period_id == p.pk for e in data.events)]
    column = {p.pk: i for i, p in enumerate(periods)}
    row_of = {s.pk: i for i, s in enumerate(schools)}
    events = [[0] * (len(periods) + 1) for _ in range(len(schools) + 1)]
    people = [[0] * (len(periods) + 1) for _ in range(len(schools) + 1)]
    for event in data.events:
        r, c = row_of[event.school_id], column[event.period_id]
        for rr, cc in ((r, c), (r, -1), (-1, c), (-1, -1)):
            events[rr][cc] += 1
            people[rr][cc] += event.participants
    hidden = suppress(people) if schools else set()

    def cell(r, c):
        r, c = r % len(people), c % len(people[0])
        shown = people[r][c]
        if (r, c) in hidden:
            shown = HIDDEN if people[r][c] < SMALL else HIDDEN_TOO
        return {"events": events[r][c], "participants": shown}

    return {
        "periods": [p.code for p in periods],
        "rows": [
            {"school": s.code, "cells": [cell(r, c) for c in range(len(periods))], "total": cell(r, -1)}
            for r, s in enumerate(schools)
        ],
        "total": {"cells": [cell(-1, c) for c in range(len(periods))], "total": cell(-1, -1)},
    }


def _money(row):
    return {name: None if getattr(row, name) is None else str(getattr(row, name)) for name in execution.FIGURES}


def _budget(plan, data):
    """Planned vs paid by category, and paid by calendar year of the spending's date."""
    today = timezone.localdate()
    years = list(range(plan.starts_on.year, min(plan.ends_on.year, today.year) + 1))
    by_year = {
        year: {
            g.key: g
            for g in execution.execution_by(
                plan,
                "category",
                rows=execution.line_rows(plan, since=datetime.date(year, 1, 1), until=datetime.date(year, 12, 31)),
            )
        }
        for year in years
    }
    english = get_language() == "en"
    rows = []
    for group in execution.execution_by(plan, "category", rows=data.lines):
        category = group_category(data, group.key)
        label = (category.name_en or category.name) if english and category else group.label
        rows.append(
            {
                "number": group.key,
                "category": f"{category.number}. {label}" if category else label,
                **_money(group),
                "paid_by_year": {
                    year: str(by_year[year][group.key].paid_amount) if group.key in by_year[year] else "0.00"
                    for year in years
                },
            }
        )
    total = execution.total(data.lines)
    return {
        "years": years,
        "rows": rows,
        "total": _money(total),
        "rate": None if total.rate is None else str(total.rate),
    }


def group_category(data, number):
    for line in data.lines:
        category = line.extra["activity"].category
        if category and category.number == number:
            return category
    return None


def public_content(plan):
    data = PlanData(plan)
    matrix = activity_matrix(data, data.schools)
    english = get_language() == "en"
    activities = []
    for activity, row in zip(data.activities, matrix, strict=True):
        cells = [c for c in row["cells"] if c is not None]
        counts = {s: sum(1 for c in cells if c["status"] == s) for s in [*STATUSES, "no_data"]}
        activities.append(
            {
                "number": activity.number,
                "title": activity.title,
                "areas": [(a.name_en if english else a.name_lt) for a in activity.areas.all()],
                "schools": len(cells),
                "counts": counts,
            }
        )
    goals = [
        {
            "number": g.number,
            "title": g.title,
            "objectives": [{"code": o.code, "title": o.title} for o in g.objectives.all()],
        }
        for g in Goal.objects.filter(plan=plan).prefetch_related("objectives__goal").order_by("number")
    ]
    indicators = [
        {k: r[k] for k in ("number", "name", "unit", "baseline", "latest", "latest_period", "target")}
        for r in indicator_rows(data)
    ]
    return {
        "municipality": {"code": plan.municipality.code, "name": plan.municipality.name},
        "plan": {
            "title": plan.title,
            "programme": plan.programme,
            "starts_on": plan.starts_on.isoformat(),
            "ends_on": plan.ends_on.isoformat(),
            "goals": goals,
        },
        "activities": activities,
        "statuses": STATUSES,
        "indicators": indicators,
        "budget": _budget(plan, data),
        "networking": _networking(data),
        "as_of": timezone.localtime().isoformat(timespec="minutes"),
    }
