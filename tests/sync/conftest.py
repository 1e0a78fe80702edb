"""The whole loop for real: the reference hub as its own process on a loopback port (SQLite, and PostgreSQL when
``CITYHUB_TEST_PG_URL`` is set), stations as real SQLite files, the fault proxy in between.

Every test here may wait on a network peer: each gets a timeout of its own (``pytest_collection_modifyitems``; a
``pytestmark`` in a conftest.py would be ignored), so a hung socket fails one test instead of the whole run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fault_proxy import FaultProxy
from tests.support.hub_process import HubProcess, new_device, running_hub
from tests.support.requests import Station, make_station

HERE = Path(__file__).resolve().parent
TIMEOUT_S = 120


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(TIMEOUT_S))


@pytest.fixture
def hub(db_url: str, tmp_path: Path) -> Iterator[HubProcess]:
    with running_hub(db_url, tmp_path / "hub.log") as process:
        yield process


@pytest.fixture
def proxy(hub: HubProcess) -> Iterator[FaultProxy]:
    p = FaultProxy(hub.port)
    yield p
    p.close()


@pytest.fixture(scope="session")
def base_station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    st = make_station(tmp_path_factory.mktemp("sync") / "base.sqlite3")
    yield st
    st.db.close()


@pytest.fixture
def st(base_station: Station, tmp_path: Path) -> Iterator[Station]:
    copy = new_device(base_station, tmp_path / "station.sqlite3")
    (tmp_path / "attachments").mkdir()
    yield copy
    copy.db.close()
