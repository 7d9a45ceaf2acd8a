"""The plan file's checks (`planfile.schema.read_plan_file`) without the database: every problem word for word,
and the normalised plan a good file reads to. The importer's own guarantees (nothing half-written, removals
only after a yes) are in test_plan_import.py and test_plan_import_safety.py."""

import copy
import datetime
from decimal import Decimal as D

import pytest

from planfile.schema import PlanFileError, read_plan_file
from plans.areas import PROGRAMME_AREAS

from .plans import small_plan_data, small_plan_yaml, to_yaml

AREAS = [code for code, *_names in PROGRAMME_AREAS]


def read(data):
    return read_plan_file(to_yaml(data), area_codes=AREAS)


def problems(change):
    """The problems reported for the small plan after `change(data)`."""
    data = small_plan_data()
    change(data)
    with pytest.raises(PlanFileError) as error:
        read(data)
    return error.value.problems


def test_the_small_plan_reads_without_a_problem():
    plan = read_plan_file(small_plan_yaml(), area_codes=AREAS)
    assert plan["municipality"] == {"code": "testmiestis", "name": "Testmiesčio savivaldybė"}
    assert plan["vat_checks"] == []


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
def test_a_bad_file_is_refused_with_its_problem(change, message):
    def with_a_fifth_activity(data):
        data["activities"].append({"number": "5", "title": "Gera veikla", "areas": ["steam"], "category": 1})
        change(data)

    found = problems(with_a_fifth_activity)
    assert any(message in problem for problem in found), found


def test_a_problem_names_where_it_is():
    assert problems(lambda d: d["activities"][2]["budget_lines"][0].update(amount="12 0139,15")) == [
        "activities, įrašas 3 (2.1), biudžeto eilutė 1: amount: „12 0139,15“ nėra suma eurais"
    ]


def test_a_missing_section_is_the_one_problem_reported():
    assert problems(lambda d: d.pop("goals")) == [
        "trūksta skyriaus „goals“ – jei jame nieko nėra, rašykite „goals: []“"
    ]


def test_a_file_cut_just_before_a_section_says_so():
    def cut(data):
        for key in ("partners", "risks", "data_notes"):
            del data[key]

    assert problems(cut) == [
        "Failas, atrodo, nutrūkęs: jis baigiasi skyriumi „activities“, o tolesnių skyrių („partners“, „risks“, "
        "„data_notes“) nėra. Įkelkite visą failą."
    ]


def test_vat_above_the_amount_is_refused():
    assert problems(lambda d: d["activities"][0]["budget_lines"][0].update(amount="210.00", vat="1000.00")) == [
        "activities, įrašas 1 (1), biudžeto eilutė 1: vat: PVM 1\u00a0000,00\u00a0€ didesnis už sumą be PVM "
        "210,00\u00a0€ – ar nesukeisti laukai „amount“ ir „vat“? Įrašykite sumą be PVM į „amount“, o PVM – į „vat“."
    ]


def test_a_budget_line_must_say_its_vat_even_when_the_plan_prints_none():
    assert problems(lambda d: d["activities"][0]["budget_lines"][0].pop("vat")) == [
        "activities, įrašas 1 (1), biudžeto eilutė 1: trūksta sumos „vat“ – jei plane PVM suma neišspausdinta, "
        "rašykite „vat: null“"
    ]


