"""Who changed what and when, from django-simple-history records, in the words and formats people read."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from front.templatetags.portal import number
from reporting.models import ReviewState

HIDDEN_FIELDS = {"version", "updated_at", "created_at", "updated_by", "id"}


def history_rows(item):
    """[(when, who, type, [(field label, before, after)])] of one record, newest first."""
    records = list(item.history.select_related("history_user").order_by("history_date", "history_id"))
    pairs = [(record, records[index - 1] if index else None) for index, record in enumerate(records)]
    changes = describe_changes(type(item), pairs)
    rows = [
        (record.history_date, record.history_user, record.history_type, c)
        for (record, _p), c in zip(pairs, changes, strict=True)
    ]
    return list(reversed(rows))


def with_previous(model, records):
    """Pair each history record with the one before it of the same object (one query for all)."""
    earlier = defaultdict(list)
    for row in model.history.filter(id__in={r.id for r in records}).order_by("history_date", "history_id"):
        earlier[row.id].append(row)
    pairs = []
    for record in records:
        rows = [row.history_id for row in earlier[record.id]]
        index = rows.index(record.history_id)
        pairs.append((record, earlier[record.id][index - 1] if index else None))
    return pairs


def describe_changes(model, pairs):
    """For each (record, previous record): [(field label, before, after)], shown as on the pages.

    Linked records (who submitted, which budget line…) are named with one query per linked model.
    """
    deltas = [
        [change for change in record.diff_against(previous).changes if change.field not in HIDDEN_FIELDS]
        if previous is not None
        else []
        for record, previous in pairs
    ]
    names = _linked_names(model, deltas)
    described = []
    for delta in deltas:
        rows = []
        for change in delta:
            field = model._meta.get_field(change.field)
            rows.append((field.verbose_name, _display(field, change.old, names), _display(field, change.new, names)))
        described.append(rows)
    return described


def _linked_names(model, deltas):
    wanted = defaultdict(set)
    for delta in deltas:
        for change in delta:
            field = model._meta.get_field(change.field)
            if field.many_to_one or field.one_to_one:
                wanted[field.related_model] |= {value for value in (change.old, change.new) if value is not None}
    return {
        linked: {obj.pk: str(obj) for obj in linked._default_manager.filter(pk__in=ids)}
        for linked, ids in wanted.items()
    }


def _display(field, value, names):
    if isinstance(value, list):  # many-to-many: a list of through rows
        return ", ".join(sorted(str(getattr(row, "school", row)) for row in value)) if value else "–"
    if value is None or value == "":
        return "–"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.many_to_one or field.one_to_one:
        return names.get(field.related_model, {}).get(value, value)
    if isinstance(value, bool):
        return _("taip") if value else _("ne")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "Y-m-d")
    if isinstance(value, Decimal):
        return number(value)
    return value


def review_step(record, previous):
    """What this change did in the review workflow, in the reviewer's words, and who did it:
    ("patvirtino", reviewer id), ("grąžino: <reason>", reviewer id), ("pateikė", submitter id), or None."""
    state = getattr(record, "state", None)
    if previous is None or state is None or state == previous.state:
        return None
    if state == ReviewState.APPROVED:
        return _("patvirtino"), record.reviewed_by_id
    if state == ReviewState.RETURNED:
        return _("grąžino: %(reason)s") % {"reason": record.return_reason}, record.reviewed_by_id
    if state == ReviewState.SUBMITTED:
        return _("pateikė"), record.submitted_by_id
    return None
