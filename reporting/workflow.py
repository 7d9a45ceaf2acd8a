"""The review workflow every submitted item follows.

draft → submitted → approved, or submitted → returned (with a reason) → submitted …
An approved item is locked; staff may reopen it with a reason (it is returned).
Schools write only while the period is open for them; staff never approve what they wrote.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.models import ReviewState
from reporting.periods import is_open_for
from reporting.signals import published_data_changed


class ConcurrentEditError(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "Kažkas kitas ką tik pakeitė šį įrašą. Jūsų pakeitimai neišsaugoti – peržiūrėkite naują versiją ir pakartokite."
            )
        )


def check_can_edit(user, period, school, item=None):
    """Raise unless `user` may write this school's item for this period now."""
    if not user.has_perm("tum.edit_school_work", school):
        raise PermissionDenied
    if item is not None and not item.is_editable:
        if item.state == ReviewState.APPROVED:
            raise ValidationError(_("Įrašas patvirtintas ir užrakintas. Jį atidaryti gali koordinavimo komanda."))
        raise ValidationError(_("Įrašas pateiktas peržiūrai; keisti jo dabar negalima."))
    if not user.has_perm("tum.manage", school.municipality) and not is_open_for(period, school):
        raise ValidationError(
            _("Laikotarpis %(period)s užrakintas (terminas %(deadline)s). Kreipkitės į koordinavimo komandą.")
            % {"period": period.code, "deadline": period.deadline.isoformat()}
        )


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
    if not user.has_perm("tum.manage", item.period.plan.municipality):
        raise PermissionDenied


def content_authors(items):
    """{(model, pk): ids of the people who changed each item's content since it was last approved}.

    Read from the items' history, not from the row: a submit or a later save overwrites
    `updated_by`, but a staff member who rewrote a returned item stays its author until
    someone else approves it. Evidence added or removed counts as a change of the item.
    """
    authors = {}
    by_model = {}
    for item in items:
        by_model.setdefault(type(item), []).append(item.pk)
        # the row's own writer and submitter, also for items written in bulk, without history
        authors[(type(item), item.pk)] = {item.updated_by_id, item.submitted_by_id} - {None}
    for model, pks in by_model.items():
        rows = (
            model.history.filter(id__in=pks)
            .order_by("id", "history_date", "history_id")
            .values_list("id", "state", "updated_by_id", "history_date")
        )
        approved_at = {}
        previous = {}
        for pk, state, writer, when in rows:
            people = authors[(model, pk)]
            if state == ReviewState.APPROVED:
                people.clear()
                approved_at[pk] = when
            elif state != ReviewState.RETURNED or previous.get(pk) == ReviewState.RETURNED:
                people.add(writer)  # a save or a submit; a return or a reopening writes no content
            previous[pk] = state
        for pk, person in _evidence_changes(model, pks, approved_at):
            authors[(model, pk)].add(person)
    return authors


def _evidence_changes(model, pks, approved_at):
    evidence = getattr(model, "evidence", None)
    if evidence is None:
        return []
    history = evidence.rel.related_model.history
    rows = history.filter(progress_id__in=pks).values_list(
        "progress_id", "history_type", "uploaded_by_id", "history_user_id", "history_date"
    )
    return [
        (pk, uploader if kind == "+" else remover)
        for pk, kind, uploader, remover, when in rows
        if (pk not in approved_at or when > approved_at[pk]) and (uploader if kind == "+" else remover)
    ]


def approvable(user, item, authors=None):
    """Why `user` may not approve `item`, or None when they may. `authors`: `content_authors` of the items."""
    if item.state != ReviewState.SUBMITTED:
        return _("tik pateiktus įrašus galima patvirtinti")
    if authors is None:
        authors = content_authors([item])
    if user.pk in authors.get((type(item), item.pk), ()):
        return _("savo paties įvestų ar pakeistų duomenų tvirtinti negalima")
    return None


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
        if from_state == ReviewState.APPROVED:
            transaction.on_commit(lambda: published_data_changed.send(sender=None, items=[item]))
    return item
