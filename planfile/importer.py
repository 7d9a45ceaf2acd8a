"""Writing a plan: import from a plan file (one transaction, idempotent), the same for the upload page and
`import_plan`, including the plan's quarterly reporting periods.

The writer reads what the plan already has once per table, compares in memory, and writes
only what changed, so re-importing an unchanged file writes nothing and a new plan is fast.
An import that would remove records is rolled back unless removals were allowed: the caller
shows what would be removed (a dry run gives the same answer without changing anything) and asks.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, ActivitySchool
from budget.models import BudgetCategory, BudgetLine
from indicators.models import Indicator, IndicatorBaseline
from planfile.exporter import plan_as_yaml
from planfile.schema import PlanFileError, read_plan_file
from plans.areas import PROGRAMME_AREAS, ensure_programme_areas
from plans.models import Area, DataNote, Goal, Objective, Partner, Plan, PlanVersion, Risk
from plans.signals import plan_changed
from reporting.models import ReportingPeriod
from reporting.periods import periods_create
from schools.models import Municipality, NetworkLink, School

NAMES_SHOWN = 50  # removed records named per table in a preview; the count is always whole


@dataclass
class TableChanges:
    model: str  # "app_label.modelname"
    created: int = 0
    updated: int = 0
    removed: int = 0
    removed_names: list = field(default_factory=list)

    @property
    def label(self):
        return str(apps.get_model(self.model)._meta.verbose_name_plural)

    @property
    def more_removed(self):
        return self.removed - len(self.removed_names)


@dataclass
class ImportResult:
    plan: Plan = None
    tables: dict = field(default_factory=dict)  # model label -> TableChanges, in the order first touched
    checks: list = field(default_factory=list)  # data notes the importer's own checks found (VAT rates)
    applied: bool = False

    def table(self, model):
        label = model._meta.label_lower
        if label not in self.tables:
            self.tables[label] = TableChanges(model=label)
        return self.tables[label]

    @property
    def created(self):
        return sum(t.created for t in self.tables.values())

    @property
    def updated(self):
        return sum(t.updated for t in self.tables.values())

    @property
    def deleted(self):
        return sum(t.removed for t in self.tables.values())

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)

    @property
    def changed_tables(self):
        return [t for t in self.tables.values() if t.created or t.updated or t.removed]

    def summary(self):
        """What the import changes, as plain data: stored with a preview and compared when it is confirmed."""
        tables = [
            {
                "model": t.model,
                "created": t.created,
                "updated": t.updated,
                "removed": t.removed,
                "removed_names": t.removed_names,
            }
            for t in self.changed_tables
        ]
        return {"tables": tables, "checks": [note["text_lt"] for note in self.checks]}


class RemovalsNotAllowed(PlanFileError):
    """The file would remove records and removals were not allowed: nothing was changed."""

    def __init__(self, result):
        self.result = result
        super().__init__(
            [
                _(
                    "Šis failas pašalintų portale esančius įrašus, kurių faile nebėra (%(count)s). Niekas nepakeista: "
                    "peržiūrėkite, kas būtų pašalinta, ir aiškiai patvirtinkite pašalinimą."
                )
                % {"count": result.deleted}
            ]
        )


class PreviewOutdated(PlanFileError):
    """Since the preview, the plan in the portal changed: the same file would now change other records."""

    def __init__(self, result):
        self.result = result
        super().__init__(
            [_("Nuo peržiūros plane kažkas pasikeitė, todėl niekas nepakeista. Peržiūrėkite pakeitimus iš naujo.")]
        )


class _Rollback(Exception):
    """Leaves the import's transaction without keeping anything."""


def _key(lookup):
    return tuple(sorted((name, getattr(value, "pk", value)) for name, value in lookup.items()))


class _Writer:
    """Create or update rows so that an unchanged file writes nothing.

    `preload(model, queryset, fields)` reads a table's existing rows once; `upsert` then finds a
    row by its natural key in memory. Rows not seen during the import can be removed at the end.
    Every change is counted per table, each record once.
    """

    def __init__(self, result):
        self.result = result
        self.rows = {}
        self.seen = defaultdict(set)
        self.created = defaultdict(set)
        self.updated = defaultdict(set)

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
            self.created[model].add(obj.pk)
            self.result.table(model).created += 1
        else:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.save()
                self.mark_updated(obj)
        self.seen[model].add(obj.pk)
        return obj

    def mark_updated(self, obj):
        """Count a change to a record that existed (a field, a link, its baselines) once per record."""
        model = type(obj)
        if obj.pk not in self.created[model] and obj.pk not in self.updated[model]:
            self.updated[model].add(obj.pk)
            self.result.table(model).updated += 1

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
        self.mark_updated(obj)

    def delete_unseen(self, model, queryset):
        stale = queryset.exclude(pk__in=self.seen[model])
        count = stale.count()
        if not count:
            return
        related = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        names = [str(obj)[:120] for obj in stale.select_related(*related)[:NAMES_SHOWN]]
        try:
            stale.delete()
        except ProtectedError:
            raise PlanFileError(
                [
                    _(
                        "%(what)s: įrašų, kurių nebėra faile, negalima pašalinti – jie jau turi pateiktų duomenų "
                        "(pvz., „%(name)s“). Grąžinkite juos į failą."
                    )
                    % {"what": model._meta.verbose_name_plural, "name": names[0]}
                ]
            ) from None
        table = self.result.table(model)
        table.removed += count
        table.removed_names += names


