"""Plan format tum-plan/2: another municipality's plan as it is written, beside Kaunas, with nothing invented."""

import datetime
from decimal import Decimal

import pytest
import yaml

from activities.models import Activity, ActivitySchool
from core.numbering import sort_key
from indicators.models import Indicator
from planfile.exporter import plan_as_yaml
from planfile.fields import choice
from planfile.importer import plan_import
from planfile.schema import PlanFileError
from plans.models import Plan
from schools.models import School

from .conftest import PAMISKIS_PLAN
from .plans import to_yaml

D = Decimal


def pamiskis_data():
    return yaml.safe_load(PAMISKIS_PLAN.read_text(encoding="utf-8"))


def problems_of(data):
    with pytest.raises(PlanFileError) as error:
        plan_import(content=to_yaml(data), dry_run=True)
    return error.value.problems


def test_the_second_plan_imports_beside_kaunas(kaunas, pamiskis):
    assert Plan.objects.filter(municipality__code__in=["kaunas", "pamiskis"]).count() == 2
    assert pamiskis.levels.goal.one == "Prioritetas" and pamiskis.levels.activity.many == "Priemonės"
    assert kaunas.levels.goal.one == "Tikslas" and kaunas.levels.activity.many == "Veiklos"
    assert [g.number for g in pamiskis.goals.all()] == ["I", "II", "III"]
    assert [o.number for o in pamiskis.goals.get(number="II").objectives.all()] == ["II.1", "II.2", "II.3"]
    assert not pamiskis.has_budget and pamiskis.declared_total_amount is None and pamiskis.indirect_rate is None
    assert not pamiskis.dates_exact and pamiskis.period_text == "2025–2027 m."
    assert [p.code for p in pamiskis.periods.order_by("starts_on")] == ["2025", "2026", "2027"]
    assert not pamiskis.budget_categories.exists()


def test_measures_keep_their_printed_numbers_in_natural_order(pamiskis):
    numbers = list(Activity.objects.filter(plan=pamiskis).values_list("number", flat=True))
    assert numbers[:3] == ["I.1.1", "I.1.2", "I.1.3"]
    assert numbers == sorted(numbers, key=sort_key)
    assert numbers.index("II.1.1") > numbers.index("I.3.4")
    assert not Activity.objects.filter(plan=pamiskis, parent__isnull=False).exists()  # no parent was made up


def test_measure_indicators_keep_their_target_form_unit_and_missing_baselines(pamiskis):
    indicators = Indicator.objects.filter(plan=pamiskis)
    assert indicators.count() == 105
    assert indicators.filter(activity__isnull=False).count() == 101
    forms = set(indicators.values_list("target_qualifier", flat=True))
    assert forms == {"exact", "at_least", "at_most", "range", "change", "text"}
    assert indicators.exclude(unit_text="").values("unit_text").distinct().count() >= 20

    waiting = indicators.get(number="I.3.1.b")  # "sumažės nuo 85 iki 20"
    assert (waiting.target_qualifier, waiting.change_from, waiting.target) == ("change", D("85"), D("20"))
    assert waiting.higher_is_better is False and waiting.unit_text == "vaikų sk." and waiting.activity.number == "I.3.1"

    hours = indicators.get(number="I.1.2.c")  # "4–6 val.", no baseline in the plan
    assert (hours.target_qualifier, hours.target_min, hours.target_max, hours.target) == ("range", D(4), D(6), None)
    assert hours.unit == "amount" and not hours.baselines.exists()

    rise = indicators.get(number="III.2.1.c")  # "padidės 5 proc. punktais"
    assert (rise.target_qualifier, rise.change_by, rise.target) == ("change", D(5), None)

    described = indicators.get(number="I.2.2.a")
    assert described.target_qualifier == "text" and described.target is None and described.is_text
    assert described.target_text == "Aprašas parengtas, aptartas su įstaigomis ir patvirtintas"


def test_institutions_of_every_kind_with_codes_as_written_or_made_from_the_name(pamiskis):
    schools = School.objects.filter(municipality=pamiskis.municipality)
    assert schools.get(code="PVDG").institution_type == "gymnasium"
    kindergarten = schools.get(code="pamiskio-lopselis-darzelis-pasaka")
    assert (kindergarten.name, kindergarten.institution_type) == ("Pamiškio lopšelis-darželis „Pasaka“", "kindergarten")
    assert schools.get(code="VDU").kind == School.Kind.ORGANISATION
    types = set(schools.values_list("institution_type", flat=True))
    assert {"kindergarten", "progymnasium", "basic_school", "vocational_centre", "youth_centre", "university"} <= types
    measure = Activity.objects.get(plan=pamiskis, number="II.1.2")
    roles = {(r.school.code, r.role) for r in measure.school_roles.select_related("school")}
    assert ("SPT", ActivitySchool.Role.RESPONSIBLE) in roles and ("VDU", ActivitySchool.Role.PARTNER) in roles
    assert ("PVDG", ActivitySchool.Role.IMPLEMENTS) in roles


def test_round_trip_of_the_second_plan_gives_no_difference(pamiskis):
    exported = plan_as_yaml(pamiskis)
    result = plan_import(content=exported.encode("utf-8"))
    assert not result.changed, result.summary()
    assert plan_as_yaml(pamiskis) == exported
    data = yaml.safe_load(exported)
    assert data["plan"] == {**pamiskis_data()["plan"]}
    assert "declared_totals" not in data["plan"] and data["budget_categories"] == []
    assert all("budget_lines" not in a or a["budget_lines"] == [] for a in data["activities"])