def test_an_unusual_vat_rate_is_read_as_written_with_a_note():
    data = small_plan_data()
    data["activities"][0]["budget_lines"][0].update(amount="1000.00", vat="100.00", source_line=42)
    [note] = read(data)["vat_checks"]
    assert note["line"] == 42
    assert note["text_lt"] == (
        "Veikla 1, biudžeto eilutė 1 (G1): PVM 100,00\u00a0€ yra 10,00 % sumos be PVM 1\u00a0000,00\u00a0€ – tai ne "
        "Lietuvos PVM tarifas (21, 9, 5, 0 %). Įkelta taip, kaip parašyta plane; patikrinkite originale."
    )


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda d: d["activities"][0].update(objectives=["9.9"]),
            "activities, įrašas 1 (1): objectives: nežinomas uždavinys „9.9“ – jo nėra skyriuje „goals“ (rašoma "
            "tikslas.uždavinys, pvz., 1.2)",
        ),
        (
            lambda d: d["activities"][0].update(schools=[{"code": "G9", "year": 1}]),
            "activities, įrašas 1 (1): schools: nežinoma mokykla „G9“ – jos nėra skyriuje „schools“",
        ),
        (
            lambda d: d["activities"][0].update(schools=["G1"]),
            "activities, įrašas 1 (1): schools, įrašas 1: reikia mokyklos kodo ir metų, pvz., „- code: G1“ ir "
            "„year: 1“",
        ),
        (
            lambda d: d["activities"][0].update(networking_schools=[{"code": "T1"}]),
            "activities, įrašas 1 (1): „networking_schools“ turi būti kodų sąrašas, pvz., [G1, T2]",
        ),
        (
            lambda d: d["activities"][1].update(related=["99"]),
            "activities, įrašas 2 (2): related: nežinoma veikla „99“ – jos nėra skyriuje „activities“",
        ),
        (
            lambda d: d["activities"][0].update(indicators=[7]),
            "activities, įrašas 1 (1): indicators: nežinomas rodiklis „7“ – jo nėra skyriuje „indicators“",
        ),
        (
            lambda d: d["activities"][0]["budget_lines"][0].update(school={"code": "G1"}),
            "activities, įrašas 1 (1), biudžeto eilutė 1: school: nežinoma mokykla „laukų rinkinys“ – jos nėra "
            "skyriuje „schools“",
        ),
        (
            lambda d: d.update(format="tum-plan/2"),
            "format: tikėtasi „tum-plan/1“, faile – „tum-plan/2“. Ar tai plano failas?",
        ),
    ],
    ids=["objective", "school", "school-entry", "networking-entry", "related", "indicator", "line-school", "format"],
)
def test_each_problem_says_where_and_what_to_do_in_lithuanian(change, message):
    assert problems(change) == [message]


# --- what a good file reads to -----------------------------------------------------------------------------------


