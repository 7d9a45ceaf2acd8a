"""The demo placed around a day: the period schools are working on is open, and its items are in every state.

The plan's own dates stay as the plan file gives them. When the day is past the period schools work on
(the Kaunas plan ends in April 2026), the demo moves that period's deadline past the day, as staff may;
nothing else about the period changes.
"""

import datetime
import random
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from core.history import CHANGED, CREATED, history_copied
from reporting.models import ItemComment, ReviewState
from reporting.periods import current_period

OPEN_DAYS = 30
MISSING = None  # an item the school has not written yet
STATES = (ReviewState.APPROVED, ReviewState.SUBMITTED, ReviewState.RETURNED, ReviewState.DRAFT, MISSING)
# Shares of a school's items in each of STATES: the demo coordinator's school has something of everything,
# the other schools are at different stages.
FOCUS_SHARES = (30, 25, 10, 20, 15)
SCHOOL_SHARES = [
    (75, 15, 5, 0, 5),
    (10, 80, 5, 5, 0),
    (30, 20, 5, 25, 20),
    (0, 10, 0, 30, 60),
    (50, 35, 5, 10, 0),
]
RETURN_REASONS = {
    "activity": [
        "Aprašykite konkrečiau, kas padaryta šį ketvirtį: kiek mokymų įvyko, kas dalyvavo.",
        "Įvykdymo procentas nesutampa su aprašymu – patikslinkite.",
        "Pridėkite įrodymą: renginio nuotrauką, dalyvių sąrašą ar programą.",
        "Nurodykite, kiek mokinių ir mokytojų dalyvavo.",
    ],
    "indicator": [
        "Reikšmė gerokai skiriasi nuo praėjusio laikotarpio – patikrinkite skaičiavimą ir parašykite pastabą.",
        "Nurodykite, iš kokio šaltinio paimta reikšmė (apklausa, NŠA duomenys).",
    ],
    "event": [
        "Nurodykite, kurios tinklo mokyklos dalyvavo renginyje.",
        "Patikslinkite dalyvių skaičių pagal registracijos sąrašą.",
    ],
    "expenditure": [
        "PVM nesutampa su sąskaita – pridėkite sąskaitos kopiją.",
        "Patikslinkite sutarties numerį.",
    ],
}


REPLY = "Ačiū, patikslinsime ir pateiksime iš naujo šią savaitę."


def work_period(plan, today):
    """The period schools work on at `today`, kept open for them: if it has locked, its deadline is moved
    OPEN_DAYS past `today`. None before the plan's first period starts."""
    period = current_period(plan, today)
    if period is None or period.starts_on > today:
        return None
    if period.locks_on < today:
        period.deadline = today + datetime.timedelta(days=OPEN_DAYS)
        period.save(update_fields=["deadline"])
    return period


def spread(count, shares, rng):
    """`count` states in proportion to `shares` (in STATES order, largest remainders first), every state with
    a share at least once while there are items to go round, in random order."""
    total = sum(shares)
    counts = [count * share // total for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(count * shares[i] % total), -shares[i]))
    for index in by_remainder[: count - sum(counts)]:
        counts[index] += 1
    for index, share in enumerate(shares):
        largest = max(range(len(counts)), key=counts.__getitem__)
        if share and not counts[index] and counts[largest] > 1:
            counts[largest] -= 1
            counts[index] += 1
    states = [state for state, n in zip(STATES, counts, strict=True) for _ in range(n)]
    rng.shuffle(states)
    return states


def _comments(model, thread):
    """The conversation on returned items: [(item, author, text, is the return reason, when)]."""
    content_type = ContentType.objects.get_for_model(model)
    comments = ItemComment.objects.bulk_create(
        ItemComment(content_type=content_type, object_id=item.pk, author=author, text=text, is_return_reason=is_reason)
        for item, author, text, is_reason, _when in thread
    )
    for comment, (*_rest, when) in zip(comments, thread, strict=True):
        comment.created_at = when
    ItemComment.objects.bulk_update(comments, ["created_at"])


def moment(day, hour, rng):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, rng.randint(0, 59))))


