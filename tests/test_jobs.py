"""Jobs that cannot be orphaned: recovery of expired leases, bounded attempts, unsent jobs, retry.

Tasks run in-process here; tests/test_faults.py kills real worker processes."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from core.jobs import Lease, job_claim
from reports.models import Report
from reports.services import report_run
from reports.tasks import recover_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(kaunas, staff):
    return Report.objects.create(plan=kaunas, kind="budget", period="2025", format="xlsx", requested_by=staff)


def left_running(report, *, attempts, lease_ago=datetime.timedelta(seconds=1)):
    """The report as a worker that died mid-way leaves it: running, its lease no longer renewed."""
    started = timezone.now() - datetime.timedelta(minutes=5)
    lease = None if lease_ago is None else timezone.now() - lease_ago
    Report.objects.filter(pk=report.pk).update(
        state="running", attempts=attempts, started_at=started, lease_until=lease, progress=40
    )


def test_a_report_whose_worker_died_is_made_again(report):
    left_running(report, attempts=1)
    assert recover_reports() == (1, 0, 1)
    report.refresh_from_db()
    assert report.state == "done" and report.attempts == 2 and report.progress == 100
    assert report.file.read().startswith(b"PK")


def test_a_running_report_from_before_leases_counts_as_expired(report):
    left_running(report, attempts=1, lease_ago=None)
    recover_reports()
    report.refresh_from_db()
    assert report.state == "done" and report.attempts == 2


def test_a_report_with_a_live_lease_is_left_alone(report):
    left_running(report, attempts=1, lease_ago=-datetime.timedelta(seconds=30))
    assert recover_reports() == (0, 0, 0)
    report.refresh_from_db()
    assert report.state == "running" and report.attempts == 1


def test_a_report_out_of_attempts_fails_with_the_reason_and_can_be_retried(client_for, staff, report, settings):
    left_running(report, attempts=settings.JOB_MAX_ATTEMPTS)
    assert recover_reports() == (0, 1, 0)
    report.refresh_from_db()
    assert report.state == "failed" and report.lease_until is None
    assert report.error.startswith("Darbas nutrūko 3 kartus (sustojo foninis procesas")
    assert "Niekas neišsaugota pusiau" in report.error
    client = client_for(staff)
    page = client.get(reverse("reports:list", args=["kaunas"])).content.decode()
    assert "Darbas nutrūko 3 kartus" in page and "Bandyti dar kartą" in page
    response = client.post(reverse("reports:retry", args=["kaunas", report.pk]), follow=True)
    assert "Ataskaita vėl ruošiama." in response.content.decode()
    report.refresh_from_db()
    assert report.state == "done" and report.attempts == 1 and report.error == ""


def test_only_a_failed_report_can_be_retried(client_for, staff, report):
    response = client_for(staff).post(reverse("reports:retry", args=["kaunas", report.pk]), follow=True)
    assert "Bandyti dar kartą galima tik nepavykusią ataskaitą." in response.content.decode()
    assert Report.objects.get(pk=report.pk).state == "queued"


def test_a_coordinator_cannot_retry_another_schools_report(client_for, coordinator, kaunas, g2, report):
    other = Report.objects.create(plan=kaunas, kind="school", school=g2, period="2025", format="pdf", state="failed")
    response = client_for(coordinator).post(reverse("reports:retry", args=["kaunas", other.pk]))
    assert response.status_code == 404 and Report.objects.get(pk=other.pk).state == "failed"


def test_a_report_the_broker_never_got_is_sent(report):
    Report.objects.filter(pk=report.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=1))
    assert recover_reports() == (0, 0, 1)
    report.refresh_from_db()
    assert report.state == "done" and report.enqueued_at is not None


def test_a_second_delivery_of_a_running_report_does_nothing(report):
    left_running(report, attempts=1, lease_ago=-datetime.timedelta(seconds=30))
    assert report_run(report.pk) is None
    report.refresh_from_db()
    assert (report.state, report.attempts, report.progress) == ("running", 1, 40)


@pytest.mark.django_db(transaction=True)
def test_a_lease_is_renewed_while_the_job_runs_and_lost_once_another_attempt_has_it(kaunas, staff, settings):
    settings.JOB_LEASE_SECONDS = 0.6
    report = Report.objects.create(plan=kaunas, kind="budget", period="2025", format="xlsx", requested_by=staff)
    job = job_claim(Report.objects.all(), report.pk)
    first_lease = job.lease_until
    with Lease(job) as lease:
        lease.progress(55)
        time.sleep(0.5)
        renewed = Report.objects.get(pk=report.pk)
        assert renewed.lease_until > first_lease and renewed.progress == 55
        Report.objects.filter(pk=report.pk).update(attempts=2)  # a newer attempt took the job over
        time.sleep(0.5)
        assert lease.lost
    assert Report.objects.get(pk=report.pk).progress == 55  # the old attempt wrote nothing more
