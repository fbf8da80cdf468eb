"""Statuses are enums: no view or template compares a status with a string literal.

A literal such as ``status == "dat"`` or ``{% if s.status == 'returned' %}`` decides a status
again outside its one home (the enum, the rules, a model property or ``{% status_badge %}``);
when the value or its meaning changes, that copy silently drifts.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.db.models import TextChoices

from ntm.assessments.models import Status, ValueStatus
from ntm.documents.models import DocumentStatus
from ntm.mobilisation.models import WorkStatus
from ntm.participation.models import FeedbackStatus, InspectionStatus, SurveyStatus
from ntm.plans.models import DirectiveState, ObstacleState, TaskStatus
from ntm.reports.models import SubmissionStatus

ROOT = Path(__file__).resolve().parent.parent / "ntm"
STATUS_ENUMS: list[type[TextChoices]] = [
    Status,
    ValueStatus,
    DocumentStatus,
    WorkStatus,
    FeedbackStatus,
    InspectionStatus,
    SurveyStatus,
    DirectiveState,
    ObstacleState,
    TaskStatus,
    SubmissionStatus,
]
VALUES = {str(v) for enum in STATUS_ENUMS for v in enum.values}
LITERAL = re.compile(r"""(["'])([a-z_]+)\1""")
MENTIONS_STATUS = re.compile(r"\b\w*(status|state)\w*\b")
TEMPLATE_CONDITION = re.compile(r"{%\s*(if|elif)\b(.*?)%}")


def _python_sources() -> list[Path]:
    files = [*ROOT.glob("*/views*.py"), *ROOT.glob("*/*_views.py"), *ROOT.glob("*/forms.py")]
    return sorted(p for p in files if "/tests/" not in str(p))


def _templates() -> list[Path]:
    return sorted(ROOT.glob("**/templates/**/*.html"))


def status_literals_in_python(text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        if not MENTIONS_STATUS.search(code):
            continue
        for match in LITERAL.finditer(code):
            if match.group(2) in VALUES and _compared(code, match):
                found.append(f"{number}: {line.strip()}")
    return found


def _compared(code: str, match: re.Match[str]) -> bool:
    """The literal is compared (==, !=, in (…)) or passed as a status filter (status=…)."""
    before = code[: match.start()].rstrip()
    after = code[match.end() :].lstrip()
    return (
        before.endswith(("==", "!="))
        or after.startswith(("==", "!="))
        or bool(re.search(r"(status|state)\w*\s*=$", before))
        or bool(re.search(r"\bin\s*[(\[{][^)\]}]*$", before))
    )


def status_literals_in_template(text: str) -> list[str]:
    found = []
    for match in TEMPLATE_CONDITION.finditer(text):
        condition = match.group(2)
        if not MENTIONS_STATUS.search(condition):
            continue
        if any(m.group(2) in VALUES for m in LITERAL.finditer(condition)):
            found.append(match.group(0))
    return found


def test_the_check_finds_literals() -> None:
    """The detector itself: the forms it must catch, and what it must leave alone."""
    assert status_literals_in_python('x = sum(1 for r in rows if r.status == "dat")')
    assert status_literals_in_python("qs.exclude(status='hoan_thanh')")
    assert status_literals_in_python('if status in ("responded", "closed"):')
    assert not status_literals_in_python("if r.status == Status.MET:")
    assert not status_literals_in_python(
        '"approved": sum(1 for s in rows if s.status == S.APPROVED)'
    )
    assert not status_literals_in_python('label = "Đạt"  # status == "dat"')
    assert status_literals_in_template("{% if s.status == 'returned' %}x{% endif %}")
    assert status_literals_in_template('{% elif o.state == "open" %}')
    assert not status_literals_in_template("{% if s.is_returned %}{% endif %}")
    assert not status_literals_in_template('{% status_badge s.status "report" %}')


def test_no_status_literal_in_views_or_forms() -> None:
    offenders = {
        str(path.relative_to(ROOT)): hits
        for path in _python_sources()
        if (hits := status_literals_in_python(path.read_text(encoding="utf-8")))
    }
    assert not offenders, f"Compare statuses with their enum, not a string: {offenders}"


def test_no_status_literal_in_templates() -> None:
    offenders = {
        str(path.relative_to(ROOT)): hits
        for path in _templates()
        if (hits := status_literals_in_template(path.read_text(encoding="utf-8")))
    }
    assert not offenders, (
        "Templates read a status through {% status_badge %} or a model property / view "
        f"boolean, never a literal: {offenders}"
    )
