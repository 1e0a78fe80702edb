"""Garbage collection on the GUI thread: how long the window freezes while Python collects.

    python bench/bench_gc.py [--runs 5] [--data-dir bench/out/station-gc]

The app turns automatic collection off and collects on the GUI thread (``app.GuiThreadCollector``). Each run
starts the app's main window in a fresh process on a demo station (2,000 clients, 600 requests), opens its
pages, then measures:

- *full collection before freeze*: ``gc.collect()`` with every object the process holds (what the collector did
  every 5 s before this version);
- *full collection after freeze*: the collector's rarest step (the oldest generation) with the start-up objects
  frozen where the app freezes them (once the log-in window is up; the main window's objects are not frozen);
- *longest collector step*: the longest of 200 of the collector's own steps, with the pages switched between
  steps so that there is garbage to collect;
- *longest GUI stall*: the longest gap of a 10 ms timer on the GUI thread while the collector runs on its own
  timer for 5 s (the probe's own jitter included).

The baseline, in a process of its own alternating with the app's: bare Python holding the same number of
objects tracked by the collector, timing ``gc.collect()``. Each figure is the median over the runs, printed as
project / baseline / ratio.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import Figure, report, write_json


def _timed_collect(generation: int = 2) -> float:
    start = time.perf_counter()
    gc.collect(generation)
    return time.perf_counter() - start


def probe(data_dir: Path) -> int:
    """The child: the app's main window on the station; one JSON line of figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from desktop.app import GuiThreadCollector, create_application, install_translators
    from desktop.context import AppContext
    from desktop.models.accounts import staff
    from desktop.views.shell.main_window import MainWindow

    app = create_application()
    collector = GuiThreadCollector(app)
    collector.timer.stop()
    ctx = AppContext(data_dir)
    install_translators(app, ctx.language)
    collector.freeze_start_up()  # where the app does it: once its first window (the log-in) is up
    ctx.set_user(next(s for s in staff.list_staff(ctx.db) if s.role == "admin" and s.active))
    window = MainWindow(ctx)
    window.resize(1366, 738)
    window.show()
    pages = ["clients", "requests", "institutions", "time_limits", "dashboard"]

    def pump(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.005)

    for key in pages:
        window.show_page(key)
        pump(0.3)
    after_full = statistics.median(_timed_collect() for _ in range(5))  # the main window's objects are not frozen
    steps = []
    for i in range(200):
        window.show_page(pages[i % len(pages)])
        app.processEvents()
        start = time.perf_counter()
        collector.collect()
        steps.append(time.perf_counter() - start)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    probe_timer = QTimer()
    probe_timer.timeout.connect(tick)
    probe_timer.start(10)
    collector.timer.start(GuiThreadCollector.INTERVAL_MS)
    last[0] = time.perf_counter()
    pump(5.0)
    collector.timer.stop()
    gc.unfreeze()  # as before this version: every collection walked every object
    tracked = len(gc.get_objects())
    before = statistics.median(_timed_collect() for _ in range(5))
    print(json.dumps({"tracked": tracked, "full_before": before, "longest_step": max(steps),
                      "full_after": after_full, "stall": max(gaps)}))
    window.close()
    ctx.close()
    return 0


def baseline(count: int) -> int:
    """The child: bare Python holding ``count`` tracked objects; the median full collection."""
    gc.disable()
    held = [[i] for i in range(count)]  # lists are tracked by the collector
    took = statistics.median(_timed_collect() for _ in range(5))
    print(json.dumps({"full": took, "held": len(held)}))
    return 0


def _child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out" / "station-gc")
    parser.add_argument("--reuse", action="store_true", help="(the demo station is kept between runs anyway)")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        return probe(args.probe)
    if args.baseline:
        return baseline(args.baseline)
    from desktop.demo.demo_station import ensure_demo_station

    args.data_dir.mkdir(parents=True, exist_ok=True)
    ensure_demo_station(args.data_dir)
    project: list[dict[str, float]] = []
    base: list[dict[str, float]] = []
    for _ in range(args.runs):  # alternating, so both see the same machine
        project.append(_child("--probe", str(args.data_dir)))
        base.append(_child("--baseline", str(int(project[-1]["tracked"]))))

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    floor = med(base, "full") * 1000
    figures = [Figure(label, med(project, key) * 1000, floor, target=target,
                      baseline_name="bare Python holding as many collector-tracked objects "
                                    f"({med(project, 'tracked'):,.0f}), gc.collect()")
               for label, key, target in (
                   ("full collection, as the app did every 5 s before (nothing frozen)", "full_before", None),
                   ("full collection now (start-up objects frozen)", "full_after", None),
                   ("longest of 200 collector steps", "longest_step", None),
                   ("longest GUI stall over 5 s with the collector running (10 ms probe)", "stall", None))]
    figures[-1].limit = 50.0
    title = "Garbage collection on the GUI thread"
    command = "python bench/bench_gc.py --runs 5"
    report(title, figures, command)
    write_json(args.json_out, title, figures, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
