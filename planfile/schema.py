"""The plan file, `tum-plan/2`: a YAML document a person can read and review (README, "Plan file format").

The shape is defined once, by the pydantic models below; their lengths and choices are the Django
models'. `read_plan_file` checks a whole file before anything is written and returns the plan as
plain data (money as Decimal, dates as date). A `tum-plan/1` file is first rewritten into the v2 shape
(`planfile.v1`) and then checked by the same models.

Problems are reported in three rounds, each only when the one before found nothing, so that every
problem is reported once, at its root, and never the problems that follow from it: the file's
sections; each entry's fields; then what entries say about each other (an activity's school must be
in `schools`).
"""

import datetime
from decimal import Decimal
from typing import Annotated

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from activities.models import Activity, ActivitySchool
from budget.models import BudgetCategory, BudgetLine
from indicators.models import Indicator, IndicatorBaseline
from planfile import v1
from planfile.fields import (
    Boolean,
    Codes,
    Date,
    Money,
    Number,
    OptionalBoolean,
    PositiveInteger,
    PrintedNumber,
    RequiredMoney,
    RequiredNumber,
    SourceLine,
    Text,
    Year,
    choice,
    max_length,
    none_as_empty_list,
)
from planfile.loader import MAX_FILE_BYTES, PlanFileError, load_yaml
from planfile.messages import describe, shown, where
from plans.models import LEVELS, Partner, Plan, Risk
from schools.models import Municipality, School

__all__ = ["FORMAT", "MAX_FILE_BYTES", "PlanFileError", "load_yaml", "read_plan_file"]

FORMAT = "tum-plan/2"
FORMATS = (v1.FORMAT, FORMAT)
# The top-level sections, in the order a plan file has them, with their shape.
SECTIONS = {
    "municipality": dict,
    "plan": dict,
    "goals": list,
    "schools": list,
    "budget_categories": list,
    "indicators": list,
    "activities": list,
    "partners": list,
    "risks": list,
    "data_notes": list,
}
DECLARED_TOTALS = ("direct_amount", "direct_vat", "indirect_amount", "indirect_vat", "total_amount", "total_vat")
VAT_RATES = (21, 9, 5, 0)  # Lithuania's VAT rates, in percent
# What the file writes for a school's kind; every kind of the model must be here (fields.choice checks it).
SCHOOL_KINDS = {"participating": "G", "networking": "T", "organisation": "O"}
UNKNOWN_SCHOOL = gettext_lazy("nežinoma mokykla „%(code)s“ – jos nėra skyriuje „schools“")


def rule(message):
    """An entry's own rule broken: reported at the entry, with this sentence."""
    return PydanticCustomError("plan_rule", "plan_rule", {"message": message})


class Entry(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=False)


Entries = BeforeValidator(none_as_empty_list)


class MunicipalityEntry(Entry):
    code: Text(max_length(Municipality, "code"), required=True)
    name: Text(max_length(Municipality, "name"), required=True)

    @model_validator(mode="after")
    def _code(self):
        if any(ch not in "abcdefghijklmnopqrstuvwxyz0123456789-" for ch in self.code):
            raise rule(_("kodas gali turėti tik mažąsias raides, skaitmenis ir brūkšnelius"))
        return self


class LevelName(Entry):
    one: Text(60) = ""
    many: Text(60) = ""


class Levels(Entry):
    goal: LevelName | None = None
    objective: LevelName | None = None
    activity: LevelName | None = None


class DeclaredTotals(Entry):
    direct_amount: Money = None
    direct_vat: Money = None
    indirect_amount: Money = None
    indirect_vat: Money = None
    total_amount: Money = None
    total_vat: Money = None


