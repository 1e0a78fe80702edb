"""kill -9 at random moments: a bulk load, a client import, a sync with the real hub on loopback. Each process is
killed with SIGKILL at a moment drawn from a seeded ``random.Random`` (a few runs each); then the file's schema is
complete (every index and trigger the migrations define: the start-up check), ``PRAGMA integrity_check`` is ok,
the counts are consistent, and a request created after reopening is found by a text search."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest

from desktop.demo import demo_clients
from desktop.models.clients import clients_io
from desktop.models.core.db import Database, make_engine, missing_objects
from desktop.models.requests.request_list import RequestQuery, run_query
from tests.support.hub_process import ROOT, HubProcess, connect, escalate_some, running_hub, station_env
from tests.support.keyrings import FileKeyring
from tests.support.requests import MONDAY, Station, make_station, new_request, numbers_ahead_of_counters

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]
RUNS = 3
RECORDS = 80  # escalations synced one a batch: three kills each cut the sync short
CLIENTS = 4000  # eight batches of the import: three kills each cut it short, even at 0.5 ms a row


def _kill_when(command: list[str], started: Callable[[], bool], delay: float,
               env: dict[str, str] | None = None) -> int:
    """Start ``command``; once ``started()`` says its work is under way, wait ``delay`` seconds and SIGKILL it
    (unless it ended first). Its exit code (-9: killed)."""
    proc = subprocess.Popen(command, cwd=ROOT, env=env or {**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and not started() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    return proc.wait(30)


def _rows(path: Path, table: str) -> int:
    """Rows in ``table`` as another reader sees them while the process writes."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        return _count(conn, table)
    finally:
        conn.close()


def _sound(path: Path) -> sqlite3.Connection:
    """The file as the next start finds it: schema complete, integrity ok. A plain connection to it."""
    engine = make_engine(path)
    try:
        assert missing_objects(engine) == []
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for fts in ("client_fts", "request_fts", "client_chars", "request_chars"):
        conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
    return conn


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _search_finds_a_new_request(st: Station) -> None:
    db = Database(st.path)
    try:
        reopened = Station(db, st.ids, st.client_id, st.institution_id, st.path)
        rid = new_request(reopened, description="柳工起重机械检验咨询")
        assert rid in run_query(db, RequestQuery(text="起重机械检验"), MONDAY).ids
        assert rid in run_query(db, RequestQuery(text="柳工 起重"), MONDAY).ids  # 1–2 characters: 0012's index
    finally:
        db.close()


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    st = make_station(tmp_path / "station.sqlite3")
    yield st
    st.db.close()


LOAD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from desktop.demo import demo_requests
    from desktop.models.core.db import Database

    demo_requests.generate_requests(Database(Path(sys.argv[1])), 3000, int(sys.argv[2]), seed=int(sys.argv[3]),
                                    batch=500)
