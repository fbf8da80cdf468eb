"""Which version of ntm this is, and which database schema its code knows.

A backup records both (``ntm.core.backup``); a restore refuses a backup whose database has
migrations this code does not know, i.e. a backup made by a newer ntm: its tables would not
match the code, and a later ``migrate`` could not repair that.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import metadata

from django.conf import settings
from django.db.migrations.loader import MigrationLoader


@functools.cache
def app_version() -> str:
    try:
        return metadata.version("ntm")
    except metadata.PackageNotFoundError:  # run from the source tree (the usual case)
        with (settings.BASE_DIR / "pyproject.toml").open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])


def code_migrations() -> set[str]:
    """Every migration on disk for the installed apps, as ``app.name``."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def unknown_migrations(applied: list[str]) -> list[str]:
    """Migrations applied in a backed-up database that this code does not have."""
    known = code_migrations()
    return sorted(name for name in applied if name not in known)
