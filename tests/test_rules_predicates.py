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


def test_the_reports_page_is_for_a_coordinator_of_one_of_the_municipalitys_schools(kaunas, g1, coordinator, small):
    from accounts.rules import coordinates_a_school_in

    assert coordinates_a_school_in(coordinator, kaunas.municipality) and coordinates_a_school_in(coordinator, g1)
    assert coordinator.has_perm("tum.use_reports", kaunas.municipality)
    assert not coordinates_a_school_in(coordinator, small.municipality)
    assert not coordinator.has_perm("tum.use_reports", small.municipality)
    without_schools = make_user("c0@kaunas.test", User.Role.COORDINATOR, kaunas.municipality)
    assert not coordinates_a_school_in(without_schools, kaunas.municipality)
    assert not without_schools.has_perm("tum.use_reports", kaunas.municipality)


def test_a_school_link_in_another_municipality_opens_neither_reports_page(kaunas, small):
    from schools.models import School

    elsewhere = School.objects.get(municipality=small.municipality, code="G1")
    stray = make_user("c1@kaunas.test", User.Role.COORDINATOR, kaunas.municipality, schools=[elsewhere])
    assert not stray.has_perm("tum.use_reports", kaunas.municipality)  # coordinates no Kaunas school
    assert not stray.has_perm("tum.use_reports", small.municipality)  # not a member there
    assert not stray.has_perm("tum.edit_school_work", elsewhere)


@pytest.mark.parametrize("persona", ["staff", "viewer"])
def test_staff_and_viewers_use_the_reports_page_without_a_school(request, persona, kaunas, small):
    user = request.getfixturevalue(persona)
    assert user.has_perm("tum.use_reports", kaunas.municipality)
    assert not user.has_perm("tum.use_reports", small.municipality)


def test_whose_unpublished_work_a_person_sees(kaunas, g1, g2, staff, coordinator, viewer, superuser, small):
    from accounts.rules import work_school_ids

    g1_of_both = make_user("c2@kaunas.test", User.Role.COORDINATOR, kaunas.municipality, schools=[g1, g2])
    assert work_school_ids(staff, kaunas.municipality) is None  # every school
    assert work_school_ids(superuser, kaunas.municipality) is None
    assert work_school_ids(coordinator, kaunas.municipality) == frozenset({g1.pk})
    assert work_school_ids(g1_of_both, kaunas.municipality) == frozenset({g1.pk, g2.pk})
    assert work_school_ids(viewer, kaunas.municipality) == frozenset()
    assert work_school_ids(coordinator, small.municipality) == frozenset()  # not a member there
    assert work_school_ids(staff, small.municipality) == frozenset()


def test_a_school_link_shows_unpublished_work_only_to_a_coordinator_who_is_a_member(linked_viewer, kaunas, small):
    from accounts.rules import work_school_ids
    from schools.models import School

    assert work_school_ids(linked_viewer, kaunas.municipality) == frozenset()  # a viewer, though linked to G1
    elsewhere = School.objects.get(municipality=small.municipality, code="G1")
    stray = make_user("c3@kaunas.test", User.Role.COORDINATOR, kaunas.municipality, schools=[elsewhere])
    assert work_school_ids(stray, small.municipality) == frozenset()  # linked there, but a member of Kaunas


def test_a_coordinators_schools_are_read_once_per_request(coordinator, g1, g2, django_assert_num_queries):
    from accounts.rules import coordinates_school

    assert coordinates_school(coordinator, g1)
    with django_assert_num_queries(0):
        assert coordinates_school(coordinator, g1) and not coordinates_school(coordinator, g2)