def test_the_small_plan_reads_to_exactly_what_its_file_says():
    """Every field of tests/plans.py's small plan, as the importer receives it; defaults filled in."""
    plan = read_plan_file(small_plan_yaml(), area_codes=AREAS)
    assert plan["plan"] == {
        "title": "Testmiesčio pažangos planas",
        "programme": "Tūkstantmečio mokyklos",
        "starts_on": datetime.date(2024, 3, 1),
        "ends_on": datetime.date(2026, 4, 30),
        "indirect_rate": D("0.02"),
        "declared_totals": {
            "direct_amount": D("1500.00"),
            "direct_vat": D("210.00"),
            "indirect_amount": D("30.00"),
            "indirect_vat": D("4.20"),
            "total_amount": D("1530.00"),
            "total_vat": D("214.20"),
        },
    }
    assert plan["goals"] == [
        {"number": 1, "title": "Tolygūs pasiekimai", "objectives": [{"number": 1, "title": "Kompetencijos"}]}
    ]
    school = {"name": "", "former_name": "", "strengths": "", "improvements": "", "sharing": "", "network": []}
    assert plan["schools"] == [
        {**school, "code": "G1", "name": "Testmiesčio gimnazija", "network": ["T1"]},
        {**school, "code": "G2", "name": "Antroji gimnazija", "network": ["T1", "T2"]},
        {**school, "code": "T1"},
        {**school, "code": "T2"},
    ]
    assert plan["budget_categories"] == [
        {
            "number": 1,
            "name": "Infrastruktūra",
            "name_en": "Infrastructure",
            "activities_text": "1.",
            "includes_indirect_costs": False,
        },
        {
            "number": 2,
            "name": "Ugdymo veiklos",
            "name_en": "Activities",
            "activities_text": "2.",
            "includes_indirect_costs": True,
        },
    ]
    indicator = {
        "baseline_text": "",
        "target_text": "",
        "target_qualifier": "exact",
        "higher_is_better": True,
        "computation": "",
        "source_line": None,
    }
    assert plan["indicators"] == [
        {
            **indicator,
            "number": 1,
            "name": "Pasiekusių mokinių dalis (proc.)",
            "kind": "mandatory",
            "unit": "percent",
            "baselines": [{"value": D("40"), "school_year": "2021-2022", "note": ""}],
            "target": D("50"),
        },
        {
            **indicator,
            "number": 2,
            "name": "Tinklaveikos veiklų skaičius (vnt.)",
            "kind": "additional",
            "unit": "count",
            "baselines": [],
            "baseline_text": "nematuojama",
            "target": D("10"),
            "computation": "networking_events",
        },
    ]
    activity = {
        "description": "",
        "rationale": "",
        "measurement": "",
        "documents": "",
        "form": "",
        "period_text": "",
        "starts_on": None,
        "ends_on": None,
        "objectives": [],
        "indicators": [],
        "related": [],
        "networking_schools": [],
        "schools_text": "",
        "networking_text": "",
        "source_line": None,
    }
    line = {"description": "", "source_line": None}
    assert plan["activities"] == [
        {
            **activity,
            "number": "1",
            "title": "Laboratorijos įrengimas",
            "period_text": "2025 m.",
            "starts_on": datetime.date(2025, 1, 1),
            "ends_on": datetime.date(2025, 12, 31),
            "areas": ["steam"],
            "category": 1,
            "objectives": ["1.1"],
            "indicators": [1],
            "schools": [{"code": "G1", "year": None}],
            "networking_schools": ["T1"],
            "printed_amount": D("1000.00"),
            "printed_vat": D("210.00"),
            "budget_lines": [{**line, "school": "G1", "amount": D("1000.00"), "vat": D("210.00")}],
        },
        {
            **activity,
            "number": "2",
            "title": "Mokymai",
            "period_text": "2024–2026 m.",
            "starts_on": datetime.date(2024, 3, 1),
            "ends_on": datetime.date(2026, 4, 30),
            "areas": ["leadership", "culture"],
            "category": 2,
            "objectives": ["1.1"],
            "indicators": [1, 2],
            "related": ["1"],
            "schools": [{"code": "G1", "year": 1}, {"code": "G2", "year": 2}],
            "printed_amount": D("500.00"),
            "printed_vat": D("0.00"),
            "budget_lines": [],
        },
        {
            **activity,
            "number": "2.1",
            "title": "Vadovų mokymai",
            "areas": ["leadership"],
            "category": 2,
            "schools": [{"code": "G2", "year": None}],
            "printed_amount": D("500.00"),
            "printed_vat": D("0.00"),
            "budget_lines": [{**line, "school": "G2", "amount": D("500.00"), "vat": D("0.00")}],
        },
    ]
    assert plan["partners"] == [
        {"name": "Universitetas", "address": "", "description": "Konsultuoja", "areas": ["steam"]}
    ]
    assert plan["risks"] == [{"name": "Infliacija", "level": "low", "mitigation": "Stebėsena"}]
    assert plan["data_notes"] == [{"line": 10, "text_lt": "Pavyzdinė pastaba", "text_en": "A sample note"}]


def test_text_is_read_stripped_and_numbers_written_as_text_are_text():
    data = small_plan_data()
    data["plan"]["title"] = "  Testmiesčio planas  "
    data["goals"][0]["title"] = 2024
    plan = read(data)
    assert (plan["plan"]["title"], plan["goals"][0]["title"]) == ("Testmiesčio planas", "2024")


def test_dates_written_as_dates_or_as_text_are_the_same_date():
    data = small_plan_data()
    data["activities"][0]["period"].update(starts_on=datetime.date(2025, 2, 1), ends_on="2025-11-30")
    activity = read(data)["activities"][0]
    assert (activity["starts_on"], activity["ends_on"]) == (datetime.date(2025, 2, 1), datetime.date(2025, 11, 30))


