"""The product's feature areas, registered in one place: ``AREAS``.

An area is a package in ``desktop/models`` (its tables, services, queries, import/export and ``area.py``, the
declaration of what it adds) and one in ``desktop/views`` of the same name. Everything that spans areas (the
database metadata, the main window's navigation, the dashboard, the command line, the demo data) loops over
``areas()``; nothing else names an area. docs/architecture.md says how to add one.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import MetaData

if TYPE_CHECKING:
    from desktop.models.core.area import Area

# an area may use the areas before it; their demo data is made in this order, their commands listed in it
AREAS: tuple[str, ...] = ("accounts", "catalogue", "clients", "institutions", "requests", "visits", "city_sync",
                          "complaints", "improvement", "statistics", "archives", "backups")


@cache
def areas() -> tuple[Area, ...]:
    """Every registered area's declaration (``desktop.models.<name>.area.AREA``), in ``AREAS`` order."""
    found = []
    for name in AREAS:
        area = importlib.import_module(f"desktop.models.{name}.area").AREA
        if area.name != name:
            raise ValueError(f"desktop.models.{name}.area declares the area {area.name!r}")
        found.append(area)
    return tuple(found)


@cache
def metadata() -> MetaData:
    """``Base.metadata`` with the tables of the core and of every registered area (each area's ``tables``)."""
    from desktop.models.core.tables import Base

    for name in AREAS:
        try:
            importlib.import_module(f"desktop.models.{name}.tables")
        except ModuleNotFoundError as exc:
            if exc.name != f"desktop.models.{name}.tables":
                raise
    return Base.metadata
