"""The nightly statistics refresh leaves the query planner statistics it promises."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection


def _analysed_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return set()
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_optimize_db_gives_the_planner_statistics() -> None:
    table = ContentType._meta.db_table  # never empty: SQLite keeps no statistics for empty tables
    assert table not in _analysed_tables()
    out = io.StringIO()
    call_command("optimize_db", stdout=out)
    assert "Đã cập nhật thống kê truy vấn" in out.getvalue()
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.cursor() as cursor:  # statistics views lag until the snapshot clears
            cursor.execute("SELECT pg_stat_clear_snapshot()")
    assert table in _analysed_tables()
    # A second run (statistics exist) takes the incremental path and still succeeds.
    call_command("optimize_db", stdout=out)
    assert out.getvalue().count("Đã cập nhật") == 2
