"""The Kaunas plan as data (counts, every printed figure, totals; marked `kaunas_data`), and the importer's
guarantees, shown on the small plan (tests/plans.py) and variants of it."""

import csv
from decimal import Decimal

import pytest
import yaml

from activities.models import Activity, ActivitySchool
from budget.models import BudgetCategory, BudgetLine
from budget.selectors import activity_total_subqueries, declared_vs_planned, plan_planned_total, planned_by_category
from indicators.models import Indicator
from planfile.exporter import plan_as_yaml
from planfile.importer import plan_import
from planfile.schema import PlanFileError
from plans.models import DataNote, Goal, Objective, Partner, Plan, Risk
from schools.models import NetworkLink, School

from .conftest import KAUNAS_PLAN, ROOT
from .plans import small_plan_data, small_plan_yaml, to_yaml

D = Decimal


def section6_rows():
    with open(ROOT / "tests" / "data" / "kaunas_section6.tsv", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def row_counts():
    return {
        model: model.objects.count()
        for model in (
            Plan,
            Goal,
            Objective,
            School,
            Activity,
            ActivitySchool,
            BudgetLine,
            Indicator,
            DataNote,
            Partner,
            Risk,
            NetworkLink,
        )
    }


@pytest.mark.kaunas_data
def test_it_has_every_school(kaunas):
    schools = School.objects.filter(municipality=kaunas.municipality)
    assert [s.code for s in schools.participating()] == [f"G{i}" for i in range(1, 12)]
    assert [s.code for s in schools.networking()] == [f"T{i}" for i in range(1, 49)]
    assert all(s.name for s in schools.participating())
    g7 = schools.get(code="G7")
    assert g7.former_name == "Kauno Aleksandro Puškino gimnazija"


@pytest.mark.kaunas_data
def test_it_has_the_networks_as_the_plan_lists_them(kaunas):
    g1 = School.objects.get(municipality=kaunas.municipality, code="G1")
    assert [link.partner.code for link in g1.network_links.all()] == [
        "G5",
        "T18",
        "T24",
        "T26",
        "T27",
        "T32",
        "T34",
        "T35",
        "T37",
        "T39",
    ]
    networked = set(
        NetworkLink.objects.filter(school__municipality=kaunas.municipality).values_list("partner__code", flat=True)
    )
    assert {f"T{i}" for i in range(1, 49)} <= networked


@pytest.mark.kaunas_data
def test_it_has_two_goals_with_three_objectives_each(kaunas):
    goals = list(kaunas.goals.prefetch_related("objectives"))
    assert [g.number for g in goals] == ["1", "2"]
    assert [[o.number for o in g.objectives.all()] for g in goals] == [["1.1", "1.2", "1.3"], ["2.1", "2.2", "2.3"]]


@pytest.mark.kaunas_data
def test_it_has_indicators_1_to_24_with_baselines_and_targets(kaunas):
    indicators = {int(i.number): i for i in kaunas.indicators.prefetch_related("baselines")}
    assert sorted(indicators) == list(range(1, 25))
    assert [n for n, i in indicators.items() if i.kind == "mandatory"] == [1, 2, 3, 4]
    assert [n for n, i in indicators.items() if i.kind == "chosen"] == [5, 6, 7, 8, 9]
    first = indicators[1]
    assert [(b.value, b.school_year) for b in first.baselines.all()] == [(D("79.03"), "2021-2022")]
    assert first.target == D("83.01")
    assert [(b.value, b.school_year) for b in indicators[7].baselines.all()] == [
        (D("76.34"), "2020-2021"),
        (D("74.02"), "2021-2022"),
    ]
    assert indicators[21].target == 9 and indicators[21].target_qualifier == "at_least"
    assert indicators[3].higher_is_better is False and indicators[3].target == 0
    assert indicators[16].computation == "networking_events"
    assert indicators[20].computation == "networking_share_schools"


@pytest.mark.kaunas_data
def test_it_has_every_activity_1_to_67_and_the_sub_activities(kaunas):
    numbers = set(Activity.objects.filter(plan=kaunas).values_list("number", flat=True))
    assert {str(n) for n in range(1, 68)} <= numbers
    for sub in ("2.1", "2.6", "8.1", "8.8.4", "23.3.4", "29.8", "39.3.1", "41.7", "47.6", "53.4", "55.2.1", "61.5"):
        assert sub in numbers
    assert Activity.objects.get(plan=kaunas, number="8.8.4").parent.number == "8.8"


def test_activity_numbers_sort_naturally(db):
    data = small_plan_data(code="numeriai", name="Numerių savivaldybė")
    for number in ("10", "9", "2.10", "2.9"):
        data["activities"].append({"number": number, "title": f"Veikla {number}", "areas": ["steam"], "category": 1})
    plan = plan_import(content=to_yaml(data)).plan
    numbers = list(Activity.objects.filter(plan=plan).values_list("number", flat=True))
    assert numbers == ["1", "2", "2.1", "2.9", "2.10", "9", "10"]


@pytest.mark.kaunas_data
def test_every_activity_keeps_the_figures_section_6_prints(kaunas):
    rows = section6_rows()
    activities = {a.number: a for a in Activity.objects.filter(plan=kaunas)}
    for row in rows:
        activity = activities[row["number"]]
        assert activity.printed_amount == D(row["amount"]), row["number"]
        assert activity.printed_vat == (D(row["vat"]) if row["vat"] else None), row["number"]
        assert activity.source_line == int(row["line"])


@pytest.mark.kaunas_data
def test_each_activity_adds_up_to_what_the_plan_prints_for_it(kaunas):
    """Budget lines count each figure once; where the plan contradicts itself it is a data note."""
    printed = {row["number"]: row for row in section6_rows()}
    activities = Activity.objects.filter(plan=kaunas).annotate(**activity_total_subqueries())
    mismatches = {
        a.number
        for a in activities
        if a.number in printed
        and (
            a.planned_amount != D(printed[a.number]["amount"])
            or a.planned_vat != (D(printed[a.number]["vat"]) if printed[a.number]["vat"] else None)
        )
    }
    # 3 prints 0,00 ("included in 14.1") while its sub-activity 3.1 prints 135 092,21.
    # 8.7.1, 39.3.1 and 55.2.1 are included in their parent's figure, as the plan says, so they carry no line.
    assert mismatches == {"3", "8.7.1", "39.3.1", "55.2.1"}
    assert DataNote.objects.filter(plan=kaunas, text_lt__contains="Veiklai 3 išspausdinta 0,00").exists()


@pytest.mark.kaunas_data
def test_spot_checks_of_single_activities(kaunas):
    def money(number):
        activity = Activity.objects.filter(plan=kaunas, number=number).annotate(**activity_total_subqueries()).get()
        return activity.planned_amount, activity.planned_vat

    assert money("1") == (D("120139.15"), D("25229.22"))
    assert money("2") == (D("361134.70"), D("75838.29"))
    assert money("29") == (D("824385.49"), D("164640.08"))
    assert money("65") == (D("611000.00"), D("128310.00"))
    assert money("8") == (D("1241900.00"), D("169239.00"))
    line = BudgetLine.objects.get(activity__plan=kaunas, activity__number="29.3")
    assert (line.amount, line.vat, line.school) == (D("59696.36"), D("12536.24"), None)
    assert BudgetLine.objects.get(activity__plan=kaunas, activity__number="47.1").school.code == "G3"


@pytest.mark.kaunas_data
def test_schools_by_programme_year(kaunas):
    roles = ActivitySchool.objects.filter(activity__plan=kaunas, activity__number="3", role="implements")
    by_year = {
        y: sorted((r.school.code for r in roles if r.programme_year == y), key=lambda c: int(c[1:])) for y in (1, 2)
    }
    assert by_year == {1: ["G1", "G5", "G6", "G7", "G8"], 2: ["G2", "G3", "G4", "G9", "G10", "G11"]}


@pytest.mark.kaunas_data
def test_declared_totals_are_stored_as_printed(kaunas):
    assert (kaunas.declared_direct_amount, kaunas.declared_direct_vat) == (D("21078431.37"), D("3583630.13"))
    assert (kaunas.declared_indirect_amount, kaunas.declared_indirect_vat) == (D("421568.63"), D("71672.60"))
    assert (kaunas.declared_total_amount, kaunas.declared_total_vat) == (D("21500000.00"), D("3655302.73"))


@pytest.mark.kaunas_data
def test_computed_sums_to_the_cent(kaunas):
    total = plan_planned_total(kaunas)
    lines = list(BudgetLine.objects.filter(activity__plan=kaunas).values_list("amount", "vat"))
    assert total.amount == sum((a for a, _ in lines), D("0")) == D("21104929.81")
    # Activity 49 prints no VAT: its line has none, and the total says it leaves one line out.
    assert total.vat == sum((v for _, v in lines if v is not None), D("0")) == D("3529719.25")
    assert total.vat_missing == 1
    no_vat = BudgetLine.objects.filter(activity__plan=kaunas, vat__isnull=True)
    assert list(no_vat.values_list("activity__number", flat=True)) == ["49"]
    check = {row["key"]: row for row in declared_vs_planned(kaunas)}
    assert check["direct"]["difference"].amount == D("26498.44")
    assert check["direct"]["difference"].vat == D("-53910.88")
    assert check["indirect"]["computed"].amount == D("422098.60")  # 2 % of 21 104 929,81, half-up


@pytest.mark.kaunas_data
def test_category_sums_add_up_to_the_plan(kaunas):
    rows = planned_by_category(kaunas)
    assert [r["activity__category__number"] for r in rows] == [1, 2, 3, 4, 5]
    assert sum(r["amount"] for r in rows) == plan_planned_total(kaunas).amount
    for row in rows:
        expected = sum(
            (
                line.amount
                for line in BudgetLine.objects.filter(
                    activity__plan=kaunas, activity__category__number=row["activity__category__number"]
                )
            ),
            D("0"),
        )
        assert row["amount"] == expected
    assert BudgetCategory.objects.get(plan=kaunas, number=5).includes_indirect_costs


@pytest.mark.kaunas_data
def test_every_activity_is_in_a_category_and_an_area(kaunas):
    assert not Activity.objects.filter(plan=kaunas, category__isnull=True).exists()
    assert not Activity.objects.filter(plan=kaunas, areas__isnull=True).exists()


@pytest.mark.kaunas_data
def test_partners_risks_and_data_notes(kaunas):
    assert Partner.objects.filter(plan=kaunas).count() == 12
    assert Risk.objects.filter(plan=kaunas).count() == 9
    assert DataNote.objects.filter(plan=kaunas, source_line__isnull=False).count() > 50


@pytest.mark.kaunas_data
def test_reimporting_the_same_file_changes_nothing(kaunas):
    before = row_counts()
    result = plan_import(content=KAUNAS_PLAN.read_bytes(), source=KAUNAS_PLAN.name)
    assert not result.changed
    assert row_counts() == before


def test_a_changed_file_updates_the_plan_in_place(small):
    data = small_plan_data()
    data["activities"][0]["title"] = "Laboratorijos įrengimas (patikslinta)"
    data["activities"][0]["budget_lines"][0]["amount"] = "1000.20"  # 210,00 is still 21 % of it, within 5 cents
    line_pk = BudgetLine.objects.get(activity__plan=small, activity__number="1").pk
    result = plan_import(content=to_yaml(data))
    assert (result.created, result.updated, result.deleted) == (0, 2, 0)
    assert Activity.objects.get(plan=small, number="1").title == "Laboratorijos įrengimas (patikslinta)"
    line = BudgetLine.objects.get(pk=line_pk)
    assert line.amount == D("1000.20")
    assert line.history.count() == 2


@pytest.mark.kaunas_data
def test_the_plan_downloads_as_v2_and_goes_back_in_with_no_difference(kaunas):
    exported = plan_as_yaml(kaunas)
    assert exported.startswith("format: tum-plan/2\n")
    before = row_counts()
    result = plan_import(content=exported.encode("utf-8"), source=KAUNAS_PLAN.name)
    assert not result.changed, result.summary()
    assert row_counts() == before
    assert plan_as_yaml(kaunas) == exported


@pytest.mark.kaunas_data
def test_the_v2_download_holds_what_the_v1_file_says(kaunas):
    v1 = yaml.safe_load(KAUNAS_PLAN.read_text(encoding="utf-8"))
    v2 = yaml.safe_load(plan_as_yaml(kaunas))
    assert [g["number"] for g in v2["goals"]] == [str(g["number"]) for g in v1["goals"]]
    assert [o["number"] for o in v2["goals"][1]["objectives"]] == ["2.1", "2.2", "2.3"]
    by_number = {a["number"]: a for a in v2["activities"]}
    assert by_number["8.1"]["parent"] == "8" and "parent" not in by_number["8"]
    first = v2["indicators"][0]
    assert first["measured_as"] == v1["indicators"][0]["unit"] == "percent"
    assert first["target"] == {"form": "exact", "value": "83.01", "text": "83,01"}
    assert {s["kind"] for s in v2["schools"] if s["code"].startswith("T")} == {"networking"}


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["activities"][0]["budget_lines"][0].update(amount="12 0139,15"), "„12 0139,15“ nėra suma eurais"),
        (lambda d: d["activities"][0]["budget_lines"][0].update(vat="-5"), "suma negali būti neigiama"),
        (lambda d: d["activities"][0]["budget_lines"][0].update(amount="10.005"), "„10.005“ nėra suma eurais"),
        (lambda d: d["activities"][1].update(number="1"), "veiklos numeris 1 kartojasi"),
        (lambda d: d["activities"][0].update(schools=[{"code": "G9"}]), "nežinoma mokykla"),
        (lambda d: d["activities"][0].update(areas=["sports"]), "nežinoma sritis „sports“"),
        (lambda d: d["indicators"][0].update(unit="kg"), "galimos reikšmės"),
        (lambda d: d["activities"][2].update(number="3.1"), "nėra aukštesnės veiklos 3"),
        (lambda d: d["plan"].update(ends_on="2020-01-01"), "pabaiga turi būti vėlesnė nei pradžia"),
        (lambda d: d.pop("goals"), "trūksta skyriaus „goals“"),
    ],
)
def test_it_refuses_a_bad_file_whole(db, change, message):
    data = small_plan_data()
    data["activities"].append({"number": "5", "title": "Gera veikla", "areas": ["steam"], "category": 1})
    change(data)
    before = row_counts()
    with pytest.raises(PlanFileError) as error:
        plan_import(content=to_yaml(data))
    assert any(message in problem for problem in error.value.problems), error.value.problems
    assert row_counts() == before


