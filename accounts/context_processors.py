from django.utils.functional import SimpleLazyObject

from accounts.selectors import municipalities_for_user, unread_notification_count


def portal(request):
    """The municipality the signed-in user works in, and whether they manage it, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    municipality = getattr(request, "municipality", None)
    if municipality is None and user.municipality_id:
        municipality = user.municipality
    if municipality is None and user.is_superuser:
        municipality = municipalities_for_user(user=user).first()
    return {
        "current_municipality": municipality,
        # the plan the pages show: its level names, and whether it has a budget at all
        "current_plan": SimpleLazyObject(lambda: municipality.plans.first()) if municipality is not None else None,
        "perms_manage": municipality is not None and user.has_perm("tum.manage", municipality),
        "unread_notifications": lambda: unread_notification_count(user),  # counted only where the nav shows it
    }
