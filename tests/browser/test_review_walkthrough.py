"""A coordinator submits, staff return it, the coordinator fixes it, staff approve — in a real browser."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from activities.models import ActivityProgress
from review.selectors import due_activity_roles

from ..conftest import TOTP_SECRET
from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staff_sign_in(page, staff):
    sign_in(page, staff.email)
    page.wait_for_url("**/2fa/authenticate/**")
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name="Prisijungti").click()
    page.wait_for_url("**/kaunas/")


def test_submit_return_fix_approve(browser, live_server, screenshot, page, coordinator, staff, period, g1):
    activity = due_activity_roles(period, [g1]).first().activity
    school_page = f"/kaunas/reporting/{period.code}/G1/"

    # The coordinator fills in the activity and submits it.
    sign_in(page, coordinator.email)
    page.wait_for_url("**/kaunas/")
    page.get_by_role("link", name="Pažangos teikimas").click()
    page.goto(school_page)
    screenshot("walk-1-period-page")
    page.get_by_role("link", name=f"{activity.number}. {activity.short_title}").click()
    page.get_by_label("Būsena").select_option("in_progress")
    page.get_by_label("Įvykdyta, %").fill("150")
    page.get_by_label("Kas padaryta").fill("Įvyko du mokymai mokytojams.")
    page.get_by_role("button", name="Išsaugoti juodraštį").click()
    assert page.locator("ul.errorlist").first.is_visible()  # 150 % refused next to the field
    screenshot("walk-2-bad-value")
    page.get_by_label("Įvykdyta, %").fill("40")
    page.get_by_role("button", name="Išsaugoti juodraštį").click()
    page.get_by_text("Juodraštis išsaugotas.").wait_for()
    page.goto(school_page)
    page.get_by_role("button", name="Pateikti pažymėtus (arba visus juodraščius)").click()
    page.get_by_text("Peržiūrai pateiktas 1 įrašas.").wait_for()
    screenshot("walk-3-submitted")

    # Staff return it with a reason.
    staff_page = browser.new_context(
        locale="lt-LT", viewport={"width": 1280, "height": 900}, base_url=live_server.url
    ).new_page()
    staff_sign_in(staff_page, staff)
    staff_page.get_by_role("link", name="Peržiūra").click()
    staff_page.get_by_role("link", name=f"{activity.number}. {activity.short_title}").click()
    staff_page.get_by_label("Priežastis").fill("Nurodykite, kiek mokinių dalyvavo.")
    staff_page.get_by_role("button", name="Grąžinti taisyti").click()
    staff_page.get_by_text("Grąžinta mokyklai su priežastimi.").wait_for()
    ActivityProgress.objects.get(activity=activity, school=g1, period=period, state="returned")

    # The coordinator sees the reason next to the item and fixes it.
    page.goto(school_page)
    assert page.get_by_text("Nurodykite, kiek mokinių dalyvavo.").is_visible()
    screenshot("walk-4-returned")
    page.get_by_role("link", name=f"{activity.number}. {activity.short_title}").click()
    page.get_by_label("Dalyvavo mokinių").fill("64")
    page.get_by_role("button", name="Išsaugoti juodraštį").click()
    page.goto(school_page)
    page.get_by_role("button", name="Pateikti pažymėtus (arba visus juodraščius)").click()
    page.get_by_text("Peržiūrai pateiktas 1 įrašas.").wait_for()

    # Staff approve it from the queue.
    staff_page.goto("/kaunas/review/")
    staff_page.locator("input[name=item]").first.check()
    staff_page.get_by_role("button", name="Patvirtinti pažymėtus").click()
    staff_page.get_by_text("Patvirtintas 1 įrašas.").wait_for()
    progress = ActivityProgress.objects.get(activity=activity, school=g1, period=period)
    assert progress.state == "approved" and progress.pupils == 64

    page.goto(school_page)
    assert page.locator("text=patvirtinta").first.is_visible()
    screenshot("walk-5-approved")
    page.get_by_role("link", name=f"{activity.number}. {activity.short_title}").click()
    assert page.get_by_role("button", name="Išsaugoti juodraštį").count() == 0  # locked
    screenshot("walk-6-history")
