"""The plan file: a YAML document a person can read and review (see README, "Plan file format").

`read_plan_file` parses and checks a whole file before anything is written and
returns a normalised plan (money as Decimal, dates as date). Every problem is
reported with where it is: "activities, entry 14 (activity 8.1), amount: '12 0139,15' is not a number".
"""

import datetime
import re
from decimal import Decimal

import yaml
from django.utils.translation import gettext as _

from activities.numbering import is_activity_number, parent_number
from tum_portal.money import parse_amount

FORMAT = "tum-plan/1"
SCHOOL_CODE = re.compile(r"^[GT]\d{1,3}$")
INDICATOR_KINDS = {"mandatory", "chosen", "additional"}
INDICATOR_UNITS = {"percent", "count", "ratio"}
RISK_LEVELS = {"low", "medium", "high"}
COMPUTATIONS = {"", "networking_events", "networking_share_schools"}
DECLARED_TOTALS = ("direct_amount", "direct_vat", "indirect_amount", "indirect_vat", "total_amount", "total_vat")
MAX_FILE_BYTES = 10 * 1024 * 1024
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when it is there: ten times faster


class PlanFileError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


class _Reader:
    def __init__(self, area_codes):
        self.problems = []
        self.area_codes = set(area_codes)

    def problem(self, where, message):
        self.problems.append(f"{where}: {message}")

    # field readers: return a clean value or record a problem and return None
    def text(self, where, record, field, required=False, max_length=None):
        value = record.get(field)
        if value is None or value == "":
            if required:
                self.problem(where, _("trūksta lauko „%(field)s“") % {"field": field})
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(where, _("laukas „%(field)s“ turi būti tekstas") % {"field": field})
            return ""
        value = str(value).strip()
        if max_length and len(value) > max_length:
            self.problem(
                where, _("laukas „%(field)s“ ilgesnis nei %(max)s simbolių") % {"field": field, "max": max_length}
            )
        return value

    def money(self, where, record, field, required=True):
        value = record.get(field)
        if value is None or value == "":
            if required:
                self.problem(where, _("trūksta sumos „%(field)s“") % {"field": field})
            return None
        try:
            amount = parse_amount(value)
        except ValueError:
            self.problem(where, _("%(field)s: „%(value)s“ nėra suma eurais") % {"field": field, "value": value})
            return None
        if amount < 0:
            self.problem(where, _("%(field)s: suma negali būti neigiama") % {"field": field})
            return None
        if amount >= Decimal("1e12"):
            self.problem(where, _("%(field)s: suma per didelė") % {"field": field})
            return None
        return amount

    def number(self, where, record, field, required=True):
        value = record.get(field)
        if value is None or value == "":
            if required:
                self.problem(where, _("trūksta lauko „%(field)s“") % {"field": field})
            return None
        try:
            number = parse_amount(value, max_decimals=4)
        except ValueError:
            self.problem(where, _("%(field)s: „%(value)s“ nėra skaičius") % {"field": field, "value": value})
            return None
        if abs(number) >= Decimal("1e10"):
            self.problem(where, _("%(field)s: skaičius per didelis") % {"field": field})
            return None
        return number

    def integer(self, where, record, field):
        value = record.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1 or value > 9999:
            self.problem(
                where, _("%(field)s: „%(value)s“ nėra teigiamas sveikasis skaičius") % {"field": field, "value": value}
            )
            return None
        return value

    def date(self, where, record, field, required=False):
        value = record.get(field)
        if value in (None, ""):
            if required:
                self.problem(where, _("trūksta datos „%(field)s“") % {"field": field})
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.problem(where, _("%(field)s: „%(value)s“ nėra data (MMMM-MM-DD)") % {"field": field, "value": value})
            return None

    def choice(self, where, record, field, choices, default=None):
        value = record.get(field, default)
        if value not in choices:
            self.problem(
                where,
                _("%(field)s: „%(value)s“ – galimos reikšmės: %(choices)s")
                % {"field": field, "value": value, "choices": ", ".join(sorted(c or "''" for c in choices))},
            )
            return None
        return value

    def boolean(self, where, record, field, default):
        value = record.get(field, default)
        if not isinstance(value, bool):
            self.problem(where, _("%(field)s: turi būti true arba false") % {"field": field})
            return default
        return value

    def mapping(self, where, data, key, required=True):
        value = data.get(key)
        if value is None:
            if required:
                self.problem(where, _("trūksta skyriaus „%(key)s“") % {"key": key})
            return {}
        if not isinstance(value, dict):
            self.problem(where, _("„%(key)s“ turi būti laukų rinkinys") % {"key": key})
            return {}
        return value

    def number_list(self, where, record, field, known, label):
        value = record.get(field) or []
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            self.problem(where, _("„%(field)s“ turi būti skaičių sąrašas") % {"field": field})
            return []
        missing = [v for v in value if v not in known]
        for v in missing:
            self.problem(
                where, _("%(field)s: nėra %(label)s „%(value)s“") % {"field": field, "label": label, "value": v}
            )
        return [v for v in value if v in known]

    def items(self, where, data, key, required=True):
        value = data.get(key)
        if value is None:
            if required:
                self.problem(where, _("trūksta skyriaus „%(key)s“") % {"key": key})
            return []
        if not isinstance(value, list):
            self.problem(where, _("„%(key)s“ turi būti sąrašas") % {"key": key})
            return []
        good = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, dict):
                good.append((index, item))
            else:
                self.problem(
                    _("%(section)s, įrašas %(index)s") % {"section": key, "index": index},
                    _("įrašas turi būti laukų rinkinys"),
                )
        return good

    def codes(self, where, record, field, known, label):
        value = record.get(field) or []
        if not isinstance(value, list):
            self.problem(where, _("„%(field)s“ turi būti sąrašas") % {"field": field})
            return []
        result = []
        for code in value:
            code = str(code).strip()
            if code not in known:
                self.problem(
                    where,
                    _("%(field)s: nežinoma %(label)s „%(code)s“") % {"field": field, "label": label, "code": code},
                )
            elif code not in result:
                result.append(code)
        return result


