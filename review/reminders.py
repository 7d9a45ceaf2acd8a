"""E-mails about deadlines: reminders to coordinators with missing items, a weekly digest for staff.

Each e-mail is logged (ReminderLog) under a key, so running a task again sends nothing twice.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import notify
from plans.models import Plan
from reporting.models import ReminderLog
from reporting.periods import current_period
from review.selectors import period_completeness, review_queues
from schools.models import School

REMIND_DAYS_BEFORE = (7, 1)
REMIND_DAYS_AFTER = (1,)


def _claim(user, key):
    """Record that this e-mail is being sent; False if it was sent before."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(user=user, key=key)
        return True
    except IntegrityError:
        return False


def _send(user, subject, template, context, url=""):
    with translation.override(user.language):
        body = render_to_string(template, {**context, "user": user})
        send_mail(str(subject), body, None, [user.email])
    notify(user, subject, body, url.removeprefix(settings.SITE_URL.rstrip("/")))


def reminder_kind(period, today):
    days = (period.deadline - today).days
    if days in REMIND_DAYS_BEFORE:
        return f"before-{days}"
    if -days in REMIND_DAYS_AFTER and today <= period.locks_on:
        return f"after-{-days}"
    return None


def deadline_reminders_send(*, today=None):
    """Remind coordinators whose school still has items missing; returns the number of e-mails sent."""
    today = today or timezone.localdate()
    sent = 0
    for plan in Plan.objects.select_related("municipality"):
        for period in plan.periods.filter(
            starts_on__lte=today, deadline__gte=today - datetime.timedelta(days=max(REMIND_DAYS_AFTER))
        ):
            kind = reminder_kind(period, today)
            if kind is None:
                continue
            schools = list(
                School.objects.filter(municipality=plan.municipality).participating().prefetch_related("coordinators")
            )
            for entry in period_completeness(period, schools).values():
                if entry.complete:
                    continue
                for user in entry.school.coordinators.all():
                    if not user.is_active or user.role != User.Role.COORDINATOR:
                        continue
                    if not _claim(user, f"reminder:{period.pk}:{entry.school.pk}:{kind}"):
                        continue
                    url = settings.SITE_URL.rstrip("/") + reverse(
                        "reporting:school_period", args=[plan.municipality.code, period.code, entry.school.code]
                    )
                    with translation.override(user.language):
                        subject = _("TŪM: trūksta duomenų už %(period)s (%(school)s)") % {
                            "period": period.code,
                            "school": entry.school.code,
                        }
                    _send(
                        user,
                        subject,
                        "reporting/email/reminder.txt",
                        {
                            "period": period,
                            "entry": entry,
                            "url": url,
                            "overdue": kind.startswith("after"),
                        },
                        url,
                    )
                    sent += 1
    return sent


def staff_digest_send(*, today=None):
    """A weekly summary for municipal staff: how complete the current period is and what waits for review."""
    today = today or timezone.localdate()
    year, week, _weekday = today.isocalendar()
    sent = 0
    for plan in Plan.objects.select_related("municipality"):
        period = current_period(plan, today)
        if period is None:
            continue
        staff = User.objects.filter(municipality=plan.municipality, role=User.Role.STAFF, is_active=True)
        if not staff.exists():
            continue
        schools = list(School.objects.filter(municipality=plan.municipality).participating())
        rows = list(period_completeness(period, schools).values())
        waiting = sum(queryset.count() for queryset in review_queues(plan.municipality).values())
        base = settings.SITE_URL.rstrip("/")
        context = {
            "period": period,
            "rows": rows,
            "waiting": waiting,
            "completeness_url": base + reverse("reporting:completeness", args=[plan.municipality.code, period.code]),
            "queue_url": base + reverse("reporting:queue", args=[plan.municipality.code]),
        }
        for user in staff:
            if not _claim(user, f"digest:{plan.pk}:{year}-W{week:02d}"):
                continue
            with translation.override(user.language):
                subject = _("TŪM: savaitės suvestinė, %(period)s") % {"period": period.code}
            _send(user, subject, "reporting/email/digest.txt", context, context["queue_url"])
            sent += 1
    return sent
