"""The permission rules one predicate at a time: role and school link must both hold, an inactive account
holds nothing, and every permission the pages ask for is registered."""

import pytest
import rules

from accounts.models import User

from .conftest import make_user

pytestmark = pytest.mark.django_db

PERMISSIONS = ["tum.view", "tum.manage", "tum.view_school_work", "tum.edit_school_work", "tum.download_reports"]


def test_every_permission_is_registered():
    assert [name for name in PERMISSIONS if not rules.perm_exists(name)] == []


@pytest.fixture
def linked_viewer(kaunas, g1):
    """A viewer whose account still lists a school (say, a former coordinator moved to viewing)."""
    return make_user("viewer-g1@kaunas.test", User.Role.VIEWER, kaunas.municipality, schools=[g1])


@pytest.fixture
def linked_staff_member(kaunas, g1):
    return make_user("staff-g1@kaunas.test", User.Role.STAFF, kaunas.municipality, schools=[g1])


def test_a_school_link_without_the_coordinator_role_coordinates_nothing(linked_viewer, g1, g2):
    from accounts.rules import coordinates_school

    assert not coordinates_school(linked_viewer, g1)
    assert not linked_viewer.has_perm("tum.edit_school_work", g1)
    assert not linked_viewer.has_perm("tum.view_school_work", g1)
    assert linked_viewer.has_perm("tum.view", g1.municipality)  # still reads what is published


def test_staff_linked_to_a_school_are_staff_not_its_coordinator(linked_staff_member, g1):
    from accounts.rules import coordinates_school

    assert not coordinates_school(linked_staff_member, g1)
    assert linked_staff_member.has_perm("tum.edit_school_work", g1)  # as staff, through tum.manage


def test_a_coordinator_coordinates_only_their_linked_school(coordinator, g1, g2):
    from accounts.rules import coordinates_school

    assert coordinates_school(coordinator, g1)
    assert not coordinates_school(coordinator, g2)
    assert not coordinates_school(coordinator, g1.municipality)  # a municipality is no school
    assert coordinator.has_perm("tum.download_reports", g1) and not coordinator.has_perm("tum.download_reports", g2)


def test_a_coordinator_without_a_municipality_may_not_work_on_a_linked_school(kaunas, g1):
    stray = make_user("stray@kaunas.test", User.Role.COORDINATOR, None, schools=[g1])
    assert not stray.has_perm("tum.edit_school_work", g1)
    assert not stray.has_perm("tum.view", g1.municipality)


@pytest.mark.parametrize("persona", ["staff", "coordinator", "viewer", "superuser"])
def test_an_inactive_account_holds_no_permission_it_held_when_active(request, persona, g1):
    user = request.getfixturevalue(persona)
    held = [name for name in PERMISSIONS if user.has_perm(name, g1)]
    assert "tum.view" in held and "tum.download_reports" in held
    user.is_active = False
    assert [name for name in PERMISSIONS if user.has_perm(name, g1) or user.has_perm(name, g1.municipality)] == []


def test_a_scope_is_a_municipality_or_a_school(kaunas, g1):
    from accounts.rules import scope_of

    assert scope_of(kaunas.municipality) == (kaunas.municipality.pk, None)
    assert scope_of(g1) == (kaunas.municipality.pk, g1.pk)
    with pytest.raises(TypeError, match=r"^No permission scope for Plan$"):
        scope_of(kaunas)