def _where(section, index, name=None):
    label = _("%(section)s, įrašas %(index)s") % {"section": section, "index": index}
    return f"{label} ({name})" if name else label


def load_yaml(content):
    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise PlanFileError([_("Failas per didelis (daugiausia 10 MB).")])
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError:
            raise PlanFileError([_("Failas nėra UTF-8 tekstas.")]) from None
    try:
        data = yaml.load(content, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = _("eilutė %(line)s") % {"line": mark.line + 1} if mark else _("failas")
        raise PlanFileError([_("%(where)s: netinkamas YAML formatas") % {"where": where}]) from None
    if not isinstance(data, dict):
        raise PlanFileError([_("Failas nėra plano aprašas (tikėtasi YAML laukų rinkinio).")])
    return data


def read_plan_file(content, *, area_codes):
    """Parse and check a plan file; return the normalised plan or raise PlanFileError."""
    data = load_yaml(content)
    r = _Reader(area_codes)
    if data.get("format") != FORMAT:
        r.problem("format", _("tikėtasi „%(format)s“") % {"format": FORMAT})

    municipality = r.mapping("", data, "municipality")
    plan = r.mapping("", data, "plan")
    totals = r.mapping("plan", plan, "declared_totals")
    result = {
        "municipality": {
            "code": r.text("municipality", municipality, "code", required=True, max_length=40),
            "name": r.text("municipality", municipality, "name", required=True, max_length=200),
        },
        "plan": {
            "title": r.text("plan", plan, "title", required=True, max_length=300),
            "programme": r.text("plan", plan, "programme", required=True, max_length=200),
            "starts_on": r.date("plan", plan, "starts_on", required=True),
            "ends_on": r.date("plan", plan, "ends_on", required=True),
            "indirect_rate": r.number("plan", plan, "indirect_rate"),
            "declared_totals": {key: r.money("plan.declared_totals", totals, key) for key in DECLARED_TOTALS},
        },
    }
    code = result["municipality"]["code"]
    if code and not re.fullmatch(r"[a-z0-9-]+", code):
        r.problem("municipality", _("kodas gali turėti tik mažąsias raides, skaitmenis ir brūkšnelius"))
    p = result["plan"]
    if p["starts_on"] and p["ends_on"] and p["starts_on"] >= p["ends_on"]:
        r.problem("plan", _("pabaiga turi būti vėlesnė nei pradžia"))

    result["goals"] = _read_goals(r, data)
    objective_codes = {f"{g['number']}.{o['number']}" for g in result["goals"] for o in g["objectives"]}
    result["schools"] = _read_schools(r, data)
    school_codes = {s["code"] for s in result["schools"]}
    for school in result["schools"]:
        school["network"] = r.codes(
            _where("schools", school["index"], school["code"]), school["raw"], "network", school_codes, _("mokykla")
        )
    result["budget_categories"] = _read_categories(r, data)
    result["indicators"] = _read_indicators(r, data)
    result["activities"] = _read_activities(
        r,
        data,
        school_codes=school_codes,
        objective_codes=objective_codes,
        indicator_numbers={i["number"] for i in result["indicators"]},
        category_numbers={c["number"] for c in result["budget_categories"]},
    )
    result["partners"] = [
        {
            "name": r.text(_where("partners", i), item, "name", required=True, max_length=300),
            "address": r.text(_where("partners", i), item, "address", max_length=300),
            "description": r.text(_where("partners", i), item, "description"),
            "areas": r.codes(_where("partners", i), item, "areas", r.area_codes, _("sritis")),
        }
        for i, item in r.items("", data, "partners", required=False)
    ]
    result["risks"] = [
        {
            "name": r.text(_where("risks", i), item, "name", required=True, max_length=300),
            "level": r.choice(_where("risks", i), item, "level", RISK_LEVELS),
            "mitigation": r.text(_where("risks", i), item, "mitigation"),
        }
        for i, item in r.items("", data, "risks", required=False)
    ]
    result["data_notes"] = [
        {
            "line": item.get("line") if isinstance(item.get("line"), int) else None,
            "text_lt": r.text(_where("data_notes", i), item, "text_lt", required=True),
            "text_en": r.text(_where("data_notes", i), item, "text_en"),
        }
        for i, item in r.items("", data, "data_notes", required=False)
    ]
    for school in result["schools"]:
        del school["raw"], school["index"]
    if r.problems:
        raise PlanFileError(r.problems)
    return result


def _read_goals(r, data):
    goals, seen = [], set()
    for i, item in r.items("", data, "goals"):
        where = _where("goals", i)
        number = r.integer(where, item, "number")
        if number in seen:
            r.problem(where, _("tikslo numeris %(number)s kartojasi") % {"number": number})
        seen.add(number)
        objectives, seen_objectives = [], set()
        for j, objective in r.items(where, item, "objectives"):
            owhere = _("%(where)s, uždavinys %(index)s") % {"where": where, "index": j}
            onumber = r.integer(owhere, objective, "number")
            if onumber in seen_objectives:
                r.problem(owhere, _("uždavinio numeris %(number)s kartojasi") % {"number": onumber})
            seen_objectives.add(onumber)
            objectives.append({"number": onumber, "title": r.text(owhere, objective, "title", required=True)})
        goals.append({"number": number, "title": r.text(where, item, "title", required=True), "objectives": objectives})
    return goals


def _read_schools(r, data):
    schools, seen = [], set()
    for i, item in r.items("", data, "schools"):
        code = r.text(_where("schools", i), item, "code", required=True, max_length=10)
        where = _where("schools", i, code)
        if code and not SCHOOL_CODE.match(code):
            r.problem(where, _("mokyklos kodas turi būti G arba T ir numeris, pvz., G1, T18"))
        if code in seen:
            r.problem(where, _("mokyklos kodas %(code)s kartojasi") % {"code": code})
        seen.add(code)
        schools.append(
            {
                "index": i,
                "raw": item,
                "code": code,
                "name": r.text(where, item, "name", max_length=255),
                "former_name": r.text(where, item, "former_name", max_length=255),
                "strengths": r.text(where, item, "strengths"),
                "improvements": r.text(where, item, "improvements"),
                "sharing": r.text(where, item, "sharing"),
            }
        )
    return schools


def _read_categories(r, data):
    categories, seen = [], set()
    for i, item in r.items("", data, "budget_categories"):
        where = _where("budget_categories", i)
        number = r.integer(where, item, "number")
        if number in seen:
            r.problem(where, _("kategorijos numeris %(number)s kartojasi") % {"number": number})
        seen.add(number)
        categories.append(
            {
                "number": number,
                "name": r.text(where, item, "name", required=True, max_length=200),
                "name_en": r.text(where, item, "name_en", max_length=200),
                "activities_text": r.text(where, item, "activities_text", max_length=300),
                "includes_indirect_costs": r.boolean(where, item, "includes_indirect_costs", False),
            }
        )
    return categories


def _read_indicators(r, data):
    indicators, seen = [], set()
    for i, item in r.items("", data, "indicators"):
        number = item.get("number")
        where = _where("indicators", i, number)
        number = r.integer(where, item, "number")
        if number in seen:
            r.problem(where, _("rodiklio numeris %(number)s kartojasi") % {"number": number})
        seen.add(number)
        baselines = []
        for j, baseline in r.items(where, item, "baselines", required=False):
            bwhere = _("%(where)s, pradinė reikšmė %(index)s") % {"where": where, "index": j}
            baselines.append(
                {
                    "value": r.number(bwhere, baseline, "value"),
                    "school_year": r.text(bwhere, baseline, "school_year", max_length=20),
                    "note": r.text(bwhere, baseline, "note", max_length=200),
                }
            )
        indicators.append(
            {
                "number": number,
                "name": r.text(where, item, "name", required=True),
                "kind": r.choice(where, item, "kind", INDICATOR_KINDS),
                "unit": r.choice(where, item, "unit", INDICATOR_UNITS),
                "baselines": baselines,
                "baseline_text": r.text(where, item, "baseline_text", max_length=300),
                "target": r.number(where, item, "target"),
                "target_text": r.text(where, item, "target_text", max_length=100),
                "target_qualifier": r.choice(where, item, "target_qualifier", {"exact", "at_least"}, "exact"),
                "higher_is_better": r.boolean(where, item, "higher_is_better", True),
                "computation": r.choice(where, item, "computation", COMPUTATIONS, ""),
                "source_line": item.get("source_line") if isinstance(item.get("source_line"), int) else None,
            }
        )
        target = indicators[-1]["target"]
        if indicators[-1]["unit"] == "percent" and target is not None and not (0 <= target <= 100):
            r.problem(where, _("procentinio rodiklio siekiama reikšmė turi būti nuo 0 iki 100"))
    return indicators


def _read_activities(r, data, *, school_codes, objective_codes, indicator_numbers, category_numbers):
    activities, numbers = [], set()
    items = r.items("", data, "activities")
    all_numbers = {str(item.get("number", "")).strip() for _, item in items}
    for i, item in items:
        number = str(item.get("number", "")).strip()
        where = _where("activities", i, number or None)
        if not is_activity_number(number):
            r.problem(where, _("veiklos numeris „%(number)s“ netinkamas (pvz., 8 arba 8.1)") % {"number": number})
        if number in numbers:
            r.problem(where, _("veiklos numeris %(number)s kartojasi") % {"number": number})
        numbers.add(number)
        parent = parent_number(number)
        if parent and parent not in all_numbers:
            r.problem(where, _("nėra aukštesnės veiklos %(parent)s") % {"parent": parent})
        period = r.mapping(where, item, "period", required=False)
        printed = r.mapping(where, item, "printed", required=False)
        schools = []
        school_entries = item.get("schools") or []
        if not isinstance(school_entries, list):
            r.problem(where, _("„schools“ turi būti sąrašas"))
            school_entries = []
        for entry in school_entries:
            if (
                not isinstance(entry, dict)
                or not isinstance(entry.get("code"), str)
                or entry["code"] not in school_codes
            ):
                r.problem(where, _("schools: nežinoma mokykla „%(code)s“") % {"code": entry})
                continue
            year = entry.get("year")
            if year not in (None, 1, 2, 3) or isinstance(year, bool):
                r.problem(where, _("schools: programos metai turi būti 1, 2 arba 3"))
            schools.append({"code": entry["code"], "year": year})
        lines, line_schools = [], set()
        for j, line in r.items(where, item, "budget_lines", required=False):
            lwhere = _("%(where)s, biudžeto eilutė %(index)s") % {"where": where, "index": j}
            school = line.get("school")
            if school is not None and (not isinstance(school, str) or school not in school_codes):
                r.problem(lwhere, _("nežinoma mokykla „%(code)s“") % {"code": school})
                school = None
            if school in line_schools:
                r.problem(lwhere, _("ta pati mokykla veikloje nurodyta du kartus"))
            line_schools.add(school)
            lines.append(
                {
                    "school": school,
                    "amount": r.money(lwhere, line, "amount"),
                    "vat": r.money(lwhere, line, "vat"),
                    "description": r.text(lwhere, line, "description", max_length=300),
                    "source_line": line.get("source_line") if isinstance(line.get("source_line"), int) else None,
                }
            )
        category = item.get("category")
        if category is not None and (isinstance(category, (bool, dict, list)) or category not in category_numbers):
            r.problem(where, _("category: nėra biudžeto kategorijos „%(value)s“") % {"value": category})
            category = None
        indicators = r.number_list(where, item, "indicators", indicator_numbers, _("rodiklio"))
        related = r.codes(where, item, "related", all_numbers, _("veikla"))
        activities.append(
            {
                "number": number,
                "title": r.text(where, item, "title", required=True),
                "description": r.text(where, item, "description"),
                "rationale": r.text(where, item, "rationale"),
                "measurement": r.text(where, item, "measurement"),
                "documents": r.text(where, item, "documents"),
                "form": r.text(where, item, "form"),
                "period_text": r.text(where, period, "text", max_length=200),
                "starts_on": r.date(where, period, "starts_on"),
                "ends_on": r.date(where, period, "ends_on"),
                "areas": r.codes(where, item, "areas", r.area_codes, _("sritis")),
                "category": category,
                "objectives": r.codes(where, item, "objectives", objective_codes, _("uždavinys")),
                "indicators": indicators,
                "related": [n for n in related if n != number],
                "schools": schools,
                "networking_schools": r.codes(where, item, "networking_schools", school_codes, _("mokykla")),
                "printed_amount": r.money(where, printed, "amount", required=False),
                "printed_vat": r.money(where, printed, "vat", required=False),
                "budget_lines": lines,
                "schools_text": r.text(where, item, "schools_text"),
                "networking_text": r.text(where, item, "networking_text"),
                "source_line": item.get("source_line") if isinstance(item.get("source_line"), int) else None,
            }
        )
    return activities
