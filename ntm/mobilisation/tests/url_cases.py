"""Every URL of the mobilisation app, for tests/test_url_scope.py."""

from __future__ import annotations

from typing import Any

from ntm.mobilisation.tests import factories as f
from tests.scope import Case

COMMUNE_OUTSIDERS = ("outsider", "outsider_head")
HAMLET_OUTSIDERS = ("outsider", "outsider_head", "hamlet_head2")


def _work(w: Any) -> dict[str, Any]:
    return {"pk": f.work(w.hamlet).pk}


def _funding(w: Any) -> dict[str, Any]:
    return {"pk": f.funding(f.work(w.hamlet), "ngan-sach-xa", 1_000_000).pk}


def _step_photo(w: Any) -> dict[str, Any]:
    return {"pk": f.step_photo(f.work(w.hamlet)).pk}


def _contribution(w: Any) -> dict[str, Any]:
    return {"pk": f.contribution(w.hamlet, amount=500_000).pk}


def _campaign(w: Any) -> dict[str, Any]:
    return {"pk": f.campaign(w).pk}


def _activity(w: Any) -> dict[str, Any]:
    return {"pk": f.activity(w).pk}


def _outreach_photo(w: Any) -> dict[str, Any]:
    return {"pk": f.outreach_photo(f.activity(w)).pk}


CASES: dict[str, Case] = {
    "mobilisation:index": Case(),
    "mobilisation:work_list": Case(),
    "mobilisation:work_new": Case(),
    "mobilisation:work_detail": Case(kwargs=_work, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:work_edit": Case(kwargs=_work, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:work_history": Case(kwargs=_work, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:funding_new": Case(kwargs=_work, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:step_new": Case(kwargs=_work, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:funding_edit": Case(kwargs=_funding, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:funding_history": Case(kwargs=_funding, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:step_photo": Case(kwargs=_step_photo, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:contribution_list": Case(),
    "mobilisation:contribution_new": Case(insider="hamlet_head"),
    "mobilisation:contribution_edit": Case(
        kwargs=_contribution, insider="hamlet_head", outsiders=HAMLET_OUTSIDERS
    ),
    "mobilisation:contribution_history": Case(kwargs=_contribution, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:campaign_list": Case(),
    "mobilisation:campaign_new": Case(insider="organisation"),
    "mobilisation:campaign_detail": Case(kwargs=_campaign, outsiders=COMMUNE_OUTSIDERS),
    "mobilisation:campaign_edit": Case(
        kwargs=_campaign, insider="organisation", outsiders=COMMUNE_OUTSIDERS
    ),
    "mobilisation:campaign_history": Case(kwargs=_campaign, outsiders=COMMUNE_OUTSIDERS),
    "mobilisation:outreach_list": Case(),
    "mobilisation:outreach_new": Case(insider="organisation"),
    "mobilisation:outreach_detail": Case(kwargs=_activity, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:outreach_edit": Case(
        kwargs=_activity, insider="organisation", outsiders=HAMLET_OUTSIDERS
    ),
    "mobilisation:outreach_history": Case(kwargs=_activity, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:outreach_photo_new": Case(kwargs=_activity, outsiders=HAMLET_OUTSIDERS),
    "mobilisation:outreach_photo": Case(kwargs=_outreach_photo, outsiders=HAMLET_OUTSIDERS),
}
