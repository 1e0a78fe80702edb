"""What every benchmark shares: figures as project / baseline / ratio, alternating runs, the GUI stall probe.

This machine (and a clerk's PC) is shared and noisy, so no figure stands alone: each is stated as a ratio to a
baseline measured in the same run, both taken as the median of alternating runs (project, baseline, project,
baseline …), so that a slow minute slows both.

    figure = compare("requests list first paint", project=paint_page, baseline=paint_qsqlquerymodel,
                     runs=5, target=1.5)
    report("Service requests, 1,000,000", [figure, ...], command="python bench/bench_requests.py --reuse")

``--json-out FILE`` on every benchmark writes its figures with :func:`write_json`; ``bench/run_all.py`` runs
them all and prints one table.

The stall probe (:class:`StallProbe`) is a 10 ms timer on the GUI thread that records the longest gap between
its ticks while a job runs (offscreen); its baseline is the same probe while a pure-Python busy loop runs on a
worker thread (:func:`busy_worker_stall`): what any thread holding the interpreter lock costs the window.
Qt is imported only inside the probe, so benchmarks of the models run without it.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    """One measured figure. ``project`` and ``baseline`` are in ``unit`` (ms unless said); ``target`` is the
    highest ratio allowed (None: shown without a target); ``limit`` an absolute bound in ``unit`` instead."""

    name: str
    project: float
    baseline: float | None = None
    unit: str = "ms"
    target: float | None = None
    limit: float | None = None
    baseline_name: str = ""
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.project / self.baseline

    @property
    def met(self) -> bool | None:
        if self.target is not None and self.ratio is not None:
            return self.ratio <= self.target
        if self.limit is not None:
            return self.project <= self.limit
        return None

    def row(self) -> str:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}×"
        if self.target is not None:
            goal = f"≤ {self.target:g}×"
        elif self.limit is not None:
            goal = f"≤ {_amount(self.limit, self.unit)}"
        else:
            goal = ""
        verdict = {True: "met", False: "NOT MET", None: ""}[self.met]
        base = "" if self.baseline is None else _amount(self.baseline, self.unit)
        name = self.name + (f" ({self.note})" if self.note else "")
        return f"| {name} | {_amount(self.project, self.unit)} | {base} | {ratio} | {goal} | {verdict} |"


def _amount(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "s":
        return f"{value:,.1f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.3g} {unit}".strip()


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def timed_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def alternate(project: Callable[[], float], baseline: Callable[[], float], runs: int,
              warm_up: bool = True) -> tuple[list[float], list[float]]:
    """Each callable returns one measurement; they run alternately ``runs`` times each (after one unmeasured
    call of each when ``warm_up``), so that the machine's load falls on both."""
    if warm_up:
        project()
        baseline()
    ours, theirs = [], []
    for n in range(runs):
        first, second = (project, baseline) if n % 2 == 0 else (baseline, project)
        a, b = first(), second()
        if first is project:
            ours.append(a)
            theirs.append(b)
        else:
            ours.append(b)
            theirs.append(a)
    return ours, theirs


def compare(name: str, project: Callable[[], float], baseline: Callable[[], float], runs: int, *,
            target: float | None = None, unit: str = "ms", baseline_name: str = "", note: str = "",
            warm_up: bool = True) -> Figure:
    ours, theirs = alternate(project, baseline, runs, warm_up)
    return Figure(name, median(ours), median(theirs), unit=unit, target=target, baseline_name=baseline_name,
                  note=note, samples={"project": ours, "baseline": theirs})


def report(title: str, figures: list[Figure], command: str = "", baselines: dict[str, str] | None = None) -> str:
    """The figures as a Markdown table (printed, and returned for a JSON file or the README)."""
    lines = [f"### {title}", ""]
    if command:
        lines += ["```sh", command, "```", ""]
    lines += ["| figure | project | baseline | ratio | target | |", "|---|---|---|---|---|---|"]
    lines += [f.row() for f in figures]
    named: dict[str, list[str]] = {}  # a baseline's description -> the figures measured against it
    for name, baseline in (baselines or {}).items():
        named.setdefault(baseline, []).append(name)
    for f in figures:
        if f.baseline_name and f.name not in named.get(f.baseline_name, []):
            named.setdefault(f.baseline_name, []).append(f.name)
    if named:
        lines += ["", "Baselines:"]
        for baseline, names in named.items():
            which = "; ".join(names) if len(names) <= 2 else f"{names[0]} and {len(names) - 1} more"
            lines.append(f"- {which}: {baseline}")
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def write_json(path: Path | None, title: str, figures: list[Figure], command: str = "") -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"title": title, "command": command,
                                "figures": [asdict(f) for f in figures]}, ensure_ascii=False, indent=1),
                    encoding="utf-8")


def read_json(path: Path) -> tuple[str, str, list[Figure]]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data["title"], data.get("command", ""), [Figure(**f) for f in data["figures"]]


# ---- the GUI stall probe -------------------------------------------------------------------------------

