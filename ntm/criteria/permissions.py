"""Who may change the criteria catalogue (reading it is public legal data)."""

from __future__ import annotations

from typing import Any

from ntm.accounts.models import Role
from ntm.accounts.scope import role_assignments, sees_everything, user_roles
from ntm.criteria.models import CriteriaSet

# The catalogue is shared legal data (national and provincial tables): only administrators
# change it, not the NTM officer of one commune.
EDITOR_ROLES = frozenset({Role.ADMIN})


def can_edit_catalogue(user: Any) -> bool:
    """Import sets and edit targets: system administrators and superusers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return sees_everything(user) or bool(user_roles(user) & EDITOR_ROLES)


# The province's coordination office (and its administrators) own the province's sets.
PROVINCE_OWNER_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.UPPER_VIEWER})


def owned_province_ids(user: Any) -> set[int]:
    """Provinces whose criteria sets the user may create and change: roles held at the
    province itself (a commune's upper viewer owns nothing)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {
        a.unit_id
        for a in role_assignments(user)
        if a.role in PROVINCE_OWNER_ROLES and a.unit.parent_id is None
    }


def can_edit_set(user: Any, criteria_set: CriteriaSet) -> bool:
    """Change a set's targets: the catalogue editors, or the owners of a provincial set."""
    if can_edit_catalogue(user):
        return True
    return bool(
        criteria_set.is_provincial
        and criteria_set.province_id
        and criteria_set.province_id in owned_province_ids(user)
    )


def can_import(user: Any) -> bool:
    return can_edit_catalogue(user) or bool(owned_province_ids(user))


def import_refusal(user: Any, existing: CriteriaSet | None, fields: dict[str, Any]) -> str:
    """Why ``user`` may not import this file's set (empty when allowed)."""
    if can_edit_catalogue(user):
        return ""
    if existing is None:
        return (
            "Văn phòng điều phối của tỉnh chỉ nhập vào bộ tiêu chí của tỉnh đã tạo; hãy tạo "
            "bộ tiêu chí của tỉnh (từ bộ quốc gia) trước rồi xuất tệp của bộ đó."
        )
    if not can_edit_set(user, existing):
        return f"Bạn không được sửa bộ tiêu chí '{existing.code}' (không phải bộ của tỉnh bạn)."
    if "is_provincial" in fields and not fields["is_provincial"]:
        return "Bộ tiêu chí của tỉnh phải giữ 'Bộ tiêu chí của tỉnh: Có'."
    return ""
