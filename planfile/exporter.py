"""Write a plan back in the plan-file format, so that it can be edited and imported again."""

import yaml
from django.db.models import Prefetch

from activities.models import Activity, ActivitySchool
from planfile.schema import DECLARED_TOTALS, FORMAT


def _money(value):
    return None if value is None else f"{value:.2f}"


def _number(value):
    text = f"{value.normalize():f}"
    return text


def _omit_empty(record, keep=()):
    return {k: v for k, v in record.items() if k in keep or v not in ("", None, [], {})}


def plan_as_data(plan):
    municipality = plan.municipality
    schools = list(municipality.schools.prefetch_related("network_links__partner"))
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related("category")
        .prefetch_related(
            "areas",
            "objectives__goal",
            "indicators",
            "related",
            "budget_lines__school",
            Prefetch("school_roles", queryset=ActivitySchool.objects.select_related("school")),
        )
    )
    return {
        "format": FORMAT,
        "municipality": {"code": municipality.code, "name": municipality.name},
        "plan": {
            "title": plan.title,
            "programme": plan.programme,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "indirect_rate": _number(plan.indirect_rate),
            "declared_totals": {key: _money(getattr(plan, f"declared_{key}")) for key in DECLARED_TOTALS},
        },
        "goals": [
            {
                "number": goal.number,
                "title": goal.title,
                "objectives": [{"number": o.number, "title": o.title} for o in goal.objectives.all()],
            }
            for goal in plan.goals.prefetch_related("objectives")
        ],
        "schools": [
            _omit_empty(
                {
                    "code": s.code,
                    "name": s.name,
                    "former_name": s.former_name,
                    "strengths": s.strengths,
                    "improvements": s.improvements,
                    "sharing": s.sharing,
                    "network": [link.partner.code for link in s.network_links.all()],
                },
                keep=("code",),
            )
            for s in schools
        ],
        "budget_categories": [
            {
                "number": c.number,
                "name": c.name,
                "name_en": c.name_en,
                "activities_text": c.activities_text,
                "includes_indirect_costs": c.includes_indirect_costs,
            }
            for c in plan.budget_categories.all()
        ],
        "indicators": [
            _omit_empty(
                {
                    "number": i.number,
                    "name": i.name,
                    "kind": i.kind,
                    "unit": i.unit,
                    "baselines": [
                        _omit_empty({"value": _number(b.value), "school_year": b.school_year, "note": b.note})
                        for b in i.baselines.all()
                    ],
                    "baseline_text": i.baseline_text,
                    "target": _number(i.target),
                    "target_text": i.target_text,
                    "target_qualifier": i.target_qualifier,
                    "higher_is_better": i.higher_is_better,
                    "computation": i.computation,
                    "source_line": i.source_line,
                },
                keep=("baselines",),
            )
            for i in plan.indicators.prefetch_related("baselines")
        ],
        "activities": [_activity(a) for a in activities],
        "partners": [
            _omit_empty(
                {
                    "name": p.name,
                    "address": p.address,
                    "areas": [a.code for a in p.areas.all()],
                    "description": p.description,
                }
            )
            for p in plan.partners.prefetch_related("areas")
        ],
        "risks": [{"name": r.name, "level": r.level, "mitigation": r.mitigation} for r in plan.risks.all()],
        "data_notes": [
            {"line": n.source_line, "text_lt": n.text_lt, "text_en": n.text_en}
            for n in plan.data_notes.filter(automatic=False)
        ],
    }


def _activity(a):
    roles = list(a.school_roles.all())
    record = {
        "number": a.number,
        "title": a.title,
        "description": a.description,
        "rationale": a.rationale,
        "measurement": a.measurement,
        "documents": a.documents,
        "form": a.form,
        "period": {"text": a.period_text, "starts_on": a.starts_on, "ends_on": a.ends_on},
        "areas": [area.code for area in a.areas.all()],
        "category": a.category.number if a.category else None,
        "objectives": sorted(o.code for o in a.objectives.all()),
        "indicators": sorted(i.number for i in a.indicators.all()),
        "related": sorted((r.number for r in a.related.all()), key=lambda n: [int(p) for p in n.split(".")]),
        "schools": [
            {"code": r.school.code, "year": r.programme_year} for r in roles if r.role == ActivitySchool.Role.IMPLEMENTS
        ],
        "networking_schools": [r.school.code for r in roles if r.role == ActivitySchool.Role.NETWORKING],
        "budget_lines": [
            _omit_empty(
                {
                    "school": line.school.code if line.school else None,
                    "amount": _money(line.amount),
                    "vat": _money(line.vat),
                    "description": line.description,
                    "source_line": line.source_line,
                },
                keep=("school", "vat"),  # "vat: null" says the plan prints no VAT figure
            )
            for line in a.budget_lines.all()
        ],
        "schools_text": a.schools_text,
        "networking_text": a.networking_text,
        "source_line": a.source_line,
    }
    if a.printed_amount is not None or a.printed_vat is not None:
        record["printed"] = {"amount": _money(a.printed_amount), "vat": _money(a.printed_vat)}
    return _omit_empty(
        record,
        keep=(
            "areas",
            "objectives",
            "indicators",
            "related",
            "schools",
            "networking_schools",
            "budget_lines",
            "period",
        ),
    )


def plan_as_yaml(plan) -> str:
    return yaml.dump(
        plan_as_data(plan),
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
        width=110,
        default_flow_style=False,
    )
