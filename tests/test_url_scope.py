"""Every URL that exists is in this table, and for every one of them:

- an anonymous visitor is sent to the login page (or the page is public by design);
- a person whose scope does not include the object gets 404 (commune B vs commune A, and a
  hamlet head vs the neighbouring hamlet);
- a person whose scope does include it gets a page (200).

A new URL without a row here fails ``test_every_url_is_covered``: scope is not optional.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import ntm
from tests.scope import Case


def _person(world: Any) -> dict[str, Any]:
    return {"pk": world.people["hamlet_head"].pk}


CASES: dict[str, Case] = {
    "home": Case(),
    "health": Case(public=True),
    "accounts:login": Case(public=True),
    "accounts:logout": Case(public=True, expect=405),
    "accounts:password_change": Case(),
    "accounts:password_reset": Case(public=True),
    "accounts:password_reset_done": Case(public=True),
    "accounts:password_reset_confirm": Case(
        public=True, kwargs=lambda w: {"uidb64": "x", "token": "y"}
    ),
    "accounts:password_reset_complete": Case(public=True),
    "accounts:otp_setup": Case(),
    "accounts:otp_verify": Case(),
    "accounts:sessions": Case(),
    "accounts:sessions_end_all": Case(method="post", expect=302),
    "accounts:person_list": Case(),
    "accounts:organisation_list": Case(),
    "accounts:person_detail": Case(
        kwargs=_person, outsiders=("outsider", "outsider_head", "hamlet_head2")
    ),
    "accounts:person_edit": Case(
        kwargs=_person, outsiders=("outsider", "outsider_head", "hamlet_head2")
    ),
    "accounts:person_history": Case(
        kwargs=_person, outsiders=("outsider", "outsider_head", "hamlet_head2")
    ),
    "accounts:committee_detail": Case(
        kwargs=lambda w: {"pk": w.committee.pk}, outsiders=("outsider", "outsider_head")
    ),
    "units:unit_list": Case(),
    "units:unit_detail": Case(
        kwargs=lambda w: {"pk": w.hamlet.pk},
        outsiders=("outsider", "outsider_head", "hamlet_head2"),
    ),
    "units:unit_edit": Case(
        kwargs=lambda w: {"pk": w.hamlet.pk},
        outsiders=("outsider", "outsider_head", "hamlet_head2"),
    ),
    "units:unit_history": Case(
        kwargs=lambda w: {"pk": w.hamlet.pk},
        outsiders=("outsider", "outsider_head", "hamlet_head2"),
    ),
}


def _app_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for app in pkgutil.iter_modules(ntm.__path__):
        try:
            module = importlib.import_module(f"ntm.{app.name}.tests.url_cases")
        except ModuleNotFoundError:
            continue
        cases.update(module.CASES)
    return cases


CASES.update(_app_cases())


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue  # Django's admin: staff only, tested in test_admin_is_staff_only
                ns = entry.namespace or namespace
                walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_is_covered() -> None:
    missing = sorted(_all_url_names() - set(CASES))
    assert not missing, f"URLs without a scope case in tests/test_url_scope.py: {missing}"


def _url(name: str, case: Case, world: Any) -> str:
    return reverse(name, kwargs=case.kwargs(world) if case.kwargs else None)


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous_is_sent_to_login(name: str, client: Any, world: Any) -> None:
    case = CASES[name]
    response = client.get(_url(name, case, world))
    if case.public:
        assert response.status_code in {200, 302, case.expect}
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.kwargs and not c.public))
def test_outside_scope_is_404(name: str, client: Any, world: Any) -> None:
    case = CASES[name]
    url = _url(name, case, world)
    for key in case.outsiders:
        client.force_login(world.users[key])
        response = client.post(url) if case.method == "post" else client.get(url)
        assert response.status_code == 404, f"{key} reached {url}"


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if not c.public))
def test_inside_scope_gets_the_page(name: str, client: Any, world: Any) -> None:
    case = CASES[name]
    client.force_login(world.users[case.insider])
    url = _url(name, case, world)
    response = client.post(url) if case.method == "post" else client.get(url)
    assert response.status_code == case.expect, response.content[:500]


def test_admin_is_staff_only(client: Any, world: Any) -> None:
    client.force_login(world.officer)
    response = client.get("/quan-tri/")
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]
