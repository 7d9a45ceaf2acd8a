"""A help page for each role, in Lithuanian and in English, reached from the navigation."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona, lithuanian, english",
    [
        ("coordinator", "Mokyklos koordinatorius</h2>", "School coordinator</h2>"),
        ("staff", "Savivaldybės TŪM koordinavimo komanda</h2>", "Municipal TŪM coordination team</h2>"),
        ("viewer", "Stebėtojas</h2>", "Viewer</h2>"),
    ],
)
def test_each_role_opens_its_own_help_in_its_language(client_for, request, persona, lithuanian, english):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    home = client.get(reverse("municipality_home", args=["kaunas"])).content.decode()
    url = reverse("accounts:help", args=["kaunas"])
    assert f'href="{url}"' in home
    assert lithuanian in client.get(url).content.decode()
    user.language = "en"
    user.save()
    assert english in client.get(url).content.decode()


def test_another_roles_help_can_be_read(client_for, coordinator):
    page = client_for(coordinator).get(reverse("accounts:help", args=["kaunas"]), {"role": "staff"})
    assert "Savivaldybės TŪM koordinavimo komanda</h2>" in page.content.decode()
