"""The review workflow every submitted item follows.

draft → submitted → approved, or submitted → returned (with a reason) → submitted …
An approved item is locked; staff may reopen it with a reason (it is returned).
Schools write only while the period is open for them; staff never approve what they wrote.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.access import approvable, item_access
from reporting.authors import content_authors
from reporting.models import ItemComment, ReviewState
from reporting.signals import published_data_changed


class ConcurrentEditError(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "Kažkas kitas ką tik pakeitė šį įrašą. Jūsų pakeitimai neišsaugoti – peržiūrėkite naują versiją ir pakartokite."
            )
        )


def check_can_edit(user, period, school, item=None):
    """Raise unless `user` may write this school's item for this period now (see `reporting.access`)."""
    item_access(user, item, period=period, school=school).check_edit()


def locked_for_update(model, pk, version):
    """Lock the row; refuse if someone saved it since the form was opened."""
    item = model.objects.select_for_update().get(pk=pk)
    if version is not None and item.version != version:
        raise ConcurrentEditError()
    return item


def item_for_saving(model, *, user, period, school, version, **lookup):
    """The school's item for the period (new, or existing: row-locked, unchanged since `version`, still editable),
    ready for its fields to be set. Call inside a transaction."""
    item, created = model.objects.get_or_create(
        period=period, school=school, **lookup, defaults={"created_by": user, "updated_by": user}
    )
    if not created:
        item = locked_for_update(model, item.pk, version)
        check_can_edit(user, period, school, item)
        mark_saved(item, user)
    return item


def mark_saved(item, user):
    item.updated_by = user
    item.version += 1


def items_submit(*, user, items):
    """Submit drafts (and returned items) for review; each must be complete enough to review."""
    with transaction.atomic():
        locked = [type(item).objects.select_for_update().get(pk=item.pk) for item in items]
        for item in locked:
            check_can_edit(user, item.period, item.school, item)
            item.full_clean()
            check_complete = getattr(item, "check_complete", None)
            if check_complete:
                check_complete()
        now = timezone.now()
        for item in locked:
            item.state = ReviewState.SUBMITTED
            item.submitted_by = user
            item.submitted_at = now
            mark_saved(item, user)
            item.save()
    return locked


def _locked_for_review(item):
    """The item again, row-locked, with what the reviewer checks need."""
    return (
        type(item).objects.select_for_update(of=("self",)).select_related("period__plan__municipality").get(pk=item.pk)
    )


def _check_reviewer(user, item):
    item_access(user, item, municipality=item.period.plan.municipality).check_review()


def items_approve(*, user, items):
    """Approve every item that may be approved; return (approved, [(item, reason it was skipped)])."""
    approved, skipped = [], []
    with transaction.atomic():
        locked = [_locked_for_review(item) for item in items]
        for item in locked:
            _check_reviewer(user, item)
        authors = content_authors(locked)
        for item in locked:
            reason = approvable(user, item, authors)
            if reason:
                skipped.append((item, reason))
                continue
            item.state = ReviewState.APPROVED
            item.reviewed_by = user
            item.reviewed_at = timezone.now()
            item.return_reason = ""
            item.version += 1
            item.save()
            approved.append(item)
        if approved:
            transaction.on_commit(lambda: published_data_changed.send(sender=None, items=approved))
    return approved, skipped


def item_return(*, user, item, reason):
    """Send a submitted item back to the school with the reason they will see next to it."""
    return _send_back(user, item, reason, from_state=ReviewState.SUBMITTED)


def item_reopen(*, user, item, reason):
    """Unlock an approved item so that the school can correct it; the reason is shown to them."""
    return _send_back(user, item, reason, from_state=ReviewState.APPROVED)


def _send_back(user, item, reason, *, from_state):
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Nurodykite priežastį – mokykla ją matys prie įrašo.")})
    with transaction.atomic():
        item = _locked_for_review(item)
        _check_reviewer(user, item)
        if item.state != from_state:
            raise ValidationError(_("Įrašo būsena jau pasikeitė; atnaujinkite puslapį."))
        item.state = ReviewState.RETURNED
        item.return_reason = reason.strip()
        item.reviewed_by = user
        item.reviewed_at = timezone.now()
        item.version += 1
        item.save()
        ItemComment.objects.create(item=item, author=user, text=item.return_reason, is_return_reason=True)
        if from_state == ReviewState.APPROVED:
            transaction.on_commit(lambda: published_data_changed.send(sender=None, items=[item]))
    return item
