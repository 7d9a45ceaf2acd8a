"""Synthetic data for demonstrations and the benchmark; deterministic for a seed.

- `synthetic_plan_data(...)`: a plan shaped like Kaunas (its activities, indicators and
  categories, with other money, schools and dates), written in the plan-file format and
  imported through the real importer.
- `add_progress(...)`: approved progress, indicator values, networking events and spending for
  every period that has started, with the latest period left submitted for review.
- `add_demo_progress(...)`: the same placed around a day for `make run`: the period schools work on
  open, with its items in every state (`demo.work`).

Rows are written in bulk (history only for the period schools work on); the plan's own figures are
never touched.
"""

import copy
import datetime
import functools
import random
from decimal import Decimal
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from activities.models import ActivityProgress
from budget.models import BudgetLine, Expenditure
from core.money import to_cents
from demo.accounts import DEMO_COORDINATORS
from demo.work import WorkPeriod, work_period
from indicators.models import Indicator, IndicatorValue
from networking.models import NetworkingEvent
from planfile.importer import plan_import
from planfile.loader import SAFE_LOADER
from reporting.models import ReviewState
from reporting.periods import periods_create_quarters
from reports.models import Report
from reports.services import report_request
from review.selectors import due_activity_roles
from schools.models import NetworkLink, School

KAUNAS_PLAN = Path(__file__).resolve().parent.parent / "fixtures" / "kaunas" / "plan.yaml"
CENT = Decimal("0.01")
DONE_TEXTS = [
    "Įvyko planuoti mokymai mokytojams, dalyvių grįžtamasis ryšys teigiamas.",
    "Atnaujinta erdvė, įsigyta dalis priemonių; pamokos jau vyksta naujoje aplinkoje.",
    "Surengti susitikimai su partneriais, parengtas veiklų grafikas.",
    "Vyko integruotos pamokos ir projektinė veikla su tinklo mokyklomis.",
    "Parengta metodinė medžiaga, ja pasidalinta su kitomis mokyklomis.",
]
NEXT_TEXTS = ["Tęsti pagal planą.", "Baigti pirkimą ir įrengti erdvę.", "Organizuoti antrą mokymų ciklą.", ""]
SUPPLIERS = [
    "UAB Edukacinės erdvės",
    "UAB Mokyklų baldai",
    "VšĮ Mokymų centras",
    "UAB STEAM sprendimai",
    "MB Kūrybos dirbtuvės",
]
EVENT_TITLES = [
    "Integruota pamoka",
    "Patirties sklaidos seminaras",
    "Bendras STEAM projektas",
    "Metodinė diena",
    "Mokinių konferencija",
]


