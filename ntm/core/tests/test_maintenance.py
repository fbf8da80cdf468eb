"""The nightly statistics refresh leaves the query planner statistics it promises."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

# Never empty (SQLite keeps no statistics for an empty table).
TABLE = ContentType._meta.db_table


def _statistics() -> Any:
    """SQLite: the table's rows in sqlite_stat1; PostgreSQL: when it was last analysed."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return 0
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [TABLE])
            return cursor.fetchone()[0]
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the views keep a per-transaction copy
        cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = %s", [TABLE])
        return cursor.fetchone()[0]


def _forget_statistics() -> None:
    """Earlier tests in this process may have analysed the database: start without."""
    if connection.vendor == "sqlite" and _statistics():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [TABLE])


@pytest.mark.django_db
def test_optimize_db_gives_the_planner_statistics() -> None:
    _forget_statistics()
    before = _statistics()
    out = io.StringIO()
    call_command("optimize_db", stdout=out)
    assert "Đã cập nhật thống kê truy vấn" in out.getvalue()
    after = _statistics()
    if connection.vendor == "sqlite":
        assert before == 0 and after > 0
    else:
        assert after is not None and (before is None or after > before)
    # A second run (statistics exist) succeeds as well.
    call_command("optimize_db", stdout=out)
    assert out.getvalue().count("Đã cập nhật") == 2