def test_a_figure_the_plan_does_not_give_stays_empty(pamiskis):
    indicator = Indicator.objects.get(plan=pamiskis, number="4")
    assert indicator.baselines.count() == 0 and indicator.target is None and indicator.target_min is None
    assert pamiskis.declared_direct_amount is None


@pytest.mark.parametrize(
    "target, message",
    [
        ({"form": "range", "min": "5"}, "target: forma „range“: intervalui nurodykite „min“ ir „max“"),
        ({"form": "range", "min": "9", "max": "5"}, "target: intervalo „min“ didesnis už „max“"),
        (
            {"form": "change"},
            "target: forma „change“: pokyčiui nurodykite „by“ (pvz., 5 arba -3) arba „from“ ir „value“",
        ),
        ({"form": "text"}, "target: forma „text“: aprašytam rezultatui nurodykite „text“"),
        ({"form": "at_most"}, "target: forma „at_most“: nurodykite „value“"),
        (
            {"form": "about", "value": "5"},
            "target.form: „about“ – galimos reikšmės: at_least, at_most, change, exact, range, text",
        ),
        ({"form": "exact", "value": "1O"}, "target.value: „1O“ nėra skaičius"),
    ],
)
def test_a_target_missing_what_its_form_needs_is_refused_naming_the_indicator(pamiskis, target, message):
    data = pamiskis_data()
    data["indicators"][5]["target"] = target
    number = data["indicators"][5]["number"]
    assert problems_of(data) == [f"indicators, įrašas 6 ({number}): {message}"]


def test_a_percent_target_above_100_is_refused(pamiskis):
    data = pamiskis_data()
    data["indicators"][0]["target"] = {"form": "range", "min": "90", "max": "101"}
    assert problems_of(data) == [
        "indicators, įrašas 1 (1): procentinio rodiklio siekiama reikšmė turi būti nuo 0 iki 100"
    ]


def test_a_plan_without_budget_may_not_carry_money(pamiskis):
    data = pamiskis_data()
    data["activities"][0]["budget_lines"] = [{"school": None, "amount": "100.00", "vat": None}]
    assert problems_of(data) == [
        "activities, įrašas 1 (I.1.1): plane biudžeto nėra („budget: false“), todėl „budget_lines“, „printed“ ir "
        "„category“ nerašomi"
    ]


def test_the_plan_needs_dates_or_years(pamiskis):
    data = pamiskis_data()
    del data["plan"]["last_year"]
    assert problems_of(data) == [
        "plan: nurodykite plano datas („starts_on“, „ends_on“) arba, jei plane jų nėra, metus („first_year“, "
        "„last_year“)"
    ]


def test_one_root_problem_is_reported_not_what_follows_from_it(pamiskis):
    data = pamiskis_data()
    data["schools"][0]["kind"] = "school"  # the first school is referred to by many measures
    data["activities"][3]["number"] = "I.1.1"  # a duplicate: checked only once every entry is well formed
    assert problems_of(data) == [
        "schools, įrašas 1 (PVDG): kind: „school“ – galimos reikšmės: networking, organisation, participating"
    ]


def test_a_reference_to_an_unknown_measure_names_section_entry_and_field(pamiskis):
    data = pamiskis_data()
    data["indicators"][10]["activity"] = "IX.9.9"
    number = data["indicators"][10]["number"]
    assert problems_of(data) == [
        f"indicators, įrašas 11 ({number}): activity: nežinoma veikla „IX.9.9“ – jos nėra skyriuje „activities“"
    ]


def test_a_measure_cannot_be_its_own_parent(pamiskis):
    data = pamiskis_data()
    data["activities"][0]["parent"] = "I.1.2"
    data["activities"][1]["parent"] = "I.1.1"
    problems = problems_of(data)
    assert problems[0] == "activities, įrašas 1 (I.1.1): veikla negali būti pati sau aukštesnė (parent)"


def test_the_file_knows_every_choice_of_the_models():
    """A choice added to a model and not to the file's words fails loudly, instead of refusing that value."""
    with pytest.raises(ValueError, match="does not know every choice"):
        choice(["G", "T", "O", "X"], {"participating": "G", "networking": "T", "organisation": "O"})
    from planfile import schema

    assert set(schema.SCHOOL_KINDS.values()) == set(School.Kind.values)


def test_a_v1_file_still_imports_and_its_problems_name_v1_fields(kaunas):
    from .plans import small_plan_data

    data = small_plan_data(code="v1miestis")
    plan = plan_import(content=to_yaml(data)).plan
    assert plan.goals.get().objectives.get().number == "1.1"
    assert Activity.objects.get(plan=plan, number="2.1").parent.number == "2"
    assert plan.reporting_frequency == "quarterly" and plan.has_budget and plan.dates_exact
    data["indicators"][0]["unit"] = "kg"
    assert problems_of(data) == [
        "indicators, įrašas 1 (1): unit: „kg“ – galimos reikšmės: amount, count, percent, ratio, score, text"
    ]


def test_objective_numbers_become_whole_printed_numbers_in_the_migration():
    """The data migration's rule, on its own: objective 2 of goal 1 is "1.2"."""
    import importlib

    migration = importlib.import_module("plans.migrations.0009_objective_printed_numbers")
    assert migration._sort_key("II.10") == sort_key("II.10") == "0002.0010"


def test_yearly_periods_cover_the_years_the_plan_names(pamiskis):
    periods = list(pamiskis.periods.order_by("starts_on"))
    assert (periods[0].starts_on, periods[-1].ends_on) == (datetime.date(2025, 1, 1), datetime.date(2027, 12, 31))