@functools.lru_cache(maxsize=1)
def _kaunas_data():
    return yaml.load(KAUNAS_PLAN.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def _kaunas_plan():
    return copy.deepcopy(_kaunas_data())


def synthetic_plan_data(index, rng, *, networking_schools=40):
    """A plan-file dict for municipality number `index`, shaped like the Kaunas plan."""
    data = _kaunas_plan()
    code = f"demo-{index:02d}"
    data["municipality"] = {"code": code, "name": f"Demonstracinė savivaldybė Nr. {index}"}
    data["plan"]["title"] = f"Demonstracinės savivaldybės Nr. {index} švietimo pažangos planas"
    data["plan"]["starts_on"] = datetime.date(2024, 1, 1)
    data["plan"]["ends_on"] = datetime.date(2026, 12, 31)
    factor = Decimal(rng.randint(40, 160)) / 100
    t_map = {f"T{i}": f"T{(i - 1) % networking_schools + 1}" for i in range(1, 49)}

    def remap(codes):
        result = []
        for c in codes:
            c = t_map.get(c, c)
            if c not in result:
                result.append(c)
        return result

    data["schools"] = [
        {
            **s,
            "name": f"{s['code']} demonstracinė mokykla Nr. {index}" if s["code"].startswith("G") else "",
            "network": remap(s.get("network", [])),
        }
        for s in data["schools"]
        if s["code"].startswith("G") or int(s["code"][1:]) <= networking_schools
    ]
    direct_amount, direct_vat = Decimal(0), Decimal(0)
    for activity in data["activities"]:
        activity["networking_schools"] = remap(activity.get("networking_schools", []))
        activity["schools"] = [dict(s, code=t_map.get(s["code"], s["code"])) for s in activity.get("schools", [])]
        activity["schools"] = list({s["code"]: s for s in activity["schools"]}.values())
        for line in activity.get("budget_lines", []):
            line["amount"] = str(to_cents(Decimal(line["amount"]) * factor))
            direct_amount += Decimal(line["amount"])
            if line.get("vat") is not None:  # a VAT the plan does not print stays unknown
                line["vat"] = str(to_cents(Decimal(line["vat"]) * factor))
                direct_vat += Decimal(line["vat"])
            line.pop("source_line", None)
        if activity.get("printed"):
            for key in ("amount", "vat"):
                if activity["printed"].get(key) is not None:
                    activity["printed"][key] = str(to_cents(Decimal(activity["printed"][key]) * factor))
        period = activity.get("period") or {}
        if period.get("starts_on"):
            period["starts_on"] = max(period["starts_on"], datetime.date(2024, 1, 1))
            period["ends_on"] = datetime.date(2026, 12, 31) if period["ends_on"].year >= 2026 else period["ends_on"]
    indirect_amount, indirect_vat = to_cents(direct_amount * Decimal("0.02")), to_cents(direct_vat * Decimal("0.02"))
    data["plan"]["declared_totals"] = {
        "direct_amount": str(direct_amount),
        "direct_vat": str(direct_vat),
        "indirect_amount": str(indirect_amount),
        "indirect_vat": str(indirect_vat),
        "total_amount": str(direct_amount + indirect_amount),
        "total_vat": str(direct_vat + indirect_vat),
    }
    for indicator in data["indicators"]:
        indicator["baselines"] = [
            dict(b, value=str((Decimal(str(b["value"])) * Decimal(rng.randint(85, 115)) / 100).quantize(CENT)))
            for b in indicator.get("baselines", [])
        ]
    data["data_notes"] = []
    return data


def _people(municipality):
    """A staff member, and for each participating school its coordinator: the school's first one, or one made
    up with no password (who cannot sign in)."""
    password = make_password(None)
    staff, _ = User.objects.get_or_create(
        email=f"komanda@{municipality.code}.example",
        defaults={
            "role": User.Role.STAFF,
            "municipality": municipality,
            "password": password,
            "first_name": "Koordinavimo",
            "last_name": "komanda",
        },
    )
    coordinators = {}
    for school in School.objects.filter(municipality=municipality).participating():
        user = User.objects.filter(role=User.Role.COORDINATOR, schools=school).order_by("pk").first()
        if user is None:
            user, created = User.objects.get_or_create(
                email=f"{school.code.lower()}@{municipality.code}.example",
                defaults={
                    "role": User.Role.COORDINATOR,
                    "municipality": municipality,
                    "password": password,
                    "first_name": school.code,
                    "last_name": "koordinatorius",
                },
            )
            if created:
                user.schools.set([school])
        coordinators[school.pk] = user
    return staff, coordinators


def _moment(day, rng):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + rng.randint(0, 8), rng.randint(0, 59))))


class _Past:
    """Every item of a past period in one state, submitted around its deadline."""

    def __init__(self, state, staff, period, rng):
        self.state, self.staff, self.period, self.rng = state, staff, period, rng

    def assign(self, items, kind, authors):
        for item in items:
            for name, value in _workflow(
                self.state, authors[item.school_id], self.staff, self.period, self.rng
            ).items():
                setattr(item, name, value)
        return items

    def own_entry_count(self, school_id):
        return self.rng.choice([0, 1, 1, 2, 3])

    def date_in_period(self):
        span = (self.period.ends_on - self.period.starts_on).days
        return self.period.starts_on + datetime.timedelta(days=self.rng.randint(0, span))


