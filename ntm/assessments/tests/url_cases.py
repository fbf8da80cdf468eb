"""Every URL of the assessments app, for tests/test_url_scope.py."""

from __future__ import annotations

from typing import Any

from ntm.assessments.tests.factories import sample
from tests.scope import Case

COMMUNE_OUTSIDERS = ("outsider", "outsider_head")
HAMLET_OUTSIDERS = ("outsider", "outsider_head", "hamlet_head2")


def _commune_year(w: Any) -> dict[str, Any]:
    sample(w)
    return {"unit_pk": w.commune.pk, "year": 2024}


def _hamlet_criterion(w: Any) -> dict[str, Any]:
    s = sample(w)
    return {"unit_pk": w.hamlet.pk, "criterion_pk": s.hamlet_criterion.pk, "year": 2024}


def _hamlet_indicator(w: Any) -> dict[str, Any]:
    s = sample(w)
    return {"unit_pk": w.hamlet.pk, "indicator_pk": s.hamlet_indicator.pk, "year": 2024}


def _hamlet_value(w: Any) -> dict[str, Any]:
    return {"pk": sample(w).hamlet_value.pk}


def _hamlet_evidence(w: Any) -> dict[str, Any]:
    return {"pk": sample(w).hamlet_evidence.pk}


CASES: dict[str, Case] = {
    "assessments:index": Case(),
    "assessments:scorecard": Case(kwargs=_commune_year, outsiders=COMMUNE_OUTSIDERS),
    "assessments:matrix": Case(kwargs=_commune_year, outsiders=COMMUNE_OUTSIDERS),
    "assessments:criterion": Case(
        kwargs=_hamlet_criterion, insider="hamlet_head", outsiders=HAMLET_OUTSIDERS
    ),
    "assessments:flag": Case(
        kwargs=_hamlet_criterion,
        outsiders=HAMLET_OUTSIDERS,
        method="post",
        expect=302,
        insider="member",
    ),
    "assessments:value_entry": Case(
        kwargs=_hamlet_indicator, insider="hamlet_head", outsiders=HAMLET_OUTSIDERS
    ),
    "assessments:registrations": Case(
        kwargs=lambda w: {"unit_pk": w.hamlet.pk},
        insider="hamlet_head",
        outsiders=HAMLET_OUTSIDERS,
    ),
    "assessments:value_submit": Case(
        kwargs=_hamlet_value,
        insider="hamlet_head",
        outsiders=HAMLET_OUTSIDERS,
        method="post",
        expect=302,
    ),
    "assessments:value_approve": Case(
        kwargs=_hamlet_value, outsiders=HAMLET_OUTSIDERS, method="post", expect=302
    ),
    "assessments:value_return": Case(
        kwargs=_hamlet_value, outsiders=HAMLET_OUTSIDERS, method="post", expect=302
    ),
    "assessments:value_history": Case(
        kwargs=_hamlet_value, insider="hamlet_head", outsiders=HAMLET_OUTSIDERS
    ),
    "assessments:evidence_add": Case(
        kwargs=_hamlet_value,
        insider="hamlet_head",
        outsiders=HAMLET_OUTSIDERS,
        method="post",
        expect=302,
    ),
    "assessments:evidence_file": Case(
        kwargs=_hamlet_evidence, insider="hamlet_head", outsiders=HAMLET_OUTSIDERS
    ),
    "assessments:evidence_thumbnail": Case(
        kwargs=_hamlet_evidence, insider="hamlet_head", outsiders=HAMLET_OUTSIDERS
    ),
}
