from celery import shared_task

from review.reminders import deadline_reminders_send, staff_digest_send


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_deadline_reminders():
    return deadline_reminders_send()


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_staff_digest():
    return staff_digest_send()
