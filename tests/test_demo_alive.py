"""The demo is alive on any day: after the set-up `make run` does, every demo role has work that day.

The set-up is run as `make run` runs it (`create_demo_accounts`, then `generate_demo_data --progress-for
kaunas`), with `--today` set to the day the tests run and to a day a year later.
"""

import contextlib
import datetime
import io
import random

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from activities.models import ActivityProgress
from budget.models import Expenditure
from demo.accounts import DEMO_ACCOUNTS
from demo.work import spread
from indicators.models import IndicatorValue
from networking.models import NetworkingEvent
from reporting.access import approvable
from reporting.models import ItemComment, ReviewState
from reporting.periods import current_period, is_open_for
from reports.access import report_access
from reports.content import build_content
from reports.selectors import newest_reports
from review.items import KINDS, item_url
from review.selectors import due_activity_roles
from review.todo import coordinator_todo, staff_todo

from .conftest import KAUNAS_PLAN

MODELS = (ActivityProgress, IndicatorValue, NetworkingEvent, Expenditure)


def set_up_demo(today, capture=None):
    """`capture`: django_capture_on_commit_callbacks, to let the set-up's committed work run (its reports)."""
    out = io.StringIO()
    call_command("create_demo_accounts", stdout=out)
    with capture(execute=True) if capture else contextlib.nullcontext():
        call_command("generate_demo_data", "--progress-for", "kaunas", "--seed", "1", f"--today={today}", stdout=out)
    return out.getvalue()


def demo_user(role):
    return User.objects.get(email=next(a["email"] for a in DEMO_ACCOUNTS if a["role"] == role))


def in_period(model, period, **filters):
    return model.objects.filter(period=period, **filters)


@pytest.mark.parametrize("days_later", [0, 365])
def test_every_demo_role_has_work_on_the_home_page_that_day(kaunas, days_later, django_capture_on_commit_callbacks):
    today = timezone.localdate() + datetime.timedelta(days=days_later)
    set_up_demo(today, django_capture_on_commit_callbacks)
    municipality = kaunas.municipality
    period = current_period(kaunas, today)  # the one the coordinator's home page offers to fill in
    assert period.starts_on <= today <= period.locks_on

    coordinator = demo_user(User.Role.COORDINATOR)
    todo = coordinator_todo(coordinator, municipality, kaunas, today)
    assert todo["period"] == period and todo["returned"] and todo["drafts"]
    assert all(entry.missing_activities for entry in todo["schools"])  # and activities not written yet
    schools = list(coordinator.schools.all())
    assert schools
    for school in schools:
        assert coordinator.has_perm("tum.edit_school_work", school) and is_open_for(period, school, today)
        activities = in_period(ActivityProgress, period, school=school)
        returned = activities.filter(state=ReviewState.RETURNED).exclude(return_reason="")
        assert returned.exists() and activities.filter(state=ReviewState.DRAFT).exists()
        assert due_activity_roles(period, [school]).count() > activities.count()
        for model in (IndicatorValue, NetworkingEvent):
            assert in_period(model, period, school=school, state=ReviewState.RETURNED).exclude(return_reason="")
            assert in_period(model, period, school=school, state=ReviewState.DRAFT).exists()

    staff = demo_user(User.Role.STAFF)
    assert staff.has_perm("tum.manage", municipality)
    waiting = {kind: count for kind, _label, count in staff_todo(municipality, kaunas, today)["waiting"]}
    assert set(waiting) == set(KINDS) and all(waiting.values()), waiting
    for kind, (model, _label) in KINDS.items():
        submitted = list(model.objects.filter(period__plan=kaunas, state=ReviewState.SUBMITTED)[:20])
        assert [item for item in submitted if approvable(staff, item) is None], kind  # none of them their own
        assert in_period(model, period, state=ReviewState.RETURNED).exists(), kind

    viewer = demo_user(User.Role.VIEWER)
    reports = newest_reports(viewer, municipality, kaunas)
    assert {(r.period, r.state) for r in reports} >= {(period.code, "done")}
    assert report_access(viewer, municipality).may_order("progress")
    for model, _label in KINDS.values():  # approved data of the period, which is all a report shows
        assert in_period(model, period, state=ReviewState.APPROVED).exists(), model.__name__
    content = build_content(kaunas, "progress", period.code)
    assert any(row["schools"] for row in content["activities"])
    assert any(row["latest_period"] == period.code for row in content["indicators"] if not row["computed"])
    assert content["pending"]["activities"]  # and it says what is not approved yet

    # the plan stays as its file gives it; only the deadline of the period schools work on may move
    plan_file = yaml.safe_load(KAUNAS_PLAN.read_text(encoding="utf-8"))["plan"]
    kaunas.refresh_from_db()
    assert (kaunas.starts_on, kaunas.ends_on) == (plan_file["starts_on"], plan_file["ends_on"])
    default = datetime.timedelta(days=15)
    assert period.deadline in (period.ends_on + default, today + datetime.timedelta(days=30))
    for other in kaunas.periods.exclude(pk=period.pk):
        assert other.deadline == other.ends_on + default, other.code


