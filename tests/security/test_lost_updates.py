"""Lost updates are refused on every edit screen: two people open the same form, both save at
the same moment (two threads, two sessions); one save wins, the other is told that someone
else changed the record, and the row's version moved exactly once.

The screens are found by walking the URL table (``*_edit`` names and the other screens below
whose form carries ``version``); every one of them must be in COVERED or EXEMPT, so a new edit
screen cannot be forgotten.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.security.formdata import form_data, page_errors, page_form
from tests.test_url_scope import CASES

pytestmark = pytest.mark.django_db(transaction=True)

EDIT_SCREENS = sorted(
    name for name, case in CASES.items() if name.endswith("_edit") or name == "documents:edit"
)
# Edit screens whose form has no version on purpose, with the reason.
EXEMPT: dict[str, str] = {}
STALE_WORDS = "Người khác đã sửa"


def test_every_edit_screen_is_walked() -> None:
    assert EDIT_SCREENS, "no edit screen found"
    assert len(EDIT_SCREENS) >= 15


def _post_together(url: str, data: dict[str, Any], users: list[Any]) -> list[Any]:
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    responses: list[Any] = [None] * len(clients)
    errors: list[BaseException] = []

    def send(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            responses[index] = clients[index].post(url, data)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return responses


def _fill_required_choices(form: Any, data: dict[str, Any]) -> None:
    for bound in form:
        choices = getattr(bound.field, "choices", None)
        if bound.field.required and choices is not None and not data.get(bound.html_name):
            first = next(str(v) for v, _ in choices if str(v))
            data[bound.html_name] = first


@pytest.mark.parametrize("name", EDIT_SCREENS)
def test_two_people_saving_the_same_version_one_wins_one_is_told(name: str, world: Any) -> None:
    if name in EXEMPT:
        pytest.skip(EXEMPT[name])
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(world) if case.kwargs else None)
    user = world.users[case.insider]
    reader = Client()
    reader.force_login(user)
    page = reader.get(url)
    assert page.status_code == 200, page.content[:300]
    form = page_form(page)
    assert "version" in form.fields, f"{name}: the edit form carries no version"
    data = form_data(form)
    if not data["version"]:
        # A create-or-edit screen whose object does not exist yet: two first saves at the same
        # moment must not fail (no 500), then the object exists and is edited like any other.
        _fill_required_choices(form, data)
        created = _post_together(url, data, [user, user])
        assert sorted(r.status_code for r in created)[0] in {200, 302, 409}, name
        assert any(r.status_code == 302 for r in created), [page_errors(r) for r in created]
        page = reader.get(url)
        form = page_form(page)
        data = form_data(form)
    version = int(data["version"])
    instance = getattr(form, "instance", None)
    connection.close()

    first, second = _post_together(url, data, [user, user])
    statuses = sorted([first.status_code, second.status_code], key=lambda s: s == 302)
    texts = [r.content.decode() for r in (first, second)]
    assert statuses[0] in {200, 409} and statuses[1] == 302, (
        name,
        statuses,
        page_errors(first),
        page_errors(second),
    )
    loser = next(t for r, t in zip((first, second), texts, strict=True) if r.status_code != 302)
    assert STALE_WORDS in loser, (name, loser[:3000])
    if instance is not None and instance.pk:
        instance.refresh_from_db()
        assert instance.version == version + 1