def add_progress(plan, *, seed, today=None, work_period=None):
    """Progress, indicator values, events and spending for every period of `plan` that has started.

    Without `work_period` every period is approved but the latest, which is left submitted for review.
    With it (the period schools work on, see `demo.work`), the periods before it are approved, the ones
    after it left empty, and its items are in every state, with schools' own spending entries.
    """
    rng = random.Random(f"{seed}-{plan.municipality.code}")
    today = today or timezone.localdate()
    periods = [p for p in plan.periods.order_by("starts_on") if p.starts_on <= today]
    if work_period is not None:
        periods = [p for p in periods if p.starts_on <= work_period.starts_on]
    if not periods:
        return {}
    staff, coordinators = _people(plan.municipality)
    schools = list(School.objects.filter(municipality=plan.municipality).participating())
    network = {}
    for school_id, partner_id in NetworkLink.objects.filter(school__in=schools).values_list("school_id", "partner_id"):
        network.setdefault(school_id, []).append(partner_id)
    indicators = list(Indicator.objects.filter(plan=plan, computation="").prefetch_related("baselines"))
    counts = {"progress": 0, "values": 0, "events": 0, "expenditures": 0}
    work = None
    if work_period is not None:
        focus = set(User.objects.filter(email__in=DEMO_COORDINATORS).values_list("schools", flat=True))
        work = WorkPeriod(
            work_period, today=today, staff=staff, schools=schools, focus=focus or {schools[0].pk}, rng=rng
        )
    last = periods[-1]
    with transaction.atomic():
        percent = {}
        for index, period in enumerate(periods):
            if period == work_period:
                states = work
            else:
                late = period == last and len(periods) > 1 and work is None
                states = _Past(ReviewState.SUBMITTED if late else ReviewState.APPROVED, staff, period, rng)
            progress, values, events = [], [], []
            for activity_id, school_id in due_activity_roles(period, schools).values_list("activity_id", "school_id"):
                key = (activity_id, school_id)
                percent[key] = min(100, percent.get(key, 0) + rng.choice([0, 10, 15, 20, 25, 30]))
                value = percent[key]
                status = (
                    "done"
                    if value == 100
                    else ("not_started" if value == 0 else rng.choice(["in_progress"] * 6 + ["delayed"]))
                )
                progress.append(
                    ActivityProgress(
                        period=period,
                        school_id=school_id,
                        activity_id=activity_id,
                        status=status,
                        percent_done=value,
                        done_text="" if status == "not_started" else rng.choice(DONE_TEXTS),
                        next_text=rng.choice(NEXT_TEXTS),
                        pupils=rng.randint(0, 120),
                        teachers=rng.randint(0, 15),
                    )
                )
            progress = states.assign(progress, "activity", coordinators)
            ActivityProgress.objects.bulk_create(progress, batch_size=2000)
            through = ActivityProgress.networking_schools.through
            links = []
            for item in progress:
                partners = network.get(item.school_id, [])
                if partners and rng.random() < 0.3:
                    for partner in rng.sample(partners, min(len(partners), rng.randint(1, 3))):
                        links.append(through(activityprogress_id=item.pk, school_id=partner))
            through.objects.bulk_create(links, batch_size=5000)
            fraction = Decimal(index + 1) / Decimal(len(periods) + 2)
            for school in schools:
                for indicator in indicators:
                    values.append(
                        IndicatorValue(
                            period=period,
                            school=school,
                            indicator=indicator,
                            value=_indicator_value(indicator, fraction, rng, len(schools)),
                        )
                    )
                for _n in range(states.own_entry_count(school.pk)):
                    events.append(
                        NetworkingEvent(
                            period=period,
                            school=school,
                            date=states.date_in_period(),
                            form=rng.choice(NetworkingEvent.Form.values),
                            title=rng.choice(EVENT_TITLES),
                            participants=rng.randint(8, 90),
                        )
                    )
            values = states.assign(values, "indicator", coordinators)
            events = states.assign(events, "event", coordinators)
            IndicatorValue.objects.bulk_create(values, batch_size=2000)
            NetworkingEvent.objects.bulk_create(events, batch_size=2000)
            participating = NetworkingEvent.participating_schools.through
            participating.objects.bulk_create(
                [
                    participating(networkingevent_id=event.pk, school_id=partner)
                    for event in events
                    for partner in rng.sample(
                        network.get(event.school_id, [event.school_id]),
                        min(len(network.get(event.school_id, [])) or 1, rng.randint(1, 3)),
                    )
                ],
                batch_size=5000,
            )
            counts["progress"] += len(progress)
            counts["values"] += len(values)
            counts["events"] += len(events)
        counts["expenditures"] = _add_spending(plan, periods, staff, rng)
        if work is not None:
            counts["expenditures"] += _add_school_spending(plan, work, coordinators, rng)
            work.finish()
            counts[work_period.code] = work.counts()
    return counts


def _workflow(state, author, staff, period, rng):
    submitted_at = _moment(period.deadline - datetime.timedelta(days=rng.randint(-3, 12)), rng)
    fields = {
        "state": state,
        "created_by": author,
        "updated_by": author,
        "submitted_by": author,
        "submitted_at": submitted_at,
    }
    if state == ReviewState.APPROVED:
        fields.update(reviewed_by=staff, reviewed_at=submitted_at + datetime.timedelta(days=rng.randint(1, 10)))
    return fields


