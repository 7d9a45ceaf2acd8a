"""Who changed what and when, from django-simple-history records."""

HIDDEN_FIELDS = {"version", "updated_at", "created_at", "updated_by", "id"}


def _display(record, field_name, value):
    field = record.instance._meta.get_field(field_name)
    if getattr(field, "choices", None):
        return dict(field.choices).get(value, value)
    if isinstance(value, list):  # many-to-many: a list of through rows
        return ", ".join(sorted(str(getattr(row, "school", row)) for row in value)) if value else "–"
    if value in (None, ""):
        return "–"
    return value


def history_rows(item):
    """[(when, who, [(field label, before, after)])], newest first."""
    records = list(item.history.select_related("history_user").order_by("history_date"))
    rows = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                label = item._meta.get_field(change.field).verbose_name
                changes.append(
                    (label, _display(record, change.field, change.old), _display(record, change.field, change.new))
                )
        rows.append((record.history_date, record.history_user, record.history_type, changes))
        previous = record
    return list(reversed(rows))
