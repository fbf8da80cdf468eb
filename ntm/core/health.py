"""Readiness of this instance: the database answers and every migration is applied.

The health check (``/suc-khoe/``) answers 503 until both hold, so that a load balancer, a
systemd watchdog or the operator's monitoring never sends people to a server that would fail
on the first page (an empty database, a deployment whose ``migrate`` was forgotten).
"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

# Once every migration is applied it stays so for the life of the process (new migrations
# arrive with new code, i.e. a restart); the check then costs one SELECT per call.
_migrated = False


def pending_migrations() -> list[str]:
    """Migrations in the code that the database has not applied (``app.name``)."""
    global _migrated
    if _migrated:
        return []
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    _migrated = not pending
    return pending


def forget() -> None:
    """Check the migrations again on the next call (after a restore, in tests)."""
    global _migrated
    _migrated = False


def readiness() -> tuple[bool, dict[str, object]]:
    """(ready, details): details are safe to show anyone (no names, no addresses)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = pending_migrations()
    except DatabaseError:
        return False, {"status": "unavailable", "database": "unreachable"}
    if pending:
        return False, {"status": "not_ready", "pending_migrations": len(pending)}
    return True, {"status": "ok"}
