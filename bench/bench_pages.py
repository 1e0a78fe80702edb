"""GUI stalls while a clerk moves about the main window: the longest gap of a 10 ms timer on the GUI thread
(``StallProbe``, offscreen) against the same probe while a pure-Python loop runs on a worker thread
(``busy_worker_stall``, the baseline, as bench_stalls.py) and against the 50 ms limit of issue 12.

    python bench/bench_pages.py [--runs 5] [--reuse] [--json-out FILE] [--data-dir bench/out/station-1m]
                                [--profile]

On the 1M-request station (bench_requests.py builds it; ``--reuse`` measures the one in ``--data-dir``), each run
in a fresh process (a page opens for the first time once per process), as a clerk starts the app: the log-in
window, the database opening behind it, then the main window (``desktop.app.first_window``; the log-in itself is
skipped). Measured in each run:

1. the main window up: from its building until it is painted and what it starts in the background is done;
2. each page of the main window opened for the first time (a click in the navigation list), until its first
   background queries are in;
3. the requests list dragged to row 500,000 (its scroll bar moved there in ten steps, 30 ms apart, as a drag does)
   until the rows shown there are in; and the time from the end of the drag to those rows, against the bare
   sqlite3 query of that page's ids by OFFSET.

The baseline (``busy_worker_stall``) is measured in the same process, before the pages in even runs and after
them in odd ones. ``--profile`` prints, for every stall over 30 ms, what the GUI thread was running (its stack,
sampled from a watchdog thread) — how the stalls of first openings were found.

Nothing is written to the station: the app only reads it, from a folder of the benchmark's own (bench/out/pages-run)
whose station file is a symbolic link to the station's, so that what it writes beside the file stays there.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import Figure, StallProbe, busy_worker_stall, idle_stall, median, report, write_json

LIMIT_MS = 50.0
DEEP_ROW = 500_000
BASELINE = "the same probe while a pure-Python loop runs on a worker thread for 2 s (busy_worker_stall)"
SETTLE_S = 0.6  # after a page opens: its first background queries come in within this


class Watchdog:
    """Samples the GUI thread's stack from a thread of its own whenever the probe's 10 ms timer is late by more
    than ``over_ms``: what runs during a stall (``--profile``)."""

    def __init__(self, over_ms: float = 30.0) -> None:
        self.over_ms = over_ms
        self.main = threading.main_thread().ident
        self.last = time.perf_counter()
        self.samples: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def tick(self) -> None:
        self.last = time.perf_counter()

    def start(self) -> None:
        from PySide6.QtCore import QTimer

        self._timer = QTimer()
        self._timer.timeout.connect(self.tick)
        self._timer.start(10)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            if (time.perf_counter() - self.last) * 1000 > self.over_ms:
                frame = sys._current_frames().get(self.main)
                if frame is not None:
                    stack = traceback.extract_stack(frame)
                    ours = [f for f in stack if "/desktop/" in f.filename or "bench_pages" in f.filename]
                    where = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in (ours[-4:] or stack[-4:])]
                    top = f"{Path(stack[-1].filename).name}:{stack[-1].lineno} {stack[-1].name}"
                    self.samples[" <- ".join(reversed(where)) + f"  [top {top}]"] += 1

    def stop(self) -> None:
        self._stop.set()
        self._timer.stop()

    def print(self, title: str) -> None:
        if self.samples:
            print(f"  GUI thread during stalls ({title}), 5 ms samples:", flush=True)
            for where, n in self.samples.most_common(12):
                print(f"    {n:4d}  {where}", flush=True)
        self.samples.clear()


# ---- one run (a child process) ------------------------------------------------------------------------

def _loop_for(seconds: float, done: Any = None) -> None:
    from common import run_event_loop_until

    end = time.perf_counter() + seconds
    run_event_loop_until(lambda: time.perf_counter() >= end and (done is None or done()), timeout_s=600)


def run_folder(data_dir: Path) -> Path:
    """A folder of the benchmark's own whose station file is the station's (a symbolic link): what the app writes
    beside its database (the window's settings, the schema check's cache) goes there, not into the station."""
    from desktop.paths import database_path

    folder = ROOT / "bench" / "out" / "pages-run"
    folder.mkdir(parents=True, exist_ok=True)
    link = database_path(folder)
    if not (link.is_symlink() and link.resolve() == database_path(data_dir).resolve()):
        link.unlink(missing_ok=True)
        link.symlink_to(database_path(data_dir).resolve())
    return folder


def child(data_dir: Path, baseline_first: bool, profile: bool) -> dict[str, Any]:
    import keyring

    from desktop.app import GuiThreadCollector, create_application, first_window, install_translators
    from desktop.models.accounts import staff
    from tests.support.keyrings import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # no system keychain on a bench machine
    app = create_application()
    install_translators(app, "zh_CN")
    collector = GuiThreadCollector(app)
    out: dict[str, Any] = {"pages": {}}
    watchdog = Watchdog() if profile else None
    if watchdog:
        watchdog.start()
    if baseline_first:
        out["busy"] = busy_worker_stall(2.0)
    out["idle"] = idle_stall(1.0)
    flow = first_window(run_folder(data_dir), "")
    _loop_for(0.0, lambda: flow.ctx is not None)  # the station open behind the log-in window
    ctx = flow.ctx
    assert ctx is not None
    ctx.set_user(next(s for s in staff.list_staff(ctx.db) if s.role == "admin"))
    collector.freeze_start_up()
    with StallProbe() as probe:
        flow.show_main()  # what a log-in does
        window = flow.window
        from desktop.views.shell.main_window import MainWindow

        assert isinstance(window, MainWindow)
        _loop_for(SETTLE_S, lambda: window._painted)
        _loop_for(0.0, lambda: flow.warmer is not None and flow.warmer.done)  # the pages' modules imported
    out["main"] = probe.longest
    if watchdog:
        watchdog.print("main window")
    for row in range(1, window.nav.count()):
        key = window.nav.item(row).data(256)  # Qt.UserRole
        with StallProbe() as probe:
            window.nav.setCurrentRow(row)
            _loop_for(SETTLE_S)
        out["pages"][key] = probe.longest
        if watchdog:
            watchdog.print(f"page {key}")
    out.update(drag(window, data_dir))
    if watchdog:
        watchdog.print("drag")
    if not baseline_first:
        out["busy"] = busy_worker_stall(2.0)
    if watchdog:
        watchdog.stop()
    window.close()
    ctx.close()
    return out


def drag(window: Any, data_dir: Path) -> dict[str, float]:
    """The requests list's scroll bar dragged to row 500,000; the longest stall and the time to its rows."""
    import sqlite3

    from desktop.paths import database_path

    page = window.show_page("requests")
    _loop_for(0.0, lambda: not page.searching)
    model, bar = page.model, page.table.verticalScrollBar()
    rows = model.rowCount()
    target = min(DEEP_ROW, rows - 1)
    with StallProbe() as probe:
        for step in range(1, 11):
            bar.setValue(target * step // 10)
            _loop_for(0.03)
        dropped = time.perf_counter()
        _loop_for(0.0, lambda: model.row_at(target) is not None and model.row_at(target + 20) is not None)
        arrived = (time.perf_counter() - dropped) * 1000
    # the floor: the ids of that page by OFFSET with the sqlite3 module, in the list's order
    conn = sqlite3.connect(f"{database_path(data_dir).resolve().as_uri()}?mode=ro", uri=True)
    started = time.perf_counter()
    conn.execute("SELECT id FROM service_request ORDER BY received_at DESC, id DESC LIMIT 200 OFFSET ?",
                 (target - target % 200,)).fetchall()
    floor = (time.perf_counter() - started) * 1000
    conn.close()
    return {"drag": probe.longest, "rows_in": arrived, "offset_floor": floor}


# ---- the runs -----------------------------------------------------------------------------------------

def main() -> int:
    from bench_requests import station_arguments

    parser = station_arguments()  # the 1M-request station's arguments, as bench_requests and bench_search take
    parser.description = __doc__
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--profile", action="store_true", help="print what the GUI thread runs during stalls")
    parser.add_argument("--child", choices=("baseline-first", "baseline-last"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.data_dir = args.data_dir.resolve()
    if args.child:
        result = child(args.data_dir, args.child == "baseline-first", args.profile)
        print("RESULT " + json.dumps(result), flush=True)
        return 0
    from desktop.paths import database_path

    if not (args.reuse and database_path(args.data_dir).exists()):
        from bench_requests import build_station

        build_station(args.data_dir, args.clients, args.requests, args.reuse)
    print(f"Quality Station page stalls on {args.data_dir.name}: median of {args.runs} runs, each a fresh process, "
          f"{os.cpu_count()} cores", flush=True)
    results = []
    for n in range(args.runs):
        order = "baseline-first" if n % 2 == 0 else "baseline-last"
        command = [sys.executable, str(Path(__file__).resolve()), "--child", order, "--data-dir", str(args.data_dir),
                   *(["--profile"] if args.profile else [])]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        lines = done.stdout.splitlines()
        for line in lines:
            if not line.startswith("RESULT "):
                print(line, flush=True)
        found = [json.loads(line[len("RESULT "):]) for line in lines if line.startswith("RESULT ")]
        if done.returncode != 0 or not found:
            print(done.stderr, file=sys.stderr)
            return 1
        results.append(found[0])
        r = found[0]
        print(f"run {n + 1}: busy {r['busy']:.0f} ms, main window {r['main']:.0f} ms, drag {r['drag']:.0f} ms "
              f"(rows in {r['rows_in']:.0f} ms), pages " + ", ".join(f"{k} {v:.0f}" for k, v in r["pages"].items()),
              flush=True)
    figures = figures_of(results)
    rel = Path(__file__).resolve().relative_to(ROOT)
    command_line = f".venv/bin/python {rel} " + " ".join(a for a in sys.argv[1:])
    title = f"GUI stalls opening pages and scrolling, 1M station ({os.cpu_count()} cores, median of {args.runs} runs)"
    report(title, figures, command_line, {"stall": BASELINE})  # printed there
    write_json(args.json_out, title, figures, command_line)
    return 0


def figures_of(results: list[dict[str, Any]]) -> list[Figure]:
    busy = [r["busy"] for r in results]

    def stall(name: str, values: list[float]) -> Figure:
        return Figure(name, median(values), median(busy), target=None, limit=LIMIT_MS, baseline_name=BASELINE,
                      samples={"project": values, "baseline": busy})

    figures = [stall("longest GUI stall: main window up, its background warm-up included",
                     [r["main"] for r in results])]
    for key in results[0]["pages"]:
        figures.append(stall(f"longest GUI stall: first opening of the {key} page",
                             [r["pages"].get(key, 0.0) for r in results]))
    figures.append(stall(f"longest GUI stall: requests list dragged to row {DEEP_ROW:,} until its rows are in",
                         [r["drag"] for r in results]))
    rows_in = [r["rows_in"] for r in results]
    floor = [r["offset_floor"] for r in results]
    figures.append(Figure(f"rows at {DEEP_ROW:,} in, after the drag", median(rows_in), median(floor), limit=1000.0,
                          baseline_name="the ids of that page by OFFSET, bare sqlite3 query",
                          samples={"project": rows_in, "baseline": floor}))
    figures.append(Figure("probe jitter, nothing running", median([r["idle"] for r in results])))
    return figures


if __name__ == "__main__":
    sys.exit(main())
