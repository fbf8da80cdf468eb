"""Nightly upkeep of the database: fresh statistics for the query planner (issue 8).

Without statistics SQLite plans joins blind (it keeps none until ANALYZE runs), and PostgreSQL's
autovacuum may lag after a bulk import; either can turn a 1 ms page query into a scan of a
province's values. Run with the nightly backup (README) and after bulk loads.
"""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> str:
    """Refresh the planner statistics; returns what was run, for the log."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            has_stats = cursor.fetchone()[0] > 0
            if not has_stats:
                cursor.execute("ANALYZE")
                return "ANALYZE"
            # Re-analyses only the tables whose statistics are stale, within a bounded effort.
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("PRAGMA optimize")
            return "PRAGMA optimize"
        cursor.execute("ANALYZE")
        return "ANALYZE"
