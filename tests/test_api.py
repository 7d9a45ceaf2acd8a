"""The read API: keys, scoping to municipalities, errors, pagination, ETags, query counts, the schema, and
the same money as the ministry report."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Activity
from api.models import ApiCall, ApiToken
from api.tokens import hash_secret, token_create, token_revoke
from demo.data import add_progress
from reports.content import build_content
from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(kaunas, staff):
    """A key for Kaunas made by Kaunas staff: (token, secret)."""
    return token_create(user=staff, name="ŠMSM sistema", municipalities=[kaunas.municipality])


def call(client, path, secret=None, **headers):
    if secret:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client.get(path, **headers)


def kaunas_paths(kaunas):
    activity = Activity.objects.filter(plan=kaunas).order_by("pk").first()
    return [
        "/api/v1/municipalities/",
        "/api/v1/municipalities/kaunas/",
        "/api/v1/municipalities/kaunas/plan/",
        "/api/v1/municipalities/kaunas/goals/",
        "/api/v1/municipalities/kaunas/activities/",
        f"/api/v1/municipalities/kaunas/activities/{activity.pk}/",
        "/api/v1/municipalities/kaunas/indicators/",
        "/api/v1/municipalities/kaunas/budget/execution/?by=line",
        "/api/v1/municipalities/kaunas/budget/execution/?by=activity&period=2025-Q4",
        "/api/v1/municipalities/kaunas/budget/execution/?by=category",
        "/api/v1/municipalities/kaunas/networking/",
        "/api/v1/municipalities/kaunas/completeness/?period=2025-Q4",
        "/api/v1/municipalities/kaunas/reports/",
    ]


def test_the_secret_is_shown_once_and_kept_hashed(key):
    token, secret = key
    assert secret.startswith("tum_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_secret(secret) and secret not in (stored.key_hash, stored.prefix)
    assert stored.prefix == secret[:10]


def test_staff_make_keys_only_for_their_own_municipality(staff, viewer, other_plan, kaunas):
    with pytest.raises(PermissionDenied, match="tik jos koordinavimo komanda"):
        token_create(user=staff, name="x", municipalities=[other_plan.municipality])
    with pytest.raises(PermissionDenied, match="tik jos koordinavimo komanda"):
        token_create(user=staff, name="x", all_municipalities=True)
    with pytest.raises(PermissionDenied, match="tik jos koordinavimo komanda"):
        token_create(user=viewer, name="x", municipalities=[kaunas.municipality])


def test_a_key_reads_its_municipality(client, key):
    _token, secret = key
    response = call(client, "/api/v1/municipalities/", secret)
    assert response.status_code == 200
    assert [m["code"] for m in response.json()["items"]] == ["kaunas"]
    assert ApiToken.objects.get(pk=key[0].pk).last_used_at is not None


def test_every_call_is_logged(client, key):
    token, secret = key
    call(client, "/api/v1/municipalities/kaunas/", secret)
    call(client, "/api/v1/municipalities/kaunas/")
    calls = list(ApiCall.objects.order_by("pk").values_list("token_id", "path", "status"))
    assert calls == [(token.pk, "/api/v1/municipalities/kaunas/", 200), (None, "/api/v1/municipalities/kaunas/", 401)]


def test_missing_revoked_and_expired_keys_are_refused(client, key, staff):
    token, secret = key
    path = "/api/v1/municipalities/kaunas/plan/"
    for secret_given in (None, "tum_not-a-key", "Basic x"):
        response = call(client, path, secret_given)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
    assert call(client, path, secret).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    body = call(client, path, secret).json()
    assert body["error"]["message"]["en"].startswith("A valid API key is missing")
    assert body["error"]["message"]["lt"].startswith("Trūksta galiojančio API rakto")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + datetime.timedelta(days=1))
    assert call(client, path, secret).status_code == 200
    token_revoke(user=staff, token=token)
    assert call(client, path, secret).status_code == 401


def test_staff_cannot_revoke_a_key_that_reaches_other_municipalities(staff, superuser, kaunas, other_plan):
    token, _secret = token_create(
        user=superuser, name="x", municipalities=[kaunas.municipality, other_plan.municipality]
    )
    with pytest.raises(PermissionDenied, match="atšaukti negalite"):
        token_revoke(user=staff, token=token)
    token_revoke(user=superuser, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


@pytest.fixture
def foreign_report(other_plan, staff):
    report = Report.objects.create(
        plan=other_plan, kind="progress", period="2025", format="pdf", state="done", finished_at=timezone.now()
    )
    report.file.save("x.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n"), save=True)
    return report


def test_a_key_sees_nothing_of_another_municipality(client, key, other_plan, foreign_report):
    """Every endpoint with the other municipality's code or ids answers exactly as for one that does not exist."""
    _token, secret = key
    foreign_activity = Activity.objects.filter(plan=other_plan).first()
    kaunas_activity = Activity.objects.filter(plan__municipality__code="kaunas").first()
    foreign = [p.replace("/kaunas/", "/testmiestis/") for p in kaunas_paths(kaunas_activity.plan)[1:]]
    foreign[4] = f"/api/v1/municipalities/testmiestis/activities/{foreign_activity.pk}/"
    foreign += [
        f"/api/v1/municipalities/testmiestis/reports/{foreign_report.pk}/file/",
        f"/api/v1/municipalities/kaunas/activities/{foreign_activity.pk}/",
        f"/api/v1/municipalities/kaunas/reports/{foreign_report.pk}/file/",
        "/api/v1/municipalities/kaunas/activities/?school=T99",
    ]
    missing = call(client, "/api/v1/municipalities/nowhere/plan/", secret)
    assert missing.status_code == 404
    for path in foreign:
        response = call(client, path, secret)
        assert (response.status_code, response.content) == (404, missing.content), path
    listed = call(client, "/api/v1/municipalities/", secret).json()["items"]
    assert "testmiestis" not in json.dumps(listed)


