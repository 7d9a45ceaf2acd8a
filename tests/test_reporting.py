"""Progress reporting: the whole review cycle, deadlines, locking, permissions, bad input, concurrency."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityProgress
from activities.services import activity_progress_save
from indicators.models import Indicator, IndicatorValue
from indicators.services import indicator_value_save
from networking.models import NetworkingEvent
from reporting import workflow
from reporting.models import ReviewState
from reporting.periods import is_open_for, periods_create_quarters, plan_quarters
from reporting.signals import published_data_changed
from review.selectors import due_activity_roles, period_completeness

from .conftest import a_due_activity, import_plan, open_period, people_of, save_progress, schools_of
from .plans import small_plan_data, with_indicators_of_every_unit, with_programme_years

pytestmark = pytest.mark.django_db

GOOD = {
    "status": "in_progress",
    "percent_done": "40",
    "done_text": "Įrengta pusė laboratorijos.",
    "next_text": "Baldai",
    "pupils": "120",
    "teachers": "8",
}


CONCURRENT_EDIT = (
    "Kažkas kitas ką tik pakeitė šį įrašą. Jūsų pakeitimai neišsaugoti – peržiūrėkite naują versiją ir pakartokite."
)


def activity_url(period, school, number):
    return reverse("reporting:activity", args=["kaunas", period.code, school.code, number])


def page_url(period, school):
    return reverse("reporting:school_period", args=["kaunas", period.code, school.code])


# --- periods ---------------------------------------------------------------------------------


def test_quarters_cover_the_plan_clipped_to_its_dates(small):
    # the small plan runs from 2024-03-01 to 2026-04-30 (tests/plans.py)
    quarters = plan_quarters(small)
    assert [q[0] for q in quarters] == [
        "2024-Q1",
        "2024-Q2",
        "2024-Q3",
        "2024-Q4",
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]
    assert quarters[0][1:] == (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    assert quarters[4][1:] == (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    assert quarters[-1][1:] == (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
    assert periods_create_quarters(plan=small) == []  # already there, kept as they are


def test_a_period_is_open_until_deadline_plus_grace(period, g1):
    period.deadline = datetime.date(2026, 1, 15)
    period.grace_days = 5
    assert is_open_for(period, g1, today=datetime.date(2026, 1, 20))
    assert not is_open_for(period, g1, today=datetime.date(2026, 1, 21))


def test_staff_reopen_a_locked_period_for_one_school(client_for, staff, coordinator, kaunas, g1, g2):
    locked = kaunas.periods.get(code="2025-Q3")
    activity = a_due_activity(locked, g1)
    with pytest.raises(ValidationError, match="užrakintas"):
        save_progress(coordinator, locked, g1, activity)
    until = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    client_for(staff).post(
        reverse("reporting:reopen", args=["kaunas", locked.code, "G1"]),
        {"G1-until": until, "G1-reason": "Pavėluota dėl ligos"},
    )
    assert is_open_for(locked, g1) and not is_open_for(locked, g2)
    assert save_progress(coordinator, locked, g1, activity).state == ReviewState.DRAFT
    # sent while reopened: on time, and the completeness page says the school is reopened, until when and why
    workflow.items_submit(user=coordinator, items=[ActivityProgress.objects.get(period=locked, school=g1)])
    entry = period_completeness(locked, [g1])[g1.pk]
    assert entry.late == 0 and entry.reopening.reason == "Pavėluota dėl ligos"
    content = client_for(staff).get(reverse("reporting:completeness", args=["kaunas", locked.code])).content.decode()
    assert "atidaryta</span> iki " + until + ": Pavėluota dėl ligos" in content
    assert "po termino" not in content


def test_late_is_after_the_deadline_unless_sent_while_reopened(period, g1, g2, staff):
    from reporting.models import PeriodReopening
    from reporting.periods import submitted_late

    period.deadline = datetime.date(2026, 1, 15)
    at = lambda day: timezone.make_aware(datetime.datetime(2026, 1, day, 12))  # noqa: E731
    reopened = PeriodReopening(school=g1, created_at=at(20), until=datetime.date(2026, 1, 25), reopened_by=staff)
    assert not submitted_late(period, g1.pk, at(15), [])
    assert submitted_late(period, g1.pk, at(16), [])
    assert submitted_late(period, g1.pk, at(19), [reopened])  # before the reopening
    assert not submitted_late(period, g1.pk, at(22), [reopened])
    assert submitted_late(period, g1.pk, at(26), [reopened])  # after it ended
    assert submitted_late(period, g2.pk, at(22), [reopened])  # reopened for another school


def due(plan, code, school):
    return {role.activity.number for role in due_activity_roles(plan.periods.get(code=code), [school])}


def test_the_due_list_follows_programme_years(db):
    # activity 3: G1 in programme year 1 (2024-03-01 – 2025-02-28), G2 in year 2 (2025-03-01 – 2026-02-28);
    # activity 1 runs in 2025, activity 2 through the plan (G1 in year 1, G2 in year 2 through its 2.1)
    plan = import_plan(with_programme_years(small_plan_data(code="metai", name="Metų savivaldybė")))
    g1, g2 = schools_of(plan)["G1"], schools_of(plan)["G2"]
    assert (due(plan, "2024-Q3", g1), due(plan, "2024-Q3", g2)) == ({"2", "3"}, {"2.1"})
    assert (due(plan, "2025-Q3", g1), due(plan, "2025-Q3", g2)) == ({"1"}, {"2.1", "3"})
    # 2025-Q1 reaches into both years: each school's year overlaps it
    assert (due(plan, "2025-Q1", g1), due(plan, "2025-Q1", g2)) == ({"1", "2", "3"}, {"2.1", "3"})


def test_a_school_reports_on_the_sub_activity_not_its_parent(small, small_schools):
    # G2 carries out 2 in programme year 2 and its sub-activity 2.1; G1 carries out 2 (year 1) alone
    assert due(small, "2025-Q4", small_schools["G2"]) == {"2.1"}
    assert due(small, "2024-Q4", small_schools["G1"]) == {"2"}


# --- the whole cycle ----------------------------------------------------------------------------


def test_the_whole_review_cycle(
    client_for, coordinator, staff, other_staff, period, g1, django_capture_on_commit_callbacks
):
    activity = a_due_activity(period, g1)
    client = client_for(coordinator)
    response = client.post(activity_url(period, g1, activity.number), GOOD)
    assert response.status_code == 302
    progress = ActivityProgress.objects.get(period=period, school=g1, activity=activity)
    assert progress.state == ReviewState.DRAFT and progress.percent_done == 40 and progress.created_by == coordinator

    page = client.get(page_url(period, g1)).content.decode()
    assert "juodraštis" in page
    client.post(reverse("reporting:submit", args=["kaunas", period.code, "G1"]), {"item": [f"activity:{progress.pk}"]})
    progress.refresh_from_db()
    assert progress.state == ReviewState.SUBMITTED and progress.submitted_by == coordinator

    staff_client = client_for(staff)
    queue = staff_client.get(reverse("reporting:queue", args=["kaunas"]))
    assert any(row["item"].pk == progress.pk for row in queue.context["rows"])
    staff_client.post(
        reverse("reporting:review_action", args=["kaunas", "activity", progress.pk, "return"]),
        {"reason": "Nurodykite, kiek mokinių iš tinklaveikos mokyklų."},
    )
    progress.refresh_from_db()
    assert progress.state == ReviewState.RETURNED

    client = client_for(coordinator)
    page = client.get(page_url(period, g1)).content.decode()
    assert "Nurodykite, kiek mokinių iš tinklaveikos mokyklų." in page
    form_page = client.get(activity_url(period, g1, activity.number))
    client.post(
        activity_url(period, g1, activity.number),
        {**GOOD, "pupils": "150", "version": form_page.context["form"]["version"].value()},
    )
    client.post(reverse("reporting:submit", args=["kaunas", period.code, "G1"]))
    progress.refresh_from_db()
    assert progress.state == ReviewState.SUBMITTED and progress.pupils == 150

    with django_capture_on_commit_callbacks(execute=True):
        client_for(other_staff).post(reverse("reporting:queue", args=["kaunas"]), {"item": [f"activity:{progress.pk}"]})
    progress.refresh_from_db()
    assert progress.state == ReviewState.APPROVED and progress.reviewed_by == other_staff

    # approved: locked for the coordinator
    client = client_for(coordinator)
    response = client.post(activity_url(period, g1, activity.number), {**GOOD, "percent_done": "90"})
    assert "form" not in response.context or not response.context["can_edit"]
    progress.refresh_from_db()
    assert progress.state == ReviewState.APPROVED and progress.percent_done == 40 and progress.pupils == 150
    with pytest.raises(ValidationError, match="patvirtintas"):
        save_progress(coordinator, period, g1, activity)

    # staff reopen with a reason: the coordinator can correct it again
    client_for(staff).post(
        reverse("reporting:review_action", args=["kaunas", "activity", progress.pk, "reopen"]),
        {"reason": "Pataisykite datą"},
    )
    progress.refresh_from_db()
    assert progress.state == ReviewState.RETURNED and progress.return_reason == "Pataisykite datą"
    assert save_progress(coordinator, period, g1, activity, percent_done=60).percent_done == 60

    history = client_for(coordinator).get(activity_url(period, g1, activity.number)).context["history"]
    assert len(history) >= 6
    assert any(
        label == "dalyvavo mokinių" and before == 120 and after == 150
        for _w, _u, _t, changes in history
        for label, before, after in changes
    )


def test_each_review_step_is_one_change_of_the_item_and_approval_clears_the_return_reason(
    staff, other_staff, coordinator, period, g1
):
    progress = save_progress(coordinator, period, g1)
    versions = [progress.version]
    [progress] = workflow.items_submit(user=coordinator, items=[progress])
    versions.append(progress.version)
    progress = workflow.item_return(user=staff, item=progress, reason="  Trūksta mokinių skaičiaus  ")
    versions.append(progress.version)
    assert (progress.state, progress.return_reason) == (ReviewState.RETURNED, "Trūksta mokinių skaičiaus")
    assert (progress.reviewed_by, progress.reviewed_at is not None) == (staff, True)
    [progress] = workflow.items_submit(user=coordinator, items=[progress])
    versions.append(progress.version)
    [progress], _skipped = workflow.items_approve(user=other_staff, items=[progress])
    versions.append(progress.version)
    progress.refresh_from_db()
    assert (progress.state, progress.return_reason, progress.reviewed_by) == (ReviewState.APPROVED, "", other_staff)
    progress = workflow.item_reopen(user=staff, item=progress, reason="Pataisykite datą")
    versions.append(progress.version)
    assert versions == list(range(versions[0], versions[0] + 6))


def test_a_step_from_the_wrong_state_is_refused(staff, coordinator, period, g1):
    progress = save_progress(coordinator, period, g1)
    with pytest.raises(ValidationError) as error:
        workflow.item_return(user=staff, item=progress, reason="Per anksti")  # a draft, not submitted
    assert error.value.messages == ["Įrašo būsena jau pasikeitė; atnaujinkite puslapį."]
    with pytest.raises(ValidationError) as error:
        workflow.item_reopen(user=staff, item=progress, reason="Dar nepatvirtinta")
    assert error.value.messages == ["Įrašo būsena jau pasikeitė; atnaujinkite puslapį."]
    progress.refresh_from_db()
    assert (progress.state, progress.return_reason) == (ReviewState.DRAFT, "")


@pytest.fixture
def announced():
    """The items of every `published_data_changed` sent, in order."""
    sent = []

    def receiver(sender, items, **kwargs):
        sent.append(sorted(item.pk for item in items))

    published_data_changed.connect(receiver)
    yield sent
    published_data_changed.disconnect(receiver)


def test_approving_and_reopening_announce_the_published_change_once_committed(
    staff, other_staff, coordinator, period, g1, announced, django_capture_on_commit_callbacks
):
    progress = save_progress(coordinator, period, g1)
    workflow.items_submit(user=coordinator, items=[progress])
    with django_capture_on_commit_callbacks() as callbacks:
        workflow.items_approve(user=staff, items=[progress])
    assert announced == []  # not before the commit
    for callback in callbacks:
        callback()
    assert announced == [[progress.pk]]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_reopen(user=staff, item=progress, reason="Pataisykite")
    assert announced == [[progress.pk], [progress.pk]]


def test_a_return_or_an_approval_of_nothing_announces_nothing(
    staff, coordinator, period, g1, announced, django_capture_on_commit_callbacks
):
    progress = save_progress(coordinator, period, g1)
    workflow.items_submit(user=coordinator, items=[progress])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_return(user=staff, item=progress, reason="Patikslinkite")
    with django_capture_on_commit_callbacks(execute=True):
        approved, skipped = workflow.items_approve(user=staff, items=[progress])  # returned, not submitted
    assert approved == [] and skipped == [(progress, "tik pateiktus įrašus galima patvirtinti")]
    assert announced == []


def test_history_names_people_and_shows_local_times(client_for, staff, coordinator, period, g1):
    progress = save_progress(coordinator, period, g1, a_due_activity(period, g1))
    workflow.items_submit(user=coordinator, items=[progress])
    workflow.items_approve(user=staff, items=[progress])
    progress.refresh_from_db()
    reviewed_at = timezone.localtime(progress.reviewed_at).strftime("%Y-%m-%d %H:%M")
    expected = {("pateikė", "–", str(coordinator)), ("peržiūrėjo", "–", str(staff)), ("peržiūrėta", "–", reviewed_at)}

    history = client_for(coordinator).get(activity_url(period, g1, progress.activity.number)).context["history"]
    shown = {(str(label), before, after) for _w, _u, _t, changes in history for label, before, after in changes}
    assert expected <= shown

    audit = client_for(staff).get(reverse("reporting:audit", args=["kaunas"]), {"kind": "progress"})
    shown = {(str(label), before, after) for row in audit.context["rows"] for label, before, after in row["changes"]}
    assert expected <= shown


def test_staff_never_approve_their_own_entries(staff, period, g1):
    activity = a_due_activity(period, g1)
    progress = save_progress(staff, period, g1, activity)
    workflow.items_submit(user=staff, items=[progress])
    approved, skipped = workflow.items_approve(user=staff, items=[progress])
    assert approved == [] and "savo paties" in skipped[0][1]
    progress.refresh_from_db()
    assert progress.state == ReviewState.SUBMITTED


def test_bulk_approval_approves_many_at_once(staff, coordinator, coordinator_g2, period, g1, g2):
    items = []
    for user, school in ((coordinator, g1), (coordinator_g2, g2)):
        for role in due_activity_roles(period, [school])[:3]:
            items.append(save_progress(user, period, school, role.activity))
    workflow.items_submit(user=coordinator, items=[i for i in items if i.school == g1])
    workflow.items_submit(user=coordinator_g2, items=[i for i in items if i.school == g2])
    approved, skipped = workflow.items_approve(user=staff, items=items)
    assert len(approved) == 6 and not skipped
    assert set(ActivityProgress.objects.filter(pk__in=[i.pk for i in items]).values_list("state", flat=True)) == {
        "approved"
    }


def test_a_return_needs_a_reason(staff, coordinator, period, g1):
    progress = save_progress(coordinator, period, g1, a_due_activity(period, g1))
    workflow.items_submit(user=coordinator, items=[progress])
    with pytest.raises(ValidationError, match="Nurodykite priežastį") as error:
        workflow.item_return(user=staff, item=progress, reason="  ")
    assert error.value.message_dict == {"reason": ["Nurodykite priežastį – mokykla ją matys prie įrašo."]}
    progress.refresh_from_db()
    assert progress.state == ReviewState.SUBMITTED


def test_submitting_an_incomplete_item_is_refused_whole(coordinator, period, g1):
    roles = list(due_activity_roles(period, [g1])[:2])
    good = save_progress(coordinator, period, g1, roles[0].activity)
    bad = save_progress(coordinator, period, g1, roles[1].activity, done_text="")
    with pytest.raises(ValidationError, match="aprašykite, kas padaryta"):
        workflow.items_submit(user=coordinator, items=[good, bad])
    good.refresh_from_db()
    assert good.state == ReviewState.DRAFT


# --- permissions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [
        (None, 302),
        ("coordinator_g2", 403),
        ("viewer", 403),
        ("foreign_staff", 404),
        ("coordinator", 200),
        ("staff", 200),
    ],
)
def test_who_may_open_a_schools_period_page(request, client_for, period, g1, persona, status):
    user = request.getfixturevalue(persona) if persona else None
    assert client_for(user).get(page_url(period, g1)).status_code == status


def test_a_coordinator_can_never_write_to_another_school(client_for, coordinator_g2, coordinator, period, g1):
    activity = a_due_activity(period, g1)
    response = client_for(coordinator_g2).post(activity_url(period, g1, activity.number), GOOD)
    assert response.status_code == 403
    with pytest.raises(PermissionDenied, match=r"^$"):
        save_progress(coordinator_g2, period, g1, activity)
    progress = save_progress(coordinator, period, g1, activity)
    with pytest.raises(PermissionDenied, match=r"^$"):
        workflow.items_submit(user=coordinator_g2, items=[progress])
    assert not ActivityProgress.objects.filter(created_by=coordinator_g2).exists()
    progress.refresh_from_db()
    assert progress.state == "draft"


def test_coordinators_and_viewers_cannot_review(client_for, coordinator, viewer, period, g1):
    progress = save_progress(coordinator, period, g1, a_due_activity(period, g1))
    workflow.items_submit(user=coordinator, items=[progress])
    for user in (coordinator, viewer):
        url = reverse("reporting:review_action", args=["kaunas", "activity", progress.pk, "approve"])
        assert client_for(user).post(url).status_code == 403
        assert client_for(user).get(reverse("reporting:queue", args=["kaunas"])).status_code == 403
    progress.refresh_from_db()
    assert progress.state == ReviewState.SUBMITTED


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, field",
    [
        ({"percent_done": "150"}, "percent_done"),
        ({"percent_done": "-1"}, "percent_done"),
        ({"status": "done", "percent_done": "70"}, "percent_done"),
        ({"pupils": "daug"}, "pupils"),
        ({"status": "lost"}, "status"),
    ],
)
def test_bad_progress_values_get_a_message_next_to_the_field(client_for, coordinator, period, g1, change, field):
    activity = a_due_activity(period, g1)
    response = client_for(coordinator).post(activity_url(period, g1, activity.number), {**GOOD, **change})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ActivityProgress.objects.filter(period=period, school=g1, activity=activity).exists()


@pytest.fixture
def measured():
    """The small plan with an indicator of every unit a school enters, 2025-Q4 open, and its people."""
    plan = import_plan(with_indicators_of_every_unit(small_plan_data(code="matai", name="Matų savivaldybė")))
    return plan, open_period(plan), people_of(plan)["g1"], schools_of(plan)["G1"]


@pytest.mark.parametrize(
    "number, value, message",
    [
        (1, "120", "Procentinė reikšmė turi būti nuo 0 iki 100."),
        (1, "-0,5", "Procentinė reikšmė turi būti nuo 0 iki 100."),
        (3, "2,5", "Skaičius turi būti sveikas ir ne mažesnis nei 0."),
        (3, "-3", "Skaičius turi būti sveikas ir ne mažesnis nei 0."),
        (4, "-1", "Santykis negali būti neigiamas."),
    ],
)
def test_an_indicator_value_is_checked_against_its_unit(client_for, measured, number, value, message):
    plan, period, coordinator, g1 = measured
    url = reverse("reporting:indicator", args=[plan.municipality.code, period.code, "G1", number])
    response = client_for(coordinator).post(url, {"value": value})
    assert response.context["form"].errors["value"] == [message]
    assert not IndicatorValue.objects.filter(period=period, school=g1).exists()


@pytest.mark.parametrize(
    "number, value, stored",
    [(1, "81,25", "81.2500"), (1, "100", "100.0000"), (3, "0", "0.0000"), (4, "1,375", "1.3750")],
)
def test_an_indicator_value_within_its_unit_is_kept_with_a_decimal_comma(client_for, measured, number, value, stored):
    plan, period, coordinator, g1 = measured
    url = reverse("reporting:indicator", args=[plan.municipality.code, period.code, "G1", number])
    assert client_for(coordinator).post(url, {"value": value}).status_code == 302
    assert str(IndicatorValue.objects.get(period=period, school=g1, indicator__number=number).value) == stored


def test_counted_indicators_are_not_entered(small, small_people, small_schools):
    indicator = Indicator.objects.get(plan=small, number=2)  # computation: networking_events
    with pytest.raises(ValidationError, match=r"^\['Šį rodiklį portalas apskaičiuoja pats; jo įvesti nereikia\.'\]$"):
        indicator_value_save(
            user=small_people["g1"],
            period=open_period(small),
            school=small_schools["G1"],
            indicator=indicator,
            data={"value": 3},
        )
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


# --- concurrency --------------------------------------------------------------------------------


def test_the_second_of_two_concurrent_saves_is_refused(client_for, coordinator, staff, period, g1):
    activity = a_due_activity(period, g1)
    progress = save_progress(coordinator, period, g1, activity, done_text="Pirmas tekstas")
    opened_at = progress.version
    activity_progress_save(
        user=staff,
        period=period,
        school=g1,
        activity=activity,
        data={**{"status": "in_progress", "percent_done": 70, "done_text": "Darbuotojos tekstas"}},
        version=opened_at,
    )
    response = client_for(coordinator).post(
        activity_url(period, g1, activity.number),
        {**GOOD, "done_text": "Koordinatoriaus tekstas", "version": opened_at},
    )
    assert CONCURRENT_EDIT in response.content.decode()
    with pytest.raises(ValidationError) as error:
        activity_progress_save(
            user=coordinator, period=period, school=g1, activity=activity, data=GOOD, version=opened_at
        )
    assert error.value.messages == [CONCURRENT_EDIT]
    progress.refresh_from_db()
    assert progress.done_text == "Darbuotojos tekstas" and progress.version == opened_at + 1


# --- networking events -------------------------------------------------------------------------


def test_a_coordinator_logs_a_networking_event(client_for, small, small_people, small_schools):
    period = open_period(small)  # 2025-10-01 – 2025-12-31
    t1 = small_schools["T1"]
    url = reverse("networking:event_create", args=[small.municipality.code, "G1"])
    response = client_for(small_people["g1"]).post(
        url,
        {
            "date": "2025-11-05",
            "form": "lesson",
            "title": "Integruota STEAM pamoka",
            "participating_schools": [t1.pk],
            "participants": "35",
            "activity": "",
            "description": "",
        },
    )
    event = NetworkingEvent.objects.get(title="Integruota STEAM pamoka")
    assert response.status_code == 302 and event.period == period and event.school == small_schools["G1"]
    assert list(event.participating_schools.all()) == [t1] and event.participants == 35
    response = client_for(small_people["g1"]).post(
        url,
        {
            "date": "2020-01-01",
            "form": "lesson",
            "title": "Per anksti",
            "participating_schools": [t1.pk],
            "participants": "3",
        },
    )
    assert "plano laikotarpio viduje" in " ".join(response.context["form"].errors["date"])
    assert not NetworkingEvent.objects.filter(title="Per anksti").exists()


# --- completeness and reminders ---------------------------------------------------------------


def test_completeness_counts_what_each_school_submitted(client_for, staff, coordinator, period, g1, g2):
    activity = a_due_activity(period, g1)
    progress = save_progress(coordinator, period, g1, activity)
    workflow.items_submit(user=coordinator, items=[progress])
    entries = period_completeness(period, [g1, g2])
    due_g1 = due_activity_roles(period, [g1]).count()
    assert entries[g1.pk].activities_done == 1 and len(entries[g1.pk].activities) == due_g1
    assert entries[g2.pk].done == 0 and not entries[g2.pk].complete
    response = client_for(staff).get(reverse("reporting:completeness", args=["kaunas", period.code]))
    assert f"1 / {due_g1}" in response.content.decode()


def test_a_submission_after_the_deadline_is_marked_late(coordinator, period, g1):
    progress = save_progress(coordinator, period, g1, a_due_activity(period, g1))
    period.deadline = timezone.localdate() - datetime.timedelta(days=1)
    period.save()
    workflow.items_submit(user=coordinator, items=[progress])
    progress.refresh_from_db()
    assert progress.is_late
