"""The plan file: a YAML document a person can read and review (see README, "Plan file format").

`read_plan_file` parses and checks a whole file before anything is written and
returns a normalised plan (money as Decimal, dates as date). Every problem is
reported with where it is and what to do: "activities, įrašas 14 (8.1), biudžeto eilutė 1:
amount: „12 0139,15“ nėra suma eurais". A problem that makes the rest meaningless (a missing
section, a section of the wrong shape) is reported alone, without the problems that follow from it.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.numbering import is_activity_number, parent_number
from core.money import parse_amount
from planfile.loader import MAX_FILE_BYTES, PlanFileError, load_yaml

__all__ = ["FORMAT", "MAX_FILE_BYTES", "PlanFileError", "load_yaml", "read_plan_file"]

FORMAT = "tum-plan/1"
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
SCHOOL_CODE = re.compile(r"^[GT]\d{1,3}$")
INDICATOR_KINDS = {"mandatory", "chosen", "additional"}
INDICATOR_UNITS = {"percent", "count", "ratio"}
RISK_LEVELS = {"low", "medium", "high"}
COMPUTATIONS = {"", "networking_events", "networking_share_schools"}
DECLARED_TOTALS = ("direct_amount", "direct_vat", "indirect_amount", "indirect_vat", "total_amount", "total_vat")
VAT_RATES = (21, 9, 5, 0)  # Lithuania's VAT rates, in percent
UNKNOWN_SCHOOL = gettext_lazy("nežinoma mokykla „%(code)s“ – jos nėra skyriuje „schools“")


def _shown(value):
    """A value as a person wrote it, for a message (never a Python dict or list)."""
    if isinstance(value, dict):
        return _("laukų rinkinys")
    if isinstance(value, list):
        return _("sąrašas")
    return "" if value is None else str(value)


class _Reader:
    def __init__(self, area_codes):
        self.problems = []
        self.area_codes = set(area_codes)

    def problem(self, where, message):
        self.problems.append(f"{where}: {message}" if where else message)

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
            self.problem(where, _("%(field)s: „%(value)s“ nėra suma eurais") % {"field": field, "value": _shown(value)})
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
            self.problem(where, _("%(field)s: „%(value)s“ nėra skaičius") % {"field": field, "value": _shown(value)})
            return None
        if abs(number) >= Decimal("1e10"):
            self.problem(where, _("%(field)s: skaičius per didelis") % {"field": field})
            return None
        return number

    def integer(self, where, record, field):
        value = record.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1 or value > 9999:
            self.problem(
                where,
                _("%(field)s: „%(value)s“ nėra teigiamas sveikasis skaičius")
                % {"field": field, "value": _shown(value)},
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
            self.problem(
                where, _("%(field)s: „%(value)s“ nėra data (MMMM-MM-DD)") % {"field": field, "value": _shown(value)}
            )
            return None

    def choice(self, where, record, field, choices, default=None):
        value = record.get(field, default)
        if isinstance(value, (dict, list)) or value not in choices:
            self.problem(
                where,
                _("%(field)s: „%(value)s“ – galimos reikšmės: %(choices)s")
                % {
                    "field": field,
                    "value": _shown(value),
                    "choices": ", ".join(sorted(c or "''" for c in choices)),
                },
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
                label = _where(key, index)
                self.problem(f"{where}, {label}" if where else label, _("įrašas turi būti laukų rinkinys"))
        return good

    def codes(self, where, record, field, known, unknown):
        """A list of codes that must each be known; `unknown` says what an unknown one is, with %(code)s."""
        value = record.get(field) or []
        if not isinstance(value, list) or not all(
            isinstance(code, (str, int)) and not isinstance(code, bool) for code in value
        ):
            self.problem(where, _("„%(field)s“ turi būti kodų sąrašas, pvz., [G1, T2]") % {"field": field})
            return []
        result = []
        for code in value:
            code = str(code).strip()
            if code not in known:
                self.problem(where, f"{field}: " + unknown % {"code": code})
            elif code not in result:
                result.append(code)
        return result


def _where(section, index, name=None):
    label = _("%(section)s, įrašas %(index)s") % {"section": section, "index": index}
    return f"{label} ({name})" if name else label


def _check_sections(data):
    """The file's shape, checked first: a missing or misshapen section is the one root problem."""
    if data.get("format") != FORMAT:
        return [
            _("format: tikėtasi „%(format)s“, faile – „%(value)s“. Ar tai plano failas?")
            % {"format": FORMAT, "value": _shown(data.get("format"))}
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


def read_plan_file(content, *, area_codes):
    """Parse and check a plan file; return the normalised plan or raise PlanFileError."""
    data = load_yaml(content)
    problems = _check_sections(data)
    if problems:
        raise PlanFileError(problems)
    r = _Reader(area_codes)
    municipality = data["municipality"]
    plan = data["plan"]
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
        where = _where("schools", school["index"], school["code"])
        school["network"] = r.codes(where, school["raw"], "network", school_codes, UNKNOWN_SCHOOL)
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
    unknown_area = _("nežinoma sritis „%(code)s“ – galimos: ") + ", ".join(sorted(r.area_codes))
    result["partners"] = [
        {
            "name": r.text(_where("partners", i), item, "name", required=True, max_length=300),
            "address": r.text(_where("partners", i), item, "address", max_length=300),
            "description": r.text(_where("partners", i), item, "description"),
            "areas": r.codes(_where("partners", i), item, "areas", r.area_codes, unknown_area),
        }
        for i, item in r.items("", data, "partners")
    ]
    result["risks"] = [
        {
            "name": r.text(_where("risks", i), item, "name", required=True, max_length=300),
            "level": r.choice(_where("risks", i), item, "level", RISK_LEVELS),
            "mitigation": r.text(_where("risks", i), item, "mitigation"),
        }
        for i, item in r.items("", data, "risks")
    ]
    result["data_notes"] = [
        {
            "line": item.get("line") if isinstance(item.get("line"), int) else None,
            "text_lt": r.text(_where("data_notes", i), item, "text_lt", required=True),
            "text_en": r.text(_where("data_notes", i), item, "text_en"),
        }
        for i, item in r.items("", data, "data_notes")
    ]
    for school in result["schools"]:
        del school["raw"], school["index"]
    if r.problems:
        raise PlanFileError(r.problems)
    result["vat_checks"] = vat_checks(result["activities"])
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
        where = _where("indicators", i, _shown(item.get("number")) or None)
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
    unknown_objective = _(
        "nežinomas uždavinys „%(code)s“ – jo nėra skyriuje „goals“ (rašoma tikslas.uždavinys, pvz., 1.2)"
    )
    unknown_indicator = _("nežinomas rodiklis „%(code)s“ – jo nėra skyriuje „indicators“")
    unknown_activity = _("nežinoma veikla „%(code)s“ – jos nėra skyriuje „activities“")
    unknown_area = _("nežinoma sritis „%(code)s“ – galimos: ") + ", ".join(sorted(r.area_codes))
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
        category = item.get("category")
        if category is not None and (isinstance(category, (bool, dict, list)) or category not in category_numbers):
            r.problem(
                where,
                _("category: nežinoma biudžeto kategorija „%(value)s“ – jos nėra skyriuje „budget_categories“")
                % {"value": _shown(category)},
            )
            category = None
        indicators = [
            int(n) for n in r.codes(where, item, "indicators", {str(n) for n in indicator_numbers}, unknown_indicator)
        ]
        related = r.codes(where, item, "related", all_numbers, unknown_activity)
        activity = {
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
            "areas": r.codes(where, item, "areas", r.area_codes, unknown_area),
            "category": category,
            "objectives": r.codes(where, item, "objectives", objective_codes, unknown_objective),
            "indicators": indicators,
            "related": [n for n in related if n != number],
            "schools": _read_activity_schools(r, where, item, school_codes),
            "networking_schools": r.codes(where, item, "networking_schools", school_codes, UNKNOWN_SCHOOL),
            "printed_amount": r.money(where, printed, "amount", required=False),
            "printed_vat": r.money(where, printed, "vat", required=False),
            "budget_lines": _read_budget_lines(r, where, item, school_codes),
            "schools_text": r.text(where, item, "schools_text"),
            "networking_text": r.text(where, item, "networking_text"),
            "source_line": item.get("source_line") if isinstance(item.get("source_line"), int) else None,
        }
        _check_vat_not_above_amount(r, where, activity["printed_amount"], activity["printed_vat"], "printed.")
        activities.append(activity)
    return activities


def _read_activity_schools(r, where, item, school_codes):
    entries = item.get("schools") or []
    if not isinstance(entries, list):
        r.problem(where, _("„schools“ turi būti sąrašas"))
        return []
    schools = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("code"), str):
            r.problem(
                where,
                _("schools, įrašas %(index)s: reikia mokyklos kodo ir metų, pvz., „- code: G1“ ir „year: 1“")
                % {"index": index},
            )
            continue
        if entry["code"] not in school_codes:
            r.problem(where, "schools: " + UNKNOWN_SCHOOL % {"code": entry["code"]})
            continue
        year = entry.get("year")
        if year not in (None, 1, 2, 3) or isinstance(year, bool):
            r.problem(
                where,
                _("schools, %(code)s: programos metai („year“) turi būti 1, 2, 3 arba null") % {"code": entry["code"]},
            )
        schools.append({"code": entry["code"], "year": year})
    return schools


