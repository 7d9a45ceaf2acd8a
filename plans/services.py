"""Writing a plan: import from a plan file (one transaction, idempotent)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, ActivitySchool
from budget.models import BudgetCategory, BudgetLine
from indicators.models import Indicator, IndicatorBaseline
from schools.models import Municipality, NetworkLink, School

from .areas import ensure_programme_areas
from .models import Area, DataNote, Goal, Objective, Partner, Plan, Risk
from .plan_file import PlanFileError, read_plan_file
from .signals import plan_changed


@dataclass
class ImportResult:
    plan: Plan
    created: int = 0
    updated: int = 0
    deleted: int = 0
    details: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)


class _Writer:
    """Create or update rows so that an unchanged file writes nothing."""

    def __init__(self, result):
        self.result = result

    def upsert(self, model, lookup, values):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            self.result.created += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
            self.result.updated += 1
        return obj

    def set_m2m(self, manager, objects):
        wanted = {obj.pk for obj in objects}
        current = set(manager.values_list("pk", flat=True))
        if wanted != current:
            manager.set(objects)
            self.result.updated += 1

    def delete_missing(self, queryset, keep_pks, what):
        stale = queryset.exclude(pk__in=keep_pks)
        count = stale.count()
        if count:
            try:
                stale.delete()
            except ProtectedError:
                raise PlanFileError(
                    [_("%(what)s: įrašų, kurių nebėra faile, negalima pašalinti – jie jau turi pateiktų duomenų.") % {"what": what}]
                ) from None
            self.result.deleted += count


def plan_import(*, content, source="", municipality=None):
    """Import a plan file. Refuses the whole file (PlanFileError) when anything in it is wrong.

    With `municipality`, the file must be that municipality's plan (staff upload their own).
    """
    ensure_programme_areas(Area)
    areas = {area.code: area for area in Area.objects.all()}
    data = read_plan_file(content, area_codes=areas)
    if municipality is not None and data["municipality"]["code"] != municipality.code:
        raise PlanFileError(
            [_("municipality: faile – „%(file)s“, o įkeliama savivaldybei „%(expected)s“")
             % {"file": data["municipality"]["code"], "expected": municipality.code}]
        )
    with transaction.atomic():
        return _write_plan(data, areas, source)


def _write_plan(data, areas, source):
    municipality, _created = Municipality.objects.get_or_create(
        code=data["municipality"]["code"], defaults={"name": data["municipality"]["name"]}
    )
    if municipality.name != data["municipality"]["name"]:
        municipality.name = data["municipality"]["name"]
        municipality.save(update_fields=["name"])
    p = data["plan"]
    totals = p["declared_totals"]
    plan_values = {
        "title": p["title"],
        "starts_on": p["starts_on"],
        "ends_on": p["ends_on"],
        "indirect_rate": p["indirect_rate"],
        **{f"declared_{key}": value for key, value in totals.items()},
    }
    plan = Plan.objects.filter(municipality=municipality, programme=p["programme"]).first()
    result = ImportResult(plan=plan)
    w = _Writer(result)
    plan = w.upsert(Plan, {"municipality": municipality, "programme": p["programme"]}, plan_values)
    result.plan = plan

    objectives = {}
    goal_pks = []
    for g in data["goals"]:
        goal = w.upsert(Goal, {"plan": plan, "number": g["number"]}, {"title": g["title"]})
        goal_pks.append(goal.pk)
        objective_pks = []
        for o in g["objectives"]:
            objective = w.upsert(Objective, {"goal": goal, "number": o["number"]}, {"title": o["title"]})
            objectives[f"{g['number']}.{o['number']}"] = objective
            objective_pks.append(objective.pk)
        w.delete_missing(goal.objectives.all(), objective_pks, _("uždaviniai"))
    w.delete_missing(plan.goals.all(), goal_pks, _("tikslai"))

    schools = _write_schools(w, municipality, data["schools"])

    categories = {}
    for c in data["budget_categories"]:
        categories[c["number"]] = w.upsert(
            BudgetCategory, {"plan": plan, "number": c["number"]}, {k: v for k, v in c.items() if k != "number"}
        )

    indicators = {}
    for i in data["indicators"]:
        values = {k: v for k, v in i.items() if k not in ("number", "baselines")}
        indicator = w.upsert(Indicator, {"plan": plan, "number": i["number"]}, values)
        indicators[i["number"]] = indicator
        current = [(b.value, b.school_year, b.note) for b in indicator.baselines.all()]
        wanted = [(b["value"], b["school_year"], b["note"]) for b in i["baselines"]]
        if current != wanted:
            indicator.baselines.all().delete()
            IndicatorBaseline.objects.bulk_create(
                IndicatorBaseline(indicator=indicator, value=v, school_year=y, note=n) for v, y, n in wanted
            )
            result.updated += 1

    activities = _write_activities(w, plan, data["activities"], areas, categories, objectives, indicators, schools)

    w.delete_missing(Indicator.objects.filter(plan=plan), [i.pk for i in indicators.values()], _("rodikliai"))
    w.delete_missing(
        BudgetCategory.objects.filter(plan=plan), [c.pk for c in categories.values()], _("biudžeto kategorijos")
    )
    w.delete_missing(Activity.objects.filter(plan=plan), [a.pk for a in activities.values()], _("veiklos"))

    _write_list(w, plan, Partner, data["partners"], m2m={"areas": lambda codes: [areas[c] for c in codes]})
    _write_list(w, plan, Risk, data["risks"])
    _write_list(
        w,
        plan,
        DataNote,
        [{"source_line": n["line"], "text_lt": n["text_lt"], "text_en": n["text_en"]} for n in data["data_notes"]],
    )

    if result.changed or plan.source != source:
        plan.imported_at = timezone.now()
        plan.source = source
        plan.save(update_fields=["imported_at", "source"])
    if result.changed:
        plan_changed.send(sender=None, plan=plan)
    return result


def _write_schools(w, municipality, rows):
    schools = {}
    for row in rows:
        school = School.objects.filter(municipality=municipality, code=row["code"]).first()
        values = {k: row[k] for k in ("name", "former_name", "strengths", "improvements", "sharing")}
        if school is not None:
            # Staff may fill in what the plan leaves empty (the T schools' names): keep that.
            values = {k: v for k, v in values.items() if v}
        values["kind"] = row["code"][0]
        schools[row["code"]] = w.upsert(School, {"municipality": municipality, "code": row["code"]}, values)
    for row in rows:
        school = schools[row["code"]]
        partner_pks = []
        for code in row["network"]:
            link = w.upsert(NetworkLink, {"school": school, "partner": schools[code]}, {})
            partner_pks.append(link.pk)
        w.delete_missing(school.network_links.all(), partner_pks, _("tinklaveikos ryšiai"))
    return schools


def _write_activities(w, plan, rows, areas, categories, objectives, indicators, schools):
    activities = {}
    for row in sorted(rows, key=lambda r: r["number"].count(".")):
        parent_number = row["number"].rsplit(".", 1)[0] if "." in row["number"] else None
        values = {
            "parent": activities.get(parent_number),
            "category": categories.get(row["category"]),
            **{
                k: row[k]
                for k in (
                    "title", "description", "rationale", "measurement", "documents", "form", "period_text",
                    "starts_on", "ends_on", "printed_amount", "printed_vat", "schools_text", "networking_text",
                    "source_line",
                )
            },
        }
        activities[row["number"]] = w.upsert(Activity, {"plan": plan, "number": row["number"]}, values)
    for row in rows:
        activity = activities[row["number"]]
        w.set_m2m(activity.areas, [areas[c] for c in row["areas"]])
        w.set_m2m(activity.objectives, [objectives[c] for c in row["objectives"]])
        w.set_m2m(activity.indicators, [indicators[n] for n in row["indicators"]])
        w.set_m2m(activity.related, [activities[n] for n in row["related"]])
        role_pks = []
        for entry in row["schools"]:
            role = w.upsert(
                ActivitySchool,
                {"activity": activity, "school": schools[entry["code"]], "role": ActivitySchool.Role.IMPLEMENTS},
                {"programme_year": entry["year"]},
            )
            role_pks.append(role.pk)
        for code in row["networking_schools"]:
            role = w.upsert(
                ActivitySchool,
                {"activity": activity, "school": schools[code], "role": ActivitySchool.Role.NETWORKING},
                {"programme_year": None},
            )
            role_pks.append(role.pk)
        w.delete_missing(activity.school_roles.all(), role_pks, _("mokyklų dalyvavimas"))
        line_pks = []
        for line in row["budget_lines"]:
            school = schools[line["school"]] if line["school"] else None
            budget_line = w.upsert(
                BudgetLine,
                {"activity": activity, "school": school},
                {k: line[k] for k in ("amount", "vat", "description", "source_line")},
            )
            line_pks.append(budget_line.pk)
        w.delete_missing(activity.budget_lines.all(), line_pks, _("biudžeto eilutės"))
    return activities


def _write_list(w, plan, model, rows, m2m=None):
    """Rows without a natural key (partners, risks, notes) are matched by position."""
    keep = []
    for position, row in enumerate(rows, start=1):
        values = {k: v for k, v in row.items() if not (m2m and k in m2m)}
        obj = w.upsert(model, {"plan": plan, "position": position}, values)
        for name, resolve in (m2m or {}).items():
            w.set_m2m(getattr(obj, name), resolve(row[name]))
        keep.append(obj.pk)
    w.delete_missing(model.objects.filter(plan=plan), keep, model._meta.verbose_name_plural)
