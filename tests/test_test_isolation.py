"""The suite cannot go red by chance, and never writes into the developer's ./data."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings

from tests.security.test_hostile_input import hostile_text

ROOT = Path(__file__).resolve().parent.parent


def test_property_tests_replay_nothing_from_dot_hypothesis() -> None:
    current = hypothesis_settings()
    assert current.database is None  # a failing example saved by an earlier run is not replayed
    assert current.derandomize  # the same examples on every run


@given(hostile_text)
def test_hostile_text_never_holds_what_a_browser_cannot_send(typed: str) -> None:
    assert not any(unicodedata.category(ch) == "Cs" for ch in typed)
    typed.encode("utf-8")  # a lone surrogate would raise here, as in the test client


def test_tests_write_outside_the_real_data_folder(settings: Any) -> None:
    real = (ROOT / "data").resolve()
    for path in (settings.DATA_DIR, settings.MEDIA_ROOT, settings.NTM_MAINTENANCE_FILE):
        assert real not in Path(path).resolve().parents and Path(path).resolve() != real
    assert Path(django_settings.DATA_DIR).resolve() != real
