"""Every URL of the portal, for every role: reads allowed or refused as they should be, and no refused write
changes anything. The URL list comes from the URL conf, so a new page is covered (and must be classified)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import notify
from activities.models import Activity
from activities.services import evidence_add
from api.services import publication_set
from api.tokens import token_create
from budget.models import BudgetLine, ExpenditureImport
from budget.services import expenditure_save
from indicators.models import Indicator
from indicators.services import indicator_value_save
from networking.services import networking_event_save
from reporting import workflow
from reports.models import Report
from schools.models import School

from .conftest import save_progress
from .fingerprint import changed_tables, database_fingerprint

pytestmark = pytest.mark.django_db

# How each named URL is guarded:
#   read    – every member of the municipality reads it
#   manage  – municipal staff only
#   school  – the school's own work: staff, or that school's coordinator
#   reports – staff and viewers; coordinators for their own school's report
#   public  – no sign-in needed
#   token   – the read API: an API key, never a session (401 without one, 404 for a municipality it does not reach)
#   published – no sign-in, and only once the municipality's staff publish (404 before)
ACCESS = {
    "home": "public",
    "healthz": "public",
    "healthz_ready": "public",
    "healthz_live": "public",
    "set_language": "public",
    "accounts:invitation_accept": "public",
    "municipality_home": "read",
    "accounts:notifications": "read",
    "accounts:notifications_read": "read",
    "accounts:help": "read",
    "plans:overview": "read",
    "activities:list": "read",
    "activities:detail": "read",
    "schools:list": "read",
    "schools:detail": "read",
    "schools:edit": "manage",
    "indicators:list": "read",
    "indicators:detail": "read",
    "indicators:judge": "manage",
    "budget:overview": "read",
    "budget:line": "read",
    "networking:events": "read",
    "dashboards:municipality": "read",
    "dashboards:school": "read",
    "dashboards:networking": "read",
    "plans:data_notes": "manage",
    "plans:export": "manage",
    "plans:import": "manage",
    "plans:versions": "manage",
    "accounts:user_list": "manage",
    "accounts:user_invite": "manage",
    "accounts:user_edit": "manage",
    "accounts:invitation_resend": "manage",
    "budget:template": "manage",
    "budget:import": "manage",
    "budget:import_job": "manage",
    "budget:import_errors": "manage",
    "budget:import_retry": "manage",
    "budget:settings": "manage",
    "reporting:periods_create": "manage",
    "reporting:completeness": "manage",
    "reporting:period_edit": "manage",
    "reporting:reopen": "manage",
    "reporting:queue": "manage",
    "reporting:review_action": "manage",
    "reporting:audit": "manage",
    "dashboards:recompute": "manage",
    "reports:retention": "manage",
    "reporting:periods": "school",
    "reporting:school_period": "school",
    "reporting:submit": "school",
    "reporting:activity": "school",
    "reporting:evidence_upload": "school",
    "reporting:indicator": "school",
    "reporting:evidence": "school",
    "reporting:evidence_delete": "school",
    "reporting:comment": "school",
    "networking:event_create": "school",
    "networking:event": "school",
    "networking:event_delete": "school",
    "budget:expenditure": "school",
    "budget:expenditure_delete": "school",
    "budget:expenditure_document": "school",
    "reports:list": "reports",
    "reports:download": "reports",
    "reports:retry": "reports",
    "opendata:tokens": "manage",
    "opendata:token_revoke": "manage",
    "opendata:publication": "manage",
    "opendata:public": "published",
    "opendata:public_en": "published",
    "opendata:datapackage": "published",
    "opendata:resource": "published",
    "api-v1:api-root": "public",
    "api-v1:openapi-json": "public",
    "api-v1:openapi-view": "public",
    **{
        f"api-v1:{name}": "token"
        for name in (
            "municipalities",
            "municipality",
            "plan",
            "goals",
            "activities",
            "activity",
            "indicators",
            "budget_execution",
            "networking",
            "completeness",
            "reports",
            "report_file",
        )
    },
}
SKIPPED_NAMESPACES = ("admin",)
AUTH_PREFIXES = ("account_", "mfa_", "socialaccount_", "usersessions_")


def named_urls():
    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                space = entry.namespace or ""
                if space in SKIPPED_NAMESPACES:
                    continue
                yield from walk(entry.url_patterns, f"{namespace}{space}:" if space else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}{entry.name}"

    return sorted({name for name in walk(get_resolver().url_patterns) if not name.startswith(AUTH_PREFIXES)})


def test_every_url_is_classified():
    assert set(named_urls()) == set(ACCESS), "classify the new URLs in ACCESS"


@pytest.fixture
def world(kaunas, period, staff, coordinator_g2, g2):
    """School G2's own work in the open period, and other things the URLs point at."""
    progress = save_progress(coordinator_g2, period, g2, percent_done=20)
    activity = progress.activity
    evidence = evidence_add(
        user=coordinator_g2, progress=progress, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    indicator_value_save(
        user=coordinator_g2,
        period=period,
        school=g2,
        indicator=Indicator.objects.get(plan=kaunas, number=1),
        data={"value": Decimal("50")},
    )
    event = networking_event_save(
        user=coordinator_g2,
        plan=kaunas,
        school=g2,
        data={
            "date": period.starts_on,
            "form": "lesson",
            "title": "G2 renginys",
            "participants": 5,
            "participating_schools": [School.objects.get(municipality=kaunas.municipality, code="T6")],
        },
    )
    kaunas.school_spending_entries = True
    kaunas.save()
    line = BudgetLine.objects.filter(activity__plan=kaunas, school=g2).first()
    expenditure = expenditure_save(
        user=coordinator_g2,
        line=line,
        data={
            "date": period.starts_on,
            "amount": Decimal("10.00"),
            "vat": Decimal("0.00"),
            "vat_exception": False,
            "supplier": "UAB X",
            "document_number": "G2-1",
            "description": "",
            "status": "paid",
        },
        document=SimpleUploadedFile("saskaita.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    workflow.items_submit(user=coordinator_g2, items=[progress])
    notify(coordinator_g2, "G2: trūksta duomenų")  # nobody else may mark it read
    report = Report.objects.create(
        plan=kaunas,
        kind="school",
        school=g2,
        period="2025",
        format="xlsx",
        requested_by=staff,
        state="done",
        finished_at=timezone.now(),
    )
    report.file.save("g2.xlsx", SimpleUploadedFile("g2.xlsx", b"PK\x03\x04"), save=True)
    viewer_user = User.objects.create_user(email="v2@kaunas.test", role="viewer", municipality=kaunas.municipality)
    token, secret = token_create(user=staff, name="Ministerija", municipalities=[kaunas.municipality])
    return {
        "token": token,
        "secret": secret,
        "activity": activity,
        "progress": progress,
        "evidence": evidence,
        "event": event,
        "line": line,
        "expenditure": expenditure,
        "report": report,
        "import": ExpenditureImport.objects.create(
            plan=kaunas, requested_by=staff, file_name="islaidos.xlsx", file="imports/kaunas/x.xlsx", state="failed"
        ),
        "user": viewer_user,
        "period": period,
    }


def url_for(name, world):
    """A URL for `name` that points at school G2's things (the coordinator of G1 must not get them)."""
    m, code, g2 = "kaunas", world["period"].code, "G2"
    args = {
        "home": [],
        "healthz": [],
        "healthz_ready": [],
        "healthz_live": [],
        "set_language": [],
        "accounts:invitation_accept": ["MQ", "bad-token"],
        "activities:detail": [m, "8.1"],
        "schools:detail": [m, g2],
        "schools:edit": [m, g2],
        "indicators:detail": [m, 1],
        "indicators:judge": [m, 1],
        "budget:line": [m, world["line"].pk],
        "dashboards:school": [m, g2],
        "accounts:user_edit": [m, world["user"].pk],
        "accounts:invitation_resend": [m, world["user"].pk],
        "reporting:completeness": [m, code],
        "reporting:period_edit": [m, code],
        "reporting:reopen": [m, code, g2],
        "reporting:review_action": [m, "activity", world["progress"].pk, "approve"],
        "reporting:comment": [m, "activity", world["progress"].pk],
        "reporting:school_period": [m, code, g2],
        "reporting:submit": [m, code, g2],
        "reporting:activity": [m, code, g2, world["activity"].number],
        "reporting:evidence_upload": [m, code, g2, world["activity"].number],
        "reporting:indicator": [m, code, g2, 1],
        "reporting:evidence": [m, world["evidence"].pk],
        "reporting:evidence_delete": [m, world["evidence"].pk],
        "networking:event_create": [m, g2],
        "networking:event": [m, world["event"].pk],
        "networking:event_delete": [m, world["event"].pk],
        "budget:expenditure": [m, world["expenditure"].pk],
        "budget:expenditure_delete": [m, world["expenditure"].pk],
        "budget:expenditure_document": [m, world["expenditure"].pk],
        "reports:download": [m, world["report"].pk],
        "reports:retry": [m, world["report"].pk],
        "budget:import_job": [m, world["import"].pk],
        "budget:import_errors": [m, world["import"].pk],
        "budget:import_retry": [m, world["import"].pk],
        "opendata:token_revoke": [m, world["token"].pk],
        "opendata:resource": [m, "budget", "csv"],
        "api-v1:municipalities": [],
        "api-v1:api-root": [],
        "api-v1:openapi-json": [],
        "api-v1:openapi-view": [],
        "api-v1:activity": [m, world["activity"].pk],
        "api-v1:report_file": [m, world["report"].pk],
    }.get(name, [m])
    return reverse(name, args=args)


def municipal_urls():
    return [name for name in sorted(ACCESS) if ACCESS[name] not in ("public", "token", "published")]


def urls_of(kind):
    return [name for name in sorted(ACCESS) if ACCESS[name] == kind]


POST_ONLY = {
    "indicators:judge",
    "reports:retry",
    "budget:import_retry",
    "reporting:periods_create",
    "reporting:reopen",
    "reporting:review_action",
    "reporting:comment",
    "accounts:notifications_read",
    "reporting:submit",
    "reporting:evidence_upload",
    "reporting:evidence_delete",
    "networking:event_delete",
    "budget:expenditure_delete",
    "budget:settings",
    "accounts:invitation_resend",
    "dashboards:recompute",
    "reports:retention",
    "opendata:token_revoke",
}


def test_anonymous_is_sent_to_sign_in_everywhere(client, world):
    before = database_fingerprint()
    for name in municipal_urls():
        url = url_for(name, world)
        for method in (client.get, client.post):
            response = method(url)
            if method == client.get and name in POST_ONLY:
                assert response.status_code == 405, name
            else:
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], (name, method)
    assert changed_tables(before, database_fingerprint()) == []


def test_staff_of_another_municipality_gets_nothing(client_for, foreign_staff, world):
    client = client_for(foreign_staff)
    before = database_fingerprint()
    for name in municipal_urls():
        url = url_for(name, world)
        assert client.get(url).status_code == (405 if name in POST_ONLY else 404), name
        assert client.post(url).status_code == 404, name
    assert changed_tables(before, database_fingerprint()) == []


def expected_get(role, access, name):
    if name in POST_ONLY:
        return {405}
    if access == "read":
        return {200}
    if access == "manage":
        if name == "budget:import_errors":  # this import failed before it had an error workbook
            return {404} if role == "staff" else {403}
        return {200} if role == "staff" else {403}
    if access == "school":
        if name == "reporting:periods":  # the list of periods: staff and coordinators (their own schools only)
            return {200} if role in ("staff", "coordinator") else {403}
        return {200} if role == "staff" else {403, 404}
    if access == "reports":
        if name == "reports:download":
            return {200} if role in ("staff", "viewer") else {404}
        return {200}
    raise AssertionError(name)


@pytest.mark.parametrize("role", ["staff", "viewer", "coordinator"])
def test_members_get_what_their_role_allows(client_for, request, world, role):
    user = request.getfixturevalue(role)
    client = client_for(user)
    failures = []
    for name in municipal_urls():
        response = client.get(url_for(name, world))
        if response.status_code not in expected_get(role, ACCESS[name], name):
            failures.append((name, response.status_code))
    assert failures == []


ALLOWED_WRITES = {("viewer", "reports:list")}  # viewers may ask for a report


@pytest.mark.parametrize("role", ["viewer", "coordinator"])
def test_no_refused_write_changes_anything(client_for, request, world, role):
    """Viewers and the coordinator of another school post to every URL: nothing of G2's (or anyone's) changes."""
    client = client_for(request.getfixturevalue(role))
    for name in municipal_urls():
        if (role, name) in ALLOWED_WRITES:
            continue
        before = database_fingerprint()
        response = client.post(
            url_for(name, world),
            {
                "reason": "x",
                "until": "2030-01-01",
                "item": [f"activity:{world['progress'].pk}"],
                "role": "staff",
                "is_active": "on",
                "language": "en",
                "comment-text": "x",
                "all": "1",
            },
        )
        assert response.status_code in (200, 302, 403, 404, 405), (name, response.status_code)
        assert changed_tables(before, database_fingerprint()) == [], name


def test_the_coordinator_of_the_school_may_work_on_it(client_for, coordinator_g2, world):
    client = client_for(coordinator_g2)
    for name in (
        "reporting:school_period",
        "reporting:activity",
        "reporting:indicator",
        "reporting:evidence",
        "networking:event",
        "budget:expenditure",
        "networking:event_create",
    ):
        assert client.get(url_for(name, world)).status_code == 200, name
    assert client.get(url_for("reports:download", world)).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "staff", "viewer", "coordinator", "foreign_staff"])
