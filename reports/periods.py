"""The periods a report can cover: a quarter (2025-Q4), a half-year (2025-H2), a year (2025), or all so far."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.periods import quarter_bounds

SPEC = re.compile(r"^(?P<year>20\d\d)(?:-(?P<part>Q[1-4]|H[12]))?$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodSpecError(ValueError):
    pass


def period_is_valid(spec):
    return spec == "all" or bool(SPEC.match(spec or ""))


def report_range(plan, spec, today=None):
    """(start, end, label) of the dates a report covers, clipped to the plan; the label is in words."""
    today = today or timezone.localdate()
    if spec == "all":
        return plan.starts_on, min(plan.ends_on, today), period_words(spec)
    match = SPEC.match(spec or "")
    if not match:
        raise PeriodSpecError(_("Laikotarpis turi būti, pvz., 2025-Q4, 2025-H2, 2025 arba all."))
    year, part = int(match["year"]), match["part"]
    first, last = {None: (1, 4), "H1": (1, 2), "H2": (3, 4)}.get(part) or (int(part[1]), int(part[1]))
    start, end = quarter_bounds(year, first)[0], quarter_bounds(year, last)[1]
    if end < plan.starts_on or start > plan.ends_on:
        raise PeriodSpecError(_("Laikotarpis %(spec)s nepatenka į plano laikotarpį.") % {"spec": spec})
    return max(start, plan.starts_on), min(end, plan.ends_on), period_words(spec)


def period_words(spec):
    """'2025-Q4' -> '2025 m. IV ketvirtis', '2025-H2' -> '2025 m. II pusmetis', '2025' -> '2025 m.'."""
    if spec == "all":
        return _("visas programos laikotarpis iki šiol")
    match = SPEC.match(spec or "")
    if not match:
        return spec
    year, part = match["year"], match["part"]
    if part is None:
        return _("%(year)s m.") % {"year": year}
    words = {"year": year, "part": ROMAN[int(part[1])]}
    if part.startswith("H"):
        return _("%(year)s m. %(part)s pusmetis") % words
    return _("%(year)s m. %(part)s ketvirtis") % words


def report_periods(plan, today=None):
    """The periods a report can be asked for, grouped for a select: the whole programme so far, then the
    quarters, half-years and years that have begun within the plan, newest first."""
    today = today or timezone.localdate()
    last = min(plan.ends_on, today)
    years = range(last.year, plan.starts_on.year - 1, -1)
    parts = {
        _("Ketvirčiai"): [(f"{year}-Q{q}", q, q) for year in years for q in (4, 3, 2, 1)],
        _("Pusmečiai"): [(f"{year}-H{h}", 2 * h - 1, 2 * h) for year in years for h in (2, 1)],
        _("Metai"): [(str(year), 1, 4) for year in years],
    }
    choices = [("all", period_words("all"))]
    for group, specs in parts.items():
        begun = [
            (spec, period_words(spec))
            for spec, first, final in specs
            if quarter_bounds(int(spec[:4]), first)[0] <= last
            and quarter_bounds(int(spec[:4]), final)[1] >= plan.starts_on
        ]
        choices.append((group, begun))
    return choices


def previous_period(spec):
    """The period just before: 2025-Q1 -> 2024-Q4, 2025-H2 -> 2025-H1, 2025 -> 2024; 'all' has none."""
    match = SPEC.match(spec or "")
    if not match:
        return None
    year, part = int(match["year"]), match["part"]
    if part is None:
        return str(year - 1)
    kind, number = part[0], int(part[1])
    if number > 1:
        return f"{year}-{kind}{number - 1}"
    return f"{year - 1}-{kind}{4 if kind == 'Q' else 2}"