class PlanEntry(Entry):
    title: Text(max_length(Plan, "title"), required=True)
    programme: Text(max_length(Plan, "programme"), required=True)
    starts_on: Date = None
    ends_on: Date = None
    first_year: Year = None
    last_year: Year = None
    period_text: Text(max_length(Plan, "period_text")) = ""
    reporting: choice(Plan.Frequency.values) = Plan.Frequency.QUARTERLY.value
    levels: Levels | None = None
    budget: Boolean = True
    indirect_rate: Number = None
    declared_totals: DeclaredTotals | None = None

    @model_validator(mode="after")
    def _period(self):
        exact = self.starts_on is not None or self.ends_on is not None
        if exact and (self.starts_on is None or self.ends_on is None):
            raise rule(_("nurodykite abi datas („starts_on“ ir „ends_on“) arba tik metus („first_year“, „last_year“)"))
        if not exact and (self.first_year is None or self.last_year is None):
            raise rule(
                _(
                    "nurodykite plano datas („starts_on“, „ends_on“) arba, jei plane jų nėra, metus („first_year“, „last_year“)"
                )
            )
        if exact and self.starts_on >= self.ends_on:
            raise rule(_("pabaiga turi būti vėlesnė nei pradžia"))
        if not exact and self.first_year > self.last_year:
            raise rule(_("pabaiga turi būti vėlesnė nei pradžia"))
        if not self.budget and (self.indirect_rate is not None or self.declared_totals is not None):
            raise rule(_("plane biudžeto nėra („budget: false“), todėl „indirect_rate“ ir „declared_totals“ nerašomi"))
        return self

    def span(self):
        """The dates reporting periods cover: the plan's own, or the whole of its first and last year."""
        if self.starts_on:
            return self.starts_on, self.ends_on
        return datetime.date(self.first_year, 1, 1), datetime.date(self.last_year, 12, 31)


class ObjectiveEntry(Entry):
    number: PrintedNumber
    title: Text(required=True)


class GoalEntry(Entry):
    number: PrintedNumber
    title: Text(required=True)
    objectives: Annotated[list[ObjectiveEntry], Entries] = []


class SchoolEntry(Entry):
    code: Text(max_length(School, "code")) = ""
    name: Text(max_length(School, "name")) = ""
    kind: choice(School.Kind.values, SCHOOL_KINDS) = School.Kind.PARTICIPATING.value
    type: choice(School.Type.values + [""]) = ""
    former_name: Text(max_length(School, "former_name")) = ""
    strengths: Text() = ""
    improvements: Text() = ""
    sharing: Text() = ""
    network: Codes = []

    @model_validator(mode="after")
    def _code(self):
        if not self.code and not self.name:
            raise rule(_("reikia kodo („code“) arba pavadinimo („name“), iš kurio kodas sudaromas"))
        if not self.code:
            self.code = slugify(self.name)[: max_length(School, "code")].strip("-")
        if not all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in self.code):
            raise rule(
                _("code: „%(code)s“ – kode gali būti tik raidės be diakritikos, skaitmenys, „-“, „_“ ir „.“")
                % {"code": self.code}
            )
        return self


class CategoryEntry(Entry):
    number: PositiveInteger
    name: Text(max_length(BudgetCategory, "name"), required=True)
    name_en: Text(max_length(BudgetCategory, "name_en")) = ""
    activities_text: Text(max_length(BudgetCategory, "activities_text")) = ""
    includes_indirect_costs: Boolean = False


class BaselineEntry(Entry):
    value: RequiredNumber
    school_year: Text(max_length(IndicatorBaseline, "school_year")) = ""
    note: Text(max_length(IndicatorBaseline, "note")) = ""


TQ = Indicator.TargetQualifier


