"""Writing a plan: import from a plan file (one transaction, idempotent).

The writer reads what the plan already has once per table, compares in memory, and writes
only what changed, so re-importing an unchanged file writes nothing and a new plan is fast.
"""

from collections import defaultdict
from dataclasses import dataclass

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

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)


def _key(lookup):
    return tuple(sorted((name, getattr(value, "pk", value)) for name, value in lookup.items()))


class _Writer:
    """Create or update rows so that an unchanged file writes nothing.

    `preload(model, queryset, fields)` reads a table's existing rows once; `upsert` then finds a
    row by its natural key in memory. Rows not seen during the import can be removed at the end.
    """

    def __init__(self, result):
        self.result = result
        self.rows = {}
        self.seen = defaultdict(set)

    def preload(self, model, queryset, fields):
        self.rows[model] = {
            _key(
                {
                    name: getattr(obj, f"{name}_id" if model._meta.get_field(name).is_relation else name)
                    for name in fields
                }
            ): obj
            for obj in queryset
        }

    def upsert(self, model, lookup, values):
        key = _key(lookup)
        preloaded = model in self.rows
        known = self.rows.setdefault(model, {})
        obj = known.get(key) if preloaded else model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            known[key] = obj
            self.result.created += 1
        else:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.save()
                self.result.updated += 1
        self.seen[model].add(obj.pk)
        return obj

    def set_m2m(self, obj, name, targets, current=None):
        """Set a many-to-many relation; `current` (a set of pks) saves the query when it is known."""
        manager = getattr(obj, name)
        wanted = {target.pk for target in targets}
        if current is None:
            current = set(manager.values_list("pk", flat=True))
        if wanted == current:
            return
        if not current:
            through = manager.through
            source, target = manager.source_field_name, manager.target_field_name
            through.objects.bulk_create([through(**{f"{source}_id": obj.pk, f"{target}_id": pk}) for pk in wanted])
        else:
            manager.set(targets)
        self.result.updated += 1

    def delete_unseen(self, model, queryset, what):
        stale = queryset.exclude(pk__in=self.seen[model])
        count = stale.count()
        if count:
            try:
                stale.delete()
            except ProtectedError:
                raise PlanFileError(
                    [
                        _("%(what)s: įrašų, kurių nebėra faile, negalima pašalinti – jie jau turi pateiktų duomenų.")
                        % {"what": what}
                    ]
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
            [
                _("municipality: faile – „%(file)s“, o įkeliama savivaldybei „%(expected)s“")
                % {"file": data["municipality"]["code"], "expected": municipality.code}
            ]
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
    plan_values = {
        "title": p["title"],
        "starts_on": p["starts_on"],
        "ends_on": p["ends_on"],
        "indirect_rate": p["indirect_rate"],
        **{f"declared_{key}": value for key, value in p["declared_totals"].items()},
    }
    result = ImportResult(plan=None)
    w = _Writer(result)
    plan = w.upsert(Plan, {"municipality": municipality, "programme": p["programme"]}, plan_values)
    result.plan = plan
    _preload(w, plan, municipality)

    objectives = {}
    for g in data["goals"]:
        goal = w.upsert(Goal, {"plan": plan, "number": g["number"]}, {"title": g["title"]})
        for o in g["objectives"]:
            objectives[f"{g['number']}.{o['number']}"] = w.upsert(
                Objective, {"goal": goal, "number": o["number"]}, {"title": o["title"]}
            )
    w.delete_unseen(Objective, Objective.objects.filter(goal__plan=plan), _("uždaviniai"))
    w.delete_unseen(Goal, plan.goals.all(), _("tikslai"))

    schools = _write_schools(w, municipality, data["schools"])
    categories = {
        c["number"]: w.upsert(
            BudgetCategory, {"plan": plan, "number": c["number"]}, {k: v for k, v in c.items() if k != "number"}
        )
        for c in data["budget_categories"]
    }
    indicators = _write_indicators(w, plan, data["indicators"], result)
    _write_activities(w, plan, data["activities"], areas, categories, objectives, indicators, schools)

    w.delete_unseen(Indicator, Indicator.objects.filter(plan=plan), _("rodikliai"))
    w.delete_unseen(BudgetCategory, BudgetCategory.objects.filter(plan=plan), _("biudžeto kategorijos"))

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


def _preload(w, plan, municipality):
    w.preload(Goal, Goal.objects.filter(plan=plan), ["plan", "number"])
    w.preload(Objective, Objective.objects.filter(goal__plan=plan), ["goal", "number"])
    w.preload(School, School.objects.filter(municipality=municipality), ["municipality", "code"])
    w.preload(NetworkLink, NetworkLink.objects.filter(school__municipality=municipality), ["school", "partner"])
    w.preload(BudgetCategory, BudgetCategory.objects.filter(plan=plan), ["plan", "number"])
    w.preload(Indicator, Indicator.objects.filter(plan=plan), ["plan", "number"])
    w.preload(Activity, Activity.objects.filter(plan=plan), ["plan", "number"])
    w.preload(ActivitySchool, ActivitySchool.objects.filter(activity__plan=plan), ["activity", "school", "role"])
    w.preload(BudgetLine, BudgetLine.objects.filter(activity__plan=plan), ["activity", "school"])
    for model in (Partner, Risk, DataNote):
        w.preload(model, model.objects.filter(plan=plan), ["plan", "position"])


def _write_schools(w, municipality, rows):
    schools = {}
    for row in rows:
        existing = w.rows[School].get(_key({"code": row["code"], "municipality": municipality.pk}))
        values = {k: row[k] for k in ("name", "former_name", "strengths", "improvements", "sharing")}
        if existing is not None:
            # Staff may fill in what the plan leaves empty (the T schools' names): keep that.
            values = {k: v for k, v in values.items() if v}
        values["kind"] = row["code"][0]
        schools[row["code"]] = w.upsert(School, {"municipality": municipality, "code": row["code"]}, values)
    for row in rows:
        for code in row["network"]:
            w.upsert(NetworkLink, {"school": schools[row["code"]], "partner": schools[code]}, {})
    w.delete_unseen(
        NetworkLink, NetworkLink.objects.filter(school__municipality=municipality), _("tinklaveikos ryšiai")
    )
    return schools


def _write_indicators(w, plan, rows, result):
    indicators = {}
    baselines = defaultdict(list)
    for b in IndicatorBaseline.objects.filter(indicator__plan=plan).order_by("pk"):
        baselines[b.indicator_id].append((b.value, b.school_year, b.note))
    for i in rows:
        values = {k: v for k, v in i.items() if k not in ("number", "baselines")}
        indicator = w.upsert(Indicator, {"plan": plan, "number": i["number"]}, values)
        indicators[i["number"]] = indicator
        wanted = [(b["value"], b["school_year"], b["note"]) for b in i["baselines"]]
        if baselines[indicator.pk] != wanted:
            indicator.baselines.all().delete()
            IndicatorBaseline.objects.bulk_create(
                IndicatorBaseline(indicator=indicator, value=v, school_year=y, note=n) for v, y, n in wanted
            )
            result.updated += 1
    return indicators


def _current_m2m(field, plan):
    """{activity id: {target ids}} for one of Activity's many-to-many fields, in one query."""
    through = Activity._meta.get_field(field).remote_field.through
    source = "from_activity_id" if field == "related" else "activity_id"
    target = (
        "to_activity_id"
        if field == "related"
        else f"{Activity._meta.get_field(field).related_model._meta.model_name}_id"
    )
    current = defaultdict(set)
    for activity_id, target_id in through.objects.filter(**{f"{source[:-3]}__plan": plan}).values_list(source, target):
        current[activity_id].add(target_id)
    return current


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
                    "title",
                    "description",
                    "rationale",
                    "measurement",
                    "documents",
                    "form",
                    "period_text",
                    "starts_on",
                    "ends_on",
                    "printed_amount",
                    "printed_vat",
                    "schools_text",
                    "networking_text",
                    "source_line",
                )
            },
        }
        activities[row["number"]] = w.upsert(Activity, {"plan": plan, "number": row["number"]}, values)
    current = {field: _current_m2m(field, plan) for field in ("areas", "objectives", "indicators", "related")}
    for row in rows:
        activity = activities[row["number"]]
        w.set_m2m(activity, "areas", [areas[c] for c in row["areas"]], current["areas"][activity.pk])
        w.set_m2m(
            activity, "objectives", [objectives[c] for c in row["objectives"]], current["objectives"][activity.pk]
        )
        w.set_m2m(
            activity, "indicators", [indicators[n] for n in row["indicators"]], current["indicators"][activity.pk]
        )
        w.set_m2m(activity, "related", [activities[n] for n in row["related"]], current["related"][activity.pk])
        for entry in row["schools"]:
            w.upsert(
                ActivitySchool,
                {"activity": activity, "school": schools[entry["code"]], "role": ActivitySchool.Role.IMPLEMENTS},
                {"programme_year": entry["year"]},
            )
        for code in row["networking_schools"]:
            w.upsert(
                ActivitySchool,
                {"activity": activity, "school": schools[code], "role": ActivitySchool.Role.NETWORKING},
                {"programme_year": None},
            )
        for line in row["budget_lines"]:
            school = schools[line["school"]] if line["school"] else None
            w.upsert(
                BudgetLine,
                {"activity": activity, "school": school},
                {k: line[k] for k in ("amount", "vat", "description", "source_line")},
            )
    w.delete_unseen(ActivitySchool, ActivitySchool.objects.filter(activity__plan=plan), _("mokyklų dalyvavimas"))
    w.delete_unseen(BudgetLine, BudgetLine.objects.filter(activity__plan=plan), _("biudžeto eilutės"))
    w.delete_unseen(Activity, Activity.objects.filter(plan=plan), _("veiklos"))
    return activities


def _write_list(w, plan, model, rows, m2m=None):
    """Rows without a natural key (partners, risks, notes) are matched by position."""
    for position, row in enumerate(rows, start=1):
        values = {k: v for k, v in row.items() if not (m2m and k in m2m)}
        obj = w.upsert(model, {"plan": plan, "position": position}, values)
        for name, resolve in (m2m or {}).items():
            w.set_m2m(obj, name, resolve(row[name]))
    w.delete_unseen(model, model.objects.filter(plan=plan), model._meta.verbose_name_plural)