""")


def test_a_bulk_load_killed_at_random_moments(station: Station) -> None:
    rng = random.Random(7)
    demo_clients.generate_clients(station.db, 200, station.admin)
    station.db.close()
    for run in range(RUNS):
        before = _rows(station.path, "service_request")
        code = _kill_when([sys.executable, "-c", LOAD, str(station.path), str(station.admin), str(run)],
                          lambda n=before: _rows(station.path, "service_request") > n, rng.uniform(0, 0.6))
        assert code == -signal.SIGKILL
        conn = _sound(station.path)
        try:
            loaded = _count(conn, "service_request")
            assert _count(conn, "request_event") >= loaded and loaded % 500 == 0  # whole batches only
            assert numbers_ahead_of_counters(conn) == 0
        finally:
            conn.close()
    _search_finds_a_new_request(station)


def test_a_client_import_killed_at_random_moments(station: Station, tmp_path: Path) -> None:
    rng = random.Random(11)
    source = Database(tmp_path / "source.sqlite3")  # the clients of another registry, as a spreadsheet
    demo_clients.generate_clients(source, CLIENTS, None)
    clients_io.export_clients(source, tmp_path / "clients.csv")
    source.close()
    before = _count(sqlite3.connect(station.path), "client")
    station.db.close()
    command = [sys.executable, "-m", "desktop", "clients", "import", str(tmp_path / "clients.csv"),
               "--data-dir", str(tmp_path)]
    killed = 0
    for _run in range(RUNS):
        done_before = _rows(station.path, "client")
        code = _kill_when(command, lambda n=done_before: _rows(station.path, "client") > n, rng.uniform(0, 0.3))
        # a rerun skips what is registered: the last one may finish before its moment comes, and then it
        # must have registered every client
        assert code == -signal.SIGKILL or (code == 0 and _rows(station.path, "client") - before == CLIENTS)
        killed += code == -signal.SIGKILL
        conn = _sound(station.path)
        try:
            added = _count(conn, "client") - before
            # whole batches (each is one transaction; a rerun skips what is registered), each client with
            # every contact it has in the file
            assert added > 0 and (added % clients_io.BATCH == 0 or added == CLIENTS)
            conn.execute("ATTACH DATABASE ? AS source", (str(tmp_path / "source.sqlite3"),))
            contacts = ("SELECT count(*) FROM {a}.client_contact k JOIN {a}.client c ON c.id = k.client_id "
                        "WHERE c.uscc IN (SELECT uscc FROM {b}.client)")
            assert conn.execute(contacts.format(a="main", b="source")).fetchone() == conn.execute(
                contacts.format(a="source", b="main")).fetchone()
        finally:
            conn.close()
    assert killed >= RUNS - 1  # each run imports at most a batch or two before its kill
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr  # the import run again completes what was cut off, nothing twice
    conn = _sound(station.path)
    assert _count(conn, "client") - before == CLIENTS
    assert conn.execute("SELECT count(*) - count(DISTINCT uscc) FROM client").fetchone()[0] == 0
    conn.close()
    _search_finds_a_new_request(station)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    with running_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "hub.log") as process:
        yield process


def test_a_sync_killed_at_random_moments(station: Station, hub: HubProcess, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(13)
    env = station_env(tmp_path)
    monkeypatch.setenv("TEST_KEYRING_FILE", env["TEST_KEYRING_FILE"])
    keyring.set_keyring(FileKeyring())  # the sync process reads the device's token from here
    (tmp_path / "attachments").mkdir(exist_ok=True)
    escalate_some(station, RECORDS)
    connect(station, hub, hub.url, batch_size=1)
    station.db.close()
    command = [sys.executable, "-m", "desktop", "sync", "--data-dir", str(tmp_path), "--lang", "en"]
    killed = 0
    for _run in range(RUNS):
        at_hub = len(hub.held())
        code = _kill_when(command, lambda n=at_hub: len(hub.held()) > n, rng.uniform(0, 0.3), env)
        # a push of one record is a few ms: the last run may finish before its moment comes, and then the city
        # holds every record
        assert code == -signal.SIGKILL or (code == 0 and len(hub.held()) >= RECORDS)
        killed += code == -signal.SIGKILL
        conn = _sound(station.path)
        try:
            sent = conn.execute("SELECT kind, record_uuid, version FROM outbox WHERE state = 'sent'").fetchall()
        finally:
            conn.close()
        held = hub.held()
        assert len(held) == len(set(held))  # nothing twice at the city
        assert set(map(tuple, sent)) <= set(held)  # nothing marked sent that the city does not hold
    assert killed >= RUNS - 1
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    conn = _sound(station.path)
    sent = sorted(conn.execute("SELECT kind, record_uuid, version FROM outbox WHERE state = 'sent'").fetchall())
    pending = _count(conn, "outbox") - len(sent)
    conn.close()
    assert pending == 0 and len(sent) >= RECORDS
    assert hub.held() == sorted(map(tuple, sent))  # after the resumed sync: nothing lost, nothing doubled
    _search_finds_a_new_request(station)
