"""Who may do what with periodic reports (seeing them is scope: ``visible_to``).

Every "can this user …" answer of the reports app lives here; views pass the answers to
templates as booleans, and the services check them again before writing.
"""

from __future__ import annotations

from typing import Any

from ntm.accounts.models import Role
from ntm.accounts.scope import has_role, primary_units
from ntm.geography.models import AdministrativeUnit
from ntm.reports.models import Submission

REVIEWERS = frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER})
# The reporting rules (deadlines of each period) are set by the NTM officer or an administrator.
RULE_EDITORS = frozenset({Role.ADMIN, Role.OFFICER})


def can_review(user: Any, unit: AdministrativeUnit) -> bool:
    """Review (approve, return), compile and send the commune's reports: officer, leadership
    or administrator of the commune."""
    return has_role(user, REVIEWERS, unit)


def can_edit_submission(user: Any, submission: Submission) -> bool:
    """Write the narrative and submit: the person responsible, or a reviewer of the commune,
    while it is still the reporter's move (draft or returned)."""
    if not submission.awaiting_reporter:
        return False
    return submission.responsible_id == getattr(user, "pk", None) or can_review(
        user, submission.cycle.unit
    )


def can_reopen(user: Any, submission: Submission) -> bool:
    """Only the person who approved a report reopens it (with a reason)."""
    return submission.is_approved and submission.approved_by_id == getattr(user, "pk", None)


def can_edit_rule(user: Any, unit: AdministrativeUnit) -> bool:
    return has_role(user, RULE_EDITORS, unit)


def reviewed_communes(user: Any) -> list[AdministrativeUnit]:
    """The communes among the user's own units whose reports they review."""
    return [u for u in primary_units(user) if u.level.is_commune and can_review(user, u)]
