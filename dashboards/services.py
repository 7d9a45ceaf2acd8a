"""Recomputing dashboard snapshots: idempotent — the same data gives the same snapshot, written once."""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from dashboards.compute import PlanData, municipality_snapshot, school_snapshot
from dashboards.models import Snapshot


def _store(plan, school, data):
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(text.encode()).hexdigest()
    current = Snapshot.objects.filter(plan=plan, school=school).only("data_hash").first()
    if current is not None and current.data_hash == digest:
        return False
    Snapshot.objects.update_or_create(
        plan=plan, school=school, defaults={"data": data, "data_hash": digest, "computed_at": timezone.now()}
    )
    return True


def snapshots_recompute(*, plan, school_ids=None):
    """Recompute the municipality snapshot and the schools' (all, or those given). Returns how many changed."""
    data = PlanData(plan)
    schools = data.schools if school_ids is None else [s for s in data.schools if s.pk in set(school_ids)]
    changed = 0
    with transaction.atomic():
        changed += _store(plan, None, municipality_snapshot(data))
        for school in schools:
            changed += _store(plan, school, school_snapshot(data, school))
    return changed


def snapshot_for(plan, school=None):
    return Snapshot.objects.filter(plan=plan, school=school).first()
