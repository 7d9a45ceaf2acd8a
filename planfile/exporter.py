"""Write a plan back in the plan-file format (`tum-plan/2`), so that it can be edited and imported again.

Nothing the plan does not give is written: an empty figure is left out or `null`, never zero.
"""

import yaml
from django.db.models import Prefetch

from activities.models import Activity, ActivitySchool
from core.numbering import sort_key
from planfile.schema import DECLARED_TOTALS, FORMAT, SCHOOL_KINDS

KIND_WORDS = {value: word for word, value in SCHOOL_KINDS.items()}


def _money(value):
    return None if value is None else f"{value:.2f}"


def _number(value):
    return None if value is None else f"{value.normalize():f}"


def _plan(plan):
    record = {"title": plan.title, "programme": plan.programme}
    if plan.dates_exact:
        record |= {"starts_on": plan.starts_on, "ends_on": plan.ends_on}
    else:
        record |= {"first_year": plan.starts_on.year, "last_year": plan.ends_on.year}
    record |= {
        "period_text": plan.period_text,
        "reporting": plan.reporting_frequency,
        "levels": {level: dict(names) for level, names in plan.level_names.items()},
        "budget": plan.has_budget,
    }
    if plan.has_budget:
        totals = {key: _money(getattr(plan, f"declared_{key}")) for key in DECLARED_TOTALS}
        record |= {
            "indirect_rate": _number(plan.indirect_rate),
            "declared_totals": totals if any(v is not None for v in totals.values()) else None,
        }
    return _omit_empty(record, keep=("budget",))


def _target(i):
    figures = {
        "value": i.target,
        "min": i.target_min,
        "max": i.target_max,
        "by": i.change_by,
        "from": i.change_from,
    }
    record = {"form": i.target_qualifier, **{k: _number(v) for k, v in figures.items()}, "text": i.target_text}
    return _omit_empty(record)


def _indicator(i):
    target = _target(i)
    return _omit_empty(
        {
            "number": i.number,
            "name": i.name,
            "kind": i.kind,
            "activity": i.activity.number if i.activity else None,
            "unit": i.unit_text,
            "measured_as": i.unit,
            "baselines": [
                _omit_empty({"value": _number(b.value), "school_year": b.school_year, "note": b.note})
                for b in i.baselines.all()
            ],
            "baseline_text": i.baseline_text,
            # a text target with no text is an indicator the plan gives no target for
            "target": None if target == {"form": "text"} else target,
            "higher_is_better": i.higher_is_better,
            "computation": i.computation,
            "source_line": i.source_line,
        },
        keep=("baselines",),
    )


def _omit_empty(record, keep=()):
    return {k: v for k, v in record.items() if k in keep or v not in ("", None, [], {})}


def plan_as_data(plan):
    municipality = plan.municipality
    schools = list(municipality.schools.prefetch_related("network_links__partner"))
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related("category", "parent")
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
        "plan": _plan(plan),
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
                    "kind": KIND_WORDS[s.kind],
                    "type": s.institution_type,
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
        "indicators": [_indicator(i) for i in plan.indicators.select_related("activity").prefetch_related("baselines")],
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
        "parent": a.parent.number if a.parent_id else None,
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
        "indicators": sorted((i.number for i in a.indicators.all()), key=sort_key),
        "related": sorted((r.number for r in a.related.all()), key=sort_key),
        "schools": [
            {"code": r.school.code, "year": r.programme_year} for r in roles if r.role == ActivitySchool.Role.IMPLEMENTS
        ],
        "networking_schools": [r.school.code for r in roles if r.role == ActivitySchool.Role.NETWORKING],
        "responsible": [r.school.code for r in roles if r.role == ActivitySchool.Role.RESPONSIBLE],
        "partners": [r.school.code for r in roles if r.role == ActivitySchool.Role.PARTNER],
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
