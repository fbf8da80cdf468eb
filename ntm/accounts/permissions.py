"""Who may change units, people and organisations (seeing them is scope)."""

from __future__ import annotations

from typing import Any

from ntm.accounts.models import Person, Role
from ntm.accounts.scope import can_manage, has_role, sees_everything, user_roles
from ntm.geography.models import AdministrativeUnit


def can_edit_unit(user: Any, unit: AdministrativeUnit) -> bool:
    """The unit's own records (structure, directory): leadership, NTM officer, admin."""
    return can_manage(user, unit)


def can_edit_person(user: Any, person: Person) -> bool:
    """A person's directory entry and seats: the managers of the person's unit."""
    return can_manage(user, person.unit)


# Who manages units, people, accounts and roles in the app's own screens (/quan-ly/).
ADMIN_ROLES = frozenset({Role.ADMIN, Role.PROVINCE_ADMIN, Role.COMMUNE_ADMIN})


def can_administer(user: Any, unit: AdministrativeUnit) -> bool:
    return sees_everything(user) or has_role(user, ADMIN_ROLES, unit)


def can_open_administration(user: Any) -> bool:
    """The menu entry "Quản lý tài khoản": an administrator somewhere."""
    if not getattr(user, "is_authenticated", False):
        return False
    return sees_everything(user) or bool(user_roles(user) & ADMIN_ROLES)