class TargetEntry(Entry):
    """A target in one of its forms; only the figures the form needs, and only those the plan gives."""

    form: choice(TQ.values) = TQ.EXACT.value
    value: Number = None
    min: Number = None
    max: Number = None
    by: Number = None
    from_: Number = Field(None, alias="from")
    text: Text(max_length(Indicator, "target_text")) = ""

    @model_validator(mode="after")
    def _form(self):
        needs = {
            TQ.EXACT: (self.value is not None, _("nurodykite „value“")),
            TQ.AT_LEAST: (self.value is not None, _("nurodykite „value“")),
            TQ.AT_MOST: (self.value is not None, _("nurodykite „value“")),
            TQ.RANGE: (
                self.min is not None and self.max is not None,
                _("intervalui nurodykite „min“ ir „max“"),
            ),
            TQ.CHANGE: (
                self.by is not None or (self.from_ is not None and self.value is not None),
                _("pokyčiui nurodykite „by“ (pvz., 5 arba -3) arba „from“ ir „value“"),
            ),
            TQ.TEXT: (bool(self.text), _("aprašytam rezultatui nurodykite „text“")),
        }
        good, message = needs[self.form]
        if not good:
            raise rule(_("forma „%(form)s“: %(message)s") % {"form": self.form, "message": message})
        if self.form == TQ.RANGE and self.min > self.max:
            raise rule(_("intervalo „min“ didesnis už „max“"))
        return self

    def figures(self):
        return [v for v in (self.value, self.min, self.max, self.from_) if v is not None]


class IndicatorEntry(Entry):
    number: PrintedNumber
    name: Text(required=True)
    kind: choice(Indicator.Kind.values) = ""
    activity: Text(20) = ""
    unit: Text(max_length(Indicator, "unit_text")) = ""
    measured_as: choice(Indicator.Unit.values)
    baselines: Annotated[list[BaselineEntry], Entries] = []
    baseline_text: Text(max_length(Indicator, "baseline_text")) = ""
    target: TargetEntry | None = None
    higher_is_better: OptionalBoolean = None
    computation: choice(Indicator.Computation.values) = ""
    source_line: SourceLine = None

    @model_validator(mode="after")
    def _target(self):
        target = self.target
        if target is None:
            return self
        if self.measured_as == Indicator.Unit.PERCENT and any(not 0 <= v <= 100 for v in target.figures()):
            raise rule(_("procentinio rodiklio siekiama reikšmė turi būti nuo 0 iki 100"))
        if self.measured_as == Indicator.Unit.COUNT and any(v != v.to_integral_value() for v in target.figures()):
            raise rule(_("skaičiuojamo rodiklio (count) siekiama reikšmė turi būti sveikasis skaičius"))
        if self.measured_as == Indicator.Unit.TEXT and target.form != TQ.TEXT:
            raise rule(_("tekstinio rodiklio (measured_as: text) siekiama reikšmė rašoma „form: text“"))
        return self


class PeriodEntry(Entry):
    text: Text(max_length(Activity, "period_text")) = ""
    starts_on: Date = None
    ends_on: Date = None


class ActivitySchoolEntry(Entry):
    code: Text(max_length(School, "code"))
    year: Annotated[int | None, BeforeValidator(lambda v: _programme_year(v))] = None

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, dict) or not isinstance(data.get("code"), str):
            raise rule(_("reikia mokyklos kodo ir metų, pvz., „- code: G1“ ir „year: 1“"))
        return data


def _programme_year(value):
    if value is None or (value in (1, 2, 3) and not isinstance(value, bool)):
        return value
    raise PydanticCustomError("plan_rule", "", {"message": _("programos metai („year“) turi būti 1, 2, 3 arba null")})


class PrintedEntry(Entry):
    amount: Money = None
    vat: Money = None

    @model_validator(mode="after")
    def _vat(self):
        _check_vat_not_above_amount(self.amount, self.vat)
        return self


class BudgetLineEntry(Entry):
    school: Text(max_length(School, "code")) | None = None
    amount: RequiredMoney
    vat: Money
    description: Text(max_length(BudgetLine, "description")) = ""
    source_line: SourceLine = None

    @model_validator(mode="before")
    @classmethod
    def _vat_written(cls, data):
        if isinstance(data, dict) and "vat" not in data:
            raise rule(_("trūksta sumos „vat“ – jei plane PVM suma neišspausdinta, rašykite „vat: null“"))
        return data

    @model_validator(mode="after")
    def _vat(self):
        _check_vat_not_above_amount(self.amount, self.vat)
        return self


