"""GUI stalls during background work: the longest gap of a 10 ms timer on the GUI thread (``StallProbe``,
offscreen) while the real page runs the job as a clerk starts it, against the same probe while a pure-Python loop
runs on a worker thread (``busy_worker_stall``, the baseline: what any thread holding the interpreter lock costs
the window) and against the 50 ms limit of issue 12.

    python bench/bench_stalls.py [--runs 3] [--reuse] [--json-out FILE] [--data-dir bench/out/stalls]
                                 [--rows 50000] [--records 10000] [--only import,export,sync,statistics,backup]

Built once in ``--data-dir`` (``--reuse`` keeps what is there): a station with ``--rows`` demo clients and
``--rows`` demo requests (``source/``), its clients exported to ``clients.xlsx`` (the import file), and the sync
benchmark's station (bench/sync_station.py, ``sync-station/``: ``--records`` records waiting, 1,000 signed visits).

Measured, each run on a fresh copy and alternating with the baseline:

1. client import: ``ClientsPage.run_import`` of the ``--rows``-row ``clients.xlsx`` into a set-up station with no
   clients, until the summary is shown (the list's refresh included);
2. requests export: ``RequestsPage.run_export`` of the whole list (``--rows`` requests) to .xlsx, until its
   message is shown;
3. sync push: the Sync page's End-of-day sync (``SyncPage.start_sync``) of ``--records`` records to the reference
   hub (``python -m cityhub serve``, a fresh SQLite hub database) on a loopback port, until it has finished;
4. statistics: the 统计分析 page made and shown on ``source/`` until its first count (the last twelve months,
   from the kept sums) is drawn, then the first district chosen until that count (from the records) is drawn;
5. backup: the backups page's "Back up now" of ``source/`` to a new folder, until its message is shown.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# Nothing heavy at the top: the import and export jobs run in worker processes started with "spawn", which import
# this script (as __mp_main__) before their job; Qt and the app are imported in the functions below.
from common import (
    Figure,
    StallWatchdog,
    busy_worker_stall,
    compare,
    copy_db,
    idle_stall,
    report,
    run_event_loop_until,
    write_json,
)

PASSWORD = "bench-kapok-2026"
LIMIT_MS = 50.0
WATCH_MS: list[float] = []  # --watch: print what the GUI thread ran during each stall over this many ms
BASELINE = "the same probe while a pure-Python loop runs on a worker thread for 2 s (busy_worker_stall)"


# ---- the build --------------------------------------------------------------------------------------------

def build(data_dir: Path, rows: int, reuse: bool) -> None:
    """``empty/`` (set up, no clients), ``source/`` (``rows`` clients and requests) and ``clients.xlsx``."""
    from desktop.demo import demo_clients, demo_requests
    from desktop.models.clients import clients, clients_io
    from desktop.models.core import station
    from desktop.models.core.db import Database
    from desktop.models.requests import request_list
    from desktop.paths import database_path

    xlsx = data_dir / "clients.xlsx"
    source = database_path(data_dir / "source")
    if reuse and xlsx.exists() and source.exists() and database_path(data_dir / "empty").exists():
        db = Database(source)
        try:
            if clients.count_clients(db) >= rows and len(request_list.request_ids(
                    db, request_list.RequestQuery(), date.today())) >= rows:
                print(f"reusing the stations in {data_dir}")
                return
        finally:
            db.close()
    print(f"building the stations in {data_dir} ...", flush=True)
    for folder in ("empty", "source"):
        shutil.rmtree(data_dir / folder, ignore_errors=True)
        (data_dir / folder).mkdir(parents=True)
    start = time.perf_counter()
    db = Database(database_path(data_dir / "empty"))
    station.setup(db, station.StationInput("LZ-BENCH", "基准测试站", "district", "鱼峰区"), "admin", "基准管理员",
                  PASSWORD)
    db.close()
    copy_db(database_path(data_dir / "empty"), source)
    db = Database(source)
    try:
        demo_clients.generate_clients(db, rows, 1)
        print(f"  {rows:,} clients in {time.perf_counter() - start:.0f} s", flush=True)
        demo_requests.generate_requests(db, rows, 1)
        print(f"  {rows:,} requests in {time.perf_counter() - start:.0f} s", flush=True)
        clients_io.export_clients(db, xlsx)
        print(f"  {xlsx.name} in {time.perf_counter() - start:.0f} s", flush=True)
    finally:
        db.close()


# ---- one measured run of each job ----------------------------------------------------------------------------

def open_station(data_dir: Path) -> Any:
    from desktop.context import AppContext
    from desktop.models.accounts import staff

    ctx = AppContext(data_dir)
    ctx.refresh_station()
    ctx.set_user(staff.authenticate(ctx.db, "admin", PASSWORD))
    return ctx


def close_station(ctx: Any, page: Any) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    ctx.tasks.wait()
    QCoreApplication.processEvents()  # the answers of the last background reads, while their page is there
    message = getattr(page, "last_message", None)
    if message is not None:
        message.close()
    page.close()
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    ctx.close()


def shown(page: Any) -> Any:
    from PySide6.QtWidgets import QApplication

    page.resize(1100, 700)
    page.show()
    while page.model.searching:
        QApplication.processEvents()
    settle()
    return page


def settle(seconds: float = 0.5) -> None:
    """Let the window paint and its first background reads come in before the probe starts; then, as the app
    does once its first window is up, keep what is alive out of later garbage collections."""
    from PySide6.QtWidgets import QApplication

    from desktop.app import GuiThreadCollector

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.005)
    GuiThreadCollector.freeze_start_up()


@contextmanager
def watched(probe: Any) -> Iterator[None]:
    """With ``--watch MS``: the GUI thread's stacks during every gap over MS, printed after the run."""
    if not WATCH_MS:
        yield
        return
    with StallWatchdog(probe, WATCH_MS[0], all_threads=True) as dog:
        yield
    print(dog.summary(), flush=True)


