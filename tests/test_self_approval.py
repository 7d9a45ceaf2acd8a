"""Nobody approves an item whose content they changed since it was last approved, whoever pressed "submit"."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.services import activity_progress_save, evidence_add
from budget.models import BudgetLine
from budget.services import expenditure_save
from indicators.models import Indicator
from indicators.services import indicator_value_save
from networking.services import networking_event_save
from reporting import workflow
from reporting.models import ReviewState
from schools.models import School

from .conftest import a_due_activity, save_progress

pytestmark = pytest.mark.django_db

OWN_WORK = "savo paties įvestų ar pakeistų duomenų tvirtinti negalima"


def returned_by(staff, item):
    workflow.items_submit(user=item.updated_by, items=[item])
    return workflow.item_return(user=staff, item=item, reason="Patikslinkite")


def progress_rewritten_by(staff, coordinator, period, school):
    """A coordinator's item, returned; staff rewrite it; the coordinator submits it again."""
    activity = a_due_activity(period, school)
    item = returned_by(staff, save_progress(coordinator, period, school, activity))
    item = activity_progress_save(
        user=staff,
        period=period,
        school=school,
        activity=activity,
        data={"status": "in_progress", "percent_done": 60, "done_text": "Perrašė darbuotoja"},
        version=item.version,
    )
    return workflow.items_submit(user=coordinator, items=[item])[0]


def test_staff_who_rewrote_an_item_cannot_approve_it_after_the_school_submits(
    staff, other_staff, coordinator, period, g1
):
    item = progress_rewritten_by(staff, coordinator, period, g1)
    assert item.updated_by == coordinator and item.submitted_by == coordinator  # the row forgets the staff writer

    approved, skipped = workflow.items_approve(user=staff, items=[item])
    assert approved == [] and skipped[0][1] == OWN_WORK
    item.refresh_from_db()
    assert item.state == ReviewState.SUBMITTED

    approved, skipped = workflow.items_approve(user=other_staff, items=[item])
    assert approved and not skipped


def test_bulk_approval_skips_the_item_the_reviewer_rewrote(
    client_for, staff, coordinator, coordinator_g2, period, g1, g2
):
    rewritten = progress_rewritten_by(staff, coordinator, period, g1)
    untouched = save_progress(coordinator_g2, period, g2)
    workflow.items_submit(user=coordinator_g2, items=[untouched])

    response = client_for(staff).post(
        reverse("reporting:queue", args=["kaunas"]),
        {"item": [f"activity:{rewritten.pk}", f"activity:{untouched.pk}"]},
        follow=True,
    )
    rewritten.refresh_from_db()
    untouched.refresh_from_db()
    assert (rewritten.state, untouched.state) == (ReviewState.SUBMITTED, ReviewState.APPROVED)
    assert OWN_WORK in response.content.decode()


def test_the_review_queue_and_item_page_mark_the_rewritten_item_as_own(client_for, staff, coordinator, period, g1):
    item = progress_rewritten_by(staff, coordinator, period, g1)
    client = client_for(staff)
    rows = client.get(reverse("reporting:queue", args=["kaunas"])).context["rows"]
    assert [row["own"] for row in rows if row["item"].pk == item.pk] == [True]
    url = reverse("reporting:activity", args=["kaunas", period.code, g1.code, item.activity.number])
    assert client.get(url).context["cannot_approve"] == OWN_WORK


def test_evidence_staff_added_makes_them_an_author(staff, other_staff, coordinator, period, g1):
    item = returned_by(staff, save_progress(coordinator, period, g1))
    evidence_add(user=staff, progress=item, upload=SimpleUploadedFile("aktas.pdf", b"%PDF-1.4\n%%EOF\n"))
    item = workflow.items_submit(user=coordinator, items=[item])[0]
    assert workflow.items_approve(user=staff, items=[item])[1][0][1] == OWN_WORK
    assert workflow.items_approve(user=other_staff, items=[item])[0]


def test_an_approval_by_someone_else_clears_earlier_authorship(staff, other_staff, coordinator, period, g1):
    item = progress_rewritten_by(staff, coordinator, period, g1)
    workflow.items_approve(user=other_staff, items=[item])
    item = workflow.item_reopen(user=other_staff, item=item, reason="Trūksta skaičių")
    item = activity_progress_save(
        user=coordinator,
        period=period,
        school=g1,
        activity=item.activity,
        data={"status": "in_progress", "percent_done": 70, "done_text": "Papildyta"},
        version=item.version,
    )
    item = workflow.items_submit(user=coordinator, items=[item])[0]
    approved, skipped = workflow.items_approve(user=staff, items=[item])
    assert approved and not skipped  # staff's earlier text was approved by someone else; this version is not theirs