@pytest.mark.parametrize(
    "amount, read_as",
    [("1 000,00", D("1000.00")), ("0.00", D("0.00")), ("999999999999.99", D("999999999999.99")), (250, D("250"))],
)
def test_amounts_in_either_writing_up_to_a_trillion(amount, read_as):
    data = small_plan_data()
    data["activities"][0]["budget_lines"][0].update(amount=amount, vat="0.00")
    assert read(data)["activities"][0]["budget_lines"][0]["amount"] == read_as


def test_a_vat_the_plan_does_not_print_is_none_not_zero():
    data = small_plan_data()
    data["activities"][0]["budget_lines"][0]["vat"] = None
    data["activities"][0]["printed"]["vat"] = ""
    activity = read(data)["activities"][0]
    assert (activity["budget_lines"][0]["vat"], activity["printed_vat"]) == (None, None)


@pytest.mark.parametrize(
    "rate, read_as", [("0.0255", D("0.0255")), ("-0.5", D("-0.5")), ("9999999999.9999", D("9999999999.9999"))]
)
def test_numbers_have_up_to_four_decimals_and_ten_digits(rate, read_as):
    data = small_plan_data()
    data["plan"]["indirect_rate"] = rate
    assert read(data)["plan"]["indirect_rate"] == read_as


def test_numbers_up_to_9999_are_record_numbers():
    data = small_plan_data()
    data["goals"].append({"number": 9999, "title": "Paskutinis", "objectives": []})
    assert [goal["number"] for goal in read(data)["goals"]] == [1, 9999]


def test_codes_are_stripped_and_counted_once_and_an_activity_is_not_related_to_itself():
    data = small_plan_data()
    data["activities"][0]["areas"] = [" steam ", "steam", "culture"]
    data["activities"][1]["related"] = ["1", "2", "1"]
    activities = read(data)["activities"]
    assert (activities[0]["areas"], activities[1]["related"]) == (["steam", "culture"], ["1"])


def test_source_lines_are_kept_only_as_whole_numbers():
    data = small_plan_data()
    data["activities"][0]["source_line"] = 120
    data["activities"][0]["budget_lines"][0]["source_line"] = "121"
    data["indicators"][0]["source_line"] = 33
    data["data_notes"][0]["line"] = "10"
    plan = read(data)
    activity = plan["activities"][0]
    assert (activity["source_line"], activity["budget_lines"][0]["source_line"]) == (120, None)
    assert (plan["indicators"][0]["source_line"], plan["data_notes"][0]["line"]) == (33, None)


def test_what_may_be_left_out_takes_its_default():
    data = small_plan_data()
    del data["budget_categories"][0]["includes_indirect_costs"]
    del data["indicators"][0]["baselines"]
    data["indicators"][0].update(target_qualifier="at_least", higher_is_better=False)
    del data["activities"][0]["period"]
    plan = read(data)
    assert plan["budget_categories"][0]["includes_indirect_costs"] is False
    indicator = plan["indicators"][0]
    assert (indicator["baselines"], indicator["target_qualifier"], indicator["higher_is_better"]) == (
        [],
        "at_least",
        False,
    )
    activity = plan["activities"][0]
    assert (activity["period_text"], activity["starts_on"], activity["ends_on"]) == ("", None, None)


@pytest.mark.parametrize("year", [None, 1, 2, 3])
def test_a_school_carries_out_an_activity_in_a_programme_year_or_throughout(year):
    data = small_plan_data()
    data["activities"][0]["schools"] = [{"code": "G1", "year": year}]
    assert read(data)["activities"][0]["schools"] == [{"code": "G1", "year": year}]


@pytest.mark.parametrize("target", ["0", "100", "49.9999"])
def test_a_percent_target_from_0_to_100_is_accepted(target):
    data = small_plan_data()
    data["indicators"][0]["target"] = target
    assert read(data)["indicators"][0]["target"] == D(target)


def test_other_units_may_aim_above_100():
    data = small_plan_data()
    data["indicators"][1]["target"] = "150"
    assert read(data)["indicators"][1]["target"] == D("150")


