"""The access helpers every page and service asks: each answer and each reason for a refusal.

Built on the small second municipality's plan; its periods are all past, so a period is
open only where a test moves its deadline.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import User
from budget.access import SCHOOL_ENTRIES_OFF, spending_access
from budget.models import BudgetLine, Expenditure
from budget.services import expenditure_delete, expenditure_save
from networking.selectors import events_for_user
from networking.services import networking_event_save
from reporting import access as item_rules
from reporting.access import item_access
from reporting.models import PeriodReopening
from reporting.workflow import items_approve, items_submit
from reports.access import report_access
from reports.models import Report
from schools.models import School

from .conftest import make_user, save_progress

LOCKED_PERIOD = "Laikotarpis 2025-Q4 užrakintas"
SUBMITTED = "pateiktas peržiūrai; keisti jo dabar negalima"
APPROVED = "patvirtintas ir užrakintas"


@pytest.fixture
def place(small):
    school = {s.code: s for s in School.objects.filter(municipality=small.municipality, code__in=["G1", "G2"])}
    return small.municipality, school["G1"], school["G2"]


@pytest.fixture
def people(small, place):
    municipality, g1, g2 = place
    return {
        "staff": make_user("staff@small.test", User.Role.STAFF, municipality),
        "reviewer": make_user("reviewer@small.test", User.Role.STAFF, municipality),
        "g1": make_user("g1@small.test", User.Role.COORDINATOR, municipality, schools=[g1]),
        "g2": make_user("g2@small.test", User.Role.COORDINATOR, municipality, schools=[g2]),
        "viewer": make_user("viewer@small.test", User.Role.VIEWER, municipality),
    }


def fresh(user):
    """The user as a new request would load it (no cached permission answers)."""
    return User.objects.get(pk=user.pk)


def closed(small):
    """2025-Q4 of the small plan; its deadline is long past."""
    period = small.periods.get(code="2025-Q4")
    assert period.locks_on < timezone.localdate()
    return period


def opened(small):
    period = closed(small)
    period.deadline = timezone.localdate() + datetime.timedelta(days=5)
    period.save(update_fields=["deadline"])
    return period


def test_a_coordinator_may_write_their_school_while_the_period_is_open_and_not_review(small, place, people):
    period = opened(small)
    access = item_access(people["g1"], period=period, school=place[1])
    assert access.may_read and access.may_edit and not access.may_review
    assert access.review_refusal.code == item_rules.NOT_REVIEWER
    access.check_edit()
    with pytest.raises(PermissionDenied, match=r"^$"):
        access.check_review()


def test_the_open_period_condition_binds_the_school_but_not_staff(small, place, people):
    period = closed(small)
    school_access = item_access(people["g1"], period=period, school=place[1])
    assert school_access.may_read and not school_access.may_edit
    assert school_access.edit_refusal.code == item_rules.PERIOD_CLOSED
    with pytest.raises(ValidationError, match=LOCKED_PERIOD):
        school_access.check_edit()
    staff_access = item_access(people["staff"], period=period, school=place[1])
    assert staff_access.may_edit and staff_access.may_review


def test_a_period_reopened_for_the_school_is_open_again_for_it_only(small, place, people):
    municipality, g1, g2 = place
    period = closed(small)
    PeriodReopening.objects.create(
        period=period, school=g1, until=timezone.localdate(), reason="Pataisymas", reopened_by=people["staff"]
    )
    assert item_access(people["g1"], period=period, school=g1).may_edit
    assert item_access(people["g2"], period=period, school=g2).edit_refusal.code == item_rules.PERIOD_CLOSED


def test_the_coordinator_of_another_school_may_neither_read_nor_write_a_draft(small, place, people):
    period = opened(small)
    progress = save_progress(people["g1"], period, place[1])
    access = item_access(fresh(people["g2"]), progress, published_readable=True)
    assert (access.may_read, access.may_edit, access.may_review) == (False, False, False)
    assert access.read_refusal.code == access.edit_refusal.code == item_rules.NOT_THEIRS
    with pytest.raises(PermissionDenied, match=r"^$"):
        access.check_read()
    with pytest.raises(PermissionDenied, match=r"^$"):
        access.check_edit()


def test_submitted_and_approved_items_are_locked_with_the_reason(small, place, people):
    period = opened(small)
    progress = save_progress(people["g1"], period, place[1])
    items_submit(user=people["g1"], items=[progress])
    progress.refresh_from_db()
    for user in (people["g1"], people["staff"]):
        access = item_access(fresh(user), progress)
        assert access.edit_refusal.code == item_rules.SUBMITTED
        with pytest.raises(ValidationError, match=SUBMITTED):
            access.check_edit()
    items_approve(user=people["staff"], items=[progress])
    progress.refresh_from_db()
    access = item_access(fresh(people["g1"]), progress)
    assert access.may_read and access.edit_refusal.code == item_rules.APPROVED
    with pytest.raises(ValidationError, match=APPROVED):
        access.check_edit()


def test_what_is_published_is_read_by_every_member_and_only_where_it_is_public(small, place, people):
    period = opened(small)
    progress = save_progress(people["g1"], period, place[1])
    assert not item_access(fresh(people["viewer"]), progress, published_readable=True).may_read
    items_submit(user=people["g1"], items=[progress])
    items_approve(user=people["staff"], items=[progress])
    progress.refresh_from_db()
    public = item_access(fresh(people["viewer"]), progress, published_readable=True)
    assert public.may_read and not public.may_edit and not public.may_review
    assert not item_access(fresh(people["viewer"]), progress).may_read
    elsewhere = School.objects.exclude(municipality=place[0]).first().municipality
    other_town = make_user("staff@elsewhere.test", User.Role.STAFF, elsewhere)
    foreign = item_access(other_town, progress, published_readable=True)
    assert not foreign.may_read and foreign.review_refusal.code == item_rules.NOT_REVIEWER


def test_the_reviewer_is_told_why_they_may_not_approve(small, place, people):
    period = opened(small)
    progress = save_progress(people["g1"], period, place[1])
    assert item_access(fresh(people["staff"]), progress).approve_refusal == "tik pateiktus įrašus galima patvirtinti"
    save_progress(people["staff"], period, place[1], activity=progress.activity, percent_done=60)
    items_submit(user=people["g1"], items=[progress])
    progress.refresh_from_db()
    own_work = "savo paties įvestų ar pakeistų duomenų tvirtinti negalima"
    assert item_access(fresh(people["staff"]), progress).approve_refusal == own_work
    assert item_access(fresh(people["reviewer"]), progress).approve_refusal is None
    assert item_access(fresh(people["g1"]), progress).approve_refusal is None  # not a reviewer at all


@pytest.fixture
def lines(small):
    """The small plan's budget lines by school, read afresh on each use (the plan's settings change in tests)."""

    class Lines:
        def __getitem__(self, code):
            return BudgetLine.objects.select_related("activity__plan__municipality", "school").get(
                activity__plan=small, school__code=code
            )

    return Lines()


def spend(user, line, **extra):
    data = {
        "date": datetime.date(2025, 11, 5),
        "amount": D("10.00"),
        "vat": D("2.10") if line.school.code == "G1" else D("0"),
        "vat_exception": False,
        "supplier": "UAB Tiekėjas",
        "document_number": f"SF-{Expenditure.objects.count() + 1}",
        "description": "",
        "status": "paid",
        **extra,
    }
    return expenditure_save(user=user, line=line, data=data)


def test_spending_is_entered_by_staff_and_by_a_coordinator_only_where_the_plan_allows(small, lines, people):
    assert spending_access(people["staff"], lines["G1"]).may_enter
    refusal = spending_access(people["g1"], lines["G1"]).enter_refusal
    assert refusal.code == SCHOOL_ENTRIES_OFF
    with pytest.raises(PermissionDenied, match=r"^$"):
        spending_access(people["g1"], lines["G1"]).check_enter()
    small.school_spending_entries = True
    small.save(update_fields=["school_spending_entries"])
    assert spending_access(people["g1"], lines["G1"]).may_enter
    assert spending_access(people["g1"], lines["G2"]).enter_refusal.code == item_rules.NOT_THEIRS
    assert spending_access(people["viewer"], lines["G1"]).enter_refusal.code == item_rules.NOT_THEIRS


def test_a_coordinators_spending_entry_is_theirs_to_change_until_submitted(small, lines, people):
    small.school_spending_entries = True
    small.save(update_fields=["school_spending_entries"])
    opened(small)
    entry = spend(people["g1"], lines["G1"])
    assert spending_access(fresh(people["g1"]), lines["G1"], entry).may_edit
    assert not spending_access(fresh(people["viewer"]), lines["G1"], entry).may_read
    assert not spending_access(fresh(people["g2"]), lines["G1"], entry).may_read
    items_submit(user=people["g1"], items=[entry])
    entry.refresh_from_db()
    access = spending_access(fresh(people["g1"]), lines["G1"], entry)
    assert access.may_read and access.edit_refusal.code == item_rules.SUBMITTED
    with pytest.raises(ValidationError, match=SUBMITTED):
        access.check_edit()
    assert spending_access(fresh(people["staff"]), lines["G1"], entry).may_edit  # the save decides for staff
    with pytest.raises(PermissionDenied, match=r"^$"):
        expenditure_delete(user=fresh(people["g1"]), expenditure=entry)
    assert Expenditure.objects.filter(pk=entry.pk).exists()


def test_a_coordinators_spending_entry_waits_for_an_open_period(small, lines, people):
    small.school_spending_entries = True
    small.save(update_fields=["school_spending_entries"])
    assert spending_access(people["g1"], lines["G1"]).may_enter  # the entry's date picks its period
    with pytest.raises(ValidationError, match=LOCKED_PERIOD):
        spend(people["g1"], lines["G1"])
    assert not Expenditure.objects.exists()
    assert spend(people["staff"], lines["G1"]).state == "approved"


def test_the_reports_page_is_for_staff_viewers_and_the_coordinators_of_its_schools(small, place, people, kaunas):
    municipality, g1, g2 = place
    for who in ("staff", "viewer"):
        access = report_access(people[who], municipality)
        assert access.may_use and access.every_report and access.school_ids is None
        assert access.may_order(Report.Kind.PROGRESS) and access.may_order(Report.Kind.SCHOOL, g2)
    coordinator = report_access(people["g1"], municipality)
    assert coordinator.may_use and not coordinator.every_report
    assert coordinator.school_ids == {g1.pk}
    assert coordinator.may_order(Report.Kind.SCHOOL, g1)
    assert not coordinator.may_order(Report.Kind.SCHOOL, g2)
    assert not coordinator.may_order(Report.Kind.PROGRESS)
    with pytest.raises(PermissionDenied, match=r"^$"):
        coordinator.check_order(Report.Kind.SCHOOL, g2)
    kaunas_school = School.objects.filter(municipality=kaunas.municipality).first()
    assert not coordinator.may_order(Report.Kind.SCHOOL, kaunas_school)


def test_a_coordinator_of_another_municipalitys_school_may_not_use_its_reports(small, place, people, kaunas):
    municipality, g1, g2 = place
    kaunas_school = School.objects.filter(municipality=kaunas.municipality).first()
    elsewhere = make_user("c@kaunas.test", User.Role.COORDINATOR, kaunas.municipality, schools=[kaunas_school])
    access = report_access(elsewhere, municipality)
    assert not access.may_use and access.school_ids == frozenset()
    with pytest.raises(PermissionDenied, match=r"^$"):
        access.check_use()
    no_schools = make_user("c0@small.test", User.Role.COORDINATOR, municipality)
    assert not report_access(no_schools, municipality).may_use
    with pytest.raises(PermissionDenied, match=r"^$"):
        report_access(no_schools, municipality).check_use()


def test_the_reports_a_person_sees(small, place, people):
    municipality, g1, g2 = place
    made = [
        Report.objects.create(plan=small, kind=Report.Kind.SCHOOL, school=school, period="all", format="pdf")
        for school in (g1, g2)
    ]
    made.append(Report.objects.create(plan=small, kind=Report.Kind.PROGRESS, period="all", format="pdf"))
    everything = Report.objects.filter(plan=small)
    assert set(report_access(people["viewer"], municipality).visible(everything)) == set(made)
    assert list(report_access(people["g1"], municipality).visible(everything)) == [made[0]]


def test_draft_events_are_listed_for_the_host_schools_people_only(small, place, people):
    municipality, g1, g2 = place
    period = opened(small)
    day = period.starts_on + datetime.timedelta(days=1)
    event = networking_event_save(
        user=people["g1"],
        plan=small,
        school=g1,
        data={"date": day, "form": "other", "title": "Susitikimas", "participants": 5, "participating_schools": [g2]},
    )
    assert list(events_for_user(user=people["g1"], municipality=municipality)) == [event]
    assert list(events_for_user(user=people["staff"], municipality=municipality)) == [event]
    for who in ("g2", "viewer"):
        assert not events_for_user(user=people[who], municipality=municipality).exists()
