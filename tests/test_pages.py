"""Pages show the plan, and their query counts do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import make_user

PAGES = [
    ("municipality_home", []),
    ("plans:overview", []),
    ("activities:list", []),
    ("activities:detail", ["2"]),
    ("schools:list", []),
    ("schools:detail", ["G1"]),
    ("indicators:list", []),
    ("indicators:detail", [1]),
    ("budget:overview", []),
    ("plans:data_notes", []),
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("name, args", PAGES)
def test_query_count_is_the_same_for_a_small_and_the_kaunas_plan(client, kaunas, other_plan, name, args):
    from accounts.models import User

    small_staff = make_user("s@small.test", User.Role.STAFF, other_plan.municipality)
    kaunas_staff = make_user("s@kaunas.test", User.Role.STAFF, kaunas.municipality)
    client.force_login(small_staff)
    small = count_queries(client, reverse(name, args=[other_plan.municipality.code, *args]))
    client.force_login(kaunas_staff)
    large = count_queries(client, reverse(name, args=["kaunas", *args]))
    assert small == large
    assert large <= 20


def test_the_plan_overview_shows_goals_objectives_and_totals(client_for, viewer):
    content = client_for(viewer).get(reverse("plans:overview", args=["kaunas"])).content.decode()
    assert "Užtikrinti tolygų mokinių pasiekimų lygį" in content
    assert "Infrastruktūra" in content and "STEAM ugdymas" in content
    assert "21\u00a0500\u00a0000,00\u00a0€" in content


def test_the_activities_table_filters_by_area_school_year_and_text(client_for, viewer):
    client = client_for(viewer)
    url = reverse("activities:list", args=["kaunas"])
    numbers = lambda response: [a.number for a in response.context["filter"].qs]  # noqa: E731
    steam = client.get(url, {"area": "steam"})
    assert "46" in numbers(steam) and "1" not in numbers(steam)
    g3 = client.get(url, {"school": "G3", "category": ""})
    assert "47.1" in numbers(g3) and "2.1" not in numbers(g3)
    search = client.get(url, {"q": "Verslo laboratorij"})
    assert numbers(search)[:1] == ["1"]
    assert numbers(client.get(url, {"q": "8.8"})) == ["8.8", "8.8.1", "8.8.2", "8.8.3", "8.8.4"]
    y2024 = numbers(client.get(url, {"year": "2024", "area": "culture"}))
    assert "29" not in y2024  # 2025 only


def test_the_activities_table_exports_real_numbers(client_for, viewer, kaunas):
    import io

    from openpyxl import load_workbook

    from budget.selectors import plan_planned_total

    response = client_for(viewer).get(reverse("activities:list", args=["kaunas"]), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nr." and len(rows) == 1 + kaunas.activities.count()
    top = [row for row in rows[1:] if "." not in row[0]]
    from decimal import Decimal

    assert sum(Decimal(str(row[6])) for row in top) == plan_planned_total(kaunas).amount
    assert isinstance(rows[1][6], float)


def test_the_activities_table_exports_csv(client_for, viewer):
    response = client_for(viewer).get(reverse("activities:list", args=["kaunas"]), {"export": "csv", "area": "steam"})
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Nr.;Veikla")
    assert "\n46;" in text


def test_an_activity_page_links_everything_it_names(client_for, viewer):
    content = client_for(viewer).get(reverse("activities:detail", args=["kaunas", "1"])).content.decode()
    assert "120\u00a0139,15\u00a0€" in content and "25\u00a0229,22\u00a0€" in content
    assert reverse("schools:detail", args=["kaunas", "G2"]) in content
    assert reverse("schools:detail", args=["kaunas", "T6"]) in content
    assert reverse("indicators:detail", args=["kaunas", 20]) in content
    assert reverse("activities:detail", args=["kaunas", "8.2"]) in content


def test_a_school_page_shows_its_activities_network_and_money(client_for, viewer):
    content = client_for(viewer).get(reverse("schools:detail", args=["kaunas", "G3"])).content.decode()
    assert "Kauno Stepono Dariaus ir Stasio Girėno gimnazija" in content
    assert reverse("schools:detail", args=["kaunas", "T41"]) in content
    assert reverse("activities:detail", args=["kaunas", "47.1"]) in content


def test_the_indicators_table(client_for, viewer):
    content = client_for(viewer).get(reverse("indicators:list", args=["kaunas"])).content.decode()
    assert "79,03" in content and "83,01" in content and "bent 9" in content


def test_staff_see_the_data_notes(client_for, staff):
    content = client_for(staff).get(reverse("plans:data_notes", args=["kaunas"])).content.decode()
    assert "26\u00a0498,44\u00a0€" in content
    assert "14.2" in content
    for developer_word in ("null", "higher_is_better", "schools_by_year", "schools_text", ".txt", "(-ų)"):
        assert developer_word not in content


def test_the_english_interface(client_for, viewer):
    viewer.language = "en"
    viewer.save()
    content = client_for(viewer).get(reverse("plans:overview", args=["kaunas"])).content.decode()
    assert "21,500,000.00\u00a0€" in content
    assert "Goals, objectives and activities" in content
