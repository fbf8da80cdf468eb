"""Every URL of the plans app, for tests/test_url_scope.py."""

from __future__ import annotations

from typing import Any

from ntm.plans.tests import factories as f
from tests.scope import Case

HAMLET_OUTSIDERS = ("outsider", "outsider_head", "hamlet_head2")


def _assignment(w: Any) -> dict[str, Any]:
    f.build_sets()
    return {"unit_pk": w.commune.pk, "year": 2024}


def _assignment_criterion(w: Any) -> dict[str, Any]:
    sets = f.build_sets()
    return {"unit_pk": w.commune.pk, "year": 2024, "criterion_pk": sets.criteria[1].pk}


def _member_plan(w: Any) -> dict[str, Any]:
    return {"pk": f.member_plan(w, f.build_sets()).pk}


def _hamlet_plan(w: Any) -> dict[str, Any]:
    return {"pk": f.hamlet_plan(w).pk}


def _hamlet_task(w: Any) -> dict[str, Any]:
    return {"pk": f.first_task(f.hamlet_plan(w)).pk}


def _draft_directive(w: Any) -> dict[str, Any]:
    return {"pk": f.directive(w, issue=False).pk}


def _issued_directive(w: Any) -> dict[str, Any]:
    return {"pk": f.directive(w, issue=True).pk}


def _obstacle(w: Any) -> dict[str, Any]:
    return {"pk": f.obstacle(w).pk}


CASES: dict[str, Case] = {
    "plans:index": Case(),
    "plans:assignments": Case(kwargs=_assignment, outsiders=HAMLET_OUTSIDERS),
    "plans:assignments_print": Case(kwargs=_assignment, outsiders=HAMLET_OUTSIDERS),
    "plans:assignments_docx": Case(kwargs=_assignment, outsiders=HAMLET_OUTSIDERS),
    "plans:notice_edit": Case(kwargs=_assignment, outsiders=HAMLET_OUTSIDERS),
    "plans:assignment_edit": Case(kwargs=_assignment_criterion, outsiders=HAMLET_OUTSIDERS),
    "plans:plan_create": Case(),
    "plans:plan_detail": Case(kwargs=_hamlet_plan, outsiders=HAMLET_OUTSIDERS),
    "plans:plan_edit": Case(kwargs=_hamlet_plan, outsiders=HAMLET_OUTSIDERS),
    "plans:plan_timeline": Case(kwargs=_member_plan, outsiders=HAMLET_OUTSIDERS),
    "plans:plan_history": Case(kwargs=_member_plan, outsiders=HAMLET_OUTSIDERS),
    "plans:plan_docx": Case(kwargs=_member_plan, outsiders=HAMLET_OUTSIDERS),
    "plans:task_create": Case(kwargs=_hamlet_plan, outsiders=HAMLET_OUTSIDERS),
    "plans:task_detail": Case(kwargs=_hamlet_task, outsiders=HAMLET_OUTSIDERS),
    "plans:task_edit": Case(kwargs=_hamlet_task, outsiders=HAMLET_OUTSIDERS),
    "plans:task_progress": Case(kwargs=_hamlet_task, outsiders=HAMLET_OUTSIDERS, expect=302),
    "plans:task_history": Case(kwargs=_hamlet_task, outsiders=HAMLET_OUTSIDERS),
    "plans:roadmap": Case(kwargs=lambda w: {"unit_pk": w.hamlet.pk}, outsiders=HAMLET_OUTSIDERS),
    "plans:directive_list": Case(),
    "plans:directive_create": Case(),
    "plans:directive_detail": Case(kwargs=_issued_directive, outsiders=HAMLET_OUTSIDERS),
    "plans:directive_edit": Case(kwargs=_draft_directive, outsiders=HAMLET_OUTSIDERS),
    "plans:item_create": Case(kwargs=_draft_directive, outsiders=HAMLET_OUTSIDERS),
    "plans:directive_issue": Case(
        kwargs=_draft_directive, outsiders=HAMLET_OUTSIDERS, method="post", expect=302
    ),
    "plans:directive_docx": Case(kwargs=_draft_directive, outsiders=HAMLET_OUTSIDERS),
    "plans:directive_history": Case(kwargs=_draft_directive, outsiders=HAMLET_OUTSIDERS),
    "plans:obstacle_list": Case(),
    "plans:obstacle_create": Case(),
    "plans:obstacle_detail": Case(kwargs=_obstacle, outsiders=HAMLET_OUTSIDERS),
    "plans:obstacle_edit": Case(kwargs=_obstacle, outsiders=HAMLET_OUTSIDERS),
    "plans:obstacle_direct": Case(kwargs=_obstacle, outsiders=HAMLET_OUTSIDERS, insider="leader"),
    "plans:obstacle_resolve": Case(
        kwargs=_obstacle, outsiders=HAMLET_OUTSIDERS, method="post", expect=302
    ),
    "plans:obstacle_close": Case(
        kwargs=_obstacle, outsiders=HAMLET_OUTSIDERS, method="post", expect=302, insider="leader"
    ),
    "plans:obstacle_reopen": Case(
        kwargs=_obstacle, outsiders=HAMLET_OUTSIDERS, method="post", expect=302, insider="leader"
    ),
    "plans:obstacle_history": Case(kwargs=_obstacle, outsiders=HAMLET_OUTSIDERS),
}
