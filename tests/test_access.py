"""Who may do what beyond the URL × role walker (tests/test_url_access.py): the portal's operators on
every municipal page, a refused upload, and the rules for managing and for a school's own work."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .fingerprint import changed_tables, database_fingerprint

pytestmark = pytest.mark.django_db

READ_PAGES = [
    ("municipality_home", []),
    ("plans:overview", []),
    ("activities:list", []),
    ("activities:detail", ["2.1"]),
    ("schools:list", []),
    ("schools:detail", ["G2"]),
    ("indicators:list", []),
    ("indicators:detail", [2]),
    ("budget:overview", []),
]
MANAGE_PAGES = [
    ("plans:data_notes", []),
    ("plans:export", []),
    ("plans:import", []),
    ("accounts:user_list", []),
    ("accounts:user_invite", []),
]


@pytest.fixture
def persona(request):
    return request.getfixturevalue(request.param) if request.param else None


@pytest.mark.parametrize("name, args", READ_PAGES + MANAGE_PAGES)
def test_an_operator_reads_and_manages_every_municipality(client_for, superuser, small, name, args):
    """The walker signs in members of the municipality; an operator belongs to none."""
    url = reverse(name, args=[small.municipality.code, *args])
    assert client_for(superuser).get(url).status_code == 200


def test_it_refuses_a_plan_upload_from_a_viewer(client_for, viewer, kaunas):
    client = client_for(viewer)
    before = database_fingerprint()
    upload = SimpleUploadedFile("plan.yaml", b"format: tum-plan/1\n")
    response = client.post(reverse("plans:import", args=["kaunas"]), {"file": upload})
    assert response.status_code == 403
    assert changed_tables(before, database_fingerprint()) == []


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


def test_the_admin_lists_every_municipality_for_operators(client_for, superuser, kaunas, other_plan):
    url = reverse("admin:schools_school_changelist") + "?q=gimnazija"
    response = client_for(superuser).get(url)
    municipalities = {s.municipality.code for s in response.context["cl"].result_list}
    names = {s.name for s in response.context["cl"].result_list}
    assert municipalities == {"kaunas", "testmiestis"} and "Testmiesčio gimnazija" in names


def test_the_admin_index_is_closed_to_coordinators(client_for, coordinator):
    response = client_for(coordinator).get(reverse("admin:index"))
    assert response.status_code == 302
