"""Who may change the criteria catalogue (reading it is public legal data)."""

from __future__ import annotations

from typing import Any

from ntm.accounts.models import Role
from ntm.accounts.scope import sees_everything, user_roles

# The catalogue is shared legal data (national and provincial tables): only administrators
# change it, not the NTM officer of one commune.
EDITOR_ROLES = frozenset({Role.ADMIN})


def can_edit_catalogue(user: Any) -> bool:
    """Import sets and edit targets: system administrators and superusers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return sees_everything(user) or bool(user_roles(user) & EDITOR_ROLES)