class WorkPeriod:
    """Gives the items of the period schools work on their states, then their history and reviews."""

    def __init__(self, period, *, today, staff, schools, focus, rng: random.Random):
        self.period, self.today, self.staff, self.rng = period, today, staff, rng
        self.shares = {}
        others = [school for school in schools if school.pk not in focus]
        for school in schools:
            self.shares[school.pk] = FOCUS_SHARES if school.pk in focus else SCHOOL_SHARES[others.index(school) % 5]
        self.days = {school.pk: self._days() for school in schools}
        self.written = defaultdict(list)  # model -> items written
        self.reviews = defaultdict(list)  # (model, school id, state, reason) -> item ids

    def _days(self):
        """(drafted, submitted, reviewed): a school's days of work, before `today` and not before the period."""
        start, latest = self.period.starts_on, max(self.period.starts_on, self.today - datetime.timedelta(days=1))
        submitted = max(start, self.today - datetime.timedelta(days=self.rng.randint(3, 12)))
        drafted = max(start, submitted - datetime.timedelta(days=self.rng.randint(1, 6)))
        reviewed = max(submitted, min(latest, submitted + datetime.timedelta(days=self.rng.randint(1, 3))))
        return drafted, submitted, reviewed

    def own_entry_count(self, school_id):
        """How many networking events (and spending entries) a school has written."""
        return 4 if self.shares[school_id] == FOCUS_SHARES else self.rng.randint(1, 3)

    def date_in_period(self):
        end = max(self.period.starts_on, min(self.period.ends_on, self.today))
        return self.period.starts_on + datetime.timedelta(days=self.rng.randint(0, (end - self.period.starts_on).days))

    def assign(self, items, kind, authors):
        """Give each school's items their states; returns the items written (the missing ones left out)."""
        by_school = defaultdict(list)
        for item in items:
            by_school[item.school_id].append(item)
        kept = []
        for school_id, group in by_school.items():
            shares = self.shares[school_id]
            if kind in ("event", "expenditure"):  # nothing is due: a school has only what it wrote
                shares = (*shares[:-1], 0)
            for item, state in zip(group, spread(len(group), shares, self.rng), strict=True):
                if state is not MISSING:
                    self._fill(item, kind, state, authors[school_id])
                    kept.append(item)
        return kept

    def _fill(self, item, kind, state, author):
        submitted = self.days[item.school_id][1]
        item.created_by = item.updated_by = author
        if state == ReviewState.DRAFT:
            item.state, item.version = ReviewState.DRAFT, 1
        else:  # written and submitted; a review, if any, follows in finish()
            item.state, item.version = ReviewState.SUBMITTED, 2
            item.submitted_by, item.submitted_at = author, moment(submitted, 11, self.rng)
        if state in (ReviewState.APPROVED, ReviewState.RETURNED):
            reason = self.rng.choice(RETURN_REASONS[kind]) if state == ReviewState.RETURNED else ""
            self.reviews[(type(item), item.school_id, state, reason)].append(item)
        self.written[type(item)].append(item)

    def finish(self):
        """History for every item written (by its author, then the review by staff), and the reviews."""
        for model, items in self.written.items():
            groups = defaultdict(list)
            for item in items:
                day = self.days[item.school_id][0 if item.state == ReviewState.DRAFT else 1]
                groups[(item.created_by, day)].append(item.pk)
            for (author, day), pks in groups.items():
                history_copied(model, pks, user=author, when=moment(day, 10, self.rng), kind=CREATED)
        replied = False
        for (model, school_id, state, reason), items in self.reviews.items():
            when = moment(self.days[school_id][2], 15, self.rng)
            pks = [item.pk for item in items]
            model.objects.filter(pk__in=pks).update(
                state=state, return_reason=reason, reviewed_by=self.staff, reviewed_at=when, version=F("version") + 1
            )
            history_copied(model, pks, user=self.staff, when=when, kind=CHANGED)
            if state == ReviewState.RETURNED:
                thread = [(item, self.staff, reason, True, when) for item in items]
                if not replied and self.shares[school_id] == FOCUS_SHARES:  # the coordinator has answered one
                    replied = True
                    thread.append((items[0], items[0].created_by, REPLY, False, when + datetime.timedelta(hours=1)))
                _comments(model, thread)

    def counts(self):
        states = defaultdict(int)
        for items in self.written.values():
            for item in items:
                states[str(item.state)] += 1
        for (_model, _school, state, _reason), items in self.reviews.items():
            states[str(ReviewState.SUBMITTED)] -= len(items)
            states[str(state)] += len(items)
        return dict(states)