def test_an_operator_key_for_all_municipalities_reads_both(client, superuser, kaunas, other_plan, foreign_report):
    _token, secret = token_create(user=superuser, name="x", all_municipalities=True)
    codes = [m["code"] for m in call(client, "/api/v1/municipalities/", secret).json()["items"]]
    assert sorted(codes) == ["kaunas", "testmiestis"]
    response = call(client, f"/api/v1/municipalities/testmiestis/reports/{foreign_report.pk}/file/", secret)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_api_only_reads(client, key):
    _token, secret = key
    response = client.post("/api/v1/municipalities/kaunas/plan/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"
    response = call(client, "/api/v1/no-such-thing/", secret)
    assert response.status_code == 404 and response.json()["error"]["message"]["en"] == "No such record."


def test_cursor_pagination_walks_every_activity_once(client, key, kaunas):
    _token, secret = key
    seen, cursor, pages = [], "", 0
    while True:
        body = call(client, f"/api/v1/municipalities/kaunas/activities/?limit=50&cursor={cursor}", secret).json()
        seen += [a["number"] for a in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    expected = list(Activity.objects.filter(plan=kaunas).order_by("pk").values_list("number", flat=True))
    assert seen == expected and pages == -(-len(expected) // 50)
    bad = call(client, "/api/v1/municipalities/kaunas/activities/?cursor=bm9wZQ", secret)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_cursor"


def test_filters_by_school_area_and_period(client, key, kaunas):
    _token, secret = key
    body = call(client, "/api/v1/municipalities/kaunas/activities/?school=G1&limit=500", secret).json()
    expected = set(
        Activity.objects.filter(plan=kaunas, school_roles__school__code="G1").values_list("number", flat=True)
    )
    assert {a["number"] for a in body["items"]} == expected and expected
    body = call(client, "/api/v1/municipalities/kaunas/activities/?area=steam&limit=500", secret).json()
    assert all("steam" in a["areas"] for a in body["items"]) and body["items"]


def test_etag_answers_not_modified(client, key):
    _token, secret = key
    first = call(client, "/api/v1/municipalities/kaunas/plan/", secret)
    etag = first["ETag"]
    again = call(client, "/api/v1/municipalities/kaunas/plan/", secret, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    other = call(client, "/api/v1/municipalities/kaunas/plan/", secret, HTTP_IF_NONE_MATCH='"other"')
    assert other.status_code == 200


def test_rate_limit(client, key, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    _token, secret = key
    statuses = [call(client, "/api/v1/municipalities/kaunas/", secret).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_only_approved_values_and_spending(client, key, kaunas):
    from budget.models import Expenditure
    from indicators.models import IndicatorValue

    add_progress(kaunas, seed=3)
    _token, secret = key
    body = call(client, "/api/v1/municipalities/kaunas/indicators/?limit=500", secret).json()
    given = sorted((i["number"], v["period"], v["school"]) for i in body["items"] for v in i["approved_values"])
    approved = sorted(
        IndicatorValue.objects.filter(indicator__plan=kaunas, state="approved", not_measured=False)
        .exclude(value=None)
        .values_list("indicator__number", "period__code", "school__code")
    )
    assert given == approved and IndicatorValue.objects.exclude(state="approved").exists()
    total = call(client, "/api/v1/municipalities/kaunas/budget/execution/", secret).json()["total"]
    paid = sum(
        Expenditure.objects.filter(budget_line__activity__plan=kaunas, state="approved", status="paid").values_list(
            "amount", flat=True
        )
    )
    assert total["paid_amount"] == f"{paid:.2f}"


@pytest.mark.parametrize("period", ["2025-Q4", "2025", "all"])
def test_budget_totals_equal_the_ministry_report(client, key, kaunas, period):
    add_progress(kaunas, seed=5)
    _token, secret = key
    body = call(client, f"/api/v1/municipalities/kaunas/budget/execution/?by=category&period={period}", secret).json()
    content = build_content(kaunas, "progress", period)
    report_total = content["budget"]["total"]
    for figure in ("planned_amount", "planned_vat", "committed_amount", "committed_vat", "paid_amount", "paid_vat"):
        assert body["total"][figure] == report_total[figure], figure
    by_label = {row["label"]: row for row in body["rows"]}
    for category in content["budget"]["categories"]:
        assert by_label[category["label"]]["paid_amount"] == category["paid_amount"]
    if period != "all":
        assert body["in_period_total"]["paid_amount"] == report_total["period"]["paid_amount"]


def query_counts(client, secret, paths):
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            assert call(client, path, secret).status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_data(client, key, kaunas, foreign_report):
    _token, secret = key
    paths = kaunas_paths(kaunas)
    before = query_counts(client, secret, paths)
    add_progress(kaunas, seed=11)
    for number in range(3):
        Report.objects.create(
            plan=kaunas,
            kind="progress",
            period=f"2025-Q{number + 1}",
            format="pdf",
            state="done",
            file=f"r{number}.pdf",
        )
    after = query_counts(client, secret, paths)
    assert after == before


def test_the_openapi_schema_validates(client):
    from openapi_spec_validator import validate

    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert "/api/v1/municipalities/{code}/budget/execution/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    assert client.get("/api/v1/docs/").status_code == 200


def in_half_a_year():
    return (timezone.localdate() + datetime.timedelta(days=180)).isoformat()


def test_staff_make_and_revoke_a_key_on_their_page(client_for, staff, kaunas):
    client = client_for(staff)
    response = client.post("/kaunas/api-keys/", {"name": "Agentūros sistema", "expires_on": in_half_a_year()})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Agentūros sistema")
    page = response.content.decode()
    secret = page[page.index("tum_") : page.index("</code>", page.index("tum_"))]
    assert hash_secret(secret) == token.key_hash
    assert list(token.municipalities.all()) == [kaunas.municipality] and not token.all_municipalities
    assert secret not in client.get("/kaunas/api-keys/").content.decode()  # shown once
    assert client.post(f"/kaunas/api-keys/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_operator_makes_a_key_for_all_municipalities_in_the_admin(client_for, superuser, kaunas, other_plan):
    client = client_for(superuser)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"name": "Ministerija", "all_municipalities": "on", "expires_on": in_half_a_year()},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Ministerija")
    secret = next(m.message.split(": ")[1] for m in response.context["messages"])
    assert token.all_municipalities and hash_secret(secret) == token.key_hash
    codes = [m["code"] for m in call(client_for(None), "/api/v1/municipalities/", secret).json()["items"]]
    assert sorted(codes) == ["kaunas", "testmiestis"]