def test_printed_vat_equal_to_the_amount_is_not_a_swap():
    data = small_plan_data()
    data["activities"][2]["printed"] = {"amount": "500.00", "vat": "500.00"}
    data["activities"][2]["budget_lines"][0]["vat"] = "500.00"
    assert read(data)["activities"][2]["printed_vat"] == D("500.00")


# --- what a bad file is told, word for word --------------------------------------------------------------------

LINE = "activities, įrašas 1 (1), biudžeto eilutė 1"
ACTIVITY = "activities, įrašas 1 (1)"
MISSING_TOTALS = [
    f"plan.declared_totals: trūksta sumos „{key}“"
    for key in ("direct_amount", "direct_vat", "indirect_amount", "indirect_vat", "total_amount", "total_vat")
]


def line(**values):
    return lambda d: d["activities"][0]["budget_lines"][0].update(values)


def extra(section, entry):
    return lambda d: d[section].append(entry)


@pytest.mark.parametrize(
    "change, expected",
    [
        # the file's shape
        (lambda d: d.pop("format"), ["format: tikėtasi „tum-plan/1“, faile – „“. Ar tai plano failas?"]),
        (
            lambda d: [d.pop(key) for key in ("goals", "risks")],
            [
                "trūksta skyriaus „goals“ – jei jame nieko nėra, rašykite „goals: []“",
                "trūksta skyriaus „risks“ – jei jame nieko nėra, rašykite „risks: []“",
            ],
        ),
        (
            lambda d: [d.pop(key) for key in list(d) if key not in ("format", "municipality", "plan")],
            [
                "Failas, atrodo, nutrūkęs: jis baigiasi skyriumi „plan“, o tolesnių skyrių („goals“, „schools“, "
                "„budget_categories“, „indicators“, „activities“, „partners“, „risks“, „data_notes“) nėra. "
                "Įkelkite visą failą."
            ],
        ),
        (lambda d: d.update(goals={}), ["„goals“ turi būti sąrašas"]),
        (lambda d: d.update(plan=[]), ["„plan“ turi būti laukų rinkinys"]),
        (
            lambda d: (d.pop("goals"), d.update(schools={"G1": {}})),
            ["trūksta skyriaus „goals“ – jei jame nieko nėra, rašykite „goals: []“", "„schools“ turi būti sąrašas"],
        ),
        # text
        (lambda d: d["municipality"].update(name=""), ["municipality: trūksta lauko „name“"]),
        (lambda d: d["plan"].update(title={"lt": "Planas"}), ["plan: laukas „title“ turi būti tekstas"]),
        (lambda d: d["plan"].update(programme=True), ["plan: laukas „programme“ turi būti tekstas"]),
        (lambda d: d["municipality"].update(code="a" * 41), ["municipality: laukas „code“ ilgesnis nei 40 simbolių"]),
        (
            lambda d: d["municipality"].update(code="Kaunas"),
            ["municipality: kodas gali turėti tik mažąsias raides, skaitmenis ir brūkšnelius"],
        ),
        # dates
        (lambda d: d["plan"].update(ends_on="2024-03-01"), ["plan: pabaiga turi būti vėlesnė nei pradžia"]),
        (lambda d: d["plan"].pop("ends_on"), ["plan: trūksta datos „ends_on“"]),
        (lambda d: d["plan"].update(starts_on="2024-03-32"), ["plan: starts_on: „2024-03-32“ nėra data (MMMM-MM-DD)"]),
        # money and numbers
        (lambda d: d["plan"]["declared_totals"].pop("total_vat"), MISSING_TOTALS[-1:]),
        (
            lambda d: d["plan"].update(declared_totals=[]),
            ["plan: „declared_totals“ turi būti laukų rinkinys", *MISSING_TOTALS],
        ),
        (lambda d: d["plan"].pop("declared_totals"), ["plan: trūksta skyriaus „declared_totals“", *MISSING_TOTALS]),
        (line(amount="-0.01"), [f"{LINE}: amount: suma negali būti neigiama"]),
        (line(amount="1000000000000.00"), [f"{LINE}: amount: suma per didelė"]),
        (line(amount=""), [f"{LINE}: trūksta sumos „amount“"]),
        (line(amount={"eur": 5}), [f"{LINE}: amount: „laukų rinkinys“ nėra suma eurais"]),
        (line(amount=[5]), [f"{LINE}: amount: „sąrašas“ nėra suma eurais"]),
        (lambda d: d["plan"].update(indirect_rate="0.02555"), ["plan: indirect_rate: „0.02555“ nėra skaičius"]),
        (lambda d: d["plan"].pop("indirect_rate"), ["plan: trūksta lauko „indirect_rate“"]),
        (
            lambda d: d["indicators"][1].update(target="10000000000"),
            ["indicators, įrašas 2 (2): target: skaičius per didelis"],
        ),
        (
            lambda d: d["indicators"][1].update(target="-10000000000"),
            ["indicators, įrašas 2 (2): target: skaičius per didelis"],
        ),
        # record numbers
        (
            extra("goals", {"number": True, "title": "T", "objectives": []}),
            ["goals, įrašas 2: number: „True“ nėra teigiamas sveikasis skaičius"],
        ),
        (
            extra("goals", {"number": 0, "title": "T", "objectives": []}),
            ["goals, įrašas 2: number: „0“ nėra teigiamas sveikasis skaičius"],
        ),
        (
            extra("goals", {"number": 10000, "title": "T", "objectives": []}),
            ["goals, įrašas 2: number: „10000“ nėra teigiamas sveikasis skaičius"],
        ),
        (
            extra("goals", {"number": "2", "title": "T", "objectives": []}),
            ["goals, įrašas 2: number: „2“ nėra teigiamas sveikasis skaičius"],
        ),
        (
            extra("goals", {"number": 1, "title": "T", "objectives": []}),
            ["goals, įrašas 2: tikslo numeris 1 kartojasi"],
        ),
        (
            lambda d: d["goals"][0]["objectives"].append({"number": 1, "title": "Vėl"}),
            ["goals, įrašas 1, uždavinys 2: uždavinio numeris 1 kartojasi"],
        ),
        (extra("goals", "antras tikslas"), ["goals, įrašas 2: įrašas turi būti laukų rinkinys"]),
        (
            lambda d: d["goals"][0]["objectives"].append(5),
            ["goals, įrašas 1, objectives, įrašas 2: įrašas turi būti laukų rinkinys"],
        ),
        # choices and yes/no
        (
            lambda d: d["risks"][0].update(level="extreme"),
            ["risks, įrašas 1: level: „extreme“ – galimos reikšmės: high, low, medium"],
        ),
        (
            lambda d: d["risks"][0].update(level=["low"]),
            ["risks, įrašas 1: level: „sąrašas“ – galimos reikšmės: high, low, medium"],
        ),
        (
            lambda d: d["indicators"][1].update(computation="guess"),
            [
                "indicators, įrašas 2 (2): computation: „guess“ – galimos reikšmės: '', networking_events, "
                "networking_share_schools"
            ],
        ),
        (
            lambda d: d["budget_categories"][0].update(includes_indirect_costs="taip"),
            ["budget_categories, įrašas 1: includes_indirect_costs: turi būti true arba false"],
        ),
        (
            lambda d: d["indicators"][0].update(baselines={"value": "40"}),
            ["indicators, įrašas 1 (1): „baselines“ turi būti sąrašas"],
        ),
        (lambda d: d["activities"][0].update(period=["2025"]), [f"{ACTIVITY}: „period“ turi būti laukų rinkinys"]),
        # codes
        (
            lambda d: d["activities"][0].update(areas="steam"),
            [f"{ACTIVITY}: „areas“ turi būti kodų sąrašas, pvz., [G1, T2]"],
        ),
        (
            lambda d: d["activities"][0].update(areas=[True]),
            [f"{ACTIVITY}: „areas“ turi būti kodų sąrašas, pvz., [G1, T2]"],
        ),
        (
            lambda d: d["activities"][0].update(areas=["sports"]),
            [
                f"{ACTIVITY}: areas: nežinoma sritis „sports“ – galimos: culture, inclusion, leadership, networking, steam"
            ],
        ),
        (
            lambda d: d["schools"][0].update(network=[1]),
            ["schools, įrašas 1 (G1): network: nežinoma mokykla „1“ – jos nėra skyriuje „schools“"],
        ),
        # schools, categories, indicators
        (
            extra("schools", {"code": "X5"}),
            ["schools, įrašas 5 (X5): mokyklos kodas turi būti G arba T ir numeris, pvz., G1, T18"],
        ),
        (
            extra("schools", {"code": "T1000"}),
            ["schools, įrašas 5 (T1000): mokyklos kodas turi būti G arba T ir numeris, pvz., G1, T18"],
        ),
        (extra("schools", {"code": "T2"}), ["schools, įrašas 5 (T2): mokyklos kodas T2 kartojasi"]),
        (extra("schools", {"name": "Be kodo"}), ["schools, įrašas 5: trūksta lauko „code“"]),
        (
            extra("budget_categories", {"number": 2, "name": "Kita"}),
            ["budget_categories, įrašas 3: kategorijos numeris 2 kartojasi"],
        ),
        (
            lambda d: d["indicators"].append(copy.deepcopy(d["indicators"][1])),
            ["indicators, įrašas 3 (2): rodiklio numeris 2 kartojasi"],
        ),
        (
            extra("indicators", {"name": "Be numerio", "kind": "chosen", "unit": "count"}),
            [
                "indicators, įrašas 3: number: „“ nėra teigiamas sveikasis skaičius",
                "indicators, įrašas 3: trūksta lauko „target“",
            ],
        ),
        (
            lambda d: d["indicators"][0].update(target="100.01"),
            ["indicators, įrašas 1 (1): procentinio rodiklio siekiama reikšmė turi būti nuo 0 iki 100"],
        ),
        (
            lambda d: d["indicators"][0].update(target="-0.01"),
            ["indicators, įrašas 1 (1): procentinio rodiklio siekiama reikšmė turi būti nuo 0 iki 100"],
        ),
        # activities
        (
            extra("activities", {"number": "x", "title": "Be numerio"}),
            ["activities, įrašas 4 (x): veiklos numeris „x“ netinkamas (pvz., 8 arba 8.1)"],
        ),
        (extra("activities", {"number": "4"}), ["activities, įrašas 4 (4): trūksta lauko „title“"]),
        (
            lambda d: d["activities"][0].update(category=True),
            [f"{ACTIVITY}: category: nežinoma biudžeto kategorija „True“ – jos nėra skyriuje „budget_categories“"],
        ),
        (
            lambda d: d["activities"][0].update(category=3),
            [f"{ACTIVITY}: category: nežinoma biudžeto kategorija „3“ – jos nėra skyriuje „budget_categories“"],
        ),
        (
            lambda d: d["activities"][0].update(printed={"amount": "210.00", "vat": "1000.00"}),
            [
                f"{ACTIVITY}: printed.vat: PVM 1\u00a0000,00\u00a0€ didesnis už sumą be PVM 210,00\u00a0€ – ar "
                "nesukeisti laukai „amount“ ir „vat“? Įrašykite sumą be PVM į „amount“, o PVM – į „vat“."
            ],
        ),
        (lambda d: d["activities"][0].update(schools="G1"), [f"{ACTIVITY}: „schools“ turi būti sąrašas"]),
        (
            lambda d: d["activities"][0].update(schools=[{"code": 1}]),
            [f"{ACTIVITY}: schools, įrašas 1: reikia mokyklos kodo ir metų, pvz., „- code: G1“ ir „year: 1“"],
        ),
        *[
            (
                lambda d, year=year: d["activities"][0].update(schools=[{"code": "G1", "year": year}]),
                [f"{ACTIVITY}: schools, G1: programos metai („year“) turi būti 1, 2, 3 arba null"],
            )
            for year in (0, 4, True, "1")
        ],
        # budget lines
        (
            lambda d: d["activities"][0]["budget_lines"].append({"school": "G1", "amount": "5.00", "vat": "1.05"}),
            ["activities, įrašas 1 (1), biudžeto eilutė 2: ta pati mokykla veikloje nurodyta du kartus"],
        ),
        (
            lambda d: d["activities"][1]["budget_lines"].extend(
                [{"school": None, "amount": "5.00", "vat": "1.05"}, {"school": None, "amount": "6.00", "vat": None}]
            ),
            ["activities, įrašas 2 (2), biudžeto eilutė 2: ta pati mokykla veikloje nurodyta du kartus"],
        ),
        (line(school=5), [f"{LINE}: school: nežinoma mokykla „5“ – jos nėra skyriuje „schools“"]),
        (line(school="G9"), [f"{LINE}: school: nežinoma mokykla „G9“ – jos nėra skyriuje „schools“"]),
    ],
)
def test_every_problem_is_told_where_it_is_and_what_to_do(change, expected):
    assert problems(change) == expected


