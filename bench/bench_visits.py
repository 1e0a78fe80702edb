"""Printed-record benchmark: a signed 现场服务记录 PDF against a minimal reportlab page, and the batch export of
1,000 signed records on every core against one, with the window's longest stall meanwhile.

    python bench/bench_visits.py [--records 1000] [--runs 5] [--export-runs 1] [--workers N] [--low-priority]
                                 [--reuse] [--data-dir bench/out/visits] [--json-out FILE]

Builds a station with demo requests and ``--records`` signed visits (real service calls, synthetic signatures;
``--reuse`` keeps one already built there), then measures, each against a baseline in the same run:

- a signed record's PDF, built in memory from its sealed form (each run builds 10 of 50 different records),
  against a minimal one-page reportlab document in the same font file (one paragraph; reportlab as shipped: its
  own TTFont, ASCII85 streams), both warm, alternating, median of the processor time per document; target 4x;
  and, beside it, reading the sealed record from the station;
- the cold batch export of every signed record (no archive copies: each PDF built, hashed, archived, noted and
  copied) with ``--workers`` worker processes (default: one per core) against the same export built in the
  exporting thread alone; target 1.3 / workers; and the GUI thread's longest stall meanwhile (a 10 ms timer,
  the export running on a worker thread as the app runs it, the app's garbage collection) against the same
  probe beside a pure-Python busy thread for as long; limit 50 ms;
- figures without a target: the warm export (archive copies checked by hash and copied), how long a cancel
  takes to be honoured, verifying a PDF, the peak RSS.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import shutil
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# A worker process of the export is started by "spawn", which runs this script again first (as "__mp_main__"):
# it needs none of it, and the app's workers, started from ``python -m desktop``, import nothing of their main
# module. So the worker's start-up is the app's, not this script's imports as well.
if __name__ != "__mp_main__":
    from common import (
        Figure,
        StallProbe,
        busy_worker_stall,
        compare,
        idle_stall,
        peak_rss_mb,
        report,
        run_event_loop_until,
        write_json,
    )

    from desktop.demo import demo_clients, demo_requests, demo_visits
    from desktop.models.accounts import staff
    from desktop.models.core import station
    from desktop.models.core.db import Database
    from desktop.models.visits import records
    from desktop.paths import database_path
    from desktop.printing import archive, batch, fonts
    from desktop.printing.verify import verify_pdf
    from desktop.printing.visit_record import build_visit_record

PER_RUN = 10  # documents built per measurement (the median is over runs of their mean)
BASELINE_FONT = "BaselineCJK"


def build_station(data_dir: Path, count: int) -> Database:
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    db = Database(database_path(data_dir))
    admin = station.setup(db, station.StationInput("LZ-BENCH", "柳州市鱼峰区质量服务站", "district", "鱼峰区",
                                                   "柳州市鱼峰区文昌路 1 号", "0772-2800000", "zlfw@example.cn"),
                          "admin", "管理员", "bench-kapok-2026")
    staff.create_staff(db, admin, "field", "王小明", "field_officer", "bench-kapok-2026")
    demo_clients.generate_clients(db, 2000, admin)
    demo_requests.generate_requests(db, count * 4, admin)
    start = time.perf_counter()
    made = demo_visits.generate_visits(db, count, data_dir / "attachments")
    print(f"station: {len(made)} signed visits made through the services in {time.perf_counter() - start:.1f} s")
    return db


def baseline_font() -> str:
    """The documents' font file registered again as reportlab ships it (its own subsetting and widths)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    choice = fonts.cjk_font()
    if not choice.embedded:
        return choice.name
    face = pdfmetrics.getFont(choice.name).face
    pdfmetrics.registerFont(TTFont(BASELINE_FONT, face.filename, subfontIndex=int(face.subfontNameX[1:] or 0)))
    return BASELINE_FONT