class StallProbe:
    """A 10 ms timer on the GUI thread; ``longest`` is the longest gap between two ticks, in ms, while it ran.

    Use: ``with StallProbe() as probe: start the job; probe.wait(lambda: job_done)`` (the event loop runs in
    ``wait``); then ``probe.longest``. The probe's own jitter is part of every figure, baseline included."""

    def __init__(self, interval_ms: int = 10) -> None:
        from PySide6.QtCore import QTimer

        self.interval_ms = interval_ms
        self.gaps: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def __enter__(self) -> StallProbe:
        self._last = time.perf_counter()
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.stop()

    def wait(self, done: Callable[[], bool], timeout_s: float = 600.0) -> None:
        """Run the GUI event loop until ``done()`` (checked every tick)."""
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QApplication

        deadline = time.perf_counter() + timeout_s
        while not done():
            if time.perf_counter() > deadline:
                raise TimeoutError("the job did not finish")
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)

    @property
    def longest(self) -> float:
        return max(self.gaps, default=0.0)

    def over(self, ms: float) -> int:
        return sum(1 for g in self.gaps if g > ms)


def busy_worker_stall(seconds: float = 2.0) -> float:
    """The baseline for every stall figure: the probe's longest gap while a pure-Python loop runs on a worker
    thread for ``seconds`` (it holds the interpreter lock except when the interpreter switches threads)."""
    stop = threading.Event()

    def spin() -> None:
        n = 0
        while not stop.is_set():
            for i in range(1000):
                n += i * i

    worker = threading.Thread(target=spin, daemon=True)
    with StallProbe() as probe:
        worker.start()
        end = time.perf_counter() + seconds
        probe.wait(lambda: time.perf_counter() >= end)
        stop.set()
        worker.join()
    return probe.longest


def idle_stall(seconds: float = 1.0) -> float:
    """The probe with nothing running: its own jitter on this machine (shown beside the figures)."""
    with StallProbe() as probe:
        end = time.perf_counter() + seconds
        probe.wait(lambda: time.perf_counter() >= end)
    return probe.longest


