"""Province and commune administration: who may administer which unit, which roles they may
give, and the audited writes of the administration screens (/quan-ly/).

A province administrator (role held at the province) administers the province and every unit
below it; a commune administrator administers the commune and its hamlets. Outside that scope
units are a 404 (they are not visible); inside the visible scope without an administrator role
the answer is 403.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction

from ntm.accounts.models import (
    AccountAction,
    Person,
    Role,
    RoleAssignment,
    SecondFactorRequirement,
    User,
)
from ntm.accounts.permissions import ADMIN_ROLES
from ntm.accounts.scope import has_role, sees_everything
from ntm.geography.models import AdministrativeUnit, Level

# What each administrator may give. Nobody gives "Quản trị hệ thống" here (superuser only).
COMMUNE_GRANTABLE = [
    Role.LEADER,
    Role.OFFICER,
    Role.MEMBER,
    Role.ORGANISATION,
    Role.HAMLET_HEAD,
    Role.COMMUNE_ADMIN,
]
PROVINCE_GRANTABLE = [*COMMUNE_GRANTABLE, Role.UPPER_VIEWER, Role.PROVINCE_ADMIN]
HAMLET_KINDS = ["Ấp", "Thôn", "Sóc", "Bản", "Buôn", "Làng", "Khu phố", "Tổ dân phố", "Khóm"]


def administered_units(user: Any) -> list[AdministrativeUnit]:
    """The units where the user holds an administrator role (their administration roots)."""
    from ntm.accounts.scope import role_assignments

    if sees_everything(user):
        return list(AdministrativeUnit.objects.filter(parent__isnull=True).select_related("level"))
    units = {a.unit for a in role_assignments(user) if a.role in ADMIN_ROLES}
    return sorted(units, key=lambda u: u.path)


def grantable_roles(user: Any, unit: AdministrativeUnit) -> list[Role]:
    """Roles ``user`` may give at ``unit``: hamlet heads at hamlets; commune roles at a
    commune; the province's roles at the province (province administrators only)."""
    province_admin = sees_everything(user) or has_role(
        user, {Role.PROVINCE_ADMIN, Role.ADMIN}, unit
    )
    if unit.level.is_hamlet:
        return [Role.HAMLET_HEAD]
    if unit.level.is_commune:
        return [r for r in COMMUNE_GRANTABLE if r != Role.HAMLET_HEAD]
    if province_admin:
        return [Role.UPPER_VIEWER, Role.PROVINCE_ADMIN]
    return []


def _stamp(obj: Any, by: Any, reason: str) -> Any:
    obj._history_user = by
    obj._change_reason = reason
    obj.save()
    return obj


def _log(account: User, by: Any, action: str) -> None:
    AccountAction.objects.create(account=account, by=by, action=action)


@transaction.atomic
def add_hamlet(
    *, commune: AdministrativeUnit, kind_name: str, name: str, by: Any
) -> AdministrativeUnit:
    return _stamp(
        AdministrativeUnit(
            level=Level.objects.get(is_hamlet=True), parent=commune, kind_name=kind_name, name=name
        ),
        by,
        "Thêm ấp, thôn",
    )


@transaction.atomic
def create_account(*, person: Person, username: str, by: Any) -> str:
    """A new account for ``person`` with a one-time random password (returned, shown once)."""
    password = secrets.token_urlsafe(9)
    user = User(username=username, full_name=person.full_name, person=person, email=person.email)
    user.set_password(password)
    user.save()
    _log(user, by, "Tạo tài khoản")
    return password


@transaction.atomic
def reset_password(*, account: User, by: Any) -> str:
    password = secrets.token_urlsafe(9)
    account.set_password(password)
    account.save(update_fields=["password"])
    _log(account, by, "Đặt lại mật khẩu")
    return password


@transaction.atomic
def unlock(*, account: User, by: Any) -> None:
    """Lift the lock after repeated wrong passwords (django-axes, by username)."""
    from axes.utils import reset

    reset(username=account.username)
    _log(account, by, "Mở khóa đăng nhập")


@transaction.atomic
def set_active(*, account: User, active: bool, by: Any) -> None:
    account.is_active = active
    account.save(update_fields=["is_active"])
    _log(account, by, "Mở lại tài khoản" if active else "Khóa tài khoản")


@transaction.atomic
def give_role(
    *,
    account: User,
    role: str,
    unit: AdministrativeUnit,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    by: Any,
) -> RoleAssignment:
    assignment = RoleAssignment.objects.filter(user=account, role=role, unit=unit).first()
    if assignment is None:
        assignment = RoleAssignment(user=account, role=role, unit=unit)
    assignment.active = True
    assignment.valid_from, assignment.valid_to = valid_from, valid_to
    return _stamp(assignment, by, "Giao vai trò")


@transaction.atomic
def end_role(*, assignment: RoleAssignment, last_day: dt.date, by: Any) -> None:
    assignment.valid_to = last_day
    _stamp(assignment, by, "Kết thúc vai trò")


@transaction.atomic
def set_second_factor(*, unit: AdministrativeUnit, roles: set[str], by: Any) -> None:
    """Holders of ``roles`` at ``unit`` or below must use a second factor."""
    current = {r.role: r for r in SecondFactorRequirement.objects.filter(unit=unit)}
    for role, row in current.items():
        if role not in roles:
            row._history_user = by  # type: ignore[attr-defined]
            row.delete()
    for role in roles - set(current):
        _stamp(SecondFactorRequirement(unit=unit, role=role), by, "Bắt buộc xác thực hai bước")
