"""Shared fixtures: plans imported through the real importer, and the personas.

Personas: staff (Kaunas, with two-factor set up), coordinator of G1, coordinator
of G2, viewer, staff of another municipality, and anonymous. Tests of behaviour
that does not depend on the Kaunas figures use the small plan (`small`, tests/plans.py)
or a variant of it built for the test (`import_plan`), with `people_of(plan)`.
"""

import datetime
import os
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from accounts.models import User
from activities.services import activity_progress_save
from planfile.importer import plan_import
from reporting.periods import periods_create_quarters
from review.selectors import due_activity_roles
from schools.models import School

from .plans import small_plan_data, to_yaml

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
KAUNAS_PLAN = ROOT / "fixtures" / "kaunas" / "plan.yaml"
PAMISKIS_PLAN = ROOT / "fixtures" / "pamiskis" / "plan.yaml"
TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTTESTTESTTEST"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Import the Kaunas plan once; tests run in transactions that are rolled back."""
    with django_db_blocker.unblock():
        import_kaunas()


def import_kaunas():
    plan = plan_import(content=KAUNAS_PLAN.read_bytes(), source=KAUNAS_PLAN.name).plan
    periods_create_quarters(plan=plan)
    return plan


def import_plan(data):
    """A plan built for a test (a dict in the plan file's format, see tests/plans.py), with its quarters."""
    plan = plan_import(content=to_yaml(data)).plan
    periods_create_quarters(plan=plan)
    return plan


@pytest.fixture
def kaunas(db):
    from plans.models import Plan

    plan = Plan.objects.filter(municipality__code="kaunas").select_related("municipality").first()
    if plan is None:  # a transactional test emptied the database
        plan = import_kaunas()
    return plan


def import_pamiskis():
    return plan_import(content=PAMISKIS_PLAN.read_bytes(), source=PAMISKIS_PLAN.name).plan


@pytest.fixture
def pamiskis(db):
    """The second sample plan, imported beside Kaunas: Roman priorities, measures, no budget, yearly periods."""
    from plans.models import Plan

    plan = Plan.objects.filter(municipality__code="pamiskis").select_related("municipality").first()
    return plan or import_pamiskis()


@pytest.fixture
def other_plan(db):
    """A second, small municipality beside Kaunas."""
    return import_plan(small_plan_data())


@pytest.fixture
def period(kaunas):
    """2025-Q4 of the Kaunas plan, open for entry: its deadline moved ten days ahead."""
    return open_period(kaunas)


def open_period(plan, code="2025-Q4"):
    """The plan's period `code`, open for entry: its deadline moved ten days ahead."""
    period = plan.periods.get(code=code)
    period.deadline = timezone.localdate() + datetime.timedelta(days=10)
    period.save(update_fields=["deadline"])
    return period


def a_due_activity(period, school):
    return due_activity_roles(period, [school]).first().activity


def save_progress(user, period, school, activity=None, **data):
    """A progress draft for `activity` (by default the school's first due one) through the real service."""
    values = {"status": "in_progress", "percent_done": 50, "done_text": "Vyksta", **data}
    activity = activity or a_due_activity(period, school)
    return activity_progress_save(user=user, period=period, school=school, activity=activity, data=values)


def make_user(email, role, municipality, schools=(), **extra):
    user = User.objects.create_user(
        email=email,
        password="Slaptazodis-123",
        role=role,
        municipality=municipality,
        **extra,
    )
    if schools:
        user.schools.set(schools)
    if role == User.Role.STAFF:
        TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def staff(kaunas):
    return make_user("staff@kaunas.test", User.Role.STAFF, kaunas.municipality, first_name="Rūta")


@pytest.fixture
def other_staff(kaunas):
    return make_user("staff2@kaunas.test", User.Role.STAFF, kaunas.municipality, first_name="Tomas")


@pytest.fixture
def g1(kaunas):
    return School.objects.get(municipality=kaunas.municipality, code="G1")


@pytest.fixture
def g2(kaunas):
    return School.objects.get(municipality=kaunas.municipality, code="G2")


@pytest.fixture
def coordinator(kaunas, g1):
    return make_user("g1@kaunas.test", User.Role.COORDINATOR, kaunas.municipality, schools=[g1], first_name="Jonas")


@pytest.fixture
def coordinator_g2(kaunas, g2):
    return make_user("g2@kaunas.test", User.Role.COORDINATOR, kaunas.municipality, schools=[g2])


@pytest.fixture
def viewer(kaunas):
    return make_user("viewer@kaunas.test", User.Role.VIEWER, kaunas.municipality)


@pytest.fixture
def foreign_staff(other_plan):
    return make_user("staff@testmiestis.test", User.Role.STAFF, other_plan.municipality)


@pytest.fixture
def small(other_plan):
    """The small second municipality's plan, by its role in the budget tests."""
    return other_plan


@pytest.fixture
def small_staff(small):
    return make_user("staff@small.test", User.Role.STAFF, small.municipality)


def schools_of(plan):
    return {school.code: school for school in plan.municipality.schools.all()}


def people_of(plan):
    """Two staff members ("staff", "reviewer"), the coordinators of G1 and G2 and a viewer of `plan`'s
    municipality, by those names."""
    municipality, code = plan.municipality, plan.municipality.code
    schools = schools_of(plan)
    return {
        "staff": make_user(f"darbuotojas@{code}.test", User.Role.STAFF, municipality),
        "reviewer": make_user(f"tikrintojas@{code}.test", User.Role.STAFF, municipality),
        "g1": make_user(f"koordinatorius.g1@{code}.test", User.Role.COORDINATOR, municipality, schools=[schools["G1"]]),
        "g2": make_user(f"koordinatorius.g2@{code}.test", User.Role.COORDINATOR, municipality, schools=[schools["G2"]]),
        "viewer": make_user(f"stebetojas@{code}.test", User.Role.VIEWER, municipality),
    }


@pytest.fixture
def small_people(small):
    return people_of(small)


@pytest.fixture
def small_schools(small):
    return schools_of(small)


@pytest.fixture
def superuser(db):
    user = User.objects.create_superuser(email="root@portal.test", password="Slaptazodis-123")
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def celery_worker_app(transactional_db):
    """A real Celery worker thread consuming from Redis, for the tests about tasks."""
    from celery.contrib.testing.worker import start_worker

    from tum_portal.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield app
    finally:
        app.conf.task_always_eager = True