def plan_import(
    *, content, source="", municipality=None, allow_removals=False, dry_run=False, expected=None, user=None
):
    """Import a plan file. Refuses the whole file (PlanFileError) when anything in it is wrong.

    With `municipality`, the file must be that municipality's plan (staff upload their own).
    `dry_run` computes the same result without keeping anything. Without `allow_removals`, an import
    that would remove records keeps nothing and raises RemovalsNotAllowed (with the result).
    With `expected` (a previous result's summary), it keeps nothing unless the changes are the same.
    """
    data = read_plan_file(content, area_codes=[code for code, *_names in PROGRAMME_AREAS])
    if municipality is not None and data["municipality"]["code"] != municipality.code:
        raise PlanFileError(
            [
                _(
                    "municipality: faile – „%(file)s“, o įkeliama savivaldybei „%(expected)s“. Įkelkite savo plano failą."
                )
                % {"file": data["municipality"]["code"], "expected": municipality.code}
            ]
        )
    result = ImportResult(checks=data["vat_checks"])
    refusal = None
    try:
        with transaction.atomic():
            ensure_programme_areas(Area)
            areas = {area.code: area for area in Area.objects.all()}
            _write_plan(data, areas, source, result)
            if not dry_run and (result.changed or not result.plan.versions.exists()):
                _keep_version(result.plan, source, user)
            if not dry_run:
                refusal = _refusal(result, allow_removals, expected)
            if dry_run or refusal:
                raise _Rollback
    except _Rollback:
        if refusal:
            raise refusal from None
        return result
    result.applied = True
    if result.changed:
        plan_changed.send(sender=None, plan=result.plan)
    return result


def _keep_version(plan, source, user):
    """Keep the plan as it now stands, as a plan file: an amendment's differences are read from two of these."""
    last = plan.versions.order_by("-number").first()
    PlanVersion.objects.create(
        plan=plan,
        number=last.number + 1 if last else 1,
        imported_at=plan.imported_at or timezone.now(),
        imported_by=user,
        source=source[:300],
        content=plan_as_yaml(plan),
    )


def _refusal(result, allow_removals, expected):
    """Why the import must not be kept, or None."""
    if expected is not None and result.summary() != expected:
        return PreviewOutdated(result)
    if result.deleted and not allow_removals:
        return RemovalsNotAllowed(result)
    return None


