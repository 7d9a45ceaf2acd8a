"""The parts the portal depends on, checked one by one; /healthz/ and the pages for 500 and 503.

- /healthz/live/  the web process answers (for restarting a stuck process): always 200.
- /healthz/ready/ the web process can serve pages: the database and Redis answer (for the proxy).
- /healthz/       everything, the worker included (for monitoring).
A part that is down makes the answer 503 and is named in it.
"""

import sys
import time

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from kombu import Connection
from kombu.exceptions import OperationalError as BrokerError

from core.outages import REDIS_ERRORS
from tum_portal.celery import HEARTBEAT_KEY, app

TIMEOUT = 1.5  # seconds a check may wait for an answer


class Down(Exception):
    """A part does not answer; the message says how."""


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        connection.close()  # the next request connects afresh
        raise Down(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__) from None
    return "ok"


def _ping_redis(url):
    client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        raise Down(str(error)) from None
    finally:
        client.close()


def check_redis():
    if not settings.REDIS_URL:
        return "not used (cache in the web process)"
    _ping_redis(settings.REDIS_URL)
    return "ok"


def tasks_in_process():
    return bool(app.conf.task_always_eager)


def check_broker():
    if tasks_in_process():
        return "not used (tasks run in the web process)"
    url = app.conf.broker_url
    if url.startswith(("redis://", "rediss://")):
        _ping_redis(url)
    else:
        try:
            with Connection(url, connect_timeout=TIMEOUT) as broker:
                broker.ensure_connection(max_retries=1)
        except (BrokerError, OSError) as error:
            raise Down(str(error)) from None
    return "ok"


def check_worker():
    if tasks_in_process():
        return "not used (tasks run in the web process)"
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except REDIS_ERRORS:
        raise Down("unknown: Redis, where workers report, does not answer") from None
    if beat is None:
        raise Down(f"no worker has reported in the last {3 * settings.WORKER_HEARTBEAT_SECONDS} s")
    return f"{beat['worker']} reported {time.time() - beat['at']:.0f} s ago"


CHECKS = {"database": check_database, "redis": check_redis, "broker": check_broker, "worker": check_worker}


def health_response(names):
    checks, down = {}, []
    for name in names:
        started = time.perf_counter()
        try:
            checks[name] = {"ok": True, "detail": CHECKS[name]()}
        except Down as problem:
            checks[name] = {"ok": False, "detail": str(problem)}
            down.append(name)
        checks[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    body = {"status": "unavailable" if down else "ok", "down": down, "checks": checks}
    return JsonResponse(body, status=503 if down else 200, json_dumps_params={"ensure_ascii": False})


@never_cache
def healthz(request):
    return health_response(CHECKS)


@never_cache
def healthz_ready(request):
    return health_response(["database", "redis"])


@never_cache
def healthz_live(request):
    return JsonResponse({"status": "ok"})


def unreachable_part(error):
    """'database' or 'redis' when the error (or one it came from) is that part not answering, else None."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (OperationalError, InterfaceError)):
            return "database"
        if isinstance(error, (*REDIS_ERRORS, BrokerError)):
            return "redis"
        error = error.__cause__ or error.__context__
    return None


def server_error(request, template_name="500.html"):
    """The portal's own page for an error: 503 naming the part that does not answer, else 500.

    Rendered without the database or the cache, in Lithuanian and English."""
    part = unreachable_part(sys.exc_info()[1])
    if part is None:
        return HttpResponseServerError(loader.get_template(template_name).render())
    response = HttpResponse(loader.get_template("503.html").render({"part": part}), status=503)
    response["Retry-After"] = "30"
    return response
