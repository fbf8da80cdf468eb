"""Who may change units, people and organisations (seeing them is scope)."""

from __future__ import annotations

from typing import Any

from ntm.accounts.models import Person
from ntm.accounts.scope import can_manage
from ntm.geography.models import AdministrativeUnit


def can_edit_unit(user: Any, unit: AdministrativeUnit) -> bool:
    """The unit's own records (structure, directory): leadership, NTM officer, admin."""
    return can_manage(user, unit)


def can_edit_person(user: Any, person: Person) -> bool:
    """A person's directory entry and seats: the managers of the person's unit."""
    return can_manage(user, person.unit)
