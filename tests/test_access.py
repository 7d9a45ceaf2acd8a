"""Who may open which page: every role, including another municipality's staff and anonymous."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

READ_PAGES = [
    ("municipality_home", []),
    ("plans:overview", []),
    ("activities:list", []),
    ("activities:detail", ["8.1"]),
    ("schools:list", []),
    ("schools:detail", ["G1"]),
    ("indicators:list", []),
    ("indicators:detail", [16]),
    ("budget:overview", []),
]
MANAGE_PAGES = [
    ("plans:data_notes", []),
    ("plans:export", []),
    ("plans:import", []),
    ("accounts:user_list", []),
    ("accounts:user_invite", []),
]


def url(name, args, municipality="kaunas"):
    return reverse(name, args=[municipality, *args])


@pytest.fixture
def persona(request):
    return request.getfixturevalue(request.param) if request.param else None


@pytest.mark.parametrize("name, args", READ_PAGES + MANAGE_PAGES)
def test_anonymous_is_sent_to_sign_in(client, kaunas, name, args):
    response = client.get(url(name, args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["staff", "coordinator", "viewer", "superuser"], indirect=True)
@pytest.mark.parametrize("name, args", READ_PAGES)
def test_every_member_reads_the_published_plan(client_for, persona, name, args):
    assert client_for(persona).get(url(name, args)).status_code == 200


@pytest.mark.parametrize("name, args", READ_PAGES + MANAGE_PAGES)
def test_staff_of_another_municipality_sees_nothing(client_for, foreign_staff, kaunas, name, args):
    assert client_for(foreign_staff).get(url(name, args)).status_code == 404


@pytest.mark.parametrize("persona", ["staff", "superuser"], indirect=True)
@pytest.mark.parametrize("name, args", MANAGE_PAGES)
def test_staff_manage_their_plan_and_users(client_for, persona, name, args):
    assert client_for(persona).get(url(name, args)).status_code == 200


@pytest.mark.parametrize("persona", ["coordinator", "viewer"], indirect=True)
@pytest.mark.parametrize("name, args", MANAGE_PAGES)
def test_it_refuses_management_pages_to_coordinators_and_viewers(client_for, persona, name, args):
    assert client_for(persona).get(url(name, args)).status_code == 403


def test_it_refuses_a_plan_upload_from_a_viewer(client_for, viewer, kaunas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("plan.yaml", b"format: tum-plan/1\n")
    response = client_for(viewer).post(url("plans:import", []), {"file": upload})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "persona, expected",
    [("staff", True), ("coordinator", False), ("viewer", False), ("foreign_staff", False), ("superuser", True)],
    indirect=["persona"],
)
def test_the_rule_for_managing_a_municipality(persona, expected, kaunas):
    assert persona.has_perm("tum.manage", kaunas.municipality) is expected


@pytest.mark.parametrize(
    "persona, school, expected",
    [
        ("coordinator", "g1", True),
        ("coordinator", "g2", False),
        ("coordinator_g2", "g2", True),
        ("staff", "g2", True),
        ("viewer", "g1", False),
        ("foreign_staff", "g1", False),
    ],
    indirect=["persona"],
)
def test_the_rule_for_a_schools_own_work(request, persona, school, expected):
    school = request.getfixturevalue(school)
    assert persona.has_perm("tum.edit_school_work", school) is expected
    assert persona.has_perm("tum.view_school_work", school) is expected


def test_an_inactive_user_may_do_nothing(staff, kaunas):
    assert staff.has_perm("tum.view", kaunas.municipality)  # the permission exists and the user holds it
    staff.is_active = False
    assert not staff.has_perm("tum.view", kaunas.municipality)


def test_the_admin_lists_every_municipality_for_operators_only(client_for, staff, superuser, other_plan):
    url = reverse("admin:schools_school_changelist") + "?q=gimnazija"
    assert client_for(staff).get(url).status_code == 302
    response = client_for(superuser).get(url)
    names = {s.name for s in response.context["cl"].result_list}
    assert "Testmiesčio gimnazija" in names and len(names) > 1


def test_the_admin_is_closed_to_coordinators(client_for, coordinator):
    response = client_for(coordinator).get(reverse("admin:index"))
    assert response.status_code == 302