# --- VAT rates: a line whose VAT is not a Lithuanian rate is imported as written and noted --------------------------


@pytest.mark.parametrize(
    "amount, vat",
    [
        ("1000.00", "210.10"),  # 21 %, off by 0,10: within 0,01 % of the amount
        ("100.00", "21.05"),  # 21 %, off by 5 cents
        ("100.00", "20.95"),
        ("1000.00", "90.00"),  # 9 %
        ("1000.00", "50.00"),  # 5 %
        ("1000.00", "0.00"),
        ("0.00", "0.00"),
        ("1000.00", None),  # not printed: nothing to check
    ],
)
def test_vat_at_a_lithuanian_rate_within_rounding_is_not_noted(amount, vat):
    data = small_plan_data()
    data["activities"][0]["budget_lines"][0].update(amount=amount, vat=vat)
    assert read(data)["vat_checks"] == []


@pytest.mark.parametrize(
    "amount, vat, percent", [("1000.00", "210.11", "21,01"), ("100.00", "21.06", "21,06"), ("100.00", "20.94", "20,94")]
)
def test_vat_just_past_the_rounding_is_noted(amount, vat, percent):
    data = small_plan_data()
    data["activities"][0]["budget_lines"][0].update(amount=amount, vat=vat)
    [note] = read(data)["vat_checks"]
    assert f"yra {percent} % sumos be PVM" in note["text_lt"]


