"""Spending workbooks imported in the background, as jobs that cannot be orphaned (core.jobs).

The request only stores the file and queues the job; the page shows its progress. The job checks
the whole file and writes every row, or none, in one transaction that also marks the job done: a job
taken over by a newer attempt (its worker was thought dead) writes nothing.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.models import ExpenditureImport
from budget.spreadsheet import MAX_BYTES, ChangedMeanwhile, ImportFileError, check_container, expenditure_import
from budget.tasks import import_expenditures
from core.jobs import Lease, job_claim, job_enqueue, job_retry, job_still_ours

logger = logging.getLogger(__name__)
SHOWN_ERRORS = 100


class TakenOver(Exception):
    """A newer attempt has the job: this one's writes are rolled back."""


def expenditure_import_request(*, user, plan, upload):
    """Store the uploaded workbook and queue its import. A file that is not a workbook at all is refused
    here, at once (ValidationError); everything else is checked by the job."""
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": _("Failas per didelis (daugiausia 5 MB).")})
    content = upload.read()
    try:
        check_container(content)
    except ImportFileError as error:
        raise ValidationError({"file": str(error)}) from None
    with transaction.atomic():
        job = ExpenditureImport(plan=plan, requested_by=user, file_name=upload.name[:200])
        job.file.save("upload.xlsx", ContentFile(content), save=False)
        job.save()
        transaction.on_commit(lambda: import_enqueue(job))
    return job


def import_enqueue(job):
    return job_enqueue(job, import_expenditures)


def expenditure_import_retry(*, job):
    if not job_retry(job, import_expenditures):
        raise ValidationError(_("Bandyti dar kartą galima tik nepavykusį importą."))
    return job


def expenditure_import_run(job_id, *, heartbeat=False):
    """Run one queued import; returns the job, or None when another delivery has it already."""
    job = job_claim(ExpenditureImport.objects.select_related("plan__municipality", "requested_by"), job_id)
    if job is None:
        return None
    try:
        with Lease(job, heartbeat=heartbeat) as lease:
            with job.file.open("rb") as handle:
                content = handle.read()
            with transaction.atomic():
                outcome = expenditure_import(
                    user=job.requested_by, plan=job.plan, content=content, progress=lease.progress
                )
                _finish(job, outcome)
    except ImportFileError as error:
        job_still_ours(job).update(
            state=ExpenditureImport.State.REFUSED, finished_at=timezone.now(), lease_until=None, error=str(error)
        )
    except TakenOver:
        return None
    except ChangedMeanwhile:
        _fail(
            job,
            _(
                "Kai kurios failo išlaidos buvo pakeistos portale, kol failas buvo tikrinamas. Nieko neimportuota – įkelkite failą dar kartą."
            ),
        )
    except Exception as error:
        logger.exception("Spending import %s failed", job_id)
        _fail(
            job,
            _("Importuoti nepavyko: %(reason)s. Nieko neimportuota.")
            % {"reason": str(error)[:300] or type(error).__name__},
        )
    return ExpenditureImport.objects.get(pk=job_id)


def _finish(job, outcome):
    """Mark the job done or refused, in the import's own transaction (so the two stand or fall together)."""
    values = {
        "finished_at": timezone.now(),
        "lease_until": None,
        "progress": 100,
        "rows": outcome.rows,
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "error_count": len(outcome.errors),
        "row_errors": [[row, messages] for row, messages in sorted(outcome.errors.items())[:SHOWN_ERRORS]],
    }
    if outcome.errors:
        job.error_file.save("errors.xlsx", ContentFile(outcome.error_workbook), save=False)
        values.update(state=ExpenditureImport.State.REFUSED, error_file=job.error_file.name)
    else:
        values.update(state=ExpenditureImport.State.DONE)
    if not job_still_ours(job).update(**values):
        if job.error_file:
            job.error_file.delete(save=False)
        raise TakenOver


def _fail(job, reason):
    job_still_ours(job).update(
        state=ExpenditureImport.State.FAILED, finished_at=timezone.now(), lease_until=None, error=reason
    )
