"""When approved data or the plan changes, the affected snapshots are recomputed in the background.

If the broker cannot be reached, the change itself stands (it is already committed); the nightly
recompute brings the dashboards up to date.
"""

import logging

from django.db import transaction
from django.dispatch import receiver
from kombu.exceptions import OperationalError

from dashboards.tasks import recompute_dashboards
from networking.models import NetworkingEvent
from plans.signals import plan_changed
from reporting.signals import published_data_changed

logger = logging.getLogger(__name__)


@receiver(published_data_changed)
def recompute_after_approval(sender, items, **kwargs):
    by_plan = {}
    for item in items:
        schools = by_plan.setdefault(item.period.plan_id, set())
        if item.school_id:
            schools.add(item.school_id)
        if isinstance(item, NetworkingEvent):
            schools.update(item.participating_schools.values_list("pk", flat=True))
    for plan_id, school_ids in by_plan.items():
        _enqueue(plan_id, sorted(school_ids))


@receiver(plan_changed)
def recompute_after_import(sender, plan, **kwargs):
    transaction.on_commit(lambda: _enqueue(plan.pk, None))


def _enqueue(plan_id, school_ids):
    try:
        recompute_dashboards.delay(plan_id, school_ids)
    except OperationalError:
        logger.warning("Could not queue the dashboard recompute of plan %s; the nightly run will do it", plan_id)
