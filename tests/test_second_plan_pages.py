"""The second sample plan (Pamiškis: priorities → objectives → measures, no budget, yearly) in every page,
in reporting, dashboards and reports."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from indicators.models import Indicator, IndicatorValue
from reporting import workflow
from reports.models import Report
from reports.services import report_request
from schools.models import School

from .conftest import make_user
from .test_reports import pdf_text

NO_BUDGET = "Šiame plane biudžetas nenumatytas"
ZERO = "0,00\u00a0€"


@pytest.fixture
def pamiskis_staff(pamiskis):
    return make_user("staff@pamiskis.test", User.Role.STAFF, pamiskis.municipality)


@pytest.fixture
def gymnasium(pamiskis):
    return School.objects.get(municipality=pamiskis.municipality, code="PVDG")


@pytest.fixture
def open_year(pamiskis):
    import datetime

    from django.utils import timezone

    period = pamiskis.periods.get(code="2025")
    period.deadline = timezone.localdate() + datetime.timedelta(days=10)
    period.save(update_fields=["deadline"])
    return period


@pytest.fixture
def pamiskis_coordinator(pamiskis, gymnasium):
    return make_user("pvdg@pamiskis.test", User.Role.COORDINATOR, pamiskis.municipality, schools=[gymnasium])


def plan_pages(pamiskis, gymnasium, period):
    m = pamiskis.municipality.code
    kindergarten = "pamiskio-lopselis-darzelis-pasaka"
    return [
        reverse("municipality_home", args=[m]),
        reverse("plans:overview", args=[m]),
        reverse("plans:data_notes", args=[m]),
        reverse("activities:list", args=[m]),
        reverse("activities:detail", args=[m, "I.1.2"]),
        reverse("activities:detail", args=[m, "III.3.4"]),
        reverse("schools:list", args=[m]),
        reverse("schools:detail", args=[m, "PVDG"]),
        reverse("schools:detail", args=[m, kindergarten]),
        reverse("schools:detail", args=[m, "VDU"]),
        reverse("schools:edit", args=[m, kindergarten]),
        reverse("indicators:list", args=[m]),
        reverse("indicators:detail", args=[m, "I.1.2.c"]),
        reverse("indicators:detail", args=[m, "I.2.2.a"]),
        reverse("indicators:detail", args=[m, "4"]),
        reverse("budget:overview", args=[m]),
        reverse("dashboards:municipality", args=[m]),
        reverse("dashboards:school", args=[m, "PVDG"]),
        reverse("dashboards:school", args=[m, kindergarten]),
        reverse("dashboards:networking", args=[m]),
        reverse("networking:events", args=[m]),
        reverse("reporting:periods", args=[m]),
        reverse("reporting:completeness", args=[m, period.code]),
        reverse("reporting:period_edit", args=[m, period.code]),
        reverse("reporting:school_period", args=[m, period.code, "PVDG"]),
        reverse("reporting:activity", args=[m, period.code, "PVDG", "I.1.1"]),
        reverse("reporting:indicator", args=[m, period.code, "PVDG", "I.1.1.c"]),
        reverse("reporting:queue", args=[m]),
        reverse("reporting:audit", args=[m]),
        reverse("reports:list", args=[m]),
        reverse("accounts:user_list", args=[m]),
        reverse("plans:export", args=[m]),
        reverse("plans:import", args=[m]),
    ]


def test_every_page_of_the_second_plan_answers_for_staff_without_made_up_money(
    client_for, pamiskis_staff, pamiskis, gymnasium, open_year
):
    client = client_for(pamiskis_staff)
    for url in plan_pages(pamiskis, gymnasium, open_year):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert ZERO not in text, url
    for url in (reverse("plans:overview", args=["pamiskis"]), reverse("budget:overview", args=["pamiskis"])):
        assert client.get(url).content.decode().count(NO_BUDGET) == 1, url


def test_pages_use_the_plans_own_level_names(client_for, pamiskis_staff, pamiskis):
    client = client_for(pamiskis_staff)
    overview = client.get(reverse("plans:overview", args=["pamiskis"])).content.decode()
    assert "Prioritetai, uždaviniai ir priemonės" in overview and "II prioritetas." in overview
    assert "II.1 uždavinys." in overview and "Tikslai, uždaviniai ir veiklos" not in overview
    measures = client.get(reverse("activities:list", args=["pamiskis"])).content.decode()
    assert "<h1>Priemonės</h1>" in measures and "Plano veiklos" not in measures


def test_indicator_pages_show_each_target_form_as_the_plan_writes_it(client_for, pamiskis_staff, pamiskis):
    client = client_for(pamiskis_staff)
    listing = client.get(reverse("indicators:list", args=["pamiskis"])).content.decode()
    assert "4–6\u00a0val." in listing  # a range, in the printed unit
    assert "nuo 85\u00a0vaikų sk. iki 20\u00a0vaikų sk." in listing  # "sumažės nuo 85 iki 20"
    assert "padidės 5\u00a0proc. punktų" in listing
    assert "Aprašas parengtas, aptartas su įstaigomis ir patvirtintas" in listing
    assert "bent 1\u00a0500\u00a0mokinių sk." in listing
    assert not Indicator.objects.filter(plan__municipality__code="pamiskis", target=1).exists()  # no placeholder


def test_a_coordinator_reports_a_text_target_and_a_range_target(client_for, pamiskis_coordinator, open_year, gymnasium):
    client = client_for(pamiskis_coordinator)
    text_url = reverse("reporting:indicator", args=["pamiskis", "2025", "PVDG", "I.1.1.c"])
    page = client.get(text_url).content.decode()
    assert 'name="text"' in page and 'name="value"' not in page
    response = client.post(text_url, {"text": "Tvarkos aprašas parengtas ir patvirtintas 2025-06-12", "note": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    described = IndicatorValue.objects.get(indicator__number="I.1.1.c", school=gymnasium, period=open_year)
    assert described.text == "Tvarkos aprašas parengtas ir patvirtintas 2025-06-12" and described.value is None

    range_url = reverse("reporting:indicator", args=["pamiskis", "2025", "PVDG", "I.1.2.c"])
    page = client.get(range_url).content.decode()
    assert 'name="value"' in page and "Reikšmė (val.)" in page
    assert client.post(range_url, {"value": "5,5", "note": ""}).status_code == 302
    hours = IndicatorValue.objects.get(indicator__number="I.1.2.c", school=gymnasium, period=open_year)
    assert hours.value == Decimal("5.5")

    refused = client.post(text_url, {"text": "", "note": ""})
    assert "Aprašykite, kas pasiekta" in refused.content.decode()


def test_a_school_reports_only_the_indicators_of_its_own_measures(client_for, pamiskis_coordinator, open_year):
    page = (
        client_for(pamiskis_coordinator)
        .get(reverse("reporting:school_period", args=["pamiskis", "2025", "PVDG"]))
        .content.decode()
    )
    assert ">I.1.1.a. " in page  # PVDG carries out I.1.1
    assert ">I.2.3.a. " not in page  # the support service's own measure


def test_the_dashboard_measures_progress_toward_each_form(client_for, pamiskis_staff, pamiskis, gymnasium, open_year):
    from dashboards.services import snapshots_recompute

    coordinator = make_user("c2@pamiskis.test", User.Role.COORDINATOR, pamiskis.municipality, schools=[gymnasium])
    from indicators.services import indicator_value_save

    for number, data in (("I.1.2.c", {"value": Decimal("5")}), ("I.1.1.c", {"text": "Parengtas"})):
        indicator = Indicator.objects.get(plan=pamiskis, number=number)
        item = indicator_value_save(
            user=coordinator, period=open_year, school=gymnasium, indicator=indicator, data=data
        )
        workflow.items_submit(user=coordinator, items=[item])
        workflow.items_approve(user=pamiskis_staff, items=[item])
    Indicator.objects.filter(plan=pamiskis, number="I.1.1.c").update(judgement="partly")
    snapshots_recompute(plan=pamiskis)
    page = client_for(pamiskis_staff).get(reverse("dashboards:municipality", args=["pamiskis"])).content.decode()
    assert "4–6" in page and "pasiektas iš dalies" in page and NO_BUDGET in page


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_both_report_formats_render_for_the_second_plan(
    pamiskis, pamiskis_staff, fmt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(user=pamiskis_staff, plan=pamiskis, kind="progress", period="2025", fmt=fmt)
    report.refresh_from_db()
    assert report.state == Report.State.DONE, report.error
    content = report.file.read()
    if fmt == "pdf":
        text = pdf_text(content)
        assert "Pamiškio rajono savivaldybės švietimo pažangos planas" in text and ZERO not in text
    else:
        sheets = load_workbook(io.BytesIO(content)).worksheets
        cells = [str(c) for sheet in sheets for row in sheet.iter_rows(values_only=True) for c in row if c]
        assert any("I.1.2.c" == c for c in cells)


def test_staff_judge_a_described_target_and_others_may_not(client_for, pamiskis_staff, pamiskis, pamiskis_coordinator):
    url = reverse("indicators:judge", args=["pamiskis", "I.2.2.a"])
    assert client_for(pamiskis_coordinator).post(url, {"judgement": "achieved"}).status_code == 403
    assert Indicator.objects.get(plan=pamiskis, number="I.2.2.a").judgement == ""
    client = client_for(pamiskis_staff)
    assert client.post(url, {"judgement": "partly"}).status_code == 302
    assert Indicator.objects.get(plan=pamiskis, number="I.2.2.a").judgement == "partly"
    numeric = reverse("indicators:judge", args=["pamiskis", "I.1.2.c"])
    response = client.post(numeric, {"judgement": "achieved"}, follow=True)
    assert "Vertinami tik žodžiais aprašyti rodikliai" in response.content.decode()
    assert Indicator.objects.get(plan=pamiskis, number="I.1.2.c").judgement == ""


def test_an_amendment_keeps_each_version_and_shows_what_changed(client_for, pamiskis, pamiskis_staff):
    import yaml

    from planfile.importer import plan_import

    from .plans import to_yaml
    from .test_plan_v2 import pamiskis_data

    assert [v.number for v in pamiskis.versions.all()] == [1]
    data = pamiskis_data()
    hours = next(i for i in data["indicators"] if i["number"] == "I.1.2.c")
    hours["target"] = {"form": "range", "min": "5", "max": "8", "text": "5–8 val."}
    data["activities"] = [a for a in data["activities"] if a["number"] != "III.3.4"]
    data["indicators"] = [i for i in data["indicators"] if i.get("activity") != "III.3.4"]
    data["activities"].append({"number": "III.3.5", "title": "Jaunimo iniciatyvų fondas", "objectives": ["III.3"]})
    plan_import(content=to_yaml(data), source="pakeitimas-2026.yaml", allow_removals=True, user=pamiskis_staff)
    versions = list(pamiskis.versions.all())
    assert [v.number for v in versions] == [2, 1] and versions[0].imported_by == pamiskis_staff
    assert yaml.safe_load(versions[1].content)["format"] == "tum-plan/2"

    page = client_for(pamiskis_staff).get(reverse("plans:versions", args=["pamiskis"])).content.decode()
    assert "pakeitimas-2026.yaml" in page and str(pamiskis_staff) in page
    assert "Kas pasikeitė nuo 1 iki 2 versijos" in page
    assert "III.3.5" in page and "Jaunimo iniciatyvų fondas" in page  # added
    assert "III.3.4" in page and "pašalinta" in page  # removed, with its indicators
    assert "form: range, min: 4, max: 6, text: 4–6 val." in page and "form: range, min: 5, max: 8" in page

    plan_import(content=to_yaml(data), source="vel-tas-pats.yaml")
    assert pamiskis.versions.count() == 2  # an import that changes nothing is no new version
