"""The audit log names what staff did with an item: approved it, or returned it with the reason."""

import re

import pytest
from django.urls import reverse

from reporting import workflow
from review.selectors import due_activity_roles

from .conftest import save_progress

pytestmark = pytest.mark.django_db


def rows_of(page):
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in page.split("<tr>")[2:]]


def test_approvals_and_returns_read_as_what_staff_did(client_for, staff, coordinator, period, g1):
    first, second = [role.activity for role in due_activity_roles(period, [g1])[:2]]
    approved = save_progress(coordinator, period, g1, first)
    returned = save_progress(coordinator, period, g1, second)
    workflow.items_submit(user=coordinator, items=[approved, returned])
    workflow.items_approve(user=staff, items=[approved])
    workflow.item_return(user=staff, item=returned, reason="Trūksta įrodymų.")
    page = client_for(staff).get(reverse("reporting:audit", args=["kaunas"]) + "?kind=progress").content.decode()
    rows = rows_of(page)
    assert "grąžino: Trūksta įrodymų." in rows[0] and "Rūta" in rows[0]
    assert "patvirtino" in rows[1] and " pakeista " not in rows[1]
    assert "pateikė" in rows[2]