def minimal_page(font: str) -> None:
    """One page, one paragraph of Chinese text, reportlab's defaults."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    doc = SimpleDocTemplate(io.BytesIO(), invariant=1, initialFontName=font)
    doc.build([Paragraph("柳州市鱼峰区质量服务站现场服务记录：检查企业计量器具台账，核对检定证书。", style)])


def timed_each(fn: Callable[[], object], count: int) -> float:
    """The mean processor time of ``count`` calls on this thread, in ms (what the machine's other processes
    take meanwhile is not counted: on a shared machine that is most of the noise)."""
    start = time.thread_time()
    for _ in range(count):
        fn()
    return (time.thread_time() - start) * 1000 / count


def record_figures(db: Database, ids: list[int], runs: int) -> list[Figure]:
    """The PDF built from the sealed record (read beforehand) against the minimal page; and reading the record."""
    font = baseline_font()
    contents = [records.record_content(db, v) for v in ids[:50]]
    sealed: Iterator[records.RecordContent] = itertools.cycle(contents)
    cycle: Iterator[int] = itertools.cycle(ids)
    build = compare("signed record PDF (built in memory from the sealed record, CPU time)",
                    lambda: timed_each(lambda: build_visit_record(next(sealed), io.BytesIO()), PER_RUN),
                    lambda: timed_each(lambda: minimal_page(font), PER_RUN), runs, target=4.0,
                    note=f"{len(contents)} different records",
                    baseline_name="a one-page reportlab document, one paragraph, the same font file (reportlab's "
                                  "own TTFont and defaults), built warm in the same process")
    read = Figure("reading the sealed record from the station (record_content, CPU time)",
                  statistics.median(timed_each(lambda: records.record_content(db, next(cycle)), PER_RUN)
                                    for _ in range(runs)))
    return [build, read]


def run_export(db: Database, data_dir: Path, ids: list[int], workers: int, folder: str,
               probe: bool = True) -> tuple[float, float, int]:
    """A cold export on a worker thread (as the app runs it) under the stall probe: (seconds, longest stall in
    ms, records written)."""
    shutil.rmtree(archive.archive_dir(data_dir), ignore_errors=True)  # cold: every archive copy made again
    target = data_dir / folder
    shutil.rmtree(target, ignore_errors=True)
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = archive.export_signed_records(db, data_dir, ids, target, workers=workers)
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=work)
    start = time.perf_counter()
    with StallProbe() as p:
        thread.start()
        # the event loop sleeps between events as the app's does (StallProbe.wait's loop would take a core and the
        # interpreter lock from the export it measures)
        run_event_loop_until(lambda: not thread.is_alive(), timeout_s=1800)
    elapsed = time.perf_counter() - start
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return elapsed, p.longest if probe else 0.0, outcome["result"].written


def export_figures(db: Database, data_dir: Path, ids: list[int], workers: int, runs: int) -> list[Figure]:
    stalls: dict[int, list[float]] = {workers: [], 1: []}
    written: set[int] = set()

    durations: list[float] = []

    def timed(n: int) -> Callable[[], float]:
        def once() -> float:
            seconds, stall, count = run_export(db, data_dir, ids, n, f"export-{n}")
            stalls[n].append(stall)
            written.add(count)
            if n == workers:
                durations.append(seconds)
            print(f"  export with {n} worker(s): {seconds:.1f} s, longest stall {stall:.0f} ms", flush=True)
            return seconds

        return once

    figure = compare(f"batch export of {len(ids):,} signed records, cold, {workers} worker processes", timed(workers),
                     timed(1), runs, unit="s", target=round(1.3 / workers, 2), warm_up=False,
                     baseline_name="the same export, every PDF built in the exporting thread")
    assert written == {len(ids)}, written
    # the longest gap grows with the time watched: the busy thread is watched as long as the export was
    busy = busy_worker_stall(min(30.0, max(durations)))
    stall = Figure(f"longest GUI stall during the export with {workers} workers", max(stalls[workers]), busy,
                   limit=50.0, note=f"{len(ids):,} records",
                   baseline_name="the same 10 ms probe beside a pure-Python busy thread, watched as long "
                                 "(at most 30 s)")
    in_thread = Figure("longest GUI stall, the same export built in the exporting thread", max(stalls[1]), busy,
                       note="for comparison")
    return [figure, stall, in_thread]


def warm_and_cancel(db: Database, data_dir: Path, ids: list[int]) -> list[Figure]:
    folder = data_dir / "export-warm"
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    result = archive.export_signed_records(db, data_dir, ids, folder)
    warm = Figure(f"batch export of {result.written:,} records, warm (archive copies checked and copied)",
                  time.perf_counter() - start, unit="s")
    asked: list[float] = []
    seen: list[int] = []

    def cancel_after_100() -> bool:
        if not asked and len(seen) >= 100:
            asked.append(time.perf_counter())
        return bool(asked)

    shutil.rmtree(archive.archive_dir(data_dir), ignore_errors=True)
    shutil.rmtree(data_dir / "export-cancel", ignore_errors=True)
    result = archive.export_signed_records(db, data_dir, ids, data_dir / "export-cancel",
                                           progress=lambda done, _t: seen.append(done), cancelled=cancel_after_100)
    cancel = Figure("cancel honoured, cold export on every core", (time.perf_counter() - asked[0]) * 1000
                    if asked else 0.0, note=f"stopped after {result.written} of {result.total}")
    return [warm, cancel]


def verify_figures(db: Database, data_dir: Path, ids: list[int]) -> list[Figure]:
    path, _doc = archive.archive_signed_record(db, data_dir, ids[0])
    start = time.perf_counter()
    verdict = verify_pdf(db, data_dir, path)
    archived = Figure("verify the archived PDF", (time.perf_counter() - start) * 1000, note=verdict.outcome)
    copy = data_dir / "printed-again.pdf"
    build_visit_record(records.record_content(db, ids[0]), copy)
    with copy.open("ab") as f:
        f.write(b"\n% re-saved\n")
    start = time.perf_counter()
    verdict = verify_pdf(db, data_dir, copy)
    again = Figure("verify a copy printed again (text compared)", (time.perf_counter() - start) * 1000,
                   note=verdict.outcome)
    return [archived, again]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--export-runs", type=int, default=1, help="alternating cold exports of each kind")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--low-priority", action="store_true",
                        help="workers below normal priority, as the app runs them (on a machine busy with other "
                             "work that measures the scheduler, not the export: by default they run at this "
                             "process's priority, as the export built in one thread does)")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out" / "visits")
    parser.add_argument("--reuse", action="store_true", help="measure the station already built there")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    batch.LOWER_PRIORITY = args.low_priority
    data_dir: Path = args.data_dir
    if args.reuse and database_path(data_dir).exists():
        db = Database(database_path(data_dir))
    else:
        db = build_station(data_dir, args.records)
    ids = archive.signed_visit_ids(db)[: args.records]
    start = time.perf_counter()
    font = fonts.cjk_font()
    print(f"signed records: {len(ids)}; font: {font.label}, first load {(time.perf_counter() - start) * 1000:.0f} ms; "
          f"probe idle jitter {idle_stall(1.0):.0f} ms", flush=True)

    figures = record_figures(db, ids, args.runs)
    print("\n".join(f.row() for f in figures), flush=True)
    from desktop.app import GuiThreadCollector

    collector = GuiThreadCollector()  # the app's garbage collection: on the GUI thread, start-up objects frozen
    GuiThreadCollector.freeze_start_up()
    figures += export_figures(db, data_dir, ids, args.workers, args.export_runs)
    figures += warm_and_cancel(db, data_dir, ids)
    figures += verify_figures(db, data_dir, ids)
    figures.append(Figure("peak RSS of the exporting process", peak_rss_mb(), unit="MB"))
    db.close()
    del collector, app
    title = f"Printed records: signed PDF and batch export ({len(ids):,} records, {args.workers} workers)"
    command = ("python bench/bench_visits.py --reuse" + (f" --runs {args.runs}" if args.runs != 5 else "")
               + (" --low-priority" if args.low_priority else ""))
    report(title, figures, command)
    write_json(args.json_out, title, figures, command)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
