"""The hub's database (a fresh one per test, on SQLite and on PostgreSQL: ``db_url`` in tests/conftest.py) and a
client of its API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cityhub.app import create_app
from cityhub.db import Database, open_db


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_db(db_url)
    yield database
    database.dispose()


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(db=db)) as test_client:
        yield test_client
