"""Headers, Content-Security-Policy, escaping, login rate limits, and staying correct when the database or
Redis goes away."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from activities.models import ActivityProgress
from activities.services import activity_progress_save
from review.selectors import due_activity_roles

pytestmark = pytest.mark.django_db

PAGES = [
    "municipality_home",
    "plans:overview",
    "activities:list",
    "dashboards:municipality",
    "budget:overview",
    "reporting:queue",
    "reports:list",
    "networking:events",
]


@pytest.mark.parametrize("name", PAGES)
def test_security_headers_and_a_strict_content_security_policy(client_for, staff, name):
    response = client_for(staff).get(reverse(name, args=["kaunas"]))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert not re.search(r"\son[a-z]+=\"", html), "inline event handler"
    assert 'style="' not in html.replace('<col style="', ""), "inline style"


def test_the_login_page_has_the_same_policy(client, db):
    response = client.get(reverse("account_login"))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())


def test_what_people_type_is_never_rendered_as_html(client_for, coordinator, staff, period, g1):
    activity = due_activity_roles(period, [g1]).first().activity
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    activity_progress_save(
        user=coordinator,
        period=period,
        school=g1,
        activity=activity,
        data={"status": "in_progress", "percent_done": 10, "done_text": payload, "next_text": payload},
    )
    for user in (coordinator, staff):
        html = (
            client_for(user)
            .get(reverse("reporting:activity", args=["kaunas", period.code, "G1", activity.number]))
            .content.decode()
        )
        assert payload not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_login_is_rate_limited(client, coordinator):
    cache.clear()
    url = reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": coordinator.email, "password": "wrong-password"})
    response = client.post(url, {"login": coordinator.email, "password": "Slaptazodis-123"})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session  # even the right password is refused for a while
    cache.clear()
    client.post(url, {"login": coordinator.email, "password": "Slaptazodis-123"})
    assert client.session["_auth_user_id"] == str(coordinator.pk)


PROXY = "10.0.0.2"  # the HTTPS proxy in front of gunicorn: every request arrives from it


def through_proxy(client, client_address, email, password):
    """Sign in as if through the proxy, which appends the client's address to X-Forwarded-For."""
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{client_address}",
    )


def signed_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def behind_a_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    cache.clear()
    yield
    cache.clear()


def test_behind_the_proxy_one_address_failing_does_not_lock_out_others(client, behind_a_proxy, coordinator, viewer):
    from django.test import Client

    attacker = "203.0.113.9"
    for attempt in range(12):
        through_proxy(client, attacker, f"niekas{attempt}@kaunas.test", "bloga")
    through_proxy(client, attacker, viewer.email, "Slaptazodis-123")
    assert not signed_in(client, viewer)  # the attacker's address is slowed down …

    owner = Client()
    through_proxy(owner, "198.51.100.7", coordinator.email, "Slaptazodis-123")
    assert signed_in(owner, coordinator)  # … not everyone behind the same proxy


def test_wrong_passwords_from_a_stranger_do_not_keep_the_owner_out(client, behind_a_proxy, coordinator):
    from django.test import Client

    for _ in range(6):
        through_proxy(client, "203.0.113.9", coordinator.email, "bloga")
    through_proxy(client, "203.0.113.9", coordinator.email, "Slaptazodis-123")
    assert not signed_in(client, coordinator)

    owner = Client()
    through_proxy(owner, "198.51.100.7", coordinator.email, "Slaptazodis-123")
    assert signed_in(owner, coordinator)


def test_guessing_one_account_from_many_addresses_is_stopped(client, behind_a_proxy, coordinator):
    from django.test import Client

    for attempt in range(30):
        through_proxy(Client(), f"203.0.113.{attempt + 1}", coordinator.email, "bloga")
    owner = Client()
    through_proxy(owner, "198.51.100.7", coordinator.email, "Slaptazodis-123")
    assert not signed_in(owner, coordinator)

    from .test_accounts import link_in

    home = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    owner.post(reverse("account_reset_password"), {"email": coordinator.email}, **home)
    response = owner.get(link_in(mail.outbox[-1]), follow=True, **home)
    new = {"password1": "Naujas-slaptazodis-9", "password2": "Naujas-slaptazodis-9"}
    owner.post(response.redirect_chain[-1][0], new, **home)
    through_proxy(owner, "198.51.100.7", coordinator.email, "Naujas-slaptazodis-9")
    assert signed_in(owner, coordinator)


