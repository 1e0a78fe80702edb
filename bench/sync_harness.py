"""The parts of the sync benchmark (bench_sync.py) that are not measurements: the hub and the bare server in
processes of their own, the hub's database (SQLite or a PostgreSQL schema), an HTTP client and a sync engine that
time their calls, the bare HTTP loop, peak memory."""

from __future__ import annotations

import contextlib
import cProfile
import os
import pstats
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid as uuidlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from common import peak_rss_mb
from sqlalchemy import create_engine, make_url, text
from sync_station import STATION

from cityhub import auth
from cityhub.db import Database as HubDatabase
from desktop.models.city_sync import outbox, sync_state
from desktop.models.city_sync.sync_state import SyncSettings
from desktop.models.core.db import Database
from desktop.sync import service, wire
from desktop.sync.client import HubClient
from desktop.sync.credentials import DeviceCredential
from desktop.sync.engine import Engine, SyncOptions


async def bare_app(scope: dict[str, Any], receive: Callable[[], Any], send: Callable[[dict[str, Any]], Any]) -> None:
    """The bare loop's server: read the whole request body, answer ``{}``."""
    if scope["type"] != "http":
        return
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"{}"})


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A process serving HTTP on a loopback port (``argv`` then ``--port P``), stopped with SIGINT so that a
    profiled one writes its profile."""

    def __init__(self, argv: list[str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.argv = [sys.executable, *argv, "--port", str(self.port)]
        self.proc: subprocess.Popen[bytes] | None = None
        self.rss_mb = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(self.argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                         env={**os.environ, "PYTHONPATH": str(ROOT)})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(f"{self.argv} did not start:\n" + self.log.read_text(errors="replace")[-3000:])

    def __exit__(self, *_exc: object) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.rss_mb = peak_rss_mb(self.proc.pid)
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


def hub_server(url: str, log: Path, profile: Path | None = None) -> Server:
    if profile is not None:
        return Server([str(ROOT / "bench" / "bench_sync.py"), "--profiled-hub", str(profile), "--db", url], log)
    return Server(["-m", "cityhub", "serve", "--db", url], log)


def profiled_hub(out: Path, db_url: str, port: int) -> int:
    """``cityhub serve`` with cProfile in every thread (the push endpoint runs on a worker thread, which
    ``python -m cProfile`` would not see); the merged profile is written to ``out`` when it stops."""
    from cityhub import cli

    profilers: list[cProfile.Profile] = []

    def start_profiling(*_args: object) -> None:  # the first event in a new thread: profile it from here on
        profiler = cProfile.Profile()
        profilers.append(profiler)
        profiler.enable()

    threading.setprofile(start_profiling)
    main_thread = cProfile.Profile()
    main_thread.enable()
    try:
        return cli.main(["serve", "--db", db_url, "--port", str(port)])
    finally:
        main_thread.disable()
        stats = pstats.Stats(main_thread)
        for profiler in profilers:
            stats.add(profiler)
        stats.dump_stats(out)


@contextlib.contextmanager
def hub_database(backend: str, run_dir: Path, name: str) -> Iterator[str]:
    """A fresh hub database's URL: a new SQLite file, or a new schema in ``CITYHUB_TEST_PG_URL``."""
    if backend == "sqlite":
        path = run_dir / f"hub-{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        return
    pg_url = os.environ["CITYHUB_TEST_PG_URL"]
    schema = f"benchsync_{uuidlib.uuid4().hex[:12]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def serve_bare(port: int) -> int:
    import uvicorn

    uvicorn.run(bare_app, host="127.0.0.1", port=port, log_level="info", lifespan="off")  # as `cityhub serve`
    return 0


@dataclass(frozen=True)
class Sent:
    """A request the engine sent with a body, as the bare loop replays it."""

    method: str
    path: str
    params: dict[str, Any] | None
    content: bytes
    content_type: str


class TimedClient(HubClient):
    """The engine's HTTP client, timing every call (the hub's work plus transport, answers not yet parsed) and,
    with ``keep_bodies``, keeping every request that carried a body (pushes, file queries, file chunks) for the
    bare loop."""

    def __init__(self, *args: Any, keep_bodies: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keep_bodies = keep_bodies
        self.sent: list[Sent] = []
        self.http_s = 0.0
        self.calls = 0

    def _send(self, method: str, path: str, *, content: bytes | None = None, params: dict[str, Any] | None = None,
              content_type: str = "application/json", auth: bool = True) -> httpx.Response:
        if self.keep_bodies and content is not None:
            self.sent.append(Sent(method, path, params, content, content_type))
        start = time.perf_counter()
        try:
            return super()._send(method, path, content=content, params=params, content_type=content_type,
                                 auth=auth)
        finally:
            self.http_s += time.perf_counter() - start
            self.calls += 1


def connect(db: Database, hub_url: str, hub_db: HubDatabase, batch: int) -> None:
    """Point the station at the hub and enrol its device with a fresh one-time code."""
    sync_state.save_settings(db, None, SyncSettings(hub_url, "", batch))
    with hub_db.transaction() as s:
        code = auth.make_enrolment_code(s, STATION.code, STATION.name)
    service.enrol(db, code)


class TimedEngine(Engine):
    """The engine, timing how it builds each request body and records the hub's answers in the outbox."""

    envelope_s = 0.0
    record_s = 0.0

    def _envelope(self, batch: list[outbox.Pending]) -> bytes:
        start = time.perf_counter()
        try:
            return super()._envelope(batch)
        finally:
            self.envelope_s += time.perf_counter() - start

    def _record(self, batch: list[outbox.Pending], answer: wire.PushResponse) -> None:
        start = time.perf_counter()
        try:
            super()._record(batch, answer)
        finally:
            self.record_s += time.perf_counter() - start


def engine_for(db: Database, data_dir: Path, batch: int, keep_bodies: bool = False) -> TimedEngine:
    """The engine as ``service.sync_once`` makes it, with a timed client."""
    settings = sync_state.load_settings(db)
    me = service.identity(db)
    token = DeviceCredential(settings.hub_url, me.device_uuid).get()
    client = TimedClient(settings.hub_url, token, keep_bodies=keep_bodies)
    return TimedEngine(db, data_dir, client, me.station_code, me.device_uuid, SyncOptions(batch_size=batch))


def bare_loop(sent: list[Sent], url: str) -> float:
    """The time to send ``sent`` one after the other with one client, as the engine does, to a server that
    reads each body and answers ``{}`` (one pass)."""
    headers = {"Authorization": "Bearer " + "x" * 43, "User-Agent": "QualityStation-sync/1"}
    with httpx.Client(base_url=url, timeout=30.0) as http:
        start = time.perf_counter()
        for r in sent:
            response = http.request(r.method, r.path, params=r.params, content=r.content,
                                    headers=headers | {"Content-Type": r.content_type})
            response.raise_for_status()
            response.json()
        return time.perf_counter() - start
