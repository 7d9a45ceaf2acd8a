"""The periods a report can cover: a quarter (2025-Q4), a half-year (2025-H2), a year (2025), or all so far."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

SPEC = re.compile(r"^(?P<year>20\d\d)(?:-(?P<part>Q[1-4]|H[12]))?$")


class PeriodSpecError(ValueError):
    pass


def report_range(plan, spec, today=None):
    """(start, end, label) of the dates a report covers, clipped to the plan."""
    today = today or timezone.localdate()
    if spec == "all":
        return plan.starts_on, min(plan.ends_on, today), _("visas programos laikotarpis iki šiol")
    match = SPEC.match(spec or "")
    if not match:
        raise PeriodSpecError(_("Laikotarpis turi būti, pvz., 2025-Q4, 2025-H2, 2025 arba all."))
    year, part = int(match["year"]), match["part"]
    if part is None:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    elif part.startswith("H"):
        half = int(part[1])
        start = datetime.date(year, 1 if half == 1 else 7, 1)
        end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
    else:
        quarter = int(part[1])
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = (datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)) - datetime.timedelta(
            days=1
        )
    if end < plan.starts_on or start > plan.ends_on:
        raise PeriodSpecError(_("Laikotarpis %(spec)s nepatenka į plano laikotarpį.") % {"spec": spec})
    return max(start, plan.starts_on), min(end, plan.ends_on), spec
