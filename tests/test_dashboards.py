"""Dashboard snapshots: numbers against hand-computed values, counted indicators, idempotence, a real worker."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from activities.models import Activity
from activities.services import activity_progress_save
from dashboards.models import Snapshot
from dashboards.services import snapshot_for, snapshots_recompute
from indicators.models import Indicator
from indicators.services import indicator_value_save
from networking.services import networking_event_save
from plans.models import Area
from reporting import workflow
from reports.content import build_content
from schools.models import School

from .conftest import make_user, save_progress

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def small(other_plan):
    for period in other_plan.periods.all():
        period.deadline = timezone.localdate() + datetime.timedelta(days=30)
        period.save()
    return other_plan


@pytest.fixture
def people(small):
    schools = {s.code: s for s in School.objects.filter(municipality=small.municipality)}
    return {
        "staff": make_user("s@small.test", User.Role.STAFF, small.municipality),
        "g1": make_user("g1@small.test", User.Role.COORDINATOR, small.municipality, schools=[schools["G1"]]),
        "g2": make_user("g2@small.test", User.Role.COORDINATOR, small.municipality, schools=[schools["G2"]]),
        "schools": schools,
    }


def approve(people, items):
    by_school = {}
    for item in items:
        by_school.setdefault(item.school_id, []).append(item)
    for school_items in by_school.values():
        author = people["g1"] if school_items[0].school.code == "G1" else people["g2"]
        workflow.items_submit(user=author, items=school_items)
    approved, skipped = workflow.items_approve(user=people["staff"], items=items)
    assert not skipped
    return approved


def value(people, period, code, number, amount):
    indicator = Indicator.objects.get(plan=period.plan, number=number)
    author = people["g1"] if code == "G1" else people["g2"]
    return indicator_value_save(
        user=author, period=period, school=people["schools"][code], indicator=indicator, data={"value": D(amount)}
    )


@pytest.fixture
def reported(small, people):
    """Indicator 1 (percent, baseline 40, target 50): G1 44 and G2 47 in 2025-Q1; G1 48 in 2025-Q4.
    Activity 1 (G1) and 2.1 (G2) progress; two networking events; spending is left out here."""
    q1, q4 = small.periods.get(code="2025-Q1"), small.periods.get(code="2025-Q4")
    items = [value(people, q1, "G1", 1, "44"), value(people, q1, "G2", 1, "47"), value(people, q4, "G1", 1, "48")]
    act1 = Activity.objects.get(plan=small, number="1")
    act21 = Activity.objects.get(plan=small, number="2.1")
    t1 = people["schools"]["T1"]
    items.append(
        activity_progress_save(
            user=people["g1"],
            period=q4,
            school=people["schools"]["G1"],
            activity=act1,
            data={"status": "done", "percent_done": 100, "done_text": "Įrengta", "networking_schools": [t1]},
        )
    )
    items.append(
        activity_progress_save(
            user=people["g2"],
            period=q1,
            school=people["schools"]["G2"],
            activity=act21,
            data={"status": "in_progress", "percent_done": 30, "done_text": "Vyksta"},
        )
    )
    for day, code in ((datetime.date(2025, 2, 3), "G1"), (datetime.date(2025, 11, 5), "G2")):
        author = people["g1"] if code == "G1" else people["g2"]
        items.append(
            networking_event_save(
                user=author,
                plan=small,
                school=people["schools"][code],
                data={
                    "date": day,
                    "form": "lesson",
                    "title": "Pamoka",
                    "participants": 20,
                    "participating_schools": [t1],
                },
            )
        )
    approve(people, items)
    snapshots_recompute(plan=small)
    return small


def indicator_row(snapshot, number):
    return next(row for row in snapshot.data["indicators"] if row["number"] == str(number))


def test_indicator_values_are_combined_per_period(reported):
    row = indicator_row(snapshot_for(reported), 1)
    series = dict(row["series"])
    assert series["2025-Q1"] == "45.50"  # mean of 44 and 47
    assert series["2025-Q4"] == "48.00"
    assert series["2024-Q2"] is None
    assert row["latest"] == "48.00" and row["latest_period"] == "2025-Q4"
    assert row["progress"] == "80.00"  # (48 - 40) / (50 - 40)


def test_on_track_against_the_straight_path(reported):
    row = indicator_row(snapshot_for(reported), 1)
    # plan 2024-03-01 .. 2026-04-30 (790 days); 2025-Q4 ends 2025-12-31, day 670 -> 40 + 10 * 670 / 790
    assert row["expected"] == "48.48"
    assert row["on_track"] is False


def test_a_school_snapshot_has_only_its_values(reported, people):
    row = indicator_row(snapshot_for(reported, people["schools"]["G2"]), 1)
    assert dict(row["series"])["2025-Q1"] == "47.00" and row["latest"] == "47.00"


def test_counted_indicators_come_from_the_logged_data(reported):
    # indicator 2 counts networking events (cumulative)
    row = indicator_row(snapshot_for(reported), 2)
    series = dict(row["series"])
    assert row["computed"] and series["2024-Q4"] == "0" and series["2025-Q1"] == "1" and series["2025-Q4"] == "2"


def test_the_networking_share_indicator_counts_schools(small, people, reported):
    small_indicator = Indicator.objects.get(plan=small, number=2)
    small_indicator.computation = Indicator.Computation.NETWORKING_SHARE_SCHOOLS
    small_indicator.save()
    snapshots_recompute(plan=small)
    series = dict(indicator_row(snapshot_for(small), 2)["series"])
    # G1's only approved item (2025-Q4) had a networking school; G2's (2025-Q1) had none
    assert series["2025-Q1"] == "0" and series["2025-Q4"] == "1"


def test_activity_matrix_and_status_counts(reported):
    data = snapshot_for(reported).data
    matrix = {row["number"]: row["cells"] for row in data["activity_matrix"]}
    assert data["schools"] == ["G1", "G2"]
    assert matrix["1"] == [{"status": "done", "percent": 100}, None]
    assert matrix["2"] == [{"status": "no_data", "percent": None}, {"status": "in_progress", "percent": 30}]
    counts = {row["area"]: row["counts"] for row in data["status_by_area"]}
    assert counts["steam"]["done"] == 1 and counts["leadership"]["in_progress"] == 1


def test_networking_figures(reported):
    networking = snapshot_for(reported).data["networking"]
    assert networking["events"] == 2 and networking["participants"] == 40
    by_period = {p["period"]: p["events"] for p in networking["by_period"]}
    assert by_period["2025-Q1"] == 1 and by_period["2025-Q4"] == 1
    edges = {(e["a"], e["b"]): e for e in networking["edges"]}
    assert edges[("G1", "T1")]["events"] == 1 and edges[("G1", "T1")]["declared"]
    assert edges[("G2", "T2")]["events"] == 0 and edges[("G2", "T2")]["declared"]


def test_budget_figures_equal_the_database(reported, people):
    from budget.models import BudgetLine
    from budget.services import expenditure_save

    line = BudgetLine.objects.get(activity__plan=reported, activity__number="1")
    expenditure_save(
        user=people["staff"],
        line=line,
        data={
            "date": datetime.date(2025, 3, 1),
            "amount": D("333.33"),
            "vat": D("70.00"),
            "vat_exception": False,
            "supplier": "UAB A",
            "document_number": "1",
            "description": "",
            "status": "paid",
        },
    )
    snapshots_recompute(plan=reported)
    budget = snapshot_for(reported).data["budget"]
    assert budget["total"]["planned_amount"] == "1500.00" and budget["total"]["paid_amount"] == "333.33"
    assert [c["paid_amount"] for c in budget["categories"]] == ["333.33", "0.00"]


def test_recompute_is_idempotent(reported):
    before = {s.pk: (s.data, s.data_hash, s.computed_at) for s in Snapshot.objects.filter(plan=reported)}
    assert snapshots_recompute(plan=reported) == 0
    after = {s.pk: (s.data, s.data_hash, s.computed_at) for s in Snapshot.objects.filter(plan=reported)}
    assert before == after


def test_only_approved_data_counts(small, people):
    q1 = small.periods.get(code="2025-Q1")
    value(people, q1, "G1", 1, "44")  # a draft
    snapshots_recompute(plan=small)
    assert indicator_row(snapshot_for(small), 1)["latest"] is None


def test_the_command_recomputes(reported, capsys):
    call_command("recompute_dashboards", "--municipality", reported.municipality.code)
    assert "snapshots changed" in capsys.readouterr().out


def test_the_dashboards_show_when_they_were_computed(client_for, reported, people):
    client = client_for(people["staff"])
    for url in (
        reverse("dashboards:municipality", args=[reported.municipality.code]),
        reverse("dashboards:school", args=[reported.municipality.code, "G1"]),
        reverse("dashboards:networking", args=[reported.municipality.code]),
    ):
        content = client.get(url).content.decode()
        assert "Skaičiai apskaičiuoti" in content and "<svg" in content
    content = client.get(reverse("dashboards:municipality", args=[reported.municipality.code])).content.decode()
    assert "pagal planą šiuo metu turėtų būti" in content and "kelias:" not in content


@pytest.mark.kaunas_data
@pytest.mark.parametrize(
    "name, args", [("dashboards:municipality", []), ("dashboards:school", ["G1"]), ("dashboards:networking", [])]
)
def test_dashboard_query_count_does_not_depend_on_the_data(client, kaunas, reported, people, name, args):
    from demo.data import add_progress

    add_progress(kaunas, seed=3)
    snapshots_recompute(plan=kaunas)
    kaunas_staff = make_user("k@kaunas.test", User.Role.STAFF, kaunas.municipality)
    counts = []
    for user, code in ((people["staff"], reported.municipality.code), (kaunas_staff, "kaunas")):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=[code, *args])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 20


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_recomputes_after_an_approval(celery_worker_app, kaunas, period, coordinator, staff, g1):
    snapshots_recompute(plan=kaunas)
    before = snapshot_for(kaunas, g1).computed_at
    progress = save_progress(coordinator, period, g1, status="done", percent_done=100, done_text="Baigta")
    activity = progress.activity
    workflow.items_submit(user=coordinator, items=[progress])
    workflow.items_approve(user=staff, items=[progress])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and snapshot_for(kaunas, g1).computed_at == before:
        time.sleep(0.3)
    snapshot = snapshot_for(kaunas, g1)
    assert snapshot.computed_at > before
    row = next(r for r in snapshot.data["activity_matrix"] if r["number"] == activity.number.split(".")[0])
    assert row["cells"][0]["status"] == "done"


def test_the_report_counts_statuses_by_area_as_the_dashboard_does(reported):
    """The dashboard and the ministry report read one activity matrix: the same counts, area by area."""
    dashboard = snapshot_for(reported).data["status_by_area"]
    content = build_content(reported, "progress", "all")
    names = {area.code: area.name for area in Area.objects.all()}
    assert content["status_by_area"] == [{"area": names[row["area"]], "counts": row["counts"]} for row in dashboard]
    reported_counts = {row["area"]: {k: n for k, n in row["counts"].items() if n} for row in content["status_by_area"]}
    # G1 finished activity 1 (STEAM); G2 reported 2.1 under way, G1 carries out 2 but has nothing approved.
    assert reported_counts[names["steam"]] == {"done": 1}
    assert reported_counts[names["leadership"]] == {"in_progress": 1, "no_data": 1}


def test_a_school_report_counts_only_that_schools_statuses(reported, people):
    content = build_content(reported, "school", "all", school=people["schools"]["G2"])
    counts = {row["area"]: {k: n for k, n in row["counts"].items() if n} for row in content["status_by_area"]}
    names = {area.code: area.name for area in Area.objects.all()}
    assert counts[names["leadership"]] == {"in_progress": 1}
    assert not counts[names["steam"]]