class ActivityEntry(Entry):
    number: PrintedNumber
    parent: Text(20) = ""
    title: Text(required=True)
    description: Text() = ""
    rationale: Text() = ""
    measurement: Text() = ""
    documents: Text() = ""
    form: Text() = ""
    period: PeriodEntry | None = None
    areas: Codes = []
    category: PositiveInteger | None = None
    objectives: Codes = []
    indicators: Codes = []
    related: Codes = []
    schools: Annotated[list[ActivitySchoolEntry], Entries] = []
    networking_schools: Codes = []
    responsible: Codes = []
    partners: Codes = []
    printed: PrintedEntry | None = None
    budget_lines: Annotated[list[BudgetLineEntry], Entries] = []
    schools_text: Text() = ""
    networking_text: Text() = ""
    source_line: SourceLine = None


class PartnerEntry(Entry):
    name: Text(max_length(Partner, "name"), required=True)
    address: Text(max_length(Partner, "address")) = ""
    description: Text() = ""
    areas: Codes = []


class RiskEntry(Entry):
    name: Text(max_length(Risk, "name"), required=True)
    level: choice(Risk.Level.values)
    mitigation: Text() = ""


class DataNoteEntry(Entry):
    line: SourceLine = None
    text_lt: Text(required=True)
    text_en: Text() = ""


class PlanFile(Entry):
    municipality: MunicipalityEntry
    plan: PlanEntry
    goals: list[GoalEntry]
    schools: list[SchoolEntry]
    budget_categories: list[CategoryEntry]
    indicators: list[IndicatorEntry]
    activities: list[ActivityEntry]
    partners: list[PartnerEntry]
    risks: list[RiskEntry]
    data_notes: list[DataNoteEntry]


def _check_vat_not_above_amount(amount, vat):
    if amount is not None and vat is not None and vat > amount:
        raise rule(
            _(
                "vat: PVM %(vat)s didesnis už sumą be PVM %(amount)s – ar nesukeisti laukai „amount“ ir "
                "„vat“? Įrašykite sumą be PVM į „amount“, o PVM – į „vat“."
            )
            % {"vat": _euros(vat), "amount": _euros(amount)}
        )


def _check_sections(data):
    """The file's shape, checked first: a missing or misshapen section is the one root problem."""
    if data.get("format") not in FORMATS:
        return [
            _("format: tikėtasi „%(format)s“, faile – „%(value)s“. Ar tai plano failas?")
            % {"format": FORMAT, "value": shown(data.get("format"))}
        ]
    missing = [key for key in SECTIONS if key not in data]
    present = [key for key in data if key in SECTIONS]
    if missing and present and present == list(SECTIONS)[: len(present)]:
        return [
            _(
                "Failas, atrodo, nutrūkęs: jis baigiasi skyriumi „%(last)s“, o tolesnių skyrių (%(missing)s) nėra. "
                "Įkelkite visą failą."
            )
            % {"last": present[-1], "missing": ", ".join(f"„{key}“" for key in missing)}
        ]
    problems = [
        _("trūksta skyriaus „%(key)s“ – jei jame nieko nėra, rašykite „%(key)s: []“") % {"key": key} for key in missing
    ]
    for key, shape in SECTIONS.items():
        if key in data and not isinstance(data[key], shape):
            message = _("„%(key)s“ turi būti laukų rinkinys") if shape is dict else _("„%(key)s“ turi būti sąrašas")
            problems.append(message % {"key": key})
    return problems


def _field_problems(error, data, renamed=None):
    problems = []
    for item in error.errors():
        if renamed:
            item = {**item, "loc": tuple(renamed.get(step, step) for step in item["loc"])}
        problem = describe(item, data)
        if problem not in problems:
            problems.append(problem)
    return problems


