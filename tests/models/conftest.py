"""Shared fixtures for the model-layer tests: a real SQLite station file per test, migrated to head.

Argon2id hashing costs about 0.1 s per hash, so a test that needs an account gets exactly one (the
admin made by ``station.setup``); tests create more accounts only when that is what they test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.models.core import station
from desktop.models.core.db import Database
from tests.support.stations import ADMIN_LOGIN, ADMIN_NAME, ADMIN_PASSWORD, STATION, make_uscc, raw_connect


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A new station file in ``tmp_path``, migrated to the newest revision (not set up)."""
    database = Database(tmp_path / "station.sqlite3")
    yield database
    database.close()


@pytest.fixture
def admin_id(db: Database) -> int:
    """Set up the station in ``db`` (station row, this device, first admin); the admin's staff id."""
    return station.setup(db, STATION, ADMIN_LOGIN, ADMIN_NAME, ADMIN_PASSWORD)


@pytest.fixture(name="make_uscc")
def make_uscc_fixture() -> Callable[..., str]:
    """``make_uscc(n, district="鱼峰区")``: a valid USCC, distinct for distinct ``n``."""
    return make_uscc


@pytest.fixture
def raw(db: Database) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to ``db``'s file (no ORM, no events, no foreign keys pragma)."""
    conn = raw_connect(db.path)
    yield conn
    conn.close()
