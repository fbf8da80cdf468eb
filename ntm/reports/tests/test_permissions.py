"""The answers of ``ntm.reports.permissions`` (who reviews, who writes, who reopens)."""

from __future__ import annotations

from typing import Any

from ntm.reports import permissions
from ntm.reports.models import ReportCycle, Submission, SubmissionStatus


def _submission(world: Any, status: str, **kw: Any) -> Submission:
    cycle = ReportCycle(unit=world.commune, title="Báo cáo 9 tháng")
    return Submission(cycle=cycle, unit=world.commune, status=status, **kw)


def test_reviewers_are_the_commune_leadership_and_officer(world: Any) -> None:
    for key in ("admin", "leader", "officer"):
        assert permissions.can_review(world.users[key], world.commune), key
    for key in ("member", "organisation", "hamlet_head", "upper", "outsider"):
        assert not permissions.can_review(world.users[key], world.commune), key


def test_the_responsible_person_writes_only_while_it_is_their_move(world: Any) -> None:
    draft = _submission(world, SubmissionStatus.DRAFT, responsible=world.member)
    assert permissions.can_edit_submission(world.member, draft)
    assert not permissions.can_edit_submission(world.member2, draft)
    assert permissions.can_edit_submission(world.officer, draft)
    returned = _submission(world, SubmissionStatus.RETURNED, responsible=world.member)
    assert permissions.can_edit_submission(world.member, returned)
    for status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        done = _submission(world, status, responsible=world.member)
        assert not permissions.can_edit_submission(world.member, done)
        assert not permissions.can_edit_submission(world.officer, done)


def test_only_the_approver_reopens(world: Any) -> None:
    approved = _submission(world, SubmissionStatus.APPROVED, approved_by=world.officer)
    assert permissions.can_reopen(world.officer, approved)
    assert not permissions.can_reopen(world.leader, approved)
    submitted = _submission(world, SubmissionStatus.SUBMITTED, approved_by=world.officer)
    assert not permissions.can_reopen(world.officer, submitted)


def test_reporting_rules_are_set_by_the_officer_or_admin(world: Any) -> None:
    assert permissions.can_edit_rule(world.officer, world.commune)
    assert permissions.can_edit_rule(world.admin, world.commune)
    assert not permissions.can_edit_rule(world.leader, world.commune)
    assert not permissions.can_edit_rule(world.outsider, world.commune)
    assert permissions.reviewed_communes(world.officer) == [world.commune]
    assert permissions.reviewed_communes(world.member) == []
