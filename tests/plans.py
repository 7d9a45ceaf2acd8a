"""Small plan files for tests, written in the same format as the Kaunas plan."""

import copy

import yaml

SMALL_PLAN = {
    "format": "tum-plan/1",
    "municipality": {"code": "testmiestis", "name": "Testmiesčio savivaldybė"},
    "plan": {
        "title": "Testmiesčio pažangos planas",
        "programme": "Tūkstantmečio mokyklos",
        "starts_on": "2024-03-01",
        "ends_on": "2026-04-30",
        "indirect_rate": "0.02",
        "declared_totals": {
            "direct_amount": "1500.00",
            "direct_vat": "210.00",
            "indirect_amount": "30.00",
            "indirect_vat": "4.20",
            "total_amount": "1530.00",
            "total_vat": "214.20",
        },
    },
    "goals": [{"number": 1, "title": "Tolygūs pasiekimai", "objectives": [{"number": 1, "title": "Kompetencijos"}]}],
    "schools": [
        {"code": "G1", "name": "Testmiesčio gimnazija", "network": ["T1"]},
        {"code": "G2", "name": "Antroji gimnazija", "network": ["T1", "T2"]},
        {"code": "T1"},
        {"code": "T2"},
    ],
    "budget_categories": [
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
    ],
    "indicators": [
        {
            "number": 1,
            "name": "Pasiekusių mokinių dalis (proc.)",
            "kind": "mandatory",
            "unit": "percent",
            "baselines": [{"value": "40", "school_year": "2021-2022"}],
            "target": "50",
            "higher_is_better": True,
        },
        {
            "number": 2,
            "name": "Tinklaveikos veiklų skaičius (vnt.)",
            "kind": "additional",
            "unit": "count",
            "baselines": [],
            "baseline_text": "nematuojama",
            "target": "10",
            "computation": "networking_events",
        },
    ],
    "activities": [
        {
            "number": "1",
            "title": "Laboratorijos įrengimas",
            "period": {"text": "2025 m.", "starts_on": "2025-01-01", "ends_on": "2025-12-31"},
            "areas": ["steam"],
            "category": 1,
            "objectives": ["1.1"],
            "indicators": [1],
            "schools": [{"code": "G1", "year": None}],
            "networking_schools": ["T1"],
            "printed": {"amount": "1000.00", "vat": "210.00"},
            "budget_lines": [{"school": "G1", "amount": "1000.00", "vat": "210.00"}],
        },
        {
            "number": "2",
            "title": "Mokymai",
            "period": {"text": "2024–2026 m.", "starts_on": "2024-03-01", "ends_on": "2026-04-30"},
            "areas": ["leadership", "culture"],
            "category": 2,
            "objectives": ["1.1"],
            "indicators": [1, 2],
            "related": ["1"],
            "schools": [{"code": "G1", "year": 1}, {"code": "G2", "year": 2}],
            "printed": {"amount": "500.00", "vat": "0.00"},
            "budget_lines": [],
        },
        {
            "number": "2.1",
            "title": "Vadovų mokymai",
            "areas": ["leadership"],
            "category": 2,
            "schools": [{"code": "G2", "year": None}],
            "printed": {"amount": "500.00", "vat": "0.00"},
            "budget_lines": [{"school": "G2", "amount": "500.00", "vat": "0.00"}],
        },
    ],
    "partners": [{"name": "Universitetas", "areas": ["steam"], "description": "Konsultuoja"}],
    "risks": [{"name": "Infliacija", "level": "low", "mitigation": "Stebėsena"}],
    "data_notes": [{"line": 10, "text_lt": "Pavyzdinė pastaba", "text_en": "A sample note"}],
}


def small_plan_data(code="testmiestis", name="Testmiesčio savivaldybė"):
    data = copy.deepcopy(SMALL_PLAN)
    data["municipality"] = {"code": code, "name": name}
    return data


def to_yaml(data):
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False).encode("utf-8")


def with_indicators_of_every_unit(data):
    """`data` with the indicators a school enters of each unit: 1 (percent, already there), 3 (count), 4 (ratio)."""
    data["indicators"] += [
        {
            "number": 3,
            "name": "Olimpiadų dalyvių skaičius (vnt.)",
            "kind": "chosen",
            "unit": "count",
            "baselines": [{"value": "12", "school_year": "2021-2022"}],
            "target": "20",
            "target_qualifier": "at_least",
        },
        {
            "number": 4,
            "name": "Mokinių ir mokytojų santykis",
            "kind": "mandatory",
            "unit": "ratio",
            "baselines": [{"value": "1.25", "school_year": "2021-2022"}],
            "target": "1.5",
        },
    ]
    return data


def with_programme_years(data):
    """`data` with activity 3, which G1 carries out in programme year 1 and G2 in year 2."""
    data["activities"].append(
        {
            "number": "3",
            "title": "Mentorystės programa",
            "areas": ["leadership"],
            "category": 2,
            "schools": [{"code": "G1", "year": 1}, {"code": "G2", "year": 2}],
            "printed": {"amount": "0.00", "vat": "0.00"},
            "budget_lines": [],
        }
    )
    return data


def small_plan_yaml(code="testmiestis", name="Testmiesčio savivaldybė"):
    return to_yaml(small_plan_data(code, name))
