"""One mapping from a status to its words and colour, and the {% status_badge %} tag."""

from __future__ import annotations

import pytest
from django.db import models
from django.template import Context, Template

from ntm.assessments.models import Status
from ntm.core import badges
from ntm.reports.models import SubmissionStatus


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_tag_shows_the_words_and_the_tone_of_the_status() -> None:
    html = render('{% status_badge s "report" %}', s="returned")
    assert html == '<span class="badge bad">Bị trả lại</span>'
    assert render("{% status_badge s %}", s=Status.NOT_SUSTAINABLE) == (
        '<span class="badge warn">Đạt nhưng chưa bền vững</span>'
    )
    assert render('{% status_badge s "result" %}', s="dat") == '<span class="badge ok">Đạt</span>'


def test_label_may_say_more_but_the_colour_stays_the_status() -> None:
    html = render('{% status_badge s "result" label="Đạt (ngưỡng minh họa)" id="tt" %}', s="dat")
    assert html == '<span class="badge ok" id="tt">Đạt (ngưỡng minh họa)</span>'


def test_the_same_value_in_two_enums_needs_its_kind() -> None:
    # "approved" is both a report status and a value status, with different words.
    assert badges.badge("approved", "report").label == SubmissionStatus.APPROVED.label
    assert badges.badge("approved", "value").label == "Đã duyệt"
    with pytest.raises(ValueError):
        badges.badge("approved")
    assert badges.badge(SubmissionStatus.APPROVED).tone == "ok"  # the member knows its enum


def test_an_unknown_status_fails_loudly() -> None:
    with pytest.raises(ValueError):
        badges.badge("dat", "report")


def test_every_value_of_a_registered_enum_needs_a_tone() -> None:
    class Colour(models.TextChoices):
        RED = "red", "Đỏ"
        BLUE = "blue", "Xanh"

    with pytest.raises(ValueError):
        badges.register("colour-test", Colour, {Colour.RED: "bad"})
    with pytest.raises(ValueError):
        badges.register("colour-test", Colour, {Colour.RED: "bad", Colour.BLUE: "blue"})
    assert "colour-test" not in badges.kinds()