def _indicator_value(indicator, fraction, rng, school_count):
    """A value near the plan's straight path; a count is the school's share of the municipality's."""
    baselines = list(indicator.baselines.all())
    baseline = baselines[-1].value if baselines else Decimal(0)
    expected = baseline + (indicator.target - baseline) * fraction
    noise = Decimal(rng.randint(-12, 12)) / 100 * (abs(indicator.target - baseline) or Decimal(1))
    value = expected + noise
    if indicator.unit == Indicator.Unit.PERCENT:
        value = min(max(value, Decimal(0)), Decimal(100))
    if indicator.unit == Indicator.Unit.COUNT:
        return max(value / school_count, Decimal(0)).quantize(Decimal(1))
    return max(value, Decimal(0)).quantize(CENT)


def _add_spending(plan, periods, staff, rng):
    expenditures = []
    for line in BudgetLine.objects.filter(activity__plan=plan).select_related("activity", "school"):
        if not line.amount:
            continue
        share = Decimal(rng.randint(20, 105)) / 100
        parts = rng.randint(1, 3)
        # Invoices always carry VAT; where the plan prints none, the standard rate stands in.
        rate = line.vat / line.amount if line.vat is not None else Decimal("0.21")
        for part in range(parts):
            amount = to_cents(line.amount * share / parts)
            period = periods[min(len(periods) - 1, rng.randint(0, len(periods) - 1))]
            day = period.starts_on + datetime.timedelta(days=rng.randint(0, (period.ends_on - period.starts_on).days))
            expenditures.append(
                Expenditure(
                    budget_line=line,
                    school=line.school,
                    period=period,
                    date=day,
                    amount=amount,
                    vat=(amount * rate).quantize(CENT, rounding="ROUND_FLOOR"),
                    supplier=rng.choice(SUPPLIERS),
                    document_number=f"{line.activity.number}-{line.school.code if line.school else 'S'}-{part + 1}",
                    status=rng.choice(["paid", "paid", "contracted", "planned"]),
                    **_workflow(ReviewState.APPROVED, staff, staff, period, rng),
                )
            )
    Expenditure.objects.bulk_create(expenditures, batch_size=2000)
    return len(expenditures)


def _add_school_spending(plan, work, coordinators, rng):
    """Schools' own spending entries on their budget lines in the period schools work on, in every state."""
    lines = {}
    for line in BudgetLine.objects.filter(activity__plan=plan, school_id__in=coordinators, amount__gt=0).select_related(
        "activity", "school"
    ):
        lines.setdefault(line.school_id, []).append(line)
    entries = []
    for school_id, school_lines in lines.items():
        for number in range(work.own_entry_count(school_id)):
            line = school_lines[number % len(school_lines)]
            amount = to_cents(line.amount * Decimal(rng.randint(3, 12)) / 100)
            rate = line.vat / line.amount if line.vat is not None else Decimal("0.21")
            entries.append(
                Expenditure(
                    budget_line=line,
                    school_id=school_id,
                    period=work.period,
                    date=work.date_in_period(),
                    amount=amount,
                    vat=(amount * rate).quantize(CENT, rounding="ROUND_FLOOR"),
                    supplier=rng.choice(SUPPLIERS),
                    document_number=f"{line.activity.number}-{line.school.code}-M{number + 1}",
                    status=rng.choice(["paid", "contracted", "planned"]),
                    entered_by_school=True,
                )
            )
    entries = work.assign(entries, "expenditure", coordinators)
    Expenditure.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def add_demo_progress(plan, *, seed, today):
    """The demo around `today`: the period schools work on open (see `demo.work`), the periods before it
    approved, its items in every state, schools allowed to enter their own spending, and the quarterly
    progress reports (Excel) of that period and the one before, as the schedule makes them.
    Returns (that period, counts); (None, {}) before the plan's first period starts."""
    period = work_period(plan, today)
    if period is None:
        return None, {}
    plan.school_spending_entries = True
    plan.save(update_fields=["school_spending_entries"])
    counts = add_progress(plan, seed=seed, today=today, work_period=period)
    for quarter in [*plan.periods.filter(ends_on__lt=period.starts_on).order_by("-starts_on")[:1], period]:
        report_request(
            user=None, plan=plan, kind=Report.Kind.PROGRESS, period=quarter.code, fmt=Report.Format.XLSX, scheduled=True
        )
    return period, counts


def create_synthetic_plan(index, *, seed):
    rng = random.Random(f"{seed}-plan-{index}")
    content = yaml.dump(
        synthetic_plan_data(index, rng),
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
    ).encode()
    plan = plan_import(content=content, source=f"demo-{index:02d}.yaml").plan
    periods_create_quarters(plan=plan)
    return plan
