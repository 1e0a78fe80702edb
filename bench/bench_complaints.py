"""Complaints list benchmark (issue 13): 100,000 complaints, each figure against a baseline measured in the same
run, median of alternating runs.

    python bench/bench_complaints.py [--complaints 100000] [--runs 5] [--reuse] [--json-out FILE]
                                     [--data-dir bench/out/station-complaints]

- *first paint*: the 投诉管理 page built, its first rows in and painted, against a ``QTableView`` on a
  ``QSqlQueryModel`` of the same columns and order from the same file after a ``count(*)``; limit 100 ms.
- *filters and 3+ character searches*: count plus the 40 rows a window shows, through the table model, against
  the same for the default list with ``QSqlQueryModel``; limit 100 ms each.
- *the dashboard's complaint numbers*: against one indexed ``count(*)`` with the sqlite3 module.

The station: 2,000 clients, 5,000 requests and the complaints, made by ``demo-data`` (its time is printed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import ROWS_SHOWN, Figure, compare, page_first_paint, qsql_list, report, timed_ms, write_json

PASSWORD = "bench-kapok-2026"
LIMIT_MS = 100.0
LIST_SQL = (
    "SELECT k.number, k.status, k.due_on, coalesce(cl.name, '') || ' ' || k.complainant_name, "
    "coalesce(r.number, '') || coalesce(st.name, '') || coalesce(i.name, ''), coalesce(cat.name, ''), k.channel, "
    "k.received_at, coalesce(a.name, ''), substr(k.what_happened, 1, 80) FROM complaint k "
    "LEFT JOIN client cl ON cl.id = k.client_id LEFT JOIN service_request r ON r.id = k.about_request_id "
    "LEFT JOIN staff st ON st.id = k.about_staff_id LEFT JOIN institution i ON i.id = k.about_institution_id "
    "LEFT JOIN catalogue_category cat ON cat.id = k.category_id LEFT JOIN staff a ON a.id = k.assigned_to "
    "ORDER BY k.received_at DESC, k.id DESC")


def build(data_dir: Path, count: int, reuse: bool) -> None:
    from desktop.demo import demo_clients, demo_complaints, demo_requests
    from desktop.models.accounts import staff
    from desktop.models.core import station
    from desktop.models.core.db import Database
    from desktop.paths import database_path

    path = database_path(data_dir)
    if reuse and path.exists():
        with sqlite3.connect(path) as conn:
            have = conn.execute("SELECT count(*) FROM complaint").fetchone()[0]
        if have >= count:
            print(f"reusing {have:,} complaints in {data_dir}")
            return
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    db = Database(path)
    try:
        admin = station.setup(db, station.StationInput("LZ-BENCH", "基准测试站", "district", "鱼峰区"), "admin",
                              "基准管理员", PASSWORD)
        for n, role in enumerate(("clerk", "clerk", "field_officer")):
            staff.create_staff(db, admin, f"{role}-{n}", f"{role} {n}", role, f"{PASSWORD}-{n}")
        demo_clients.generate_clients(db, 2000, admin)
        demo_requests.generate_requests(db, 5000, admin)
        started = time.perf_counter()
        demo_complaints.generate_complaints(db, count, admin)
        print(f"demo-data --complaints {count:,}: {time.perf_counter() - started:.1f} s")
    finally:
        db.close()


def list_baseline(path: Path, paint: bool) -> float:
    """``count(*)`` and the list's columns and order through ``QSqlQueryModel`` (``common.qsql_list``); ms."""
    return qsql_list(path, LIST_SQL, "complaint", paint)


def first_paint(ctx, path: Path, runs: int) -> Figure:  # type: ignore[no-untyped-def]
    from desktop.views.complaints.complaints_page import ComplaintsPage

    def once() -> float:
        return page_first_paint(lambda: ComplaintsPage(ctx))

    figure = compare("complaints list first paint (page built, rows painted)", once, lambda: list_baseline(path, True),
                     runs, baseline_name="QTableView + QSqlQueryModel, same columns and order, after count(*), "
                     "painted")
    figure.limit = LIMIT_MS
    return figure


