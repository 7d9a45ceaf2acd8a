"""Pages show the plan, and their query counts do not grow with the data.

What the pages show is checked on the small plan (tests/plans.py), whose figures are written out there;
the query counts are compared with the Kaunas plan's, the largest there is."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from budget.models import BudgetCategory

from .conftest import import_plan, make_user, people_of
from .plans import small_plan_data, with_indicators_of_every_unit

NBSP = "\u00a0"


def euros(text):
    """'1 530,00' -> '1 530,00 €' with the non-breaking spaces the pages write."""
    return text.replace(" ", NBSP) + f"{NBSP}€"


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


@pytest.mark.kaunas_data
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
    assert large <= 24  # the navigation, the to-do list and the plan's own level names included


@pytest.fixture
def small_viewer(small):
    return people_of(small)["viewer"]


def page(client, plan, name, *args, **query):
    return client.get(reverse(name, args=[plan.municipality.code, *args]), query)


def test_the_plan_overview_shows_goals_objectives_and_totals(client_for, small, small_viewer):
    content = page(client_for(small_viewer), small, "plans:overview").content.decode()
    assert "Tolygūs pasiekimai" in content and "Kompetencijos" in content
    assert "Laboratorijos įrengimas" in content and "Infrastruktūra" in content and "STEAM ugdymas" in content
    assert euros("1 500,00") in content  # the budget lines: 1 000,00 + 500,00
    assert euros("30,00") in content  # 2 % indirect
    assert euros("1 530,00") in content  # declared in total


def test_the_activities_table_filters_by_area_school_year_and_text(client_for, small, small_viewer):
    client = client_for(small_viewer)

    def numbers(**query):
        return [a.number for a in page(client, small, "activities:list", **query).context["filter"].qs]

    assert numbers(area="steam") == ["1"]
    assert numbers(area="leadership") == ["2", "2.1"]
    assert numbers(school="G1", category="") == ["1", "2"]
    assert numbers(school="T1") == ["1"]  # a networking school
    assert numbers(category=BudgetCategory.objects.get(plan=small, number=2).pk) == ["2", "2.1"]
    assert numbers(q="vadovų") == ["2.1"]
    assert numbers(q="2") == ["2", "2.1"]  # the number and its sub-activities
    assert numbers(year="2024", area="culture") == ["2"]
    assert numbers(year="2024", area="steam") == []  # activity 1 runs in 2025 only
    assert numbers(year="2025", area="steam") == ["1"]


def test_the_activities_table_exports_real_numbers(client_for, small, small_viewer):
    response = page(client_for(small_viewer), small, "activities:list", export="xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Nr.", "Veikla", "Sritys", "Kategorija", "Vykdo", "Laikotarpis", "Suma be PVM", "PVM")
    assert [(row[0], row[4], row[6], row[7]) for row in rows[1:]] == [
        ("1", "G1", 1000, 210),
        ("2", "G1–G2", 500, 0),
        ("2.1", "G2", 500, 0),
    ]
    assert all(isinstance(value, (int, float)) for row in rows[1:] for value in row[6:])


def test_the_activities_table_exports_csv(client_for, small, small_viewer):
    response = page(client_for(small_viewer), small, "activities:list", export="csv", area="steam")
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Nr.;Veikla;Sritys;Kategorija;Vykdo;Laikotarpis;Suma be PVM;PVM",
        "1;Laboratorijos įrengimas;STEAM ugdymas;1. Infrastruktūra;G1;2025 m.;1000,00;210,00",
    ]


def test_an_activity_page_links_everything_it_names(client_for, small, small_viewer):
    client, code = client_for(small_viewer), small.municipality.code
    content = page(client, small, "activities:detail", "1").content.decode()
    assert euros("1 000,00") in content and euros("210,00") in content
    for link in (
        reverse("schools:detail", args=[code, "G1"]),  # carries it out
        reverse("schools:detail", args=[code, "T1"]),  # takes part through networking
        reverse("indicators:detail", args=[code, 1]),
        reverse("activities:detail", args=[code, "2"]),  # activity 2 names it as related
    ):
        assert link in content
    content = page(client, small, "activities:detail", "2").content.decode()
    assert reverse("activities:detail", args=[code, "1"]) in content  # related
    assert reverse("activities:detail", args=[code, "2.1"]) in content  # its sub-activity
    assert reverse("indicators:detail", args=[code, 2]) in content


def test_staff_see_the_data_notes(client_for, staff):
    content = client_for(staff).get(reverse("plans:data_notes", args=["kaunas"])).content.decode()
    assert "26\u00a0498,44\u00a0€" in content
    assert "14.2" in content
    for developer_word in ("null", "higher_is_better", "schools_by_year", "schools_text", ".txt", "(-ų)"):
        assert developer_word not in content


def test_a_school_page_shows_its_activities_network_and_money(client_for, small, small_viewer):
    code = small.municipality.code
    content = page(client_for(small_viewer), small, "schools:detail", "G2").content.decode()
    assert "Antroji gimnazija" in content and euros("500,00") in content  # its own line, 2.1
    for link in (
        reverse("schools:detail", args=[code, "T1"]),
        reverse("schools:detail", args=[code, "T2"]),
        reverse("activities:detail", args=[code, "2"]),
        reverse("activities:detail", args=[code, "2.1"]),
    ):
        assert link in content
    assert reverse("activities:detail", args=[code, "1"]) not in content  # G1's only


def test_the_indicators_table(client_for, db):
    plan = import_plan(with_indicators_of_every_unit(small_plan_data(code="matai", name="Matų savivaldybė")))
    content = page(client_for(people_of(plan)["viewer"]), plan, "indicators:list").content.decode()
    assert "40\u00a0%" in content and "50\u00a0%" in content  # indicator 1, percent
    assert "bent 20" in content  # indicator 3: at least 20
    assert "1,25" in content and "1,5" in content  # indicator 4, a ratio
    assert "nematuojama" in content  # indicator 2 has no baseline


def test_staff_see_the_data_notes_and_where_the_plan_does_not_add_up(client_for, db):
    data = small_plan_data(code="pastabos", name="Pastabų savivaldybė")
    data["plan"]["declared_totals"]["direct_amount"] = "1480.25"
    plan = import_plan(data)
    content = page(client_for(people_of(plan)["staff"]), plan, "plans:data_notes").content.decode()
    assert euros("1 480,25") in content and euros("19,75") in content  # the lines' 1 500,00 less 1 480,25
    assert "Pavyzdinė pastaba" in content


def test_the_english_interface(client_for, small, small_viewer):
    small_viewer.language = "en"
    small_viewer.save()
    content = page(client_for(small_viewer), small, "plans:overview").content.decode()
    assert f"1,530.00{NBSP}€" in content
    assert "Goals, objectives and activities" in content