def test_running_the_demo_again_later_opens_the_period_again_and_changes_no_item(kaunas):
    set_up_demo(timezone.localdate())
    before = {model: sorted(model.objects.values_list("pk", "state", "version")) for model in MODELS}
    later = timezone.localdate() + datetime.timedelta(days=200)
    output = set_up_demo(later)
    assert "already has progress" in output
    period = current_period(kaunas, later)
    assert period.starts_on <= later <= period.locks_on
    assert {model: sorted(model.objects.values_list("pk", "state", "version")) for model in MODELS} == before


def test_the_coordinator_opens_the_period_from_the_home_page_and_sees_why_items_came_back(client, kaunas, staff):
    set_up_demo(timezone.localdate())
    coordinator = demo_user(User.Role.COORDINATOR)
    client.force_login(coordinator)
    home = client.get(reverse("municipality_home", args=["kaunas"]))
    period = home.context["todo"]["period"]
    school = coordinator.schools.get()
    page_url = reverse("reporting:school_period", args=["kaunas", period.code, school.code])
    assert page_url in home.content.decode()
    assert "Demonstraciniai duomenys" in home.content.decode()
    page = client.get(page_url)
    assert page.context["can_edit"] and page.context["is_open"]
    counts = page.context["counts"]
    assert counts["returned"] and counts["draft"] and counts["missing"] and counts["approved"]
    returned = next(p for _role, p in page.context["activity_rows"] if p and p.state == ReviewState.RETURNED)
    assert returned.return_reason in page.content.decode()

    history = list(returned.history.order_by("history_date", "history_id"))
    assert [(h.history_type, h.state, h.history_user_id) for h in history] == [
        ("+", ReviewState.SUBMITTED, coordinator.pk),
        ("~", ReviewState.RETURNED, returned.reviewed_by_id),
    ]
    assert returned.reviewed_by_id != coordinator.pk and history[1].return_reason == returned.return_reason

    item_page = client.get(item_url(returned))  # the conversation on it starts with the reason
    thread = item_page.context["comments"]
    assert (thread[0].is_return_reason, thread[0].text, thread[0].author_id) == (
        True,
        returned.return_reason,
        returned.reviewed_by_id,
    )
    assert ItemComment.objects.filter(author=coordinator, is_return_reason=False).count() == 1  # one answered

    client.force_login(staff)  # Kaunas staff who is not a demo account is not told it is demo data
    home = client.get(reverse("municipality_home", args=["kaunas"]))
    assert home.status_code == 200 and "Demonstraciniai duomenys" not in home.content.decode()


@pytest.mark.parametrize(
    "count, shares, expected",
    [
        (10, (30, 25, 10, 20, 15), [3, 3, 1, 2, 1]),
        (4, (30, 25, 10, 20, 0), [1, 1, 1, 1, 0]),
        (3, (0, 10, 0, 30, 60), [0, 1, 0, 1, 1]),
        (2, (75, 15, 5, 0, 5), [1, 1, 0, 0, 0]),
    ],
)
def test_items_are_spread_over_the_states_in_proportion(count, shares, expected):
    states = spread(count, shares, random.Random(1))
    order = (ReviewState.APPROVED, ReviewState.SUBMITTED, ReviewState.RETURNED, ReviewState.DRAFT, None)
    assert [states.count(state) for state in order] == expected
