"""The demo world, built in the order of the import layers. Each step is idempotent.

Each domain adds one module here with ``build(world: DemoWorld) -> None`` and appends its
name to ``STEPS``; a step may store what later steps need in ``world.extra``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from ntm.demo.builders.people import Directory, build_directory
from ntm.demo.builders.places import Places, build_places
from ntm.geography.services import load_reference

# Module names under ntm.demo.builders, run in this order after places and people.
STEPS: list[str] = [
    "criteria",
    "assessments",
    "documents",
    "plans",
    "mobilisation",
    "participation",
    "reports",
]


@dataclass
class DemoWorld:
    places: Places
    directory: Directory
    extra: dict[str, Any] = field(default_factory=dict)


def build_demo() -> DemoWorld:
    load_reference()
    places = build_places()
    directory = build_directory(places)
    world = DemoWorld(places=places, directory=directory)
    for step in STEPS:
        importlib.import_module(f"ntm.demo.builders.{step}").build(world)
    return world