def read_plan_file(content, *, area_codes):
    """Parse and check a plan file (v1 or v2); return the plan as plain data or raise PlanFileError."""
    data = load_yaml(content)
    problems = _check_sections(data)
    if problems:
        raise PlanFileError(problems)
    renamed = None
    if data["format"] == v1.FORMAT:
        data, renamed = v1.as_v2(data), v1.RENAMED
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as error:
        raise PlanFileError(_field_problems(error, data, renamed)) from None
    problems = References(plan, set(area_codes)).problems()
    if problems:
        raise PlanFileError(problems)
    result = as_data(plan)
    result["vat_checks"] = vat_checks(result["activities"])
    return result


class References:
    """What entries say about each other: numbers unique, every code and number referred to exists."""

    def __init__(self, plan, area_codes):
        self.plan = plan
        self.area_codes = area_codes
        self.found = []

    def problem(self, where_, message):
        self.found.append(f"{where_}: {message}")

    def unique(self, section, entries, key, message):
        seen = set()
        for index, entry in enumerate(entries, start=1):
            value = key(entry)
            if value in seen:
                self.problem(where(section, index, value), message % {"number": value})
            seen.add(value)
        return seen

    def known(self, where_, field, codes, known, unknown):
        for code in codes:
            if code not in known:
                self.problem(where_, f"{field}: " + unknown % {"code": code})

    def problems(self):
        p = self.plan
        self.unique("goals", p.goals, lambda g: g.number, _("tikslo numeris %(number)s kartojasi"))
        objectives = set()
        for gi, goal in enumerate(p.goals, start=1):
            for oi, objective in enumerate(goal.objectives, start=1):
                if objective.number in objectives:
                    self.problem(
                        _("%(where)s, uždavinys %(index)s") % {"where": where("goals", gi, goal.number), "index": oi},
                        _("uždavinio numeris %(number)s kartojasi") % {"number": objective.number},
                    )
                objectives.add(objective.number)
        schools = self.unique("schools", p.schools, lambda s: s.code, _("mokyklos kodas %(number)s kartojasi"))
        for index, school in enumerate(p.schools, start=1):
            self.known(where("schools", index, school.code), "network", school.network, schools, UNKNOWN_SCHOOL)
        categories = self.unique(
            "budget_categories", p.budget_categories, lambda c: c.number, _("kategorijos numeris %(number)s kartojasi")
        )
        indicators = self.unique(
            "indicators", p.indicators, lambda i: i.number, _("rodiklio numeris %(number)s kartojasi")
        )
        activities = self.unique(
            "activities", p.activities, lambda a: a.number, _("veiklos numeris %(number)s kartojasi")
        )
        for index, indicator in enumerate(p.indicators, start=1):
            if indicator.activity and indicator.activity not in activities:
                self.problem(
                    where("indicators", index, indicator.number),
                    _("activity: nežinoma veikla „%(code)s“ – jos nėra skyriuje „activities“")
                    % {"code": indicator.activity},
                )
        if not p.plan.budget and p.budget_categories:
            self.problem("budget_categories", _("plane biudžeto nėra („budget: false“), todėl kategorijų nerašykite"))
        self._activities(schools, objectives, indicators, activities, categories)
        unknown_area = _("nežinoma sritis „%(code)s“ – galimos: ") + ", ".join(sorted(self.area_codes))
        for index, partner in enumerate(p.partners, start=1):
            self.known(where("partners", index), "areas", partner.areas, self.area_codes, unknown_area)
        return self.found

    def _activities(self, schools, objectives, indicators, activities, categories):
        p = self.plan
        parents = {a.number: a.parent for a in p.activities}
        unknown_area = _("nežinoma sritis „%(code)s“ – galimos: ") + ", ".join(sorted(self.area_codes))
        unknown_objective = _(
            "nežinomas uždavinys „%(code)s“ – jo nėra skyriuje „goals“ (rašomas visas numeris, pvz., 1.2 ar I.1)"
        )
        unknown_indicator = _("nežinomas rodiklis „%(code)s“ – jo nėra skyriuje „indicators“")
        unknown_activity = _("nežinoma veikla „%(code)s“ – jos nėra skyriuje „activities“")
        for index, a in enumerate(p.activities, start=1):
            here = where("activities", index, a.number)
            if a.parent and a.parent not in activities:
                self.problem(here, _("nėra aukštesnės veiklos %(parent)s") % {"parent": a.parent})
            elif a.parent and _is_own_ancestor(a.number, parents):
                self.problem(here, _("veikla negali būti pati sau aukštesnė (parent)"))
            if a.category is not None and a.category not in categories:
                self.problem(
                    here,
                    _("category: nežinoma biudžeto kategorija „%(value)s“ – jos nėra skyriuje „budget_categories“")
                    % {"value": a.category},
                )
            self.known(here, "areas", a.areas, self.area_codes, unknown_area)
            self.known(here, "objectives", a.objectives, objectives, unknown_objective)
            self.known(here, "indicators", a.indicators, indicators, unknown_indicator)
            self.known(here, "related", a.related, activities, unknown_activity)
            self.known(here, "schools", [s.code for s in a.schools], schools, UNKNOWN_SCHOOL)
            for field in ("networking_schools", "responsible", "partners"):
                self.known(here, field, getattr(a, field), schools, UNKNOWN_SCHOOL)
            line_schools = set()
            for j, line in enumerate(a.budget_lines, start=1):
                lwhere = _("%(where)s, biudžeto eilutė %(index)s") % {"where": here, "index": j}
                if line.school is not None and line.school not in schools:
                    self.problem(lwhere, "school: " + UNKNOWN_SCHOOL % {"code": line.school})
                if line.school in line_schools:
                    self.problem(lwhere, _("ta pati mokykla veikloje nurodyta du kartus"))
                line_schools.add(line.school)
            if not p.plan.budget and (a.budget_lines or a.printed or a.category is not None):
                self.problem(
                    here,
                    _("plane biudžeto nėra („budget: false“), todėl „budget_lines“, „printed“ ir „category“ nerašomi"),
                )