class Run:
    """What one run measured besides the longest gap (printed as it goes)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seconds: list[float] = []
        self.over: list[int] = []

    def done(self, probe: Any, seconds: float, what: str) -> float:
        self.seconds.append(seconds)
        self.over.append(probe.over(LIMIT_MS))
        print(f"  {self.name}: {what} in {seconds:.1f} s, longest gap {probe.longest:.0f} ms, "
              f"{probe.over(LIMIT_MS)} over {LIMIT_MS:.0f} ms", flush=True)
        return float(probe.longest)


def import_run(data_dir: Path, log: Run) -> float:
    from common import StallProbe

    from desktop.paths import database_path
    from desktop.views.clients.clients_page import ClientsPage

    run_dir = data_dir / "run-import"
    shutil.rmtree(run_dir, ignore_errors=True)
    copy_db(database_path(data_dir / "empty"), database_path(run_dir))
    ctx = open_station(run_dir)
    page = shown(ClientsPage(ctx))
    page.last_message = None
    start = time.perf_counter()
    with StallProbe() as probe, watched(probe):
        page.run_import(data_dir / "clients.xlsx")
        run_event_loop_until(lambda: page.last_message is not None)
    longest = log.done(probe, time.perf_counter() - start, page.last_message.text())
    close_station(ctx, page)
    return longest


def export_run(data_dir: Path, log: Run) -> float:
    from common import StallProbe

    from desktop.views.requests.requests_page import RequestsPage

    ctx = open_station(data_dir / "source")
    page = shown(RequestsPage(ctx))
    page.last_message = None
    out = data_dir / "run-export" / "requests.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    with StallProbe() as probe, watched(probe):
        page.run_export(out)
        run_event_loop_until(lambda: page.last_message is not None)
    longest = log.done(probe, time.perf_counter() - start, page.last_message.text())
    close_station(ctx, page)
    return longest


def statistics_run(data_dir: Path, log: Run) -> float:
    """The 统计分析 page opened (its first count of the last twelve months, its charts and tables), then counted
    again for one district (from the records, not the kept sums)."""
    from common import StallProbe, run_event_loop_until

    from desktop.views.statistics.statistics_page import StatisticsPage

    ctx = open_station(data_dir / "source")
    settle()
    start = time.perf_counter()
    with StallProbe() as probe, watched(probe):
        page = StatisticsPage(ctx)
        page.resize(1100, 700)
        page.show()
        run_event_loop_until(lambda: not page.loading)
        page.district_box.setCurrentIndex(1)
        run_event_loop_until(lambda: not page.loading)
    assert page.figures is not None
    longest = log.done(probe, time.perf_counter() - start,
                       f"a year counted, then {page.figures.intake.received:,} requests of one district")
    close_station(ctx, page)
    return longest


def backup_run(data_dir: Path, log: Run) -> float:
    """The backups page's "Back up now" of ``source/`` to a fresh folder, until its message is shown (the
    database's copy, check and hash, and every file, in a worker process)."""
    from common import StallProbe, run_event_loop_until

    from desktop.models.backups import backups
    from desktop.views.backups.backups_page import BackupsPage

    ctx = open_station(data_dir / "source")
    target = data_dir / "run-backup"
    shutil.rmtree(target, ignore_errors=True)
    backups.set_setting(ctx.db, ctx.user_id, str(target), 2)
    page = BackupsPage(ctx)
    page.resize(1100, 700)
    page.show()
    settle()
    start = time.perf_counter()
    with StallProbe() as probe, watched(probe):
        page.back_up()
        run_event_loop_until(lambda: page.last_message is not None)
    assert page.last_message is not None
    longest = log.done(probe, time.perf_counter() - start, page.last_message.text())
    close_station(ctx, page)
    return longest


