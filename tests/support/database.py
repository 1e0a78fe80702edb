"""Stations for tests, quickly.

Migrating a new station file runs every Alembic revision (a few hundred ms); hashing a password with the app's
Argon2id parameters takes about 0.1 s. A test suite makes a thousand stations, so tests get both cheaply:

- ``migrate`` is replaced by a copy of a template station file migrated once per test run (SQLite's backup API
  copies it into the new, still empty file through its open connection). Only a new file brought to the newest
  revision takes the shortcut; upgrading from an older revision, and ``tests/models/test_migrations.py`` (marker
  ``real_migrations``), run the real migrations.
- the password hasher uses Argon2id with the smallest parameters. ``tests/models/test_staff.py`` checks, in a
  process of its own, that the app itself still uses the real ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine

from desktop.models.accounts import staff
from desktop.models.core import db as db_module

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def make_template(folder: Path) -> Path:
    """A station file migrated to the newest revision (not set up)."""
    path = folder / "template.sqlite3"
    database = db_module.Database(path)
    database.close()
    with sqlite3.connect(path) as conn:  # one file, no WAL beside it: what the copies start from
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def copying_migrate(template: Path, real: Callable[..., None]) -> Callable[..., None]:
    def migrate(engine: Engine, revision: str = "head") -> None:
        if revision != "head" or db_module.current_revision(engine) is not None:
            real(engine, revision)
            return
        with engine.connect() as conn:
            target = conn.connection.dbapi_connection
            assert isinstance(target, sqlite3.Connection)
            with sqlite3.connect(template) as source:
                source.backup(target)
    return migrate


@contextmanager
def fast_stations(template: Path) -> Iterator[None]:
    """Inside: new stations are copies of ``template`` (``make_template``), and passwords are hashed cheaply."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db_module, "migrate", copying_migrate(template, db_module.migrate))
        patch.setattr(staff, "_hasher", CHEAP_HASHER)
        yield
