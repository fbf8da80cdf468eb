"""Crash safety: a real process killed with SIGKILL in the middle of a multi-row write leaves
either nothing or everything, and SQLite's file stays sound (``PRAGMA integrity_check``).

The process (tests/security/crash_child.py) runs the real service against this test's
database — a file on SQLite, the test database on PostgreSQL — and stops at a fault point of
:mod:`ntm.core.faults` after some of its rows are written and before the commit. The test
kills it there, inspects the database from a fresh connection, then restarts the same work
and finds all of it applied.
"""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from openpyxl import load_workbook

from ntm.assessments.models import IndicatorValue
from ntm.core import clock
from ntm.criteria.loader import DATA_DIR, load_set_file
from ntm.criteria.models import CriteriaSet, Criterion, Indicator, Target
from ntm.criteria.xlsx_export import export_set_xlsx
from ntm.criteria.xlsx_layout import SHEET_SET
from ntm.reports import services
from ntm.reports.models import Submission, SubmissionStatus
from ntm.reports.tests.conftest import DAY

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def _child_env(ready: Path | None, fault: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NTM_FAULTPOINT")}
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = settings["NAME"]
        env.pop("DATABASE_URL", None)
    else:
        user = settings.get("USER") or ""
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        host = settings.get("HOST") or "127.0.0.1"
        port = settings.get("PORT") or 5432
        env["DATABASE_URL"] = f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
    if fault:
        env["NTM_FAULTPOINT"] = fault
        env["NTM_FAULTPOINT_READY"] = str(ready)
    return env


def _run(args: list[str], *, fault: str | None = None, tmp: Path) -> int:
    """Run the child; with a fault point, kill it with SIGKILL once it reaches the point."""
    connection.close()  # nothing of ours is open while the child writes
    ready = tmp / "ready"
    ready.unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.security.crash_child", *args],
        cwd=ROOT,
        env=_child_env(ready, fault),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if fault is None:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        return process.returncode
    deadline = time.monotonic() + 90
    while not ready.exists():
        if process.poll() is not None:
            _out, err = process.communicate()
            raise AssertionError(f"the child ended before the fault point: {err.decode()}")
        assert time.monotonic() < deadline, "the child never reached the fault point"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return process.returncode


def _integrity_ok() -> None:
    if connection.vendor != "sqlite":
        return
    raw = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        raw.close()


def _counts(code: str) -> tuple[int, int, int, int]:
    return (
        CriteriaSet.objects.filter(code=code).count(),
        Criterion.objects.filter(criteria_set__code=code).count(),
        Indicator.objects.filter(criterion__criteria_set__code=code).count(),
        Target.objects.filter(indicator__criterion__criteria_set__code=code).count(),
    )


def test_a_killed_import_leaves_nothing_and_the_rerun_everything(
    world: Any, tmp_path: Path
) -> None:
    source = load_set_file(DATA_DIR / "sets" / "xa-ntm-2021-2025.yaml")
    original = CriteriaSet.objects.get(code="XA_NTM_2021_2025")
    expected = _counts(original.code)
    assert expected[2] > 0 and expected[3] > 0, source
    wb = load_workbook(io.BytesIO(export_set_xlsx(original)))
    ws = wb[SHEET_SET]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "Mã bộ tiêu chí":
            row[1].value = "CRASH_TEST_SET"
    path = tmp_path / "crash.xlsx"
    wb.save(path)
    before_history = Criterion.history.count()  # type: ignore[attr-defined]

    _run(["import", str(path), "officer"], fault="criteria.import.mid", tmp=tmp_path)
    _integrity_ok()
    assert _counts("CRASH_TEST_SET") == (0, 0, 0, 0)  # nothing: not even the set or criteria
    assert Criterion.history.count() == before_history  # type: ignore[attr-defined]
    assert _counts(original.code) == expected  # the source set is untouched

    _run(["import", str(path), "officer"], tmp=tmp_path)  # restart: the same import, to the end
    _integrity_ok()
    assert _counts("CRASH_TEST_SET") == (1, expected[1], expected[2], expected[3])


def test_a_killed_approval_leaves_nothing_and_the_rerun_everything(
    world: Any, reporting: Any, tmp_path: Path
) -> None:
    with clock.pinned(DAY):
        cycle = services.open_cycle(
            unit=world.commune, period=reporting.nine_months, opened_by=world.officer
        )
        submission = cycle.submissions.get(unit=world.hamlet)
        services.submit(user=world.hamlet_head, submission=submission)
    values = IndicatorValue.objects.filter(unit=world.hamlet, period=reporting.nine_months)
    assert values.exists() and not values.filter(locked=True).exists()
    history = Submission.history.count()  # type: ignore[attr-defined]

    _run(["approve", str(submission.pk), "officer"], fault="reports.approve.mid", tmp=tmp_path)
    _integrity_ok()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED  # nothing
    assert submission.approved_by_id is None
    assert not values.filter(locked=True).exists()
    assert Submission.history.count() == history  # type: ignore[attr-defined]

    _run(["approve", str(submission.pk), "officer"], tmp=tmp_path)
    _integrity_ok()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED  # everything
    assert not values.filter(locked=False).exists()
