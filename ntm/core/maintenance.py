"""Nightly upkeep of the database: fresh statistics for the query planner (issue 8).

Without statistics SQLite plans joins blind (it keeps none until ANALYZE runs), and PostgreSQL's
autovacuum may lag after a bulk import; either can turn a 1 ms page query into a scan of a
province's values. Run with the nightly backup (README) and after bulk loads.
"""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> str:
    """Refresh the planner statistics of every table; returns what was run, for the log."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Sampled: at most ~1000 rows per index, so the run stays short on a large file.
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
            return "ANALYZE, PRAGMA optimize"
        cursor.execute("ANALYZE")
        return "ANALYZE"