def through_model(ctx, path: Path, runs: int) -> list[Figure]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from desktop.models.complaints.complaint_list import ComplaintQuery, run_query
    from desktop.models.core.clock import local_today
    from desktop.views.complaints.complaint_table import ComplaintTableModel

    viewer = ctx.user_id
    model = ComplaintTableModel(ctx.db, ctx.tasks, viewer)
    queries = {
        "open complaints": ComplaintQuery(viewer, statuses=("received", "accepted", "assessed", "investigated",
                                                             "forwarded", "replied", "decided", "told")),
        "overdue, by due date": ComplaintQuery(viewer, due="overdue", sort="due_on", descending=False),
        "valid complaints about staff": ComplaintQuery(viewer, validity="valid", subject="staff"),
        "channel: letter": ComplaintQuery(viewer, channel="letter"),
        "sort by status": ComplaintQuery(viewer, sort="status", descending=False),
        "search '检定证书'": ComplaintQuery(viewer, text="检定证书"),
        "search '收费高于公示'": ComplaintQuery(viewer, text="收费高于公示"),
        "search '韦秀英'": ComplaintQuery(viewer, text="韦秀英"),
        "search a number 'LZ-BENCH-TS-2026'": ComplaintQuery(viewer, text="LZ-BENCH-TS-2026"),
    }

    def settle() -> None:
        while model.searching:
            QApplication.processEvents()

    def one(q: object) -> float:
        model.request(ComplaintQuery(viewer))
        settle()
        start = time.perf_counter()
        model.request(q)  # type: ignore[arg-type]
        settle()
        for row in range(min(ROWS_SHOWN, model.rowCount())):
            for column in range(model.columnCount()):
                model.data(model.index(row, column))
        return (time.perf_counter() - start) * 1000

    figures = []
    for name, q in queries.items():
        found = run_query(ctx.db, q, local_today()).count
        figure = compare(f"{name} ({found:,})", lambda q=q: one(q), lambda: list_baseline(path, False), runs,
                         baseline_name="count(*) + 40 rows of the default list, QSqlQueryModel")
        figure.limit = LIMIT_MS
        figures.append(figure)
    return figures


def dashboard(ctx, path: Path, runs: int) -> Figure:  # type: ignore[no-untyped-def]
    from desktop.models.complaints import complaint_stats
    from desktop.models.core.clock import local_today

    def bare() -> float:
        start = time.perf_counter()
        with sqlite3.connect(path) as conn:
            conn.execute("SELECT count(*) FROM complaint WHERE status = 'received'").fetchone()
        return (time.perf_counter() - start) * 1000

    figure = compare("dashboard: the complaint numbers", lambda: timed_ms(
        lambda: complaint_stats.dashboard_numbers(ctx.db, ctx.user_id, local_today())), bare, runs,
        baseline_name="one indexed count(*) with the sqlite3 module")
    figure.limit = LIMIT_MS
    return figure


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out" / "station-complaints")
    args = parser.parse_args()
    print(f"Quality Station complaints benchmark: {args.complaints:,} complaints, median of {args.runs} alternating "
          f"runs, {os.cpu_count()} cores, Python {sys.version.split()[0]}", flush=True)
    build(args.data_dir, args.complaints, args.reuse)

    from desktop.app import create_application, install_translators
    from desktop.context import AppContext
    from desktop.models.accounts import staff
    from desktop.paths import database_path

    app = create_application()
    install_translators(app, "zh_CN")
    ctx = AppContext(args.data_dir)
    ctx.set_user(next(s for s in staff.list_staff(ctx.db) if s.role == "admin"))
    path = database_path(args.data_dir)
    figures = [first_paint(ctx, path, args.runs), *through_model(ctx, path, args.runs),
               dashboard(ctx, path, args.runs)]
    command = "python bench/bench_complaints.py --reuse"
    title = f"Complaints list, {args.complaints:,} complaints ({os.cpu_count()} cores, median of {args.runs} runs)"
    print(report(title, figures, command))
    write_json(args.json_out, title, figures, command)
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
