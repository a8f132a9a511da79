"""Database chores shared by the apps' bulk writers (depends on no app)."""

from django.db import connection

# Below this many rows written, autovacuum's own ANALYZE keeps the statistics fresh enough.
BULK_ROWS = 1_000


def analyze(*models):
    """Refresh the planner's statistics of `models`' tables after a bulk write.

    PostgreSQL plans from statistics that autovacuum refreshes only after a while;
    a freshly filled table with none gets nested loops over sequential scans (a
    tag page went from 60 ms per query to under 1 ms after ANALYZE). SQLite's
    planner reads `sqlite_stat1`, filled the same way. Call after the commit.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
