"""Public progress pages and open data: shown only when staff publish, no personal data, no drafts or free
texts, small counts of people hidden so that totals do not give them away, the report's money."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from accounts.models import User
from api.public import HIDDEN, suppress
from api.services import publication_set
from demo.data import add_progress
from networking.services import networking_event_save
from reporting import workflow
from reports.content import build_content
from schools.models import School

from .conftest import make_user

pytestmark = pytest.mark.django_db
PAGES = ["/public/kaunas/", "/public/kaunas/en/"]
FILES = [
    f"/public/kaunas/data/{name}.{fmt}"
    for name in ("activities", "indicators", "budget", "networking")
    for fmt in ("csv", "json")
] + ["/public/kaunas/data/datapackage.json"]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def small_event(kaunas, period, staff, g2):
    """An approved event with 3 participants at G2, and a draft with a title nobody may see."""
    author = make_user(
        "ramune.zibutyte@kaunas.test",
        User.Role.COORDINATOR,
        kaunas.municipality,
        schools=[g2],
        first_name="Ramunė",
        last_name="Žibutytė",
    )
    t6 = School.objects.get(municipality=kaunas.municipality, code="T6")
    data = {"date": period.starts_on, "form": "lesson", "participating_schools": [t6]}
    event = networking_event_save(
        user=author, plan=kaunas, school=g2, data={**data, "title": "Slapta pamoka", "participants": 3}
    )
    workflow.items_submit(user=author, items=[event])
    workflow.items_approve(user=staff, items=[event])
    networking_event_save(
        user=author, plan=kaunas, school=g2, data={**data, "title": "Juodraštinis renginys", "participants": 40}
    )
    return event


@pytest.fixture
def published(kaunas, staff):
    add_progress(kaunas, seed=9)
    publication_set(user=staff, municipality=kaunas.municipality, published=True)
    return kaunas


def test_nothing_is_public_until_staff_publish(client, kaunas, staff):
    for path in PAGES + FILES:
        assert client.get(path).status_code == 404, path
    publication_set(user=staff, municipality=kaunas.municipality, published=True)
    for path in PAGES + FILES:
        assert client.get(path).status_code == 200, path
    publication_set(user=staff, municipality=kaunas.municipality, published=False)
    assert client.get(PAGES[0]).status_code == 404


def test_only_staff_of_the_municipality_publish(kaunas, viewer, foreign_staff):
    for user in (viewer, foreign_staff):
        with pytest.raises(PermissionDenied, match="Skelbti gali tik"):
            publication_set(user=user, municipality=kaunas.municipality, published=True)


def test_staff_switch_publishing_on_their_page(client_for, staff, kaunas):
    client = client_for(staff)
    url = "/kaunas/publishing/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"published": "on", "licence": "CC-BY-4.0"}).status_code == 302
    assert kaunas.municipality.publication.published
    assert client_for(None).get(PAGES[0]).status_code == 200


def test_the_page_in_both_languages(client, published):
    lt = client.get(PAGES[0]).content.decode()
    en = client.get(PAGES[1]).content.decode()
    assert '<html lang="lt">' in lt and '<html lang="en">' in en
    assert "Finansuojama Europos Sąjungos lėšomis (NextGenerationEU)" in lt
    assert published.title in lt and "Creative Commons Attribution 4.0" in lt
    assert 'href="/public/kaunas/en/"' in lt and 'href="/public/kaunas/"' in en


def every_public_text(client):
    return "\n".join(client.get(path).content.decode() for path in PAGES + FILES)


def test_no_personal_data_drafts_or_free_texts(client_for, published, staff, coordinator, small_event):
    client = client_for(staff)  # a signed-in person sees the same anonymous page
    text = every_public_text(client)
    people = User.objects.all()
    assert people.count() > 10
    for person in people:
        assert person.email not in text, person.email
        if person.get_full_name():
            assert person.get_full_name() not in text, person.get_full_name()
    assert "Ramunė" not in text and "Žibutytė" not in text
    assert "Juodraštinis renginys" not in text and "Slapta pamoka" not in text
    assert "/media/" not in text and "evidence" not in text


def test_small_counts_are_hidden_and_not_derivable(client, kaunas, staff, coordinator, period, g1, small_event):
    """G2's 3 participants are hidden; G1's 20 in the same period then too (else 23 - 20 = 3), and G1's total."""
    t6 = School.objects.get(municipality=kaunas.municipality, code="T6")
    bigger = networking_event_save(
        user=coordinator,
        plan=kaunas,
        school=g1,
        data={
            "date": period.starts_on,
            "form": "visit",
            "participating_schools": [t6],
            "title": "x",
            "participants": 20,
        },
    )
    workflow.items_submit(user=coordinator, items=[bigger])
    workflow.items_approve(user=staff, items=[bigger])
    publication_set(user=staff, municipality=kaunas.municipality, published=True)
    html = client.get(PAGES[0]).content.decode()
    table = html[
        html.index('<table class="networking">') : html.index("</table>", html.index('<table class="networking">'))
    ]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    cells = [re.findall(r'<span class="participants">(.*?)</span>', row) for row in rows]
    shown = [value for row in cells for value in row]
    assert HIDDEN.replace("<", "&lt;") in shown
    assert not [v for v in shown if v.isdigit() and 0 < int(v) < 5]
    for row in cells:  # a row with its total hides two cells or none
        assert sum(v in ("&lt;5", "x") for v in row) != 1, row
    assert cells == [[], ["x", "x"], ["&lt;5", "&lt;5"], ["23", "23"]]  # G1, G2, totals
    rows_csv = list(csv.DictReader(io.StringIO(client.get("/public/kaunas/data/networking.csv").content.decode())))
    assert [(r["school"], r["period"], r["participants"]) for r in rows_csv] == [
        ("G1", period.code, "x"),
        ("G1", "all", "x"),
        ("G2", period.code, HIDDEN),
        ("G2", "all", HIDDEN),
        ("all", period.code, "23"),
        ("all", "all", "23"),
    ]


