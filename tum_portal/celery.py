import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tum_portal.settings.base")

app = Celery("tum_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
