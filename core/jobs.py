"""Background jobs that cannot be orphaned: reports, spending imports.

A job is a row the person can see (queued, running with its progress, done, failed with why). A task
claims it with a conditional UPDATE, so a second delivery of the same message does nothing. While it
runs, a thread of its own renews the job's lease and writes its progress, on its own database
connection, so both stay visible while the work itself sits in a long transaction. A worker process
killed mid-job stops renewing: `jobs_recover`, run by beat every few seconds, queues a job whose
lease ran out again, or, after JOB_MAX_ATTEMPTS, fails it with a reason the person reads. A job whose
message never reached the broker (it was down) is sent again by the same task once the broker answers.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import connections, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

QUEUED, RUNNING, FAILED = "queued", "running", "failed"
# Publishing fails fast when the broker is down; the job waits in the database and is sent later.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class BackgroundJob(models.Model):
    """What every background job row carries besides its own `state` field."""

    requested_at = models.DateTimeField(_("užsakyta"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("perduota vykdyti"), null=True, blank=True)
    started_at = models.DateTimeField(_("pradėta"), null=True, blank=True)
    finished_at = models.DateTimeField(_("baigta"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(_("atlikta, %"), default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    error = models.TextField(_("klaida"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self):
        return self.state in (QUEUED, RUNNING)


def lease_length():
    return datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)


def job_enqueue(job, task):
    """Send the job's task. False when the broker cannot be reached: the job stays queued, unsent,
    and `jobs_recover` sends it once the broker answers."""
    try:
        task.apply_async((job.pk,), retry=True, retry_policy=PUBLISH_RETRY)
    except OperationalError:
        logger.warning("The broker is unreachable: %s %s waits to be sent", type(job).__name__, job.pk)
        return False
    job.enqueued_at = timezone.now()
    type(job).objects.filter(pk=job.pk).update(enqueued_at=job.enqueued_at)
    return True


def job_claim(queryset, pk):
    """Take a queued job for this attempt; None when it is not queued (another delivery has it, or it ended)."""
    now = timezone.now()
    claimed = queryset.filter(pk=pk, state=QUEUED).update(
        state=RUNNING, started_at=now, lease_until=now + lease_length(), attempts=F("attempts") + 1, progress=0
    )
    return queryset.get(pk=pk) if claimed else None


def job_still_ours(job):
    """The row filter an attempt's writes go through: a job taken over or failed meanwhile is not written."""
    return type(job).objects.filter(pk=job.pk, state=RUNNING, attempts=job.attempts)


class Lease:
    """Keeps a running job's lease alive and its progress written, from a thread with its own connection.

    With `heartbeat=False` (tasks run in-process, as in the embedded setup) progress is written directly
    and nothing else runs. Leave the `with` block only after the job's last transaction has ended.
    """

    def __init__(self, job, *, heartbeat=True):
        self.job = job
        self.heartbeat = heartbeat
        self.percent = job.progress
        self.lost = False
        self._written = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{job.pk}", daemon=True)

    def __enter__(self):
        if self.heartbeat:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        if self.heartbeat:
            self._stop.set()
            self._wake.set()
            self._thread.join(timeout=settings.JOB_LEASE_SECONDS)

    def progress(self, percent):
        percent = max(0, min(100, int(percent)))
        if percent == self.percent:
            return
        self.percent = percent
        if self.heartbeat:
            self._wake.set()
        else:
            job_still_ours(self.job).update(progress=percent)

    def _run(self):
        interval = settings.JOB_LEASE_SECONDS / 3
        try:
            while not self._stop.is_set():
                self._renew()
                self._wake.wait(interval)
                self._wake.clear()
        finally:
            connections.close_all()  # this thread's own connections

    def _renew(self):
        try:
            renewed = job_still_ours(self.job).update(
                lease_until=timezone.now() + lease_length(), progress=self.percent
            )
        except Exception:  # the database is away for a moment: the next beat tries again
            logger.exception("Could not renew the lease of %s %s", type(self.job).__name__, self.job.pk)
            return
        if not renewed:
            self.lost = True


def interrupted_reason(attempts):
    return ngettext(
        "Darbas nutrūko %(count)s kartą (sustojo foninis procesas, pvz., jam pritrūko atminties). "
        "Niekas neišsaugota pusiau. Pabandykite dar kartą; jei kartosis, praneškite administratoriui.",
        "Darbas nutrūko %(count)s kartus (sustojo foninis procesas, pvz., jam pritrūko atminties). "
        "Niekas neišsaugota pusiau. Pabandykite dar kartą; jei kartosis, praneškite administratoriui.",
        attempts,
    ) % {"count": attempts}


def jobs_recover(model, task):
    """Queue again the jobs whose lease ran out (or fail those out of attempts), then send every queued
    job whose message never reached the broker or was lost. Returns (queued again, failed, sent)."""
    now = timezone.now()
    # A running job without a lease was started before leases existed: it counts as expired.
    expired = model.objects.filter(Q(lease_until__lt=now) | Q(lease_until__isnull=True), state=RUNNING)
    failed = 0
    for attempts in (
        expired.filter(attempts__gte=settings.JOB_MAX_ATTEMPTS).values_list("attempts", flat=True).distinct()
    ):
        failed += expired.filter(attempts=attempts).update(
            state=FAILED, finished_at=now, lease_until=None, error=interrupted_reason(attempts)
        )
    requeued = expired.filter(attempts__lt=settings.JOB_MAX_ATTEMPTS).update(
        state=QUEUED, lease_until=None, enqueued_at=None, progress=0
    )
    lost_after = 10 * lease_length()
    # A new job gets a moment for its own request to send it; one queued again is sent at once.
    unsent = model.objects.filter(state=QUEUED).filter(
        Q(enqueued_at__isnull=True, requested_at__lt=now - datetime.timedelta(seconds=2))
        | Q(enqueued_at__isnull=True, started_at__isnull=False)
        | Q(enqueued_at__lt=now - lost_after)
    )
    sent = sum(job_enqueue(job, task) for job in unsent.only("pk").order_by("requested_at")[:500])
    if requeued or failed or sent:
        logger.info("%s: %s queued again, %s failed, %s sent", model.__name__, requeued, failed, sent)
    return requeued, failed, sent


def job_retry(job, task):
    """A failed job, queued again at the person's request with its attempts counted afresh."""
    retried = (
        type(job)
        .objects.filter(pk=job.pk, state=FAILED)
        .update(state=QUEUED, attempts=0, progress=0, error="", finished_at=None, started_at=None, enqueued_at=None)
    )
    if retried:
        job.refresh_from_db()
        job_enqueue(job, task)
    return bool(retried)
