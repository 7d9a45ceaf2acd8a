"""Signing in as a person would, in a real browser."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from ..conftest import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email, password="Slaptazodis-123"):
    page.goto("/")
    page.get_by_label("El. paštas").fill(email)
    page.get_by_label("Slaptažodis").fill(password)
    page.get_by_role("button", name="Prisijungti").click()


def test_a_coordinator_signs_in_and_sees_their_school(page, screenshot, coordinator):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Prisijungimas prie TŪM portalo"
    screenshot("login")
    sign_in(page, coordinator.email)
    page.wait_for_url("**/kaunas/")
    assert "Mano mokyklos" in page.content()
    assert page.get_by_role("link", name="G1 Kauno „Aušros“ gimnazija").is_visible()
    screenshot("home-coordinator")


def test_staff_sign_in_with_the_second_factor(page, screenshot, staff):
    sign_in(page, staff.email)
    page.wait_for_url("**/2fa/authenticate/**")
    page.locator("input[name=code]").fill(format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30)))
    page.get_by_role("button", name="Prisijungti").click()
    page.wait_for_url("**/kaunas/")
    assert "Koordinavimo komandai" in page.content()
    screenshot("home-staff")
    page.get_by_role("link", name="Veiklos", exact=True).click()
    page.wait_for_url("**/activities/")
    page.get_by_label("Sritis").select_option("steam")
    page.get_by_role("button", name="Rodyti").click()
    page.wait_for_url("**area=steam**")
    assert page.get_by_role("link", name="46", exact=True).is_visible()
    screenshot("activities-steam")


def test_a_viewer_reads_the_plan(page, screenshot, viewer):
    sign_in(page, viewer.email)
    page.wait_for_url("**/kaunas/")
    page.get_by_role("link", name="Planas", exact=True).click()
    assert "Tikslai, uždaviniai ir veiklos" in page.content()
    screenshot("plan-viewer")
