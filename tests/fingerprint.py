"""A fingerprint of every table in the database: a refused write must leave it unchanged."""

from django.db import connection

# Sessions change on every sign-in and request; they hold no portal data.
UNTRACKED_TABLES = {"django_session"}


def database_fingerprint():
    tables = sorted(set(connection.introspection.table_names()) - UNTRACKED_TABLES)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT %s, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quote(table)} t"
                for table in tables
            ),
            tables,
        )
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


def changed_tables(before, after):
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))