def test_a_vat_note_names_the_line_in_both_languages_and_its_place_in_the_plan():
    data = small_plan_data()
    data["activities"][2].update(source_line=77)
    data["activities"][2]["budget_lines"] = [
        {"school": None, "amount": "400.00", "vat": "0.00"},
        {"school": "G2", "amount": "1200.00", "vat": "120.00"},
    ]
    assert read(data)["vat_checks"] == [
        {
            "line": 77,  # the activity's line: the budget line has none of its own
            "text_lt": (
                "Veikla 2.1, biudžeto eilutė 2 (G2): PVM 120,00\u00a0€ yra 10,00 % sumos be PVM 1\u00a0200,00\u00a0€ – "
                "tai ne Lietuvos PVM tarifas (21, 9, 5, 0 %). Įkelta taip, kaip parašyta plane; patikrinkite "
                "originale."
            ),
            "text_en": (
                "Activity 2.1, budget line 2 (G2): VAT 120.00 € is 10.00 % of the amount without VAT 1,200.00 €, which "
                "is not a Lithuanian VAT rate (21, 9, 5, 0 %). Imported as the plan writes it; check against the "
                "original."
            ),
        }
    ]


def test_a_vat_note_of_a_line_without_a_school_names_no_school():
    data = small_plan_data()
    data["activities"][2]["budget_lines"][0].update(school=None, vat="50.00", source_line=88)
    [note] = read(data)["vat_checks"]
    assert note["line"] == 88
    assert note["text_lt"].startswith("Veikla 2.1, biudžeto eilutė 1: PVM 50,00\u00a0€ yra 10,00 % sumos be PVM")