def sync_run(data_dir: Path, records: int, log: Run) -> float:
    from common import StallProbe
    from sync_harness import connect, hub_database, hub_server
    from sync_station import station_copy

    from cityhub.db import open_db
    from desktop.paths import database_path
    from desktop.sync.engine import SyncSummary
    from desktop.views.city_sync.sync_page import SyncPage

    source = data_dir / "sync-station"
    run_dir = data_dir / "run-sync"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    (run_dir / "attachments").symlink_to(source / "attachments", target_is_directory=True)
    db = station_copy(database_path(source), database_path(run_dir), records)
    with hub_database("sqlite", run_dir, "hub") as url:
        hub_db = open_db(url)
        try:
            with hub_server(url, run_dir / "hub.log") as hub:
                connect(db, hub.url, hub_db, 100)
                db.close()
                from desktop.context import AppContext
                from desktop.models.accounts import staff

                ctx = AppContext(run_dir)
                ctx.refresh_station()
                ctx.set_user(staff.authenticate(ctx.db, "admin", PASSWORD))
                page = SyncPage(ctx)
                page.resize(1100, 700)
                page.show()
                settle()
                finished: list[object] = []
                page.controller.sync_finished.connect(lambda _t, result: finished.append(result))
                start = time.perf_counter()
                with StallProbe() as probe:
                    page.start_sync()
                    run_event_loop_until(lambda: bool(finished))
                result = finished[0]
                assert isinstance(result, SyncSummary) and result.accepted == records, result
                longest = log.done(probe, time.perf_counter() - start, f"{result.accepted:,} records accepted")
                page.controller.stop()
                if page.result_box is not None:
                    page.result_box.close()
                close_station(ctx, page)
        finally:
            hub_db.dispose()
    return longest


# ---- main ------------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="measure the stations already built in --data-dir")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out" / "stalls")
    parser.add_argument("--rows", type=int, default=50_000, help="clients imported, requests exported")
    parser.add_argument("--records", type=int, default=10_000, help="records the sync pushes")
    parser.add_argument("--visits", type=int, default=1000, help="signed visits of the sync station (build)")
    parser.add_argument("--only", default="import,export,sync,statistics,backup")
    parser.add_argument("--watch", type=float, metavar="MS",
                        help="print the GUI thread's stacks (and the other threads') during gaps over MS ms")
    args = parser.parse_args()
    if args.watch:
        WATCH_MS.append(args.watch)
    args.data_dir = args.data_dir.resolve()
    chosen = {n.strip() for n in args.only.split(",") if n.strip()}

    import keyring

    from desktop.app import GuiThreadCollector, create_application, install_translators
    from tests.support.keyrings import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # the device token: no system keychain on a bench machine
    app = create_application()
    install_translators(app, "zh_CN")
    # garbage is collected as the app collects it: on the GUI thread, with what start-up made frozen (left to
    # Python, a full collection would run in whichever thread allocates: 100+ ms holding the interpreter lock)
    collector = GuiThreadCollector(app)
    if chosen & {"import", "export", "statistics", "backup"}:
        build(args.data_dir, args.rows, args.reuse)
    if "sync" in chosen:
        from sync_station import ensure_built

        ensure_built(argparse.Namespace(data_dir=args.data_dir / "sync-station", reuse=args.reuse,
                                        records=args.records, visits=args.visits))
    idle = idle_stall(1.0)
    print(f"probe jitter with nothing running: {idle:.1f} ms", flush=True)

    def baseline() -> float:
        return busy_worker_stall(2.0)

    jobs = {
        "import": (f"client import, {args.rows:,}-row .xlsx (worker process)",
                   lambda log: lambda: import_run(args.data_dir, log)),
        "export": (f"requests export, {args.rows:,} rows to .xlsx (worker process)",
                   lambda log: lambda: export_run(args.data_dir, log)),
        "sync": (f"sync push, {args.records:,} records to the hub on loopback",
                 lambda log: lambda: sync_run(args.data_dir, args.records, log)),
        "statistics": ("statistics page: a year, then one district",
                       lambda log: lambda: statistics_run(args.data_dir, log)),
        "backup": (f"backup of the {args.rows:,}-request station (worker process)",
                   lambda log: lambda: backup_run(args.data_dir, log)),
    }
    figures: list[Figure] = []
    for key, (name, make) in jobs.items():
        if key not in chosen:
            continue
        print(f"\n{name}", flush=True)
        log = Run(key)
        figure = compare(f"longest GUI stall: {name}", make(log), baseline, args.runs, warm_up=False,
                         baseline_name=BASELINE)
        figure.limit = LIMIT_MS
        figure.note = f"job {sorted(log.seconds)[len(log.seconds) // 2]:.0f} s, gaps over 50 ms: {max(log.over)}"
        figures.append(figure)
    figures.append(Figure("probe jitter, nothing running", idle))
    rel = Path(__file__).resolve().relative_to(ROOT)
    command = f".venv/bin/python {rel} " + " ".join(sys.argv[1:])
    title = f"GUI stalls during background work ({os.cpu_count()} cores, median of {args.runs} alternating runs)"
    collector.timer.stop()
    report(title, figures, command=command.strip())
    write_json(args.json_out, title, figures, command.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
