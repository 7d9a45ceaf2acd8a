"""Sign-in by e-mail, invitations, password reset, two-factor for staff, language."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, User
from accounts.services import user_invite

from .conftest import TOTP_SECRET, make_user, people_of

PASSWORD = "Slaptazodis-123"


def current_code(secret, steps_ago=0):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 - steps_ago))


def link_in(message):
    return re.search(r"https?://[^\s]+", message.body).group(0)


def test_the_login_page_is_in_lithuanian(client, db):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="lt"' in content and "Prisijungimas prie TŪM portalo" in content


def test_a_coordinator_signs_in_with_email_and_lands_on_the_home_page(client, coordinator):
    response = client.post(reverse("account_login"), {"login": "G1@kaunas.test", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("municipality_home", args=["kaunas"])
    assert "Mano mokyklos" in response.content.decode()


def test_it_refuses_a_wrong_password_with_a_message(client, coordinator):
    response = client.post(reverse("account_login"), {"login": "g1@kaunas.test", "password": "neteisingas"})
    assert response.status_code == 200
    assert "neteisingi" in response.content.decode() or "netinkam" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_sign_up_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert "Registracija uždaryta" in response.content.decode() or response.status_code in (302, 403)
    response = client.post(reverse("account_signup"), {"email": "x@y.lt", "password1": PASSWORD, "password2": PASSWORD})
    assert not User.objects.filter(email="x@y.lt").exists()


def test_logout(client_for, coordinator):
    client = client_for(coordinator)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_staff_sign_in_asks_for_the_second_factor(client, staff):
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(TOTP_SECRET)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("municipality_home", args=["kaunas"])
    assert "Koordinavimo komandai" in response.content.decode()


@pytest.mark.parametrize("steps_ago, accepted", [(1, True), (3, False)])
def test_a_code_from_the_previous_30_seconds_still_counts(client, staff, steps_ago, accepted):
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": current_code(TOTP_SECRET, steps_ago)})
    assert ("_auth_user_id" in client.session) == accepted


def test_staff_without_two_factor_must_enrol_first(client, staff):
    Authenticator.objects.filter(user=staff).delete()
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    response = client.get(reverse("plans:overview", args=["kaunas"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))  # confirm the password first
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("plans:overview", args=["kaunas"])).status_code == 200


def test_coordinators_may_use_two_factor_but_need_not(client_for, coordinator):
    client = client_for(coordinator)
    assert client.get(reverse("plans:overview", args=["kaunas"])).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_staff_invite_a_coordinator_who_sets_a_password(
    client_for, client, staff, g1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            reverse("accounts:user_invite", args=["kaunas"]),
            {
                "email": "Nauja@Mokykla.lt",
                "first_name": "Ona",
                "role": "coordinator",
                "schools": [g1.pk],
                "language": "lt",
            },
        )
    assert response.status_code == 302
    invited = User.objects.get(email="nauja@mokykla.lt")
    assert not invited.has_usable_password() and list(invited.schools.all()) == [g1]
    assert Invitation.objects.get(user=invited).invited_by == staff
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nauja@mokykla.lt"]
    assert "Kvietimas" in mail.outbox[0].subject
    link = link_in(mail.outbox[0])

    client.logout()
    response = client.post(link, {"new_password1": "Naujas-slaptazodis-9", "new_password2": "Naujas-slaptazodis-9"})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password("Naujas-slaptazodis-9")
    assert Invitation.objects.get(user=invited).accepted_at is not None
    client.logout()
    assert client.get(link).status_code == 400  # a used link no longer works


def test_an_invitation_in_english_for_an_english_speaker(staff, kaunas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(invited_by=staff, municipality=kaunas.municipality, email="en@x.lt", role="viewer", language="en")
    assert mail.outbox[-1].subject == "Invitation to the TŪM portal"


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"email": "g1@kaunas.test", "role": "viewer"}, "email", "jau yra"),
        ({"email": "a@b.lt", "role": "coordinator"}, "schools", "bent vieną mokyklą"),
        ({"email": "ne-adresas", "role": "viewer"}, "email", ""),
    ],
)
def test_it_refuses_a_bad_invitation_next_to_the_field(client_for, staff, coordinator, data, field, message):
    response = client_for(staff).post(reverse("accounts:user_invite", args=["kaunas"]), {"language": "lt", **data})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors and message in " ".join(errors)
    assert len(mail.outbox) == 0


def test_it_refuses_schools_of_another_municipality(staff, kaunas, other_plan):
    from django.core.exceptions import ValidationError

    from schools.models import School

    foreign = School.objects.get(municipality=other_plan.municipality, code="G1")
    with pytest.raises(ValidationError, match="Galima priskirti tik šios savivaldybės mokyklas") as error:
        user_invite(
            invited_by=staff, municipality=kaunas.municipality, email="c@d.lt", role="coordinator", schools=[foreign]
        )
    assert list(error.value.message_dict) == ["schools"]
    assert not User.objects.filter(email="c@d.lt").exists()


def test_password_reset(client, coordinator):
    client.post(reverse("account_reset_password"), {"email": coordinator.email})
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    response = client.get(link, follow=True)
    set_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(set_url, {"password1": "Kitas-slaptazodis-7", "password2": "Kitas-slaptazodis-7"})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("Kitas-slaptazodis-7")


def test_staff_change_a_users_role_but_not_their_own(client_for, staff, viewer):
    client = client_for(staff)
    response = client.post(
        reverse("accounts:user_edit", args=["kaunas", viewer.pk]), {"role": "viewer", "is_active": ""}
    )
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert not viewer.is_active
    response = client.post(
        reverse("accounts:user_edit", args=["kaunas", staff.pk]), {"role": "viewer", "is_active": "on"}
    )
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.role == "staff"


def test_a_user_switches_to_english(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/kaunas/"}, follow=True)
    coordinator.refresh_from_db()
    assert coordinator.language == "en"
    assert 'lang="en"' in response.content.decode()


def test_numbers_and_dates_are_written_the_lithuanian_way(client_for, small):
    viewer = people_of(small)["viewer"]
    content = client_for(viewer).get(reverse("plans:overview", args=[small.municipality.code])).content.decode()
    assert "1\u00a0500,00\u00a0€" in content  # the small plan's lines: 1000.00 + 500.00
    assert "2024-03-01" in content and "2026-04-30" in content


def test_the_demo_accounts_are_created_once(kaunas):
    from django.core.management import call_command

    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    assert User.objects.filter(email__endswith="@kaunas.example").count() == 3
    staff = User.objects.get(email="darbuotojas@kaunas.example")
    assert staff.check_password("Demo-darbuotojas-2024") and staff.is_municipal_staff


def test_only_operators_may_enter_the_admin(kaunas):
    staff = make_user("x@kaunas.test", User.Role.STAFF, kaunas.municipality)
    operator = User.objects.create_superuser(email="operatorius@tum.test", password="Slaptazodis-123")
    assert staff.is_municipal_staff and not staff.is_staff
    assert operator.is_staff and operator.is_superuser
