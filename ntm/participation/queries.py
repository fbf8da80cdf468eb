"""Read-only functions for public pages, the recognition dossier and periodic reports.

``survey_results(survey)`` is what the reports and the recognition dossier read: rates by
content and hamlet, computed by the database (COUNT … GROUP BY), with the threshold and whether
that threshold was checked against a signed text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from ntm.geography.models import AdministrativeUnit
from ntm.participation import rules
from ntm.participation.models import (
    Feedback,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveySample,
)


@dataclass
class Cell:
    satisfied: int = 0
    answered: int = 0

    @property
    def not_satisfied(self) -> int:
        return self.answered - self.satisfied

    @property
    def percent(self) -> Decimal | None:
        return rules.rate(self.satisfied, self.answered)


@dataclass
class ContentRow:
    content_id: int
    text: str
    total: Cell
    by_hamlet: dict[int, Cell]
    meets_threshold: bool | None = None
    ordered: list[Cell] = field(default_factory=list)  # cells in the order of ``hamlets``

    def cells(self, hamlets: list[AdministrativeUnit]) -> list[Cell]:
        return [self.by_hamlet.get(h.pk, Cell()) for h in hamlets]


@dataclass
class SurveyResults:
    survey_id: int
    threshold: Decimal
    threshold_verified: bool
    threshold_source: str
    hamlets: list[AdministrativeUnit]
    rows: list[ContentRow] = field(default_factory=list)
    responses_by_hamlet: dict[int, int] = field(default_factory=dict)
    samples_by_hamlet: dict[int, int] = field(default_factory=dict)
    overall: Cell = field(default_factory=Cell)

    @property
    def responses(self) -> int:
        return sum(self.responses_by_hamlet.values())

    @property
    def response_counts(self) -> list[int]:
        return [self.responses_by_hamlet.get(h.pk, 0) for h in self.hamlets]

    @property
    def samples(self) -> int:
        return sum(self.samples_by_hamlet.values())

    @property
    def all_contents_meet(self) -> bool | None:
        verdicts = [row.meets_threshold for row in self.rows]
        if not verdicts or any(v is None for v in verdicts):
            return None
        return all(verdicts)

    def cell(self, content_id: int, hamlet_id: int) -> Cell:
        for row in self.rows:
            if row.content_id == content_id:
                return row.by_hamlet.get(hamlet_id, Cell())
        return Cell()


def survey_results(survey: Survey) -> SurveyResults:
    """Rates by content × hamlet and by content for the whole commune (5 queries)."""
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    grouped = (
        answers.values("content_id", "response__hamlet_id")
        .annotate(answered=Count("id"), satisfied=Count("id", filter=Q(satisfied=True)))
        .order_by()
    )
    responses = dict(
        SurveyResponse.objects.filter(survey=survey)
        .values("hamlet_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("hamlet_id", "n")
    )
    samples = dict(
        SurveySample.objects.filter(survey=survey)
        .values("hamlet_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("hamlet_id", "n")
    )
    hamlet_ids = set(responses) | set(samples)
    hamlets = list(
        AdministrativeUnit.objects.filter(
            Q(pk__in=hamlet_ids) | Q(parent=survey.unit_id, level__is_hamlet=True)
        ).order_by("path")
    )
    results = SurveyResults(
        survey_id=survey.pk,
        threshold=survey.threshold_percent,
        threshold_verified=survey.threshold_verified,
        threshold_source=survey.threshold_source,
        hamlets=hamlets,
        responses_by_hamlet=responses,
        samples_by_hamlet=samples,
    )
    cells: dict[int, dict[int, Cell]] = {}
    for group in grouped:
        cells.setdefault(group["content_id"], {})[group["response__hamlet_id"]] = Cell(
            satisfied=group["satisfied"], answered=group["answered"]
        )
    for content in survey.contents.order_by("order", "id"):
        by_hamlet = cells.get(content.pk, {})
        total = Cell(
            satisfied=sum(c.satisfied for c in by_hamlet.values()),
            answered=sum(c.answered for c in by_hamlet.values()),
        )
        row = ContentRow(
            content_id=content.pk,
            text=content.text,
            total=total,
            by_hamlet=by_hamlet,
            meets_threshold=rules.meets(total.percent, survey.threshold_percent),
        )
        row.ordered = row.cells(hamlets)
        results.rows.append(row)
        results.overall.satisfied += total.satisfied
        results.overall.answered += total.answered
    return results


def published_feedback(unit: AdministrativeUnit) -> QuerySet[Feedback]:
    """Answered questions published for ``unit`` (and below), newest first."""
    return Feedback.objects.filter(unit__path__startswith=unit.path, is_published=True).exclude(
        answer=""
    )


def feedback_counts(unit: AdministrativeUnit) -> dict[str, int]:
    """Feedback received in ``unit`` (and below) by status — for reports."""
    return dict(
        Feedback.objects.filter(unit__path__startswith=unit.path)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("status", "n")
    )
