"""Error messages are Vietnamese: every create and edit screen of the URL table, posted empty
and posted with garbage in every field, answers with a page (never a 500) whose errors are in
Vietnamese, with diacritics, and carry none of Django's default English messages.

The screens are found as test_double_submit.py and test_lost_updates.py find them: names ending
in ``_new``, ``_create`` or ``_edit``, plus the draft and public feedback forms. Garbage is "x"
in every number, date, choice and hidden field and a 100,000-character string in every text
field (file fields are left out: a string is not a file).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from tests.security.formdata import form_data, page_form
from tests.security.test_double_submit import QUERY, SETUP
from tests.test_url_scope import CASES

pytestmark = pytest.mark.django_db

FORM_SCREENS = sorted(
    name
    for name, case in CASES.items()
    if name.endswith(("_new", "_create", "_edit"))
    or name in {"documents:create", "documents:edit", "participation:public_feedback"}
)
ENGLISH = [
    "This field is required",
    "Enter a valid",
    "Select a valid choice",
    "Ensure this value",
    "Ensure that there are no more",
    "Enter a whole number",
    "Enter a number",
    "is not one of the available choices",
    "Upload a valid image",
    "The submitted file is empty",
    "No file was submitted",
    "Hidden field",
    "already exists",
    "is not a valid",
    "Enter a list of values",
]
# Letters only Vietnamese writes: a message with none of them is not Vietnamese with diacritics.
VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]")
LONG = "Lợi " * 25_000  # 100,000 characters
HONEYPOTS = {"website"}  # left empty by people; a filled one is a robot, quietly dropped


def test_every_form_screen_is_found() -> None:
    assert len(FORM_SCREENS) >= 30, FORM_SCREENS


def _open(name: str, world: Any) -> tuple[Client, str, forms.BaseForm]:
    case = CASES[name]
    if name in SETUP:
        SETUP[name](world)
    url = reverse(name, kwargs=case.kwargs(world) if case.kwargs else None)
    url += QUERY[name](world) if name in QUERY else ""
    client = Client()
    client.force_login(world.users[case.insider])
    page = client.get(url)
    assert page.status_code == 200, (name, page.status_code)
    return client, url, page_form(page)


def _empty(form: forms.BaseForm) -> dict[str, Any]:
    """The form sent without filling anything in: hidden fields (version, token) as given."""
    data = form_data(form)
    for bound in form:
        if not isinstance(bound.field.widget, forms.HiddenInput):
            for key in [
                k for k in data if k == bound.html_name or k.startswith(bound.html_name + "_")
            ]:
                data[key] = [] if isinstance(data[key], list) else ""
    return data


def _garbage(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound in form:
        field = bound.field
        if isinstance(field, forms.FileField) or bound.name in HONEYPOTS:
            continue
        text = isinstance(field, forms.CharField) and not isinstance(
            field.widget, forms.HiddenInput
        )
        value = LONG if text else "x"
        if isinstance(field.widget, forms.MultiWidget):
            for index in range(len(field.widget.widgets)):
                data[f"{bound.html_name}_{index}"] = value
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[bound.html_name] = [value]
        else:
            data[bound.html_name] = value
    return data


def _errors(response: Any) -> str:
    """Every error the bound forms of the page carry, one per line."""
    found: list[str] = []
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm) and value.is_bound:
                for messages in value.errors.values():
                    found.extend(str(m) for m in messages)
    return "\n".join(dict.fromkeys(found))


def _check(name: str, response: Any) -> str:
    assert response.status_code < 500, (name, response.status_code)
    html = response.content.decode()
    for english in ENGLISH:
        assert english not in html, (name, english)
    if response.status_code != 200:
        return ""
    errors = _errors(response)
    assert errors, (name, "a refused post shows no form error")
    assert "errorlist" in html, name
    for line in errors.splitlines():
        for english in ENGLISH:
            assert english not in line, (name, line)
        assert VIETNAMESE.search(line), (name, line)
    return errors


@pytest.mark.parametrize("name", FORM_SCREENS)
def test_an_empty_post_is_refused_in_vietnamese(name: str, world: Any, today: Any) -> None:
    client, url, form = _open(name, world)
    response = client.post(url, _empty(form))
    _check(name, response)


@pytest.mark.parametrize("name", FORM_SCREENS)
def test_garbage_in_every_field_is_refused_in_vietnamese(name: str, world: Any, today: Any) -> None:
    client, url, form = _open(name, world)
    response = client.post(url, _garbage(form))
    assert response.status_code == 200, (name, response.status_code)
    _check(name, response)
