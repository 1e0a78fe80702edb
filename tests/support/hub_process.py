"""The reference hub as its own process on a loopback port, and what the sync tests do with it and with stations
(real SQLite files): start and restart it, enrol a station, escalate requests, read what each side holds."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import text

from cityhub import auth
from cityhub.db import open_db
from desktop.models.city_sync import sync_state
from desktop.models.city_sync.sync_state import SyncSettings
from desktop.models.core import station
from desktop.sync import service
from tests.support.requests import Station, clone, drive

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HubProcess:
    """``cityhub serve`` in a process of its own, so it can be killed and started again."""

    def __init__(self, db_url: str, log: Path, *, tls: tuple[Path, Path, Path] | None = None) -> None:
        """``tls``: (certificate, key, CA bundle) to serve https on ``localhost`` instead of http."""
        self.db_url, self.log, self.tls = db_url, log, tls
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.db = open_db(db_url)

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}" if self.tls else f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "cityhub", "serve", "--db", self.db_url, "--port", str(self.port)]
        if self.tls:
            command += ["--ssl-certfile", str(self.tls[0]), "--ssl-keyfile", str(self.tls[1])]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=self.tls[2]) if self.tls else True
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/v1/health", timeout=1, verify=verify).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise AssertionError("the hub did not start:\n" + self.log.read_text(errors="replace"))

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def restart(self, pause: float = 0.5) -> None:
        self.stop()
        time.sleep(pause)
        self.start()

    def code(self, station_code: str) -> str:
        with self.db.transaction() as s:
            return auth.make_enrolment_code(s, station_code, f"{station_code} 质量服务站")

    def held(self) -> list[tuple[str, str, int]]:
        """Every record the hub holds, as (kind, uuid, version), duplicates included."""
        with self.db.engine.connect() as c:
            return sorted(tuple(r) for r in c.execute(text("SELECT kind, uuid, version FROM record")))

    def cli(self, *args: str) -> str:
        """``cityhub ARGS --db <this hub's database>``: what it printed (it must succeed)."""
        done = subprocess.run([sys.executable, "-m", "cityhub", *args, "--db", self.db_url], cwd=ROOT,
                              capture_output=True, text=True, timeout=60, check=True)
        return done.stdout

    def sql(self, query: str, **params: object) -> list[tuple[object, ...]]:
        with self.db.engine.begin() as c:
            return [tuple(r) for r in c.execute(text(query), params)]


@contextmanager
def running_hub(db_url: str, log: Path, tls: tuple[Path, Path, Path] | None = None) -> Iterator[HubProcess]:
    """A hub process started for the block, and stopped after it (the block may stop and start it too)."""
    process = HubProcess(db_url, log, tls=tls)
    process.start()
    try:
        yield process
    finally:
        process.stop()
        process.db.dispose()


def new_device(base: Station, path: Path) -> Station:
    """A copy of the base station with a device UUID of its own (another computer of the same station)."""
    st = clone(base, path)
    with st.db.begin(None) as s:
        s.execute(text("UPDATE device SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
                       "substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || "
                       "hex(randomblob(6)))"))
    return st


def connect(st: Station, hub: HubProcess, url: str, batch_size: int = 100) -> None:
    """Point the station at ``url`` and enrol this device with a fresh code from the hub."""
    sync_state.save_settings(st.db, st.admin, SyncSettings(url, "", batch_size))
    info = station.get_station(st.db)
    assert info is not None
    service.enrol(st.db, hub.code(info.code))


def escalate_some(st: Station, n: int) -> list[int]:
    return [drive(st, "escalated") for _ in range(n)]


def outbox_records(st: Station, *states: str) -> list[tuple[str, str, int]]:
    where = f"WHERE state IN ({', '.join(repr(s) for s in states)})" if states else ""
    with st.db.read() as s:
        return sorted(tuple(r) for r in s.execute(text(f"SELECT kind, record_uuid, version FROM outbox {where}")))


def station_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a station run as a separate process: its keychain is a file the test can see."""
    return {**os.environ, "PYTHON_KEYRING_BACKEND": "tests.support.keyrings.FileKeyring",
            "TEST_KEYRING_FILE": str(tmp_path / "keyring.json"), "PYTHONPATH": str(ROOT)}
