"""The answers of ``ntm.documents.permissions``."""

from __future__ import annotations

from typing import Any

from ntm.documents import permissions
from ntm.documents.models import Document, DocumentStatus


def test_drafting_and_managing(world: Any) -> None:
    draft = Document(unit=world.commune, status=DocumentStatus.DRAFT)
    issued = Document(unit=world.commune, status=DocumentStatus.ISSUED)
    assert permissions.can_draft(world.member, world.ubnd)
    assert not permissions.can_draft(world.hamlet_head, world.ubnd)
    assert not permissions.can_draft(world.outsider, world.ubnd)
    assert permissions.can_edit_draft(world.member, draft)
    assert not permissions.can_edit_draft(world.member, issued)  # issued documents are locked
    assert permissions.can_manage_document(world.officer, issued)
    assert not permissions.can_manage_document(world.member, issued)
    assert permissions.can_register_incoming(world.leader, world.ubnd)
    assert not permissions.can_register_incoming(world.member, world.ubnd)


def test_register_in_the_menu_of_everyone_but_hamlet_heads(world: Any) -> None:
    assert permissions.can_open_register(world.member)
    assert permissions.can_open_register(world.upper)
    assert not permissions.can_open_register(world.hamlet_head)
