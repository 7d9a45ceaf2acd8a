"""The home page's to-do list for each role, and that its query count does not grow with the data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budget.models import ExpenditureImport
from indicators.models import Indicator
from indicators.services import indicator_value_save
from reporting import workflow
from reports.models import Report
from reports.selectors import newest_reports
from review.selectors import due_activity_roles
from review.todo import coordinator_todo, staff_todo
from schools.models import School

from .conftest import save_progress

pytestmark = pytest.mark.django_db


def queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_a_coordinator_sees_returned_items_with_the_reason_first_then_drafts(staff, coordinator, kaunas, period, g1):
    first, second = [role.activity for role in due_activity_roles(period, [g1])[:2]]
    draft = save_progress(coordinator, period, g1, first)
    returned = save_progress(coordinator, period, g1, second)
    workflow.items_submit(user=coordinator, items=[returned])
    workflow.item_return(user=staff, item=returned, reason="Patikslinkite mokinių skaičių.")
    todo = coordinator_todo(coordinator, kaunas.municipality, kaunas)
    assert [(entry.item.pk, entry.returned) for entry in todo["items"]] == [(returned.pk, True), (draft.pk, False)]
    assert todo["items"][0].item.return_reason == "Patikslinkite mokinių skaičių."
    assert todo["period"] == period and todo["days_left"] == 10
    assert todo["returned"] == 1 and todo["drafts"] == 1


def test_the_coordinators_list_costs_the_same_however_many_items(
    django_assert_max_num_queries, coordinator, kaunas, period, g1
):
    roles = list(due_activity_roles(period, [g1]))
    save_progress(coordinator, period, g1, roles[0].activity)
    few = queries(lambda: coordinator_todo(coordinator, kaunas.municipality, kaunas))
    for role in roles[1:6]:
        save_progress(coordinator, period, g1, role.activity)
    for indicator in Indicator.objects.filter(plan=kaunas, computation="")[:4]:
        indicator_value_save(
            user=coordinator, period=period, school=g1, indicator=indicator, data={"value": Decimal("1")}
        )
    with django_assert_max_num_queries(few):
        todo = coordinator_todo(coordinator, kaunas.municipality, kaunas)
    assert len(todo["items"]) >= 6


def test_staff_see_waiting_items_by_kind_late_schools_and_failed_imports(
    staff, coordinator, coordinator_g2, kaunas, period, g1, g2
):
    for user, school in ((coordinator, g1), (coordinator_g2, g2)):
        workflow.items_submit(user=user, items=[save_progress(user, period, school)])
    period.deadline = timezone.localdate() - datetime.timedelta(days=2)
    period.save(update_fields=["deadline"])
    ExpenditureImport.objects.create(plan=kaunas, requested_by=staff, file_name="islaidos.xlsx", state="failed")
    todo = staff_todo(kaunas.municipality, kaunas)
    assert dict((kind, count) for kind, _label, count in todo["waiting"]) == {
        "activity": 2,
        "indicator": 0,
        "event": 0,
        "expenditure": 0,
    }
    participating = School.objects.filter(municipality=kaunas.municipality, kind=School.Kind.PARTICIPATING).count()
    assert todo["period"] == period and len(todo["late"]) == participating  # nobody has submitted everything
    assert [job.file_name for job in todo["failed_imports"]] == ["islaidos.xlsx"]


def test_staffs_list_costs_the_same_however_many_items(
    django_assert_max_num_queries, staff, coordinator, coordinator_g2, kaunas, period, g1, g2
):
    period.deadline = timezone.localdate() - datetime.timedelta(days=1)
    period.save(update_fields=["deadline"])
    workflow.items_submit(user=coordinator, items=[save_progress(coordinator, period, g1)])
    few = queries(lambda: staff_todo(kaunas.municipality, kaunas))
    for role in list(due_activity_roles(period, [g2]))[:5]:
        workflow.items_submit(user=coordinator_g2, items=[save_progress(coordinator_g2, period, g2, role.activity)])
    for name in ("a.xlsx", "b.xlsx"):
        ExpenditureImport.objects.create(plan=kaunas, requested_by=staff, file_name=name, state="refused")
    with django_assert_max_num_queries(few):
        todo = staff_todo(kaunas.municipality, kaunas)
    assert todo["waiting_total"] == 6 and len(todo["failed_imports"]) == 2


def test_a_viewer_sees_the_newest_finished_reports(viewer, staff, kaunas):
    now = timezone.now()
    for index, state in enumerate(["done", "failed", "done"]):
        Report.objects.create(
            plan=kaunas,
            kind="progress",
            period=f"2025-Q{index + 1}",
            format="pdf",
            requested_by=staff,
            state=state,
            finished_at=now - datetime.timedelta(hours=3 - index),
        )
    assert [r.period for r in newest_reports(viewer, kaunas.municipality, kaunas)] == ["2025-Q3", "2025-Q1"]


@pytest.mark.parametrize(
    "persona, heading",
    [("staff", "Peržiūros laukia"), ("coordinator", "Ką reikia padaryti"), ("viewer", "Naujausios ataskaitos")],
)
def test_each_role_finds_its_list_on_the_home_page(client_for, request, period, persona, heading):
    page = client_for(request.getfixturevalue(persona)).get(reverse("municipality_home", args=["kaunas"]))
    assert page.status_code == 200 and heading in page.content.decode()
