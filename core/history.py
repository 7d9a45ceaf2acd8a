"""History for rows written in bulk, copied by the database itself.

simple-history's bulk helpers build a Python object for every history row, which was most of the time
of a 20 000-row spending import; one INSERT … SELECT writes the same rows (who, when, created or
changed, every tracked field as it now stands in the table) in a second.
"""

from django.db import connection
from django.db.models import CharField, DateTimeField, IntegerField, Value

CREATED, CHANGED = "+", "~"


def history_copied(model, pks, *, user, when, kind):
    """Write the history rows of `model`'s rows `pks`, just created (CREATED) or changed (CHANGED) by `user`."""
    if not pks:
        return
    history = model.history.model
    tracked = [field.attname for field in history.tracked_fields]
    stamped = {
        "history_date": Value(when, output_field=DateTimeField()),
        "history_type": Value(kind, output_field=CharField()),
        "history_user_id": Value(user.pk if user else None, output_field=IntegerField()),
        "history_change_reason": Value("", output_field=CharField()),
    }
    rows = model._default_manager.filter(pk__in=pks).annotate(**{f"stamp_{name}": v for name, v in stamped.items()})
    select, params = rows.values_list(*tracked, *(f"stamp_{name}" for name in stamped)).query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in [*tracked, *stamped])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(history._meta.db_table)} ({columns}) {select}", params)
