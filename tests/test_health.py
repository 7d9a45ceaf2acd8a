"""/healthz/ names the part that is down; with Redis or the database away, every page says so in words.

Redis "down" is a port where no Redis listens (6391); the database "down" is a port where no PostgreSQL
listens, in a separate process (this one holds the test database's connection).
"""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from dashboards.services import snapshots_recompute
from reports.models import Report
from tum_portal.celery import HEARTBEAT_KEY, app
from tum_portal.health import server_error

from .conftest import ROOT

pytestmark = pytest.mark.django_db
NOWHERE = "redis://127.0.0.1:6391/0"  # nothing listens there


@pytest.fixture
def redis_down(settings):
    settings.REDIS_URL = NOWHERE
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NOWHERE}}


@pytest.fixture
def broker(settings):
    """Tasks sent through a real broker (by default the test Redis), as in production; `broker.url` moves it."""

    class Broker:
        def move(self, url):
            app.conf.broker_url = url
            app.amqp._producer_pool = None  # the next message connects to the new place

    previous = app.conf.broker_url
    app.conf.task_always_eager = False
    yield Broker()
    Broker().move(previous)
    app.conf.task_always_eager = True


def answer(client, url):
    response = client.get(url)
    return response.status_code, json.loads(response.content)


def test_all_parts_up_with_tasks_in_process(client):
    status, body = answer(client, "/healthz/")
    assert status == 200 and body["down"] == []
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"]
    assert body["checks"]["worker"]["detail"].startswith("not used")


def test_liveness_answers_even_when_redis_is_down(client, redis_down):
    assert answer(client, "/healthz/live/") == (200, {"status": "ok"})


def test_redis_down_is_named_in_health_and_readiness(client, redis_down):
    status, body = answer(client, "/healthz/")
    assert status == 503 and body["down"] == ["redis"]
    assert "6391" in body["checks"]["redis"]["detail"]
    status, body = answer(client, "/healthz/ready/")
    assert status == 503 and body["down"] == ["redis"] and set(body["checks"]) == {"database", "redis"}


def test_a_missing_worker_is_named(client, broker):
    from django.core.cache import cache

    cache.delete(HEARTBEAT_KEY)
    status, body = answer(client, "/healthz/")
    assert status == 503 and body["down"] == ["worker"]
    assert "no worker has reported" in body["checks"]["worker"]["detail"]
    assert answer(client, "/healthz/ready/")[0] == 200  # the web still serves pages


def test_with_redis_down_sign_in_says_so_in_words_and_the_dashboard_does_without_its_cache(kaunas, staff, redis_down):
    snapshots_recompute(plan=kaunas)
    client = Client(raise_request_exception=False)
    response = client.post(reverse("account_login"), {"login": "staff@kaunas.test", "password": "x"})
    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Nepasiekiama <strong>Redis</strong>" in page and "<strong>Redis</strong>, the service" in page
    assert "Niekas neišsaugota pusiau" in page and "Nothing was saved half-way" in page
    client.force_login(staff)
    response = client.get(reverse("dashboards:municipality", args=["kaunas"]))
    assert response.status_code == 200 and "Suvestinė" in response.content.decode()


def test_a_report_asked_for_while_the_broker_is_down_is_kept_and_the_person_told(client_for, staff, kaunas, broker):
    broker.move(NOWHERE)
    client = client_for(staff)
    response = client.post(
        reverse("reports:list", args=["kaunas"]), {"kind": "budget", "period": "2025", "format": "pdf"}, follow=True
    )
    page = response.content.decode()
    assert "foninių darbų eilė šiuo metu nepasiekiama" in page and "nieko kartoti nereikia" in page
    report = Report.objects.get(requested_by=staff)
    assert report.state == "queued" and report.enqueued_at is None


def test_an_unexpected_error_is_the_portals_own_page(rf):
    try:
        raise KeyError("anything")
    except KeyError:
        response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500 and "Įvyko klaida" in page and "Something went wrong" in page
    assert "Niekas neišsaugota pusiau" in page


def test_with_the_database_down_health_and_pages_say_so(kaunas):
    script = (
        "import json; from django.test.utils import setup_test_environment; setup_test_environment(); "
        "from django.test import Client; c = Client(raise_request_exception=False); "
        "h = c.get('/healthz/'); p = c.post('/accounts/login/', {'login': 'a@b.lt', 'password': 'x'}); "
        "print(json.dumps([h.status_code, json.loads(h.content), p.status_code, p.content.decode()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tum_portal.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5991/nowhere",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    status, body, page_status, page = json.loads(done.stdout.strip().splitlines()[-1])
    assert status == 503 and body["down"] == ["database"]
    assert page_status == 503 and "Nepasiekiama <strong>duomenų bazė</strong>" in page
    assert "Nothing was saved half-way" in page
