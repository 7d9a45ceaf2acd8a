from django.db import connection


def refresh_statistics():
    """Let PostgreSQL re-count the tables after a bulk load; until autovacuum gets to it, its stale
    estimates pick full-table scans for what an index answers in a millisecond."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
