"""The menu, by role. Project-level (not an app) because it names screens of every app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from ntm.accounts.models import Role
from ntm.accounts.permissions import can_open_administration
from ntm.accounts.scope import primary_units, user_roles
from ntm.documents.permissions import can_open_register
from ntm.participation.permissions import can_handle_personal_data


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    # The permission that shows the entry (from the app's permissions module); None: everyone
    # signed in. The menu never checks a role itself.
    allowed: Callable[[Any], bool] | None = None


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
    MenuItem("Văn bản", "documents:register", can_open_register),
    MenuItem("Nguồn lực, đóng góp", "mobilisation:index"),
    MenuItem("Tuyên truyền", "mobilisation:outreach_list"),
    MenuItem("Ý kiến người dân", "participation:feedback_list"),
    MenuItem("Giám sát cộng đồng", "participation:inspection_list"),
    MenuItem("Lấy ý kiến hài lòng", "participation:survey_list"),
    MenuItem("Công khai", "participation:announcement_list"),
    MenuItem("Dữ liệu cá nhân", "participation:personal_data", can_handle_personal_data),
    # Outbox of forms saved without a signal, and sync conflicts for reviewers (issue 19).
    MenuItem("Đồng bộ", "workspace:sync"),
    MenuItem("Quản lý tài khoản", "administration:index", can_open_administration),
]


def menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for item in MENU:
        if item.allowed is not None and not item.allowed(user):
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
        "nav_roles": sorted(labels[r] for r in user_roles(user) if r in labels),
    }