def test_suppression_hides_a_second_cell_wherever_totals_would_tell():
    # rows: schools, last column the row total; last row the column totals
    matrix = [[3, 10, 13], [20, 30, 50], [23, 40, 63]]
    hidden = suppress(matrix)
    # 3 hidden; its row then shows one hidden cell -> 10 hidden; its column -> 20 hidden; then 30 (row 1, col 1)
    assert hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert suppress([[10, 20, 30], [6, 7, 13], [16, 27, 43]]) == set()
    for r in range(3):
        assert sum((r, c) in hidden for c in range(3)) in (0, 2)


def test_open_data_money_equals_the_ministry_report(client, published):
    rows = client.get("/public/kaunas/data/budget.json").json()
    content = build_content(published, "progress", "all")
    report = {c["label"]: c for c in content["budget"]["categories"]}
    assert len(rows) == len(report)
    for row, category in zip(rows, content["budget"]["categories"], strict=True):
        assert row["paid_amount"] == category["paid_amount"] and row["planned_amount"] == category["planned_amount"]


def test_the_datapackage_describes_every_file(client, published):
    package = client.get("/public/kaunas/data/datapackage.json").json()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in package["resources"]:
        header = client.get(f"/public/kaunas/data/{resource['path']}").content.decode().splitlines()[0]
        assert header.split(",") == [f["name"] for f in resource["schema"]["fields"]]


def test_the_page_reads_a_fixed_number_of_queries(client, kaunas, staff, small_event):
    """One approved event to start with (an empty list skips its prefetch), then a programme's worth of data."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    publication_set(user=staff, municipality=kaunas.municipality, published=True)

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGES[0]).status_code == 200
        return len(queries)

    before = count()
    add_progress(kaunas, seed=4)
    assert count() == before
    with CaptureQueriesContext(connection) as cached:
        client.get(PAGES[0])
    assert len(cached) <= 2  # the publication and the plan; the content comes from the cache
