"""Public forms (no sign-in) are rate-limited per address: the online survey, like feedback
(ntm/participation/tests/test_feedback.py) and login (test_login_rate_limit.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ntm.core import ratelimit
from ntm.participation.models import SurveyResponse
from ntm.participation.public_views import FEEDBACK_LIMIT
from ntm.participation.tests import factories as f

pytestmark = pytest.mark.django_db


def test_online_survey_answers_beyond_the_limit_get_429_and_are_not_counted(world: Any) -> None:
    f.public(world)
    survey = f.survey(world, contents=1, online=True)
    content = survey.contents.get()
    url = reverse("participation:public_survey", args=[survey.pk])
    data = {"hamlet": world.hamlet2.pk, f"c{content.pk}": "1", "consent": "on"}
    resident = Client(REMOTE_ADDR="10.0.0.7")
    for i in range(FEEDBACK_LIMIT):
        assert resident.post(url, data).status_code == 302, i
    refused = resident.post(url, data)
    assert refused.status_code == 429
    assert "quá nhiều lượt gửi" in refused.content.decode()
    assert SurveyResponse.objects.count() == FEEDBACK_LIMIT
    # A neighbour on another address still answers; the address may answer after the window.
    assert Client(REMOTE_ADDR="10.0.0.8").post(url, data).status_code == 302
    ratelimit.reset("survey", "10.0.0.7")
    assert resident.post(url, data).status_code == 302
    assert SurveyResponse.objects.count() == FEEDBACK_LIMIT + 2
