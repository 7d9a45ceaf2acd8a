"""The plan's two settings staff change on pages (report retention, school spending entries) go through
services that check who asks and what is asked; a refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import User
from budget.services import plan_school_spending_set
from plans.models import Plan
from reports.services import report_retention_set
from schools.models import School

from .conftest import make_user
from .fingerprint import database_fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_small(small):
    g1 = School.objects.get(municipality=small.municipality, code="G1")
    return make_user("g1@small.test", User.Role.COORDINATOR, small.municipality, schools=[g1])


@pytest.mark.parametrize("days", [6, 3651, 0])
def test_a_retention_outside_its_limits_is_refused(small, small_staff, days):
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="nuo 7 iki 3650 dienų"):
        report_retention_set(user=small_staff, plan=small, days=days)
    assert database_fingerprint() == before


@pytest.mark.parametrize("days", [7, 3650])
def test_a_retention_at_its_limits_is_kept(small, small_staff, days):
    report_retention_set(user=small_staff, plan=small, days=days)
    assert Plan.objects.get(pk=small.pk).report_retention_days == days


def test_neither_a_coordinator_nor_another_municipalitys_staff_may_change_them(small, coordinator_small, staff):
    before = database_fingerprint()
    for user in (coordinator_small, staff):
        with pytest.raises(PermissionDenied):
            report_retention_set(user=user, plan=small, days=30)
        with pytest.raises(PermissionDenied):
            plan_school_spending_set(user=user, plan=small, allowed=True)
    assert database_fingerprint() == before


def test_the_retention_page_says_why_a_value_is_refused(client_for, small, small_staff):
    client = client_for(small_staff)
    response = client.post(
        reverse("reports:retention", args=[small.municipality.code]), {"report_retention_days": "5"}, follow=True
    )
    assert "nuo 7 iki 3650 dienų" in response.content.decode()
    assert Plan.objects.get(pk=small.pk).report_retention_days == small.report_retention_days


def test_staff_turn_school_spending_entries_on_and_off(client_for, small, small_staff):
    client = client_for(small_staff)
    url = reverse("budget:settings", args=[small.municipality.code])
    client.post(url, {"school_spending_entries": "on"})
    assert Plan.objects.get(pk=small.pk).school_spending_entries is True
    client.post(url, {})
    assert Plan.objects.get(pk=small.pk).school_spending_entries is False
