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
    MenuItem("Bộ tiêu chí", "criteria:set_list"),
    MenuItem("Đánh giá tiêu chí", "assessments:index"),
    MenuItem("Kế hoạch, nhiệm vụ", "plans:index"),
    MenuItem("Văn bản chỉ đạo", "plans:directive_list"),
    MenuItem("Khó khăn, vướng mắc", "plans:obstacle_list"),
    MenuItem("Văn bản", "documents:register", ALL_STAFF - {Role.HAMLET_HEAD}),
    MenuItem("Nguồn lực, đóng góp", "mobilisation:index"),
    MenuItem("Tuyên truyền", "mobilisation:outreach_list"),
    MenuItem("Ý kiến người dân", "participation:feedback_list"),
    MenuItem("Giám sát cộng đồng", "participation:inspection_list"),
    MenuItem("Lấy ý kiến hài lòng", "participation:survey_list"),
    MenuItem("Công khai", "participation:announcement_list"),
    MenuItem(
        "Dữ liệu cá nhân",
        "participation:personal_data",
        frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER}),
    ),
    MenuItem(
        "Quản lý tài khoản",
        "administration:index",
        frozenset({Role.ADMIN, Role.PROVINCE_ADMIN, Role.COMMUNE_ADMIN}),
    ),
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