def _read_budget_lines(r, where, item, school_codes):
    lines, line_schools = [], set()
    for j, line in r.items(where, item, "budget_lines", required=False):
        lwhere = _("%(where)s, biudžeto eilutė %(index)s") % {"where": where, "index": j}
        school = line.get("school")
        if school is not None and (not isinstance(school, str) or school not in school_codes):
            r.problem(lwhere, "school: " + UNKNOWN_SCHOOL % {"code": _shown(school)})
            school = None
        if school in line_schools:
            r.problem(lwhere, _("ta pati mokykla veikloje nurodyta du kartus"))
        line_schools.add(school)
        if "vat" not in line:
            r.problem(lwhere, _("trūksta sumos „vat“ – jei plane PVM suma neišspausdinta, rašykite „vat: null“"))
        amount, vat = r.money(lwhere, line, "amount"), r.money(lwhere, line, "vat", required=False)
        _check_vat_not_above_amount(r, lwhere, amount, vat)
        lines.append(
            {
                "school": school,
                "amount": amount,
                "vat": vat,
                "description": r.text(lwhere, line, "description", max_length=300),
                "source_line": line.get("source_line") if isinstance(line.get("source_line"), int) else None,
            }
        )
    return lines


def _check_vat_not_above_amount(r, where, amount, vat, prefix=""):
    if amount is not None and vat is not None and vat > amount:
        r.problem(
            where,
            _(
                "%(prefix)svat: PVM %(vat)s didesnis už sumą be PVM %(amount)s – ar nesukeisti laukai „amount“ ir "
                "„vat“? Įrašykite sumą be PVM į „amount“, o PVM – į „vat“."
            )
            % {"prefix": prefix, "vat": _euros(vat), "amount": _euros(amount)},
        )


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
