"""Issue 21: the audit trail is hash-chained; a history row edited with raw SQL, a register row
deleted, an access-log row removed or a chain link rewritten are detected by verify_audit,
and a normal day's work (sealed after each commit) leaves every chain valid."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ntm.accounts.models import AccessLog, Person
from ntm.core import audit
from ntm.core.models import AuditSeal

pytestmark = pytest.mark.django_db


def _sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _day_of_work(world: Any, capture: Any) -> Person:
    """Edits and log entries as the screens make them, each transaction committed."""
    # The world was built in the test's own transaction, which never commits: drop its
    # waiting callbacks (audit.seal_all() sealed its rows) as a commit would have run them.
    connection.run_on_commit.clear()
    with capture(execute=True):
        person = world.people["member"]
        person.phone = "0911 222 333"
        person.save()
        AccessLog.objects.create(user=world.officer, action="Tra cứu", object_label="“Hạnh”")
    return person


def test_a_normal_day_leaves_every_chain_valid(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    audit.seal_all()  # the world was built inside the test transaction: no commit sealed it
    _day_of_work(world, django_capture_on_commit_callbacks)
    report = audit.verify()
    assert report.ok, report.problems[:5]
    assert report.pending == 0 and report.rows > 20
    out = StringIO()
    call_command("verify_audit", "--heads", stdout=out)
    assert "Nhật ký toàn vẹn" in out.getvalue() and "accounts.AccessLog:" in out.getvalue()


def test_history_row_edited_with_raw_sql_is_detected(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    audit.seal_all()
    person = _day_of_work(world, django_capture_on_commit_callbacks)
    row = person.history.latest("history_id")
    table = row._meta.db_table
    _sql(f'UPDATE "{table}" SET phone = %s WHERE history_id = %s', ["0999 999 999", row.pk])  # noqa: S608
    report = audit.verify()
    assert [(p.kind, p.pk) for p in report.problems] == [("changed", row.pk)]
    with pytest.raises(CommandError, match="KHÔNG toàn vẹn"):
        call_command("verify_audit", stdout=StringIO(), stderr=StringIO())


def test_deleted_history_row_and_access_log_row_are_detected(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    audit.seal_all()
    person = _day_of_work(world, django_capture_on_commit_callbacks)
    row = person.history.latest("history_id")
    log = AccessLog.objects.latest("pk")
    _sql(f'DELETE FROM "{row._meta.db_table}" WHERE history_id = %s', [row.pk])  # noqa: S608
    _sql(f'DELETE FROM "{AccessLog._meta.db_table}" WHERE id = %s', [log.pk])  # noqa: S608
    kinds = {(p.table, p.kind, p.pk) for p in audit.verify().problems}
    assert (row._meta.label, "deleted", row.pk) in kinds
    assert ("accounts.AccessLog", "deleted", log.pk) in kinds


def test_live_record_deleted_outside_the_application_is_detected(world: Any) -> None:
    person = Person.objects.create(full_name="Võ Thị Xóa", unit=world.commune)
    audit.seal_all()
    _sql(f'DELETE FROM "{Person._meta.db_table}" WHERE id = %s', [person.pk])  # noqa: S608
    problems = audit.verify().problems
    assert [(p.table, p.kind, p.pk) for p in problems] == [
        ("accounts.Person", "deleted_live", person.pk)
    ]


def test_rewritten_chain_link_is_detected(world: Any) -> None:
    audit.seal_all()
    link = AuditSeal.objects.filter(table="accounts.HistoricalPerson").first()
    assert link is not None
    link.rows = [[pk, "0" * 64] for pk, _ in link.rows]
    link.save()
    assert any(p.kind == "chain" for p in audit.verify().problems)


def test_deleting_through_the_application_is_not_tampering(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    audit.seal_all()
    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.create(full_name="Võ Thị Xóa", unit=world.commune).delete()
    assert audit.verify().ok
