from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import Invitation, Notification, User


def _check_role_and_schools(*, role, municipality, schools):
    errors = {}
    if role == User.Role.COORDINATOR and not schools:
        errors["schools"] = _("Koordinatoriui reikia priskirti bent vieną mokyklą.")
    if role != User.Role.COORDINATOR and schools:
        errors["schools"] = _("Mokyklos priskiriamos tik koordinatoriams.")
    if any(school.municipality_id != municipality.pk for school in schools):
        errors["schools"] = _("Galima priskirti tik šios savivaldybės mokyklas.")
    if errors:
        raise ValidationError(errors)


def invitation_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[uid, token])


def _send_invitation(invitation):
    user = invitation.user
    with translation.override(user.language):
        context = {
            "user": user,
            "invited_by": invitation.invited_by,
            "url": invitation_url(user),
            "municipality": user.municipality,
        }
        subject = _("Kvietimas į TŪM portalą")
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
    notify(user, subject, body)


def user_invite(*, invited_by, municipality, email, first_name="", last_name="", role, schools=(), language=None):
    """Create a user with no password yet and e-mail them a link to set one."""
    if not invited_by.has_perm("tum.manage", municipality):
        raise PermissionDenied
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Naudotojas su šiuo el. pašto adresu jau yra.")})
    schools = list(schools)
    _check_role_and_schools(role=role, municipality=municipality, schools=schools)
    with transaction.atomic():
        user = User(
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            municipality=municipality,
            language=language or settings.LANGUAGE_CODE,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        user.schools.set(schools)
        invitation = Invitation.objects.create(user=user, invited_by=invited_by)
        transaction.on_commit(lambda: _send_invitation(invitation))
    return user


def invitation_resend(*, by, user):
    if not by.has_perm("tum.manage", user.municipality):
        raise PermissionDenied
    if user.has_usable_password():
        raise ValidationError(_("Naudotojas jau prisijungė; kvietimo siųsti nebereikia."))
    invitation = Invitation.objects.create(user=user, invited_by=by)
    transaction.on_commit(lambda: _send_invitation(invitation))
    return invitation


def invitation_accept(*, user, password):
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=timezone.now())
    return user


def user_update_access(*, by, user, role, schools, is_active):
    """Change a user's role, schools or access; staff cannot lock themselves out."""
    if not by.has_perm("tum.manage", user.municipality):
        raise PermissionDenied
    if user.pk == by.pk and (role != user.role or not is_active):
        raise ValidationError(_("Savo vaidmens keisti ar paskyros išjungti negalima."))
    schools = list(schools)
    _check_role_and_schools(role=role, municipality=user.municipality, schools=schools)
    with transaction.atomic():
        user.role = role
        user.is_active = is_active
        user.save(update_fields=["role", "is_active"])
        user.schools.set(schools)
    return user


def user_set_language(*, user, language):
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Nežinoma kalba."))
    user.language = language
    user.save(update_fields=["language"])


def notify(user, subject, body="", url=""):
    """Put in `user`'s portal the notification that goes with an e-mail sent to them."""
    return Notification.objects.create(user=user, subject=str(subject)[:300], body=body, url=url[:500])


def notifications_mark_read(*, user, pks=None):
    """Mark `user`'s own notifications read: those with `pks`, or all. Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())
