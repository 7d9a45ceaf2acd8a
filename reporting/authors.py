"""Who wrote an item's content since it was last approved: a reviewer may not approve their own."""

from reporting.models import ReviewState


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