def test_the_api_answers_no_session_only_a_key(client_for, request, world, role):
    """Signed in or not, without a key every API URL is 401 (a write 405); nothing but the call log changes."""
    client = client_for(None if role == "anonymous" else request.getfixturevalue(role))
    before = database_fingerprint()
    for name in urls_of("token"):
        url = url_for(name, world)
        response = client.get(url)
        assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized", name
        assert client.post(url).status_code == 405, name
    assert changed_tables(before, database_fingerprint()) in ([], ["api_apicall"])


def test_a_key_for_another_municipality_finds_nothing(client, world, other_plan, superuser):
    _token, secret = token_create(user=superuser, name="x", municipalities=[other_plan.municipality])
    for name in urls_of("token"):
        expected = 200 if name == "api-v1:municipalities" else 404
        response = client.get(url_for(name, world), HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == expected, name
    for name in urls_of("token"):
        response = client.get(url_for(name, world), HTTP_AUTHORIZATION=f"Bearer {world['secret']}")
        assert response.status_code == 200, name


@pytest.mark.parametrize("role", ["anonymous", "staff", "viewer", "coordinator", "foreign_staff"])
def test_public_pages_only_once_published(client_for, request, world, role, staff):
    client = client_for(None if role == "anonymous" else request.getfixturevalue(role))
    for name in urls_of("published"):
        assert client.get(url_for(name, world)).status_code == 404, name
    publication_set(user=staff, municipality=world["period"].plan.municipality, published=True)
    for name in urls_of("published"):
        assert client.get(url_for(name, world)).status_code == 200, name
        assert client.post(url_for(name, world)).status_code == 405, name


def test_uploaded_files_are_not_served_from_a_public_path(client_for, staff, world, settings):
    client = client_for(staff)
    name = world["evidence"].file.name
    assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404
    assert client.get(f"/static/{name}").status_code == 404
    assert name.startswith("evidence/") and not settings.MEDIA_ROOT.startswith(str(settings.STATIC_ROOT))


def test_periods_list_shows_a_coordinator_only_their_schools(client_for, coordinator, world):
    content = client_for(coordinator).get(reverse("reporting:periods", args=["kaunas"])).content.decode()
    assert f"/kaunas/reporting/{world['period'].code}/G1/" in content
    assert f"/kaunas/reporting/{world['period'].code}/G2/" not in content


def test_expired_sessions_sign_out(client_for, coordinator, settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client = client_for(coordinator)
    session = client.session
    session.set_expiry(timezone.now() - datetime.timedelta(seconds=1))
    session.save()
    response = client.get(reverse("plans:overview", args=["kaunas"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# The admin: operators (superusers) only. Every admin URL of every registered model, for every other role.
ADMIN_OUTSIDERS = ["anonymous", "viewer", "coordinator", "foreign_staff", "staff"]


def admin_urls():
    """(url, POST data with foreign ids in every relation) for every admin page and action."""
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label):
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        data = foreign_payload(model)
        obj = model._default_manager.order_by("pk").first()
        yield (
            reverse(f"{prefix}_changelist"),
            {"action": "delete_selected", "_selected_action": [obj.pk if obj else 1], "post": "yes"},
        )
        yield reverse(f"{prefix}_add"), data
        if obj is None:
            continue
        for view in ("change", "delete", "history"):
            yield reverse(f"{prefix}_{view}", args=[obj.pk]), {**data, "post": "yes"}
        if isinstance(model_admin, SimpleHistoryAdmin) and obj.history.exists():
            url = reverse(f"{prefix}_simple_history", args=[obj.pk, obj.history.first().history_id])
            yield url, data


def foreign_payload(model):
    """Every relation pointed at the newest row of its model (the other municipality's), every amount huge."""
    data = {}
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created:
            continue
        if field.is_relation:
            target = field.related_model._default_manager.order_by("-pk").first()
            if target is not None:
                data[field.name] = [target.pk] if field.many_to_many else target.pk
        elif field.get_internal_type() == "DecimalField":
            data[field.name] = "9999999.99"
    return data


@pytest.fixture
def admin_world(world, other_plan, staff, coordinator_g2):
    from accounts.models import Invitation
    from reporting.models import PeriodReopening

    PeriodReopening.objects.create(
        period=world["period"], school=world["progress"].school, until="2030-01-01", reason="x", reopened_by=staff
    )
    Invitation.objects.create(user=coordinator_g2, invited_by=staff)
    return world


@pytest.mark.parametrize("role", ADMIN_OUTSIDERS)
def test_nobody_but_operators_reaches_the_admin(client_for, request, admin_world, role):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = client_for(user)
    before = database_fingerprint()
    pages = list(admin_urls())
    assert len(pages) > 60
    for url, data in pages:
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == 302, (url, response.status_code)
            if user is None:
                assert response["Location"].startswith(reverse("admin:login")), url
        assert client.get(reverse("admin:login")).status_code == (302 if user is None else 403)
    assert changed_tables(before, database_fingerprint()) == []


def test_an_operator_reads_every_admin_page(client_for, superuser, admin_world):
    client = client_for(superuser)
    for url, _data in admin_urls():
        response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)  # 403: read-only records
    assert b"Administravimas" in client.get(reverse("plans:overview", args=["kaunas"])).content


def test_the_admin_refusal_says_why(client_for, staff):
    response = client_for(staff).get(reverse("admin:login"))
    assert response.status_code == 403
    assert "Administravimo skiltis skirta tik portalo operatoriams." in response.content.decode()


@pytest.fixture
def foreign(other_plan):
    """The other municipality's school, activity and submitted item: ids Kaunas staff must not reach."""
    from activities.services import activity_progress_save

    school = School.objects.get(municipality=other_plan.municipality, code="G1")
    activity = Activity.objects.filter(plan=other_plan).order_by("sort_key").first()
    period = other_plan.periods.order_by("starts_on").first()
    period.deadline = timezone.localdate() + datetime.timedelta(days=10)
    period.save(update_fields=["deadline"])
    coordinator = User.objects.create_user(
        email="c@testmiestis.test", role="coordinator", municipality=other_plan.municipality
    )
    coordinator.schools.set([school])
    progress = activity_progress_save(
        user=coordinator,
        period=period,
        school=school,
        activity=activity,
        data={"status": "in_progress", "percent_done": 10, "done_text": "Vyksta"},
    )
    workflow.items_submit(user=coordinator, items=[progress])
    return {"school": school, "activity": activity, "progress": progress, "user": coordinator}


def test_staff_cannot_point_a_form_at_another_municipalitys_records(client_for, staff, world, foreign):
    """Every relation a portal form takes, given the other municipality's ids: refused, nothing changes."""
    client = client_for(staff)
    m, code, g2 = "kaunas", world["period"].code, "G2"
    school, activity, progress = foreign["school"].pk, foreign["activity"].pk, foreign["progress"].pk
    posts = [
        (
            reverse("accounts:user_invite", args=[m]),
            {"email": "n@kaunas.test", "role": "coordinator", "schools": [school], "language": "lt"},
        ),
        (
            reverse("accounts:user_edit", args=[m, world["user"].pk]),
            {"role": "coordinator", "schools": [school], "is_active": "on"},
        ),
        (reverse("accounts:user_edit", args=[m, foreign["user"].pk]), {"role": "staff", "is_active": "on"}),
        (
            reverse("reporting:activity", args=[m, code, g2, world["activity"].number]),
            {
                "status": "in_progress",
                "percent_done": "30",
                "done_text": "x",
                "networking_schools": [school],
                "version": world["progress"].version,
            },
        ),
        (
            reverse("networking:event_create", args=[m, g2]),
            {
                "date": world["period"].starts_on,
                "form": "lesson",
                "title": "x",
                "participants": "5",
                "participating_schools": [school],
                "activity": activity,
            },
        ),
        (reverse("reporting:queue", args=[m]), {"item": [f"activity:{progress}"]}),
        (reverse("reporting:review_action", args=[m, "activity", progress, "approve"]), {}),
        (reverse("reporting:review_action", args=[m, "activity", progress, "return"]), {"reason": "x"}),
        (reverse("reporting:reopen", args=[m, code, "G1"]), {"until": "2030-01-01", "reason": "x"}),
        (reverse("schools:edit", args=[m, "G1"]), {"name": "Kaunas rašo", "former_name": ""}),
    ]
    g1_name = School.objects.get(municipality=world["period"].plan.municipality, code="G1").name
    for url, data in posts[:-1]:
        before = database_fingerprint()
        response = client.post(url, data)
        assert response.status_code in (200, 302, 404), (url, response.status_code)
        assert changed_tables(before, database_fingerprint()) == [], url
    # the school edit is Kaunas's own G1: it may change, the other municipality's G1 never does
    client.post(*posts[-1])
    assert School.objects.get(pk=school).name != "Kaunas rašo" and g1_name != "Kaunas rašo"
