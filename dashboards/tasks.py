from celery import shared_task

from dashboards.services import snapshots_recompute
from plans.models import Plan


@shared_task(
    acks_late=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=600,
    soft_time_limit=540,
)
def recompute_dashboards(plan_id, school_ids=None):
    plan = Plan.objects.filter(pk=plan_id).select_related("municipality").first()
    if plan is None:
        return 0
    return snapshots_recompute(plan=plan, school_ids=school_ids)


@shared_task(acks_late=True, time_limit=3600)
def recompute_all_dashboards():
    """The nightly full recompute of every plan."""
    for plan_id in Plan.objects.values_list("pk", flat=True):
        recompute_dashboards.delay(plan_id)
