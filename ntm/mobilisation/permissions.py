"""Who may write what in the mobilisation app (reading is scope: ``visible_to``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from ntm.accounts.models import Organisation, OrganisationKind, Role
from ntm.accounts.scope import COMMUNE_MANAGERS, has_role, visible_units
from ntm.geography.models import AdministrativeUnit

WORK_EDITORS = frozenset(COMMUNE_MANAGERS)
# Hamlet heads keep their hamlet's ledger; UBMTTQ and the organisations record what they mobilise.
LEDGER_KEEPERS = frozenset({*COMMUNE_MANAGERS, Role.HAMLET_HEAD, Role.ORGANISATION})
OUTREACH_LOGGERS = frozenset({*COMMUNE_MANAGERS, Role.ORGANISATION})


def may(user: Any, roles: Iterable[str], unit: AdministrativeUnit) -> bool:
    return has_role(user, roles, unit)


def writable_units(user: Any, roles: Iterable[str]) -> QuerySet[AdministrativeUnit]:
    """Communes and hamlets in scope where the user holds one of ``roles``."""
    wanted = set(roles)
    candidates = visible_units(user).filter(Q(level__is_commune=True) | Q(level__is_hamlet=True))
    ids = [u.pk for u in candidates if has_role(user, wanted, u)]
    return AdministrativeUnit.objects.filter(pk__in=ids).select_related("level").order_by("path")


def outreach_organisations(user: Any) -> QuerySet[Organisation]:
    """UBMTTQ, the mass organisations and the oversight board in the user's scope."""
    return Organisation.objects.visible_to(user).filter(
        kind__in=[
            OrganisationKind.FATHERLAND_FRONT,
            OrganisationKind.MASS_ORGANISATION,
            OrganisationKind.OVERSIGHT_BOARD,
        ]
    )