def test_a_password_reset_always_lets_the_owner_back_in(client, behind_a_proxy, coordinator, mailoutbox):
    from .test_accounts import link_in

    home = "198.51.100.7"
    for _ in range(6):
        through_proxy(client, home, coordinator.email, "bloga")
    response = through_proxy(client, home, coordinator.email, "Slaptazodis-123")
    assert not signed_in(client, coordinator)
    assert "arba atkurkite slaptažodį" in response.content.decode()

    client.post(
        reverse("account_reset_password"), {"email": coordinator.email}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=home
    )
    response = client.get(link_in(mailoutbox[-1]), follow=True, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=home)
    set_url = response.redirect_chain[-1][0]
    new = {"password1": "Naujas-slaptazodis-9", "password2": "Naujas-slaptazodis-9"}
    assert client.post(set_url, new, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=home).status_code == 302
    through_proxy(client, home, coordinator.email, "Naujas-slaptazodis-9")
    assert signed_in(client, coordinator)


def test_the_admin_sign_in_goes_through_the_portals_login(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db(transaction=True)
def test_losing_the_database_mid_request_gives_an_error_page_and_the_app_recovers(
    client, kaunas, staff, period, g1, coordinator
):
    from django.test import Client

    activity = due_activity_roles(period, [g1]).first().activity
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    url = reverse("reporting:activity", args=["kaunas", period.code, "G1", activity.number])
    client.get(url)
    progress = {"status": "in_progress", "percent_done": "30", "done_text": "Vyksta", "pupils": "1", "teachers": "1"}
    # cut this process's database connection, as a restart of PostgreSQL would
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    import psycopg2

    settings_db = connection.settings_dict
    killer = psycopg2.connect(
        host=settings_db["HOST"],
        port=settings_db["PORT"] or 5432,
        user=settings_db["USER"],
        password=settings_db["PASSWORD"],
        dbname="postgres",
    )
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    killer.close()
    response = client.post(url, progress)
    connection.close()
    page = response.content.decode()
    assert response.status_code == 503
    assert "Nepasiekiama <strong>duomenų bazė</strong>" in page and "Niekas neišsaugota pusiau" in page
    assert not ActivityProgress.objects.filter(activity=activity, school=g1, period=period).exists()
    response = client.post(url, progress)
    assert response.status_code == 302
    assert ActivityProgress.objects.get(activity=activity, school=g1, period=period).percent_done == 30


def test_losing_redis_gives_an_error_page_and_the_app_recovers(coordinator):
    from django.test import Client, override_settings

    client = Client(raise_request_exception=False)
    url = reverse("account_login")
    dead = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=dead):
        response = client.post(url, {"login": coordinator.email, "password": "Slaptazodis-123"})
        assert response.status_code == 503 and "_auth_user_id" not in client.session
        assert "Nepasiekiama <strong>Redis</strong>" in response.content.decode()
    cache.clear()
    client.post(url, {"login": coordinator.email, "password": "Slaptazodis-123"})
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_an_approval_stands_when_the_broker_is_down(
    staff, coordinator, period, g1, django_capture_on_commit_callbacks, caplog
):
    from reporting import workflow
    from tum_portal.celery import app

    progress = activity_progress_save(
        user=coordinator,
        period=period,
        school=g1,
        activity=due_activity_roles(period, [g1]).first().activity,
        data={"status": "done", "percent_done": 100, "done_text": "Baigta"},
    )
    workflow.items_submit(user=coordinator, items=[progress])
    broker = app.conf.broker_url
    app.conf.update(
        task_always_eager=False, broker_url="redis://127.0.0.1:1/0", broker_transport_options={"max_retries": 0}
    )
    app.pool.force_close_all()
    app._pool = app.amqp._producer_pool = None  # the next message connects to the unreachable broker
    try:
        with django_capture_on_commit_callbacks(execute=True):
            workflow.items_approve(user=staff, items=[progress])
    finally:
        app.conf.update(task_always_eager=True, broker_url=broker, broker_transport_options={})
        app._pool = app.amqp._producer_pool = None
    assert "Could not queue the dashboard recompute" in caplog.text
    progress.refresh_from_db()
    assert progress.state == "approved"
