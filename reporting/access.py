"""What one person may do with one school's submitted item: read it, edit it now, review it.

Every page, template and service asks `item_access` rather than combining permissions itself;
the permissions are the rules in `accounts.rules`. Each answer comes with the reason when it is no:
`edit_refusal` / `read_refusal` / `review_refusal` is None when allowed, else a `Refusal` whose
`code` says why and whose `error()` is the exception a service raises (`PermissionDenied`, or a
`ValidationError` with the message the person reads).
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from reporting.authors import content_authors
from reporting.models import ReviewState
from reporting.periods import is_open_for

NOT_THEIRS = "not_theirs"
APPROVED = "approved"
SUBMITTED = "submitted"
PERIOD_CLOSED = "period_closed"
NOT_REVIEWER = "not_reviewer"


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str = ""

    def error(self):
        return ValidationError(self.message) if self.message else PermissionDenied()


class ItemAccess:
    """The answers for `user` on `item` (a school's item of `period`; None: one not written yet).

    `published_readable`: an approved item may be read by every member of the municipality
    (approved progress and events are public within it; drafts and submissions are not).
    An item with no school (a municipal spending entry) is the staff's own work.
    """

    def __init__(self, user, *, municipality, school, period=None, item=None, published_readable=False):
        self.user, self.municipality, self.school, self.period, self.item = user, municipality, school, period, item
        self.published_readable = published_readable

    @cached_property
    def manages(self):
        return self.user.has_perm("tum.manage", self.municipality)

    @cached_property
    def works_on_school(self):
        """Staff, or the coordinator of the item's school: may see its drafts and write it (when open)."""
        if self.school is None:
            return self.manages
        return self.user.has_perm("tum.edit_school_work", self.school)

    @cached_property
    def read_refusal(self):
        if self.works_on_school:
            return None
        published = (
            self.published_readable
            and self.item is not None
            and self.item.state == ReviewState.APPROVED
            and self.user.has_perm("tum.view", self.municipality)
        )
        return None if published else Refusal(NOT_THEIRS)

    @cached_property
    def edit_refusal(self):
        if not self.works_on_school:
            return Refusal(NOT_THEIRS)
        if self.item is not None and not self.item.is_editable:
            return self.locked_refusal()
        if not self.manages and not is_open_for(self.period, self.school):
            return Refusal(
                PERIOD_CLOSED,
                _("Laikotarpis %(period)s užrakintas (terminas %(deadline)s). Kreipkitės į koordinavimo komandą.")
                % {"period": self.period.code, "deadline": self.period.deadline.isoformat()},
            )
        return None

    def locked_refusal(self):
        """Why the item, submitted or approved, cannot be changed now."""
        if self.item.state == ReviewState.APPROVED:
            return Refusal(APPROVED, _("Įrašas patvirtintas ir užrakintas. Jį atidaryti gali koordinavimo komanda."))
        return Refusal(SUBMITTED, _("Įrašas pateiktas peržiūrai; keisti jo dabar negalima."))

    @cached_property
    def review_refusal(self):
        return None if self.manages else Refusal(NOT_REVIEWER)

    @property
    def may_read(self):
        return self.read_refusal is None

    @property
    def may_edit(self):
        return self.edit_refusal is None

    @property
    def may_review(self):
        return self.review_refusal is None

    @cached_property
    def approve_refusal(self):
        """Why this reviewer may not approve the item now (text), or None; None also when they do not review."""
        if not self.may_review or self.item is None:
            return None
        return approvable(self.user, self.item)

    def check_read(self):
        if self.read_refusal:
            raise self.read_refusal.error()

    def check_edit(self):
        if self.edit_refusal:
            raise self.edit_refusal.error()

    def check_review(self):
        if self.review_refusal:
            raise self.review_refusal.error()


def approvable(user, item, authors=None):
    """Why `user` may not approve `item`, or None when they may. `authors`: `content_authors` of the items."""
    if item.state != ReviewState.SUBMITTED:
        return _("tik pateiktus įrašus galima patvirtinti")
    if authors is None:
        authors = content_authors([item])
    if user.pk in authors.get((type(item), item.pk), ()):
        return _("savo paties įvestų ar pakeistų duomenų tvirtinti negalima")
    return None


def item_access(user, item=None, *, period=None, school=None, municipality=None, published_readable=False):
    """`user`'s access to `item`, or to a new item of `school` for `period` when `item` is None."""
    if item is not None:
        period = period or item.period
        school = school or item.school
    if municipality is None:
        municipality = school.municipality if school is not None else period.plan.municipality
    return ItemAccess(
        user,
        municipality=municipality,
        school=school,
        period=period,
        item=item,
        published_readable=published_readable,
    )
