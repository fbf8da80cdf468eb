"""Writes of the participation app: a resident's feedback, the answer, the paper and online
survey answers, the public switch of a commune."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from ntm.core import clock
from ntm.geography.models import AdministrativeUnit
from ntm.participation.models import (
    Feedback,
    FeedbackStatus,
    PublicPage,
    ResponseChannel,
    Survey,
    SurveyAnswer,
    SurveyContent,
    SurveyResponse,
)


def public_commune(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """The commune whose public page covers ``unit``, if that commune publishes; else None."""
    commune = unit if unit.level.is_commune else unit.parent
    if commune is None or not commune.level.is_commune:
        return None
    if not PublicPage.objects.filter(unit=commune, enabled=True).exists():
        return None
    return commune


@transaction.atomic
def enable_public_page(
    *, commune: AdministrativeUnit, enabled: bool = True, intro: str = ""
) -> PublicPage:
    page, _ = PublicPage.objects.get_or_create(unit=commune)
    if page.enabled != enabled or (intro and page.intro != intro):
        page.enabled = enabled
        page.intro = intro or page.intro
        page.save()
    return page


@transaction.atomic
def submit_feedback(*, unit: AdministrativeUnit, data: Mapping[str, Any]) -> Feedback:
    """Store a resident's feedback. Name and phone are kept only with the consent ticked."""
    consent = bool(data.get("contact_consent"))
    return Feedback.objects.create(
        unit=unit,
        work=data.get("work"),
        criterion=data.get("criterion"),
        kind=data["kind"],
        text=data["text"],
        name=data.get("name", "") if consent else "",
        phone=data.get("phone", "") if consent else "",
        contact_consent=consent,
    )


def mark_answered(feedback: Feedback, user: Any) -> None:
    """Called before saving an answer: who answered and when; status follows."""
    if feedback.answer.strip():
        if feedback.status in (FeedbackStatus.NEW, FeedbackStatus.IN_PROGRESS):
            feedback.status = FeedbackStatus.ANSWERED
        feedback.answered_by = user
        feedback.answered_on = feedback.answered_on or clock.today()
    elif feedback.is_published:
        feedback.is_published = False  # nothing to publish without an answer


@transaction.atomic
def enter_response(
    *,
    survey: Survey,
    hamlet: AdministrativeUnit,
    answers: Mapping[int, bool | None],
    channel: str = ResponseChannel.PAPER,
    entered_on: dt.date | None = None,
) -> SurveyResponse | None:
    """Store one filled-in form: {content id: satisfied?}; unanswered contents are skipped.

    Returns None (stores nothing) when every content was left blank.
    """
    given = {cid: value for cid, value in answers.items() if value is not None}
    if not given:
        return None
    valid = set(SurveyContent.objects.filter(survey=survey).values_list("pk", flat=True))
    unknown = set(given) - valid
    if unknown:
        raise ValueError(f"Nội dung không thuộc đợt lấy ý kiến: {sorted(unknown)}")
    response = SurveyResponse.objects.create(
        survey=survey, hamlet=hamlet, channel=channel, entered_on=entered_on or clock.today()
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, content_id=cid, satisfied=value)
        for cid, value in sorted(given.items())
    )
    return response
