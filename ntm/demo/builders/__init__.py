"""The demo world, built in the order of the import layers. Each step is idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from ntm.demo.builders.people import Directory, build_directory
from ntm.demo.builders.places import Places, build_places
from ntm.geography.services import load_reference


@dataclass
class DemoWorld:
    places: Places
    directory: Directory


def build_demo() -> DemoWorld:
    load_reference()
    places = build_places()
    directory = build_directory(places)
    return DemoWorld(places=places, directory=directory)
