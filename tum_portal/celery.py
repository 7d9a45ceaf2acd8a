import logging
import os
import threading
import time

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tum_portal.settings.base")

app = Celery("tum_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)
# A running worker writes this key every WORKER_HEARTBEAT_SECONDS; /healthz/ reads it.
HEARTBEAT_KEY = "tum:worker-heartbeat"
_stopping = threading.Event()


@worker_ready.connect
def start_heartbeat(sender, **kwargs):
    _stopping.clear()
    threading.Thread(target=_heartbeat, args=(sender.hostname,), name="worker-heartbeat", daemon=True).start()


@worker_shutdown.connect
def stop_heartbeat(**kwargs):
    from django.core.cache import cache

    _stopping.set()
    try:
        cache.delete(HEARTBEAT_KEY)
    except Exception:  # Redis is away: the key expires by itself
        pass


def _heartbeat(hostname):
    from django.conf import settings
    from django.core.cache import cache

    interval = settings.WORKER_HEARTBEAT_SECONDS
    while not _stopping.is_set():
        try:
            cache.set(HEARTBEAT_KEY, {"worker": hostname, "at": time.time()}, timeout=3 * interval)
        except Exception:
            logger.warning("Could not write the worker heartbeat (Redis unreachable?)")
        _stopping.wait(interval)