def test_an_indicator_value_staff_rewrote(staff, other_staff, coordinator, period, g1, kaunas):
    indicator = Indicator.objects.filter(plan=kaunas, computation="").order_by("number").first()
    save = lambda user, value, version=None: indicator_value_save(  # noqa: E731
        user=user, period=period, school=g1, indicator=indicator, data={"value": Decimal(value)}, version=version
    )
    item = returned_by(staff, save(coordinator, "40"))
    item = save(staff, "45", item.version)
    item = workflow.items_submit(user=coordinator, items=[item])[0]
    assert workflow.items_approve(user=staff, items=[item])[1][0][1] == OWN_WORK
    assert workflow.items_approve(user=other_staff, items=[item])[0]


def test_a_networking_event_staff_rewrote(staff, other_staff, coordinator, period, g1, kaunas):
    t1 = School.objects.get(municipality=kaunas.municipality, code="T1")
    data = {"date": period.starts_on, "form": "lesson", "title": "Atvira pamoka", "participants": 12}
    data["participating_schools"] = [t1]
    item = returned_by(staff, networking_event_save(user=coordinator, plan=kaunas, school=g1, data=data))
    item = networking_event_save(
        user=staff,
        plan=kaunas,
        school=g1,
        data={**data, "title": "Pataisė darbuotoja"},
        event=item,
        version=item.version,
    )
    item = workflow.items_submit(user=coordinator, items=[item])[0]
    assert workflow.items_approve(user=staff, items=[item])[1][0][1] == OWN_WORK
    assert workflow.items_approve(user=other_staff, items=[item])[0]


def a_school_entry(coordinator_g2, period, g2, kaunas):
    kaunas.school_spending_entries = True
    kaunas.save(update_fields=["school_spending_entries"])
    line = BudgetLine.objects.filter(activity__plan=kaunas, school=g2).first()
    data = {
        "date": period.starts_on + datetime.timedelta(days=5),
        "amount": Decimal("100.00"),
        "vat": Decimal("0.00"),
        "vat_exception": False,
        "supplier": "UAB Mokyklos tiekėjas",
        "document_number": "M-7",
        "description": "",
        "status": "paid",
    }
    return expenditure_save(user=coordinator_g2, line=line, data=data), data


def test_a_school_spending_entry_staff_changed_is_not_published_by_them(
    staff, other_staff, coordinator_g2, period, g2, kaunas
):
    entry, data = a_school_entry(coordinator_g2, period, g2, kaunas)
    entry = returned_by(staff, entry)
    entry = expenditure_save(
        user=staff,
        line=entry.budget_line,
        data={**data, "amount": Decimal("90.00")},
        expenditure=entry,
        version=entry.version,
    )
    assert entry.state == ReviewState.RETURNED  # staff's change does not publish a school's entry
    entry = workflow.items_submit(user=coordinator_g2, items=[entry])[0]
    assert workflow.items_approve(user=staff, items=[entry])[1][0][1] == OWN_WORK
    assert workflow.items_approve(user=other_staff, items=[entry])[0]


def test_staffs_own_spending_entry_still_counts_at_once(staff, period, g2, kaunas):
    line = BudgetLine.objects.filter(activity__plan=kaunas, school=g2).first()
    data = {
        "date": period.starts_on,
        "amount": Decimal("10.00"),
        "vat": Decimal("0.00"),
        "vat_exception": False,
        "supplier": "UAB Buhalterija",
        "document_number": "B-1",
        "description": "",
        "status": "paid",
    }
    entry = expenditure_save(user=staff, line=line, data=data)
    assert entry.state == ReviewState.APPROVED


def test_a_school_entry_stays_a_school_entry_when_its_author_changes_role(staff, coordinator_g2, period, g2, kaunas):
    from accounts.services import user_update_access

    entry, data = a_school_entry(coordinator_g2, period, g2, kaunas)
    user_update_access(by=staff, user=coordinator_g2, role="staff", schools=[], is_active=True)
    entry = expenditure_save(
        user=staff,
        line=entry.budget_line,
        data={**data, "amount": Decimal("777.00")},
        expenditure=entry,
        version=entry.version,
    )
    assert entry.state == ReviewState.DRAFT and entry.entered_by_school


def test_a_spending_workbook_cannot_change_and_publish_a_school_entry(staff, coordinator_g2, period, g2, kaunas):
    from budget.models import Expenditure
    from budget.spreadsheet import expenditure_import, line_code

    from .test_budget import filled_template

    entry, data = a_school_entry(coordinator_g2, period, g2, kaunas)
    workflow.items_submit(user=coordinator_g2, items=[entry])
    row = [
        line_code(entry.budget_line),
        data["date"],
        900,
        0,
        "ne",
        data["supplier"],
        data["document_number"],
        "apmokėta",
        "",
    ]
    outcome = expenditure_import(user=staff, plan=kaunas, content=filled_template(kaunas, [row]))
    assert outcome.errors == {
        2: [
            "Dokumento Nr.: šį dokumentą įvedė mokykla – jo įrašą keiskite portale, kad jį patvirtintų kitas darbuotojas"
        ]
    }
    entry = Expenditure.objects.get(pk=entry.pk)
    assert (entry.state, entry.amount) == (ReviewState.SUBMITTED, Decimal("100.00"))