def _write_plan(data, areas, source, result):
    municipality, _created = Municipality.objects.get_or_create(
        code=data["municipality"]["code"], defaults={"name": data["municipality"]["name"]}
    )
    if municipality.name != data["municipality"]["name"]:
        municipality.name = data["municipality"]["name"]
        municipality.save(update_fields=["name"])
    p = data["plan"]
    plan_values = {
        **{
            key: p[key]
            for key in (
                "title",
                "starts_on",
                "ends_on",
                "dates_exact",
                "period_text",
                "reporting_frequency",
                "level_names",
                "has_budget",
                "indirect_rate",
            )
        },
        **{f"declared_{key}": value for key, value in p["declared_totals"].items()},
    }
    w = _Writer(result)
    plan = w.upsert(Plan, {"municipality": municipality, "programme": p["programme"]}, plan_values)
    result.plan = plan
    _preload(w, plan, municipality)

    objectives = {}
    for g in data["goals"]:
        goal = w.upsert(Goal, {"plan": plan, "number": g["number"]}, {"title": g["title"]})
        for o in g["objectives"]:
            objectives[o["number"]] = w.upsert(Objective, {"goal": goal, "number": o["number"]}, {"title": o["title"]})
    w.delete_unseen(Objective, Objective.objects.filter(goal__plan=plan))
    w.delete_unseen(Goal, plan.goals.all())

    schools = _write_schools(w, municipality, data["schools"])
    categories = {
        c["number"]: w.upsert(
            BudgetCategory, {"plan": plan, "number": c["number"]}, {k: v for k, v in c.items() if k != "number"}
        )
        for c in data["budget_categories"]
    }
    indicators = _write_indicators(w, plan, data["indicators"])
    activities = _write_activities(w, plan, data["activities"], areas, categories, objectives, indicators, schools)
    for row in data["indicators"]:
        indicator = indicators[row["number"]]
        owner = activities.get(row["activity"]) if row["activity"] else None
        if indicator.activity_id != (owner.pk if owner else None):
            indicator.activity = owner
            indicator.save(update_fields=["activity"])
            w.mark_updated(indicator)

    w.delete_unseen(Indicator, Indicator.objects.filter(plan=plan))
    w.delete_unseen(BudgetCategory, BudgetCategory.objects.filter(plan=plan))

    _write_list(w, plan, Partner, data["partners"], m2m={"areas": lambda codes: [areas[c] for c in codes]})
    _write_list(w, plan, Risk, data["risks"])
    notes = [{**note, "automatic": False} for note in data["data_notes"]]
    notes += [{**note, "automatic": True} for note in data["vat_checks"]]
    _write_list(
        w,
        plan,
        DataNote,
        [
            {"source_line": n["line"], "text_lt": n["text_lt"], "text_en": n["text_en"], "automatic": n["automatic"]}
            for n in notes
        ],
    )
    result.table(ReportingPeriod).created += len(periods_create(plan=plan))

    if result.changed or plan.source != source:
        plan.imported_at = timezone.now()
        plan.source = source
        plan.save(update_fields=["imported_at", "source"])


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
        values = {
            k: row[k] for k in ("name", "former_name", "strengths", "improvements", "sharing", "institution_type")
        }
        if existing is not None:
            # Staff may fill in what the plan leaves empty (the T schools' names): keep that.
            values = {k: v for k, v in values.items() if v}
        values["kind"] = row["kind"]
        schools[row["code"]] = w.upsert(School, {"municipality": municipality, "code": row["code"]}, values)
    for row in rows:
        for code in row["network"]:
            w.upsert(NetworkLink, {"school": schools[row["code"]], "partner": schools[code]}, {})
    w.delete_unseen(NetworkLink, NetworkLink.objects.filter(school__municipality=municipality))
    return schools


def _write_indicators(w, plan, rows):
    indicators = {}
    baselines = defaultdict(list)
    for b in IndicatorBaseline.objects.filter(indicator__plan=plan).order_by("pk"):
        baselines[b.indicator_id].append((b.value, b.school_year, b.note))
    for i in rows:
        values = {k: v for k, v in i.items() if k not in ("number", "baselines", "activity")}
        indicator = w.upsert(Indicator, {"plan": plan, "number": i["number"]}, values)
        indicators[i["number"]] = indicator
        wanted = [(b["value"], b["school_year"], b["note"]) for b in i["baselines"]]
        if baselines[indicator.pk] != wanted:
            indicator.baselines.all().delete()
            IndicatorBaseline.objects.bulk_create(
                IndicatorBaseline(indicator=indicator, value=v, school_year=y, note=n) for v, y, n in wanted
            )
            w.mark_updated(indicator)
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
    parents = {row["number"]: row["parent"] for row in rows}
    for row in sorted(rows, key=lambda r: _depth(r["number"], parents)):
        values = {
            "parent": activities.get(row["parent"]),
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
        for role, codes in row["roles"].items():
            for code in codes:
                w.upsert(
                    ActivitySchool,
                    {"activity": activity, "school": schools[code], "role": role},
                    {"programme_year": None},
                )
        for line in row["budget_lines"]:
            school = schools[line["school"]] if line["school"] else None
            w.upsert(
                BudgetLine,
                {"activity": activity, "school": school},
                {k: line[k] for k in ("amount", "vat", "description", "source_line")},
            )
    w.delete_unseen(ActivitySchool, ActivitySchool.objects.filter(activity__plan=plan))
    w.delete_unseen(BudgetLine, BudgetLine.objects.filter(activity__plan=plan))
    w.delete_unseen(Activity, Activity.objects.filter(plan=plan))
    return activities


def _depth(number, parents):
    depth = 0
    while parents.get(number):
        number, depth = parents[number], depth + 1
    return depth


def _write_list(w, plan, model, rows, m2m=None):
    """Rows without a natural key (partners, risks, notes) are matched by position."""
    for position, row in enumerate(rows, start=1):
        values = {k: v for k, v in row.items() if not (m2m and k in m2m)}
        obj = w.upsert(model, {"plan": plan, "position": position}, values)
        for name, resolve in (m2m or {}).items():
            w.set_m2m(obj, name, resolve(row[name]))
    w.delete_unseen(model, model.objects.filter(plan=plan))
