"""Results as a criteria change preview reads them (see ``ntm.criteria.changes.preview``)."""

from __future__ import annotations

from typing import Any

from ntm.assessments.models import CriterionResult


def results_for_preview(
    user: Any, criterion_ids: set[int]
) -> dict[tuple[int, int, int], tuple[str, str, str, str]]:
    """The user's visible criterion results of these criteria, labelled for a screen."""
    rows = (
        CriterionResult.objects.visible_to(user)
        .filter(criterion_id__in=criterion_ids)
        .select_related("unit", "criterion", "period")
    )
    return {
        (r.unit_id, r.criterion_id, r.period_id): (
            r.unit.display_name,
            f"Tiêu chí {r.criterion.number}. {r.criterion.name}",
            r.period.label,
            r.get_status_display(),
        )
        for r in rows
    }
