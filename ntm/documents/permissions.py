"""Who may do what with documents (seeing them is scope: ``visible_to``).

Every "can this user …" answer of the documents app lives here; views pass the answers to
templates as booleans.
"""

from __future__ import annotations

from typing import Any

from ntm.accounts.models import Organisation, Role
from ntm.accounts.scope import can_manage, has_role, user_roles
from ntm.documents.models import Direction, Document, DocumentStatus

DRAFTERS = frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER, Role.MEMBER})
# A hamlet head has no document register of their own (they see documents on other screens).
REGISTER_READERS = frozenset(Role.values) - {Role.HAMLET_HEAD}


def can_draft(user: Any, document_or_org: Document | Organisation) -> bool:
    """Officer, leader, admin and BCĐ members may draft documents of their commune."""
    return has_role(user, DRAFTERS, document_or_org.unit)


def can_edit_draft(user: Any, document: Document) -> bool:
    """Change the text of a draft (an issued document is locked)."""
    return not document.is_issued and can_draft(user, document)


def can_manage_document(user: Any, document: Document) -> bool:
    """Number, issue, correct, attach the signed copy, record registry details: the commune's
    leadership, NTM officer and admin."""
    return can_manage(user, document.unit)


def can_register_incoming(user: Any, organisation: Organisation) -> bool:
    """Record an incoming document in the organisation's book."""
    return can_manage(user, organisation.unit)


def can_open_register(user: Any) -> bool:
    """The document register is in the menu of everyone who works with documents."""
    return bool(user_roles(user) & REGISTER_READERS)


def can_cancel_number(user: Any, document: Document, *, may_manage: bool | None = None) -> bool:
    """Cancel a reserved or issued number: a manager, nothing built on it yet (no transfer, no
    correction)."""
    if may_manage is None:
        may_manage = can_manage_document(user, document)
    return (
        may_manage
        and document.number is not None
        and document.status in (DocumentStatus.RESERVED, DocumentStatus.ISSUED)
        and document.transferred_on is None
        and not document.corrections.exists()
    )


def can_correct(user: Any, document: Document, *, may_manage: bool | None = None) -> bool:
    """Correct, replace or revoke an issued outgoing electronic document."""
    if may_manage is None:
        may_manage = can_manage_document(user, document)
    return (
        may_manage
        and document.status == DocumentStatus.ISSUED
        and document.direction == Direction.OUTGOING
        and not document.is_paper
    )


def can_enter_signed_paper(
    user: Any, document: Document, *, may_manage: bool | None = None
) -> bool:
    """Enter the signed paper copy of a reserved number."""
    if may_manage is None:
        may_manage = can_manage_document(user, document)
    return may_manage and document.status == DocumentStatus.RESERVED
