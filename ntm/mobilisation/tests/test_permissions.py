"""Key answers of ``ntm.mobilisation.permissions``."""

from __future__ import annotations

from typing import Any

from ntm.mobilisation import permissions as p


def test_works_are_edited_by_the_commune_managers(world: Any) -> None:
    assert p.may(world.officer, p.WORK_EDITORS, world.hamlet)
    assert not p.may(world.hamlet_head, p.WORK_EDITORS, world.hamlet)
    assert not p.may(world.outsider, p.WORK_EDITORS, world.commune)


def test_the_ledger_is_kept_by_hamlet_heads_and_organisations_too(world: Any) -> None:
    assert p.may(world.hamlet_head, p.LEDGER_KEEPERS, world.hamlet)
    assert not p.may(world.hamlet_head, p.LEDGER_KEEPERS, world.hamlet2)
    assert p.may(world.organisation, p.LEDGER_KEEPERS, world.commune)
    assert list(p.writable_units(world.hamlet_head, p.LEDGER_KEEPERS)) == [world.hamlet]


def test_outreach_is_logged_by_managers_and_organisations(world: Any) -> None:
    assert p.may(world.organisation, p.OUTREACH_LOGGERS, world.commune)
    assert not p.may(world.member, p.OUTREACH_LOGGERS, world.commune)
    assert not p.may(world.hamlet_head, p.OUTREACH_LOGGERS, world.hamlet)
