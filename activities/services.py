"""Writing a school's activity progress and its evidence."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import ActivityProgress, Evidence
from reporting.uploads import check_evidence_file
from reporting.workflow import check_can_edit, item_for_saving

PROGRESS_FIELDS = ("status", "percent_done", "done_text", "next_text", "pupils", "teachers")


def activity_progress_save(*, user, period, school, activity, data, version=None):
    """Save a draft of how `activity` went at `school` in `period` (one transaction, validated first)."""
    check_can_edit(user, period, school)
    _check_consistent(data)
    networking_schools = list(data.get("networking_schools") or [])
    if any(s.municipality_id != school.municipality_id for s in networking_schools):
        raise ValidationError({"networking_schools": _("Galima nurodyti tik savo savivaldybės mokyklas.")})
    with transaction.atomic():
        progress = item_for_saving(
            ActivityProgress, user=user, period=period, school=school, version=version, activity=activity
        )
        for field in PROGRESS_FIELDS:
            if field in data:
                setattr(progress, field, data[field])
        progress.full_clean()
        progress.save()
        progress.networking_schools.set(networking_schools)
    return progress


def _check_consistent(data):
    status, percent = data.get("status"), data.get("percent_done")
    if status == ActivityProgress.Status.DONE and percent is not None and percent != 100:
        raise ValidationError({"percent_done": _("Įvykdytos veiklos dalis turi būti 100 %.")})
    if status == ActivityProgress.Status.NOT_STARTED and percent:
        raise ValidationError({"percent_done": _("Nepradėtos veiklos įvykdyta dalis turi būti 0 %.")})


def evidence_add(*, user, progress, upload):
    check_can_edit(user, progress.period, progress.school, progress)
    name, content_type = check_evidence_file(upload)
    with transaction.atomic():
        evidence = Evidence(progress=progress, name=name, content_type=content_type, size=upload.size, uploaded_by=user)
        evidence.file.save(name, upload, save=False)
        try:
            evidence.save()
        except Exception:
            evidence.file.delete(save=False)
            raise
    return evidence


def evidence_remove(*, user, evidence):
    progress = evidence.progress
    check_can_edit(user, progress.period, progress.school, progress)
    with transaction.atomic():
        evidence.delete()
        transaction.on_commit(lambda: evidence.file.delete(save=False))
