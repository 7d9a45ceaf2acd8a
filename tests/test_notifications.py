"""Notifications inside the portal mirror the e-mails; each person sees and marks only their own."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.services import notifications_mark_read, notify
from review.reminders import deadline_reminders_send, staff_digest_send

from .fingerprint import changed_tables, database_fingerprint

pytestmark = pytest.mark.django_db


def test_each_reminder_email_has_its_notification(period, coordinator, coordinator_g2, staff):
    period.deadline = timezone.localdate() + datetime.timedelta(days=7)
    period.save(update_fields=["deadline"])
    assert deadline_reminders_send() == 2
    assert staff_digest_send() == 1
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    kept = sorted((n.user.email, n.subject) for n in Notification.objects.select_related("user"))
    assert kept == sent
    note = Notification.objects.get(user=coordinator)
    assert note.url == f"/kaunas/reporting/{period.code}/G1/" and note.read_at is None
    assert note.body == next(m.body for m in mail.outbox if m.to == [coordinator.email])


def test_the_nav_counts_unread_and_the_page_lists_only_ones_own(client_for, coordinator, coordinator_g2):
    notify(coordinator, "TŪM: trūksta duomenų", "tekstas", "/kaunas/")
    notify(coordinator, "TŪM: antras", "")
    notify(coordinator_g2, "Kito žmogaus pranešimas")
    client = client_for(coordinator)
    page = client.get(reverse("accounts:notifications", args=["kaunas"])).content.decode()
    assert "TŪM: trūksta duomenų" in page and "TŪM: antras" in page
    assert "Kito žmogaus pranešimas" not in page
    assert 'badge--count">2<' in page


def test_marking_read_touches_only_ones_own(client_for, coordinator, coordinator_g2):
    mine = notify(coordinator, "Mano")
    other = notify(coordinator_g2, "Ne mano")
    client = client_for(coordinator)
    before = database_fingerprint()
    client.post(reverse("accounts:notifications_read", args=["kaunas"]), {"notification": [other.pk]})
    assert changed_tables(before, database_fingerprint()) == []
    client.post(reverse("accounts:notifications_read", args=["kaunas"]), {"notification": [mine.pk]})
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None
    assert notifications_mark_read(user=coordinator) == 0
    page = client.get(reverse("accounts:notifications", args=["kaunas"])).content.decode()
    assert "badge--count" not in page
