"""Deadline reminders and the staff digest, sent by a real Celery worker through Redis."""

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from reporting.models import ReminderLog
from review.reminders import deadline_reminders_send, staff_digest_send
from review.tasks import send_deadline_reminders, send_staff_digest

from .conftest import make_user
from .test_reporting import a_due_activity, save_progress


def wait_for_mail(count, timeout=30):
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return mail.outbox


@pytest.fixture
def due_in_a_week(period):
    period.deadline = timezone.localdate() + datetime.timedelta(days=7)
    period.save(update_fields=["deadline"])
    return period


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_reminds_coordinators_with_missing_items(
    celery_worker_app, due_in_a_week, coordinator, coordinator_g2, g1
):
    english = make_user("en@kaunas.test", User.Role.COORDINATOR, g1.municipality, schools=[g1], language="en")
    send_deadline_reminders.delay()
    messages = wait_for_mail(3)
    by_recipient = {m.to[0]: m for m in messages}
    assert set(by_recipient) == {coordinator.email, coordinator_g2.email, english.email}
    lithuanian = by_recipient[coordinator.email]
    assert lithuanian.subject == f"TŪM: trūksta duomenų už {due_in_a_week.code} (G1)"
    first_due = a_due_activity(due_in_a_week, g1)
    assert f"{first_due.number}. " in lithuanian.body
    assert f"/kaunas/reporting/{due_in_a_week.code}/G1/" in lithuanian.body
    assert by_recipient[english.email].subject.startswith("TŪM: missing data for")

    send_deadline_reminders.delay()
    time.sleep(3)
    assert len(mail.outbox) == 3  # each reminder is sent once


@pytest.mark.django_db
def test_no_reminder_for_a_school_that_submitted_everything(due_in_a_week, coordinator, g1):
    from indicators.services import indicator_value_save
    from reporting import workflow
    from review.selectors import due_activity_roles, reported_indicators

    items = [
        save_progress(coordinator, due_in_a_week, g1, role.activity) for role in due_activity_roles(due_in_a_week, [g1])
    ]
    for indicator in reported_indicators(due_in_a_week.plan):
        items.append(
            indicator_value_save(
                user=coordinator, period=due_in_a_week, school=g1, indicator=indicator, data={"not_measured": True}
            )
        )
    workflow.items_submit(user=coordinator, items=items)
    deadline_reminders_send()
    assert all(m.to != [coordinator.email] for m in mail.outbox)


@pytest.mark.django_db
def test_reminders_come_a_week_and_a_day_before_and_a_day_after(period, coordinator):
    for days, expected in ((8, 0), (7, 1), (3, 0), (1, 1), (0, 0), (-1, 1), (-2, 0)):
        mail.outbox.clear()
        ReminderLog.objects.all().delete()
        period.deadline = timezone.localdate() + datetime.timedelta(days=days)
        period.save()
        deadline_reminders_send()
        assert len([m for m in mail.outbox if m.to == [coordinator.email]]) == expected, days


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_staff_get_a_weekly_digest(celery_worker_app, due_in_a_week, staff, coordinator):
    send_staff_digest.delay()
    messages = wait_for_mail(1)
    assert [m.to for m in messages] == [[staff.email]]
    assert "G1: 0/" in messages[0].body and "Peržiūros laukia" in messages[0].body
    assert staff_digest_send() == 0  # once a week
