"""Every main page of each role, at desktop and phone width: no sideways scrolling at 390 px and
no serious or critical accessibility finding (axe-core, WCAG 2.1 AA)."""

from pathlib import Path

import pytest

from ..conftest import a_due_activity, save_progress
from .test_review_walkthrough import staff_sign_in
from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("axe.min.js")
WIDTHS = (1366, 390)
READER_PAGES = [
    "/kaunas/",
    "/kaunas/plan/",
    "/kaunas/activities/",
    "/kaunas/activities/1/",
    "/kaunas/schools/",
    "/kaunas/schools/G1/",
    "/kaunas/indicators/",
    "/kaunas/indicators/1/",
    "/kaunas/budget/",
    "/kaunas/dashboard/",
    "/kaunas/dashboard/G1/",
    "/kaunas/networking/",
    "/kaunas/reports/",
]


def problems_on(page, url):
    """What is wrong with `url` at each width: sideways scrolling and serious/critical axe findings."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        assert response.status == 200, url
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if width == 390 and scroll_width > 390:
            found.append(f"{url} @390: scrolls sideways ({scroll_width} px)")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {runOnly: {type: 'tag', values:"
            " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ' ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
        )
        found += [f"{url} @{width}: {violation}" for violation in violations]
    return found


@pytest.fixture
def page(browser, live_server):
    """A page that may run axe, which the portal's Content-Security-Policy would refuse as an inline script."""
    context = browser.new_context(locale="lt-LT", base_url=live_server.url, bypass_csp=True)
    yield context.new_page()
    context.close()


def walk(page, urls):
    found = [problem for url in urls for problem in problems_on(page, url)]
    assert not found, "\n".join(found)


def test_the_coordinators_pages(page, coordinator, period, g1):
    save_progress(coordinator, period, g1)
    activity = a_due_activity(period, g1)
    sign_in(page, coordinator.email)
    page.wait_for_url("**/kaunas/")
    school_page = f"/kaunas/reporting/{period.code}/G1/"
    walk(
        page,
        [
            *READER_PAGES,
            "/kaunas/reporting/",
            school_page,
            f"{school_page}activity/{activity.number}/",
            f"{school_page}indicator/1/",
            "/kaunas/networking/events/",
        ],
    )


def test_the_staff_pages(page, staff, coordinator, period, g1):
    save_progress(coordinator, period, g1)
    staff_sign_in(page, staff)
    walk(
        page,
        [
            *READER_PAGES,
            "/kaunas/plan/notes/",
            "/kaunas/reporting/",
            f"/kaunas/reporting/{period.code}/",
            f"/kaunas/reporting/{period.code}/G1/",
            "/kaunas/review/",
            "/kaunas/audit/",
            "/kaunas/users/",
            "/kaunas/budget/import/",
            "/kaunas/networking/events/",
        ],
    )


def test_the_viewers_pages(page, viewer):
    sign_in(page, viewer.email)
    page.wait_for_url("**/kaunas/")
    walk(page, READER_PAGES)
