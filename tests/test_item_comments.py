"""The conversation on a returned item: staff return with a reason, the school replies, staff answer."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from reporting import workflow
from reporting.models import ItemComment
from reporting.selectors import item_comments
from reporting.services import item_comment_add

from .conftest import a_due_activity, save_progress
from .fingerprint import changed_tables, database_fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(staff, coordinator, period, g1):
    progress = save_progress(coordinator, period, g1, a_due_activity(period, g1))
    workflow.items_submit(user=coordinator, items=[progress])
    return workflow.item_return(user=staff, item=progress, reason="Trūksta įrodymų.")


def test_the_return_reason_opens_the_thread_and_replies_follow_in_order(returned, staff, coordinator):
    item_comment_add(user=coordinator, item=returned, text="  Įkėlėme protokolą, ar užtenka?  ")
    item_comment_add(user=staff, item=returned, text="Taip, ačiū.")
    thread = [(c.author.email, c.text, c.is_return_reason) for c in item_comments(returned)]
    assert thread == [
        ("staff@kaunas.test", "Trūksta įrodymų.", True),
        ("g1@kaunas.test", "Įkėlėme protokolą, ar užtenka?", False),
        ("staff@kaunas.test", "Taip, ačiū.", False),
    ]


def test_every_return_is_kept_in_the_thread(returned, staff, coordinator):
    workflow.items_submit(user=coordinator, items=[returned])
    workflow.item_return(user=staff, item=returned, reason="Dar trūksta datos.")
    reasons = [c.text for c in item_comments(returned) if c.is_return_reason]
    assert reasons == ["Trūksta įrodymų.", "Dar trūksta datos."]


@pytest.mark.parametrize("persona", ["coordinator_g2", "viewer", "foreign_staff"])
def test_who_may_not_read_the_item_may_not_write_and_nothing_changes(request, returned, persona):
    user = request.getfixturevalue(persona)
    before = database_fingerprint()
    with pytest.raises(PermissionDenied):
        item_comment_add(user=user, item=returned, text="Įsiterpiu")
    assert changed_tables(before, database_fingerprint()) == []


def test_an_empty_reply_is_refused(returned, coordinator):
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="Parašykite atsakymo tekstą"):
        item_comment_add(user=coordinator, item=returned, text="   ")
    with pytest.raises(ValidationError, match="ne daugiau kaip 4000"):
        item_comment_add(user=coordinator, item=returned, text="x" * 4001)
    assert changed_tables(before, database_fingerprint()) == []


def test_the_item_page_shows_the_thread_with_who_and_local_time(client_for, returned, coordinator, period, g1):
    client = client_for(coordinator)
    url = reverse("reporting:comment", args=["kaunas", "activity", returned.pk])
    response = client.post(url, {"comment-text": "Pataisysime iki penktadienio."})
    assert response.status_code == 302 and response["Location"].endswith("#thread")
    comment = ItemComment.objects.get(text="Pataisysime iki penktadienio.")
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert "Pokalbis apie įrašą" in page
    assert page.index("Trūksta įrodymų.") < page.index("Pataisysime iki penktadienio.")
    local = timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M")
    assert local in page and "Jonas" in page


def test_a_coordinator_of_another_school_cannot_post_through_the_page(client_for, returned, coordinator_g2):
    client = client_for(coordinator_g2)
    before = database_fingerprint()
    url = reverse("reporting:comment", args=["kaunas", "activity", returned.pk])
    assert client.post(url, {"comment-text": "x"}).status_code == 403
    assert changed_tables(before, database_fingerprint()) == []
