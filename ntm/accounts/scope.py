"""The one permission-aware path: what a person may see, and what they may change.

A person sees the units where they hold a role and everything below them. Every domain
QuerySet that holds unit-bound rows inherits :class:`ScopedQuerySet` and names the path to its
unit in ``scope_field``; views load objects with ``get_visible_or_404`` so that anything
outside the person's scope is a 404, never a 403 that confirms it exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Q
from django.http import Http404

from ntm.accounts.models import Role, RoleAssignment
from ntm.core import clock
from ntm.geography.models import AdministrativeUnit

# Roles that can change commune-wide data (criteria owners, plans, documents…).
COMMUNE_MANAGERS = {Role.ADMIN, Role.LEADER, Role.OFFICER}


def _assignments(user: Any) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_ntm_roles", None)
    if cached is None:
        day = clock.today()
        cached = list(
            RoleAssignment.objects.filter(user=user, active=True)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .select_related("unit", "unit__level", "organisation")
        )
        user._ntm_roles = cached
    return cached


def role_assignments(user: Any) -> list[RoleAssignment]:
    """The user's active roles with their units (cached on the user for the request)."""
    return _assignments(user)


def scope_paths(user: Any) -> list[str]:
    """Tree paths of the units the user holds a role at (their scope roots)."""
    paths = sorted({a.unit.path for a in _assignments(user)})
    # Drop paths already covered by a shorter one: fewer OR branches in every query.
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


def sees_everything(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def scope_q(user: Any, unit_field: str) -> Q:
    """A filter for rows whose ``unit_field`` lies in the user's scope."""
    if sees_everything(user):
        return Q()
    paths = scope_paths(user)
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{unit_field}__path__startswith": path})
    return condition


def visible_units(user: Any) -> models.QuerySet[AdministrativeUnit]:
    qs = AdministrativeUnit.objects.select_related("level", "parent")
    if sees_everything(user):
        return qs
    return qs.under_paths(scope_paths(user))


def get_visible_or_404(queryset: Any, user: Any, **lookup: Any) -> Any:
    """Load one object through the user's scope; outside scope is indistinguishable from absent."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    if queryset.model is AdministrativeUnit:
        scoped = queryset.filter(pk__in=visible_units(user).values("pk"))
    else:
        scoped = queryset.visible_to(user)
    try:
        return scoped.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("Không tìm thấy.") from exc


def roles_at(user: Any, unit: AdministrativeUnit) -> set[str]:
    """The roles the user holds at ``unit`` or at any unit above it."""
    if sees_everything(user):
        return set(Role.values)
    return {a.role for a in _assignments(user) if unit.path.startswith(a.unit.path)}


def has_role(user: Any, roles: Iterable[str], unit: AdministrativeUnit) -> bool:
    return bool(roles_at(user, unit) & set(roles))


def can_manage(user: Any, unit: AdministrativeUnit) -> bool:
    """May change the unit's own records (structure, directory): leadership, officer, admin."""
    return has_role(user, COMMUNE_MANAGERS, unit)


def primary_units(user: Any) -> list[AdministrativeUnit]:
    return sorted({a.unit for a in _assignments(user)}, key=lambda u: u.path)


def user_roles(user: Any) -> set[str]:
    if sees_everything(user):
        return set(Role.values)
    return {a.role for a in _assignments(user)}
