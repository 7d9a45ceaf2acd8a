from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Notification, User
from schools.models import Municipality


def municipalities_for_user(*, user):
    if user.is_superuser:
        return Municipality.objects.all()
    if not user.is_authenticated or user.municipality_id is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(pk=user.municipality_id)


def municipality_for_user(*, user, code, perm="tum.view"):
    """The municipality behind a URL, if the user may see it (404 otherwise, so nothing leaks)."""
    municipality = municipalities_for_user(user=user).filter(code=code).first()
    if municipality is None:
        raise Http404
    if not user.has_perm(perm, municipality):
        raise PermissionDenied
    return municipality


def users_for_user(*, user):
    qs = User.objects.select_related("municipality").prefetch_related("schools")
    if user.is_superuser:
        return qs
    return qs.filter(municipality_id=user.municipality_id)


def notifications_for(user):
    """`user`'s own notifications, newest first."""
    return Notification.objects.filter(user=user)


def unread_notification_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
