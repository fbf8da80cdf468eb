"""Every URL of the participation app, for tests/test_url_scope.py."""

from __future__ import annotations

from typing import Any

from ntm.mobilisation.tests import factories as mf
from ntm.participation.tests import factories as f
from tests.scope import Case

COMMUNE_OUTSIDERS = ("outsider", "outsider_head")
HAMLET_OUTSIDERS = ("outsider", "outsider_head", "hamlet_head2")


def _public_hamlet(w: Any) -> dict[str, Any]:
    f.public(w)
    return {"pk": w.hamlet.pk}


def _public_photo(w: Any) -> dict[str, Any]:
    f.public(w)
    return {"pk": mf.step_photo(mf.work(w.hamlet), public=True).pk}


def _public_survey(w: Any) -> dict[str, Any]:
    f.public(w)
    return {"pk": f.survey(w, online=True).pk}


def _feedback(w: Any) -> dict[str, Any]:
    return {"pk": f.feedback(w).pk}


def _inspection(w: Any) -> dict[str, Any]:
    return {"pk": f.inspection(w).pk}


def _survey(w: Any) -> dict[str, Any]:
    return {"pk": f.survey(w).pk}


def _announcement(w: Any) -> dict[str, Any]:
    return {"pk": f.announcement(w).pk}


def _commune(w: Any) -> dict[str, Any]:
    return {"pk": w.commune.pk}


def _public_page(w: Any) -> dict[str, Any]:
    f.public(w)
    return {"pk": w.commune.pk}


CASES: dict[str, Case] = {
    "participation:public_unit": Case(public=True, kwargs=_public_hamlet),
    "participation:public_poster": Case(public=True, kwargs=_public_hamlet),
    "participation:public_qr": Case(public=True, kwargs=_public_hamlet),
    "participation:public_feedback": Case(public=True, kwargs=_public_hamlet),
    "participation:public_feedback_sent": Case(public=True, kwargs=_public_hamlet),
    "participation:public_photo": Case(public=True, kwargs=_public_photo),
    "participation:public_survey": Case(public=True, kwargs=_public_survey),
    "participation:public_survey_done": Case(public=True, kwargs=_public_survey),
    "participation:feedback_list": Case(),
    "participation:feedback_detail": Case(kwargs=_feedback, outsiders=HAMLET_OUTSIDERS),
    "participation:feedback_history": Case(kwargs=_feedback, outsiders=HAMLET_OUTSIDERS),
    "participation:inspection_list": Case(),
    "participation:inspection_new": Case(insider="organisation"),
    "participation:inspection_detail": Case(kwargs=_inspection, outsiders=HAMLET_OUTSIDERS),
    "participation:inspection_edit": Case(
        kwargs=_inspection, insider="organisation", outsiders=HAMLET_OUTSIDERS
    ),
    "participation:inspection_history": Case(kwargs=_inspection, outsiders=HAMLET_OUTSIDERS),
    "participation:survey_list": Case(),
    "participation:survey_new": Case(insider="organisation"),
    "participation:survey_detail": Case(kwargs=_survey, outsiders=COMMUNE_OUTSIDERS),
    "participation:survey_edit": Case(
        kwargs=_survey, insider="organisation", outsiders=COMMUNE_OUTSIDERS
    ),
    "participation:survey_history": Case(kwargs=_survey, outsiders=COMMUNE_OUTSIDERS),
    "participation:survey_content_new": Case(kwargs=_survey, outsiders=COMMUNE_OUTSIDERS),
    "participation:survey_samples": Case(kwargs=_survey, outsiders=COMMUNE_OUTSIDERS),
    "participation:survey_entry": Case(
        kwargs=_survey, insider="organisation", outsiders=COMMUNE_OUTSIDERS
    ),
    "participation:survey_results": Case(kwargs=_survey, outsiders=COMMUNE_OUTSIDERS),
    "participation:announcement_list": Case(),
    "participation:announcement_new": Case(),
    "participation:announcement_edit": Case(kwargs=_announcement, outsiders=HAMLET_OUTSIDERS),
    "participation:announcement_history": Case(kwargs=_announcement, outsiders=HAMLET_OUTSIDERS),
    "participation:public_page_edit": Case(kwargs=_commune, outsiders=COMMUNE_OUTSIDERS),
    "participation:public_page_history": Case(kwargs=_public_page, outsiders=COMMUNE_OUTSIDERS),
    "participation:personal_data": Case(),
    "participation:access_log": Case(),
}
