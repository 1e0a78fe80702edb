"""Shared test set-up: Qt runs offscreen (in English unless a test asks for Chinese with ``zh_app``), every test
has an in-memory keychain, stations are quick to make (tests/support/database.py), and the hub's tests and the
sync tests run on SQLite and, when ``CITYHUB_TEST_PG_URL`` is set, on PostgreSQL (``db_url``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
os.environ.pop("QUALITY_STATION_DATA_DIR", None)  # never a real profile

import pytest
from sqlalchemy import create_engine, make_url, text

PG_URL = os.environ.get("CITYHUB_TEST_PG_URL")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_migrations: new stations run every migration (no template copy)")
    config.addinivalue_line("markers", "monthly_figures: syncs send the station's monthly figures (§4.3)")


@pytest.fixture(autouse=True)
def _monthly_figures(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Syncs leave the monthly figures out (the tests of requests and complaints count their own records
    exactly), and so do the stations they start as processes; the tests marked ``monthly_figures`` send them."""
    if request.node.get_closest_marker("monthly_figures") is None:
        monkeypatch.setenv("QUALITY_STATION_SEND_FIGURES", "0")


@pytest.fixture(scope="session")
def _station_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.support.database import make_template

    return make_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(autouse=True)
def _fast_stations(request: pytest.FixtureRequest, _station_template: Path) -> Iterator[None]:
    """New station files are copies of a migrated template and passwords are hashed cheaply (see
    tests/support/database.py), except where a test needs the real migrations."""
    if request.node.get_closest_marker("real_migrations"):
        yield
        return
    from tests.support.database import fast_stations

    with fast_stations(_station_template):
        yield


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["quality-station-tests"]


@pytest.fixture
def zh_app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication with the zh_CN translation installed, as the app runs by default, for this test only:
    the others see the English source strings whatever ran before them."""
    from PySide6.QtCore import QLocale

    from desktop.app import install_translators

    before = QLocale()
    installed = install_translators(qapp, "zh_CN")
    yield qapp
    for translator in installed:
        qapp.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(before)



@pytest.fixture(autouse=True)
def memory_keyring():  # type: ignore[no-untyped-def]
    """Every test gets an empty in-memory keychain (a headless machine has no usable one)."""
    import keyring

    from tests.support.keyrings import MemoryKeyring

    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture(params=[
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="CITYHUB_TEST_PG_URL not set")),
])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub.sqlite3'}"
        return
    assert PG_URL is not None
    schema = f"hubtest_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
