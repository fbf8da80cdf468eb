"""The menu, by role. Project-level (not an app) because it names screens of every app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from ntm.accounts.models import Role
from ntm.accounts.scope import primary_units, user_roles


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone signed in


ALL_STAFF = frozenset(Role.values)
MENU: list[MenuItem] = [
    MenuItem("Trang chủ", "home"),
    MenuItem("Đơn vị hành chính", "units:unit_list"),
    MenuItem("Danh bạ", "accounts:person_list"),
    MenuItem("Cơ quan, tổ chức", "accounts:organisation_list"),
]


def menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user_roles(user)
    items = []
    for item in MENU:
        if item.roles is not None and not (roles & item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "active": request.path == url})
    labels = dict(Role.choices)
    return {
        "nav_items": items,
        "nav_units": primary_units(user),
        "nav_roles": sorted(labels[r] for r in roles if r in labels),
    }