def _is_own_ancestor(number, parents):
    seen, current = set(), parents.get(number)
    while current:
        if current == number or current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def as_data(plan):
    """The checked file as the plain data the importer writes."""
    p = plan.plan
    starts_on, ends_on = p.span()
    levels = {}
    for level in LEVELS:
        names = getattr(p.levels, level, None) if p.levels else None
        if names and (names.one or names.many):
            levels[level] = {"one": names.one, "many": names.many}
    totals = p.declared_totals.model_dump() if p.declared_totals else dict.fromkeys(DECLARED_TOTALS)
    return {
        "municipality": plan.municipality.model_dump(),
        "plan": {
            "title": p.title,
            "programme": p.programme,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "dates_exact": p.starts_on is not None,
            "period_text": p.period_text,
            "reporting_frequency": p.reporting,
            "level_names": levels,
            "has_budget": p.budget,
            "indirect_rate": p.indirect_rate,
            "declared_totals": totals,
        },
        "goals": [
            {
                "number": g.number,
                "title": g.title,
                "objectives": [{"number": o.number, "title": o.title} for o in g.objectives],
            }
            for g in plan.goals
        ],
        "schools": [
            {
                "code": s.code,
                "name": s.name,
                "kind": s.kind,
                "institution_type": s.type,
                "former_name": s.former_name,
                "strengths": s.strengths,
                "improvements": s.improvements,
                "sharing": s.sharing,
                "network": [code for code in s.network],
            }
            for s in plan.schools
        ],
        "budget_categories": [c.model_dump() for c in plan.budget_categories],
        "indicators": [_indicator(i) for i in plan.indicators],
        "activities": [_activity(a) for a in plan.activities],
        "partners": [x.model_dump() for x in plan.partners],
        "risks": [x.model_dump() for x in plan.risks],
        "data_notes": [x.model_dump() for x in plan.data_notes],
    }