def peak_rss_mb(pid: int | str = "self") -> float:
    """A process's peak RSS from /proc (getrusage would include a parent's peak before exec)."""
    import resource

    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_event_loop_until(done: Callable[[], bool], timeout_s: float = 600.0, check_ms: int = 5) -> None:
    """Run the GUI event loop until ``done()``, checked every ``check_ms``, sleeping in between.

    ``StallProbe.wait`` calls ``processEvents`` with a time limit, which returns at once when nothing is pending:
    its loop keeps the GUI thread busy (a whole core, and the interpreter lock) while it waits, and that load
    falls on the job measured. This one waits as an application's own event loop does."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(check_ms)

    def check() -> None:
        if done() or time.perf_counter() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    if not done():
        loop.exec()
    timer.stop()
    if not done():
        raise TimeoutError("the job did not finish")


def copy_db(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite file ``source`` at ``target`` (SQLite's backup API), replacing any there."""
    for suffix in ("", "-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


# ---- what the GUI thread does during a stall ---------------------------------------------------------------

class StallWatchdog:
    """Beside a :class:`StallProbe`: a thread that, whenever the probe has not ticked for ``threshold_ms``, takes
    the GUI thread's Python stack (``sys._current_frames``) every ``every_ms`` until it ticks again, so a stall is
    seen with what ran in it. Made on the GUI thread; ``with StallWatchdog(probe) as dog: ...``, then
    ``dog.summary()``. A stack ending in Qt's event loop means the time went in C++ (painting, a dialog shown) or
    waiting for the interpreter lock; the other threads' stacks (``all_threads``) then say who held it."""

    def __init__(self, probe: StallProbe, threshold_ms: float = 30.0, every_ms: float = 5.0,
                 all_threads: bool = False) -> None:
        self.probe = probe
        self.threshold_ms = threshold_ms
        self.every_ms = every_ms
        self.all_threads = all_threads
        self.gui_thread = threading.get_ident()
        self.samples: list[tuple[float, str]] = []  # (the gap's start as in ``when``, the stacks)
        # each gap over the threshold: (its length, the GUI thread's time on a processor in it, its time waiting
        # for one, runnable but not running), all in ms, from Linux's /proc/…/schedstat (empty elsewhere): a gap
        # spent waiting is the machine's load, one spent running is the app's own work
        self.gaps: list[tuple[float, float, float]] = []
        self._schedstat = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat")
        self.when: list[float] = []  # each gap's start, in ms from the watchdog's
        self.started = time.perf_counter()
        self._at_start = (0.0, 0.0)
        # while watched: seconds, and the GUI thread's ms running and waiting for a processor (from schedstat)
        self.total = (0.0, 0.0, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True, name="stall-watchdog")

    def __enter__(self) -> StallWatchdog:
        self._at_start = self._sched()
        self.started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        run, wait = self._sched()
        self.total = (time.perf_counter() - self.started, run - self._at_start[0], wait - self._at_start[1])

    def _watch(self) -> None:
        import sys
        import traceback

        before: tuple[float, float, float] | None = None  # (tick, run, wait) at the last tick seen
        in_gap = False
        while not self._stop.wait(self.every_ms / 1000):
            last = self.probe._last
            since = (time.perf_counter() - last) * 1000
            if before is None or last != before[0]:  # the probe ticked since the last look
                run, wait = self._sched()
                if in_gap and before is not None and self.probe.gaps:
                    self.gaps.append((self.probe.gaps[-1], run - before[1], wait - before[2]))
                    self.when.append((before[0] - self.started) * 1000)
                in_gap = False
                before = (last, run, wait)
            if since < self.threshold_ms or not self.probe._timer.isActive():
                continue
            in_gap = True
            frames = sys._current_frames()
            names = {t.ident: t.name for t in threading.enumerate()}
            parts = []
            for ident, frame in frames.items():
                if ident == self.gui_thread or (self.all_threads and ident != threading.get_ident()):
                    which = "GUI thread" if ident == self.gui_thread else names.get(ident, str(ident))
                    parts.append(f"-- {which}\n" + "".join(traceback.format_stack(frame)[-12:]))
            self.samples.append(((last - self.started) * 1000, "".join(parts)))

    def summary(self, top: int = 8) -> str:
        """The stacks seen most often during stalls, with how many samples each."""
        counts: dict[str, int] = {}
        for _since, stack in self.samples:
            counts[stack] = counts.get(stack, 0) + 1
        seconds, run, wait = self.total
        lines = [f"{len(self.samples)} samples during stalls over {self.threshold_ms:g} ms; in {seconds:.1f} s the "
                 f"GUI thread ran {run:.0f} ms and waited {wait:.0f} ms for a processor"]
        if self.gaps:
            lines.append("longest gaps (ms): at / length / GUI thread running / waiting for a processor / last "
                         "frame of the GUI thread seen in it")
            gaps = sorted(zip(self.when, self.gaps, strict=True), key=lambda g: -g[1][0])[:12]
            for at, (g, r, w) in gaps:
                seen = {stack.split("-- GUI thread\n")[-1].strip().splitlines()[-2].strip()
                        for start, stack in self.samples if abs(start - at) < 1 and "-- GUI thread" in stack}
                lines.append(f"  {at:8.0f} {g:6.0f} {r:6.1f} {w:6.1f}  {' | '.join(sorted(seen))}")
        for stack, n in sorted(counts.items(), key=lambda kv: -kv[1])[:top]:
            lines.append(f"== {n} samples\n{stack}")
        return "\n".join(lines)

    def _sched(self) -> tuple[float, float]:
        try:
            run, wait, _slices = self._schedstat.read_text().split()
        except (OSError, ValueError):
            return 0.0, 0.0
        return int(run) / 1e6, int(wait) / 1e6


ROWS_SHOWN = 40  # the rows a list window shows


def qsql_list(path: Path, list_sql: str, table: str, paint: bool) -> float:
    """The baseline of a list: ``count(*)`` of ``table``, then a ``QSqlQueryModel`` on ``list_sql`` (its first
    fetch), painted in a ``QTableView`` when ``paint``, else the rows a window shows read; ms."""
    from PySide6.QtSql import QSqlDatabase, QSqlQuery, QSqlQueryModel
    from PySide6.QtWidgets import QApplication, QTableView

    name = f"baseline-{time.perf_counter_ns()}"
    start = time.perf_counter()
    conn = QSqlDatabase.addDatabase("QSQLITE", name)
    conn.setDatabaseName(str(path))
    conn.open()
    count = QSqlQuery(f"SELECT count(*) FROM {table}", conn)
    count.next()
    model = QSqlQueryModel()
    model.setQuery(list_sql, conn)
    if paint:
        view = QTableView()
        view.setModel(model)
        view.resize(1200, 760)
        view.show()
        view.repaint()
        QApplication.processEvents()
        view.close()
    else:
        for row in range(ROWS_SHOWN):
            for column in range(model.columnCount()):
                model.data(model.index(row, column))
    took = (time.perf_counter() - start) * 1000
    model.clear()
    del model, count
    conn.close()
    del conn
    QSqlDatabase.removeDatabase(name)
    return took


def page_first_paint(make_page: Callable[[], Any]) -> float:
    """A list page built, shown and painted with its first rows (queried off the GUI thread), then closed; ms.
    ``make_page()`` gives a page with ``table`` and a ``LazyTableModel`` as ``model``."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    start = time.perf_counter()
    page = make_page()
    watch = PaintWatch()
    page.table.viewport().installEventFilter(watch)
    page.resize(1200, 760)
    page.show()
    while not watch.painted or page.model.searching or page.model.rowCount() == 0:
        QApplication.processEvents()
    took = (time.perf_counter() - start) * 1000
    page.close()
    page.deleteLater()
    QApplication.processEvents()
    return took
