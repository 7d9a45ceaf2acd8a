"""Who may do what on which object: the one place every view, template and service asks.

Objects are scoped by municipality; a permission is checked against a
Municipality or a School (anything else is reduced to one of those by
`scope_of`). Superusers may do everything everywhere.

The per-object answers built on these rules (may read, may edit now, may review,
with the reason when not) are in `reporting.access` (submitted items),
`budget.access` (spending entries) and `reports.access` (reports).
"""

import rules

from accounts.models import User
from schools.models import Municipality, School


def scope_of(obj):
    """Return (municipality_id, school_id or None) for a permission target."""
    if isinstance(obj, Municipality):
        return obj.pk, None
    if isinstance(obj, School):
        return obj.municipality_id, obj.pk
    raise TypeError(f"No permission scope for {type(obj).__name__}")


def _coordinated_school_ids(user):
    if not hasattr(user, "_coordinated_school_ids"):
        user._coordinated_school_ids = frozenset(user.schools.values_list("pk", flat=True))
    return user._coordinated_school_ids


@rules.predicate
def is_superuser(user):
    return user.is_active and user.is_superuser


@rules.predicate
def is_member(user, obj):
    municipality_id, _ = scope_of(obj)
    return user.is_active and user.municipality_id is not None and user.municipality_id == municipality_id


@rules.predicate
def is_staff_role(user):
    return user.role == User.Role.STAFF


@rules.predicate
def is_viewer_role(user):
    return user.role == User.Role.VIEWER


@rules.predicate
def is_coordinator_role(user):
    return user.role == User.Role.COORDINATOR


@rules.predicate
def coordinates_school(user, obj):
    _, school_id = scope_of(obj)
    return is_coordinator_role(user) and school_id is not None and school_id in _coordinated_school_ids(user)


@rules.predicate
def coordinates_a_school_in(user, obj):
    municipality_id, _ = scope_of(obj)
    return is_coordinator_role(user) and user.schools.filter(municipality_id=municipality_id).exists()


can_read = is_superuser | is_member
can_manage = is_superuser | (is_member & is_staff_role)
can_work_on_school = can_manage | (is_member & coordinates_school)
can_download_reports = is_superuser | (is_member & (is_staff_role | is_viewer_role | coordinates_school))

# Reading what is published (the plan, approved progress, dashboards).
rules.add_perm("tum.view", can_read)
# Keeping the plan, inviting users, reviewing and approving what schools submit.
rules.add_perm("tum.manage", can_manage)
# API keys for a ministry system, scoped to the municipality (operators make keys for several in the admin).
rules.add_perm("tum.manage_api_tokens", can_manage)
# Switching a municipality's public progress pages on and off.
rules.add_perm("tum.publish", can_manage)
# A school's own drafts and submissions: staff, or that school's coordinator.
rules.add_perm("tum.view_school_work", can_work_on_school)
rules.add_perm("tum.edit_school_work", can_work_on_school)
# Ministry reports: staff and viewers; a coordinator also for their own school's report.
rules.add_perm("tum.download_reports", can_download_reports)
# The reports page: whoever may download a municipality's reports, and a coordinator of one of its
# schools (who orders and downloads only their schools' reports there).
rules.add_perm("tum.use_reports", can_download_reports | (is_member & coordinates_a_school_in))


def work_school_ids(user, municipality):
    """The schools of `municipality` whose unpublished work `user` may see: None for all of them
    (staff), else the ids of the schools they coordinate (empty for a viewer)."""
    if user.has_perm("tum.manage", municipality):
        return None
    if not (is_coordinator_role(user) and is_member(user, municipality)):
        return frozenset()
    return frozenset(user.schools.filter(municipality=municipality).values_list("pk", flat=True))
