"""Who may do what in the participation app (seeing is scope: ``visible_to``).

Every "can this user …" answer of the participation app lives here; views pass the answers to
templates as booleans, and ``ntm.navigation`` asks here whether to show a menu entry.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ntm.accounts.models import Role
from ntm.accounts.scope import COMMUNE_MANAGERS, has_role, primary_units
from ntm.geography.models import AdministrativeUnit
from ntm.mobilisation.permissions import writable_units

# Answer feedback, publish announcements and the public page: the commune's managers.
MANAGERS = frozenset(COMMUNE_MANAGERS)
# Community oversight and satisfaction surveys: also UBMTTQ and the organisations.
ORGANISERS = frozenset({*COMMUNE_MANAGERS, Role.ORGANISATION})
# Search, export and erase personal data (Nghị định 13/2023/NĐ-CP requests).
PERSONAL_DATA_HANDLERS = frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER})


def can_manage(user: Any, unit: AdministrativeUnit) -> bool:
    """Answer feedback and publish for ``unit``."""
    return has_role(user, MANAGERS, unit)


def can_organise(user: Any, unit: AdministrativeUnit) -> bool:
    """Record and follow up oversight, run surveys for ``unit``."""
    return has_role(user, ORGANISERS, unit)


def managed_units(user: Any) -> QuerySet[AdministrativeUnit]:
    return writable_units(user, MANAGERS)


def organised_units(user: Any) -> QuerySet[AdministrativeUnit]:
    return writable_units(user, ORGANISERS)


def organised_communes(user: Any) -> QuerySet[AdministrativeUnit]:
    return organised_units(user).filter(level__is_commune=True)


def can_handle_personal_data(user: Any) -> bool:
    return any(has_role(user, PERSONAL_DATA_HANDLERS, unit) for unit in primary_units(user))