def _indicator(i):
    t = i.target
    form = t.form if t else TQ.TEXT
    higher = i.higher_is_better
    if higher is None:
        falling = t is not None and (
            t.form == TQ.AT_MOST
            or (t.form == TQ.CHANGE and ((t.by is not None and t.by < 0) or (t.by is None and t.value < t.from_)))
        )
        higher = not falling
    return {
        "number": i.number,
        "activity": i.activity or None,
        "name": i.name,
        "kind": i.kind,
        "unit": i.measured_as,
        "unit_text": i.unit,
        "baselines": [b.model_dump() for b in i.baselines],
        "baseline_text": i.baseline_text,
        "target": t.value if t else None,
        "target_min": t.min if t else None,
        "target_max": t.max if t else None,
        "change_by": t.by if t else None,
        "change_from": t.from_ if t else None,
        "target_text": t.text if t else "",
        "target_qualifier": form,
        "higher_is_better": higher,
        "computation": i.computation,
        "source_line": i.source_line,
    }


def _activity(a):
    period = a.period or PeriodEntry()
    printed = a.printed or PrintedEntry()
    roles = ActivitySchool.Role
    return {
        "number": a.number,
        "parent": a.parent or None,
        "title": a.title,
        "description": a.description,
        "rationale": a.rationale,
        "measurement": a.measurement,
        "documents": a.documents,
        "form": a.form,
        "period_text": period.text,
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
        "areas": a.areas,
        "category": a.category,
        "objectives": a.objectives,
        "indicators": a.indicators,
        "related": [n for n in a.related if n != a.number],
        "schools": [{"code": s.code, "year": s.year} for s in a.schools],
        "roles": {roles.NETWORKING: a.networking_schools, roles.RESPONSIBLE: a.responsible, roles.PARTNER: a.partners},
        "printed_amount": printed.amount,
        "printed_vat": printed.vat,
        "budget_lines": [line.model_dump() for line in a.budget_lines],
        "schools_text": a.schools_text,
        "networking_text": a.networking_text,
        "source_line": a.source_line,
    }


def _euros(value, language="lt"):
    if language == "en":
        return f"{value:,.2f} €"
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",") + "\u00a0€"


def is_vat_rate(amount, vat):
    """Whether the VAT is one of Lithuania's rates of the amount, within rounding (5 cents or 0,01 %)."""
    tolerance = max(Decimal("0.05"), amount * Decimal("0.0001"))
    return any(abs(amount * rate / 100 - vat) <= tolerance for rate in VAT_RATES)


def vat_checks(activities):
    """Data notes for budget lines whose VAT is not a Lithuanian rate: imported as written, and noted."""
    notes = []
    for activity in activities:
        for index, line in enumerate(activity["budget_lines"], start=1):
            amount, vat = line["amount"], line["vat"]
            if vat is None or not amount or is_vat_rate(amount, vat):
                continue
            percent = (vat * 100 / amount).quantize(Decimal("0.01"))
            school = f" ({line['school']})" if line["school"] else ""
            rates = ", ".join(str(rate) for rate in VAT_RATES)
            notes.append(
                {
                    "line": line["source_line"] or activity["source_line"],
                    "text_lt": (
                        f"Veikla {activity['number']}, biudžeto eilutė {index}{school}: PVM {_euros(vat)} yra "
                        f"{str(percent).replace('.', ',')} % sumos be PVM {_euros(amount)} – tai ne Lietuvos PVM "
                        f"tarifas ({rates} %). Įkelta taip, kaip parašyta plane; patikrinkite originale."
                    ),
                    "text_en": (
                        f"Activity {activity['number']}, budget line {index}{school}: VAT {_euros(vat, 'en')} is "
                        f"{percent} % of the amount without VAT {_euros(amount, 'en')}, which is not a Lithuanian VAT "
                        f"rate ({rates} %). Imported as the plan writes it; check against the original."
                    ),
                }
            )
    return notes