def test_a_problem_names_where_it_is(db):
    data = small_plan_data()
    data["activities"][2]["budget_lines"][0]["amount"] = "12 0139,15"
    with pytest.raises(PlanFileError) as error:
        plan_import(content=to_yaml(data))
    assert error.value.problems == [
        "activities, įrašas 3 (2.1), biudžeto eilutė 1: amount: „12 0139,15“ nėra suma eurais"
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xff\xfe not utf-8", "Failas išsaugotas UTF-16 koduote"),
        (b"format: [unclosed", "eilutė 1: failas, atrodo, nutrūkęs"),
        (b"- just\n- a list\n", "Failas nėra plano aprašas"),
        (b"", "Failas nėra plano aprašas"),
    ],
)
def test_it_refuses_what_is_not_a_plan_file(db, content, message):
    before = row_counts()
    with pytest.raises(PlanFileError, match=message):
        plan_import(content=content)
    assert row_counts() == before


def test_a_second_municipality_lives_beside_kaunas(kaunas):
    before = plan_planned_total(kaunas)
    other = plan_import(content=small_plan_yaml(code="vilkija", name="Vilkijos savivaldybė")).plan
    assert other.municipality.code == "vilkija"
    assert plan_planned_total(other).amount == D("1500.00")
    assert plan_planned_total(kaunas) == before
    assert School.objects.filter(municipality=other.municipality).count() == 4


def test_staff_filled_school_names_survive_a_reimport(small):
    t1 = School.objects.get(municipality=small.municipality, code="T1")  # the file gives it no name
    t1.name = "Testmiesčio progimnazija"
    t1.save()
    assert not plan_import(content=small_plan_yaml()).changed
    t1.refresh_from_db()
    assert t1.name == "Testmiesčio progimnazija"
