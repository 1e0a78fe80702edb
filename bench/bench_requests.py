"""Service-request benchmark: a station with 200,000 clients and 1,000,000 requests, each figure against a baseline.

    python bench/bench_requests.py [--clients 200000] [--requests 1000000] [--runs 5]
                                   [--data-dir bench/out/station-1m] [--reuse] [--json-out FILE]

Builds the station with the demo generator (``--reuse``: keep one already built there; the build's time is then
not measured), then prints, as project / baseline / ratio (medians of alternating runs, ``common.py``):

- *start*: a fresh process to its first window painted on this station, as a clerk starts it (the log-in window;
  the database opens behind it: ``desktop.opening``), against a fresh process painting an empty ``QMainWindow``;
  from the same processes, the station open behind the log-in and the password checked to the main window
  painted; and (another child) the main window painted with the log-in skipped. All run from compiled bytecode,
  as an installed app does (the script compiles ``desktop`` first).
- *peak RSS*: the app's process after opening the requests list, three searches and a scroll to the last row,
  against the empty window's process.
- *requests list first paint*: ``RequestsPage`` built, shown and painted with its first rows, against a
  ``QTableView`` on a ``QSqlQueryModel`` painted with the same columns in the same order from the same file, after
  a ``count(*)``.
- *filters and 3+ character searches*: count plus the 40 rows a window shows, through the table model, against
  the same for the default list with ``QSqlQueryModel`` (the floor of any list); limit 100 ms.
- *dashboard*: every count the dashboard shows, against one indexed ``count(*)`` with the sqlite3 module;
  limit 100 ms.
- *open a request with ~50 events* (``get_request``), against the same rows read with the sqlite3 module;
  limit 10 ms.
1–2 character searches are measured by bench_search.py.

"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import ROWS_SHOWN, Figure, compare, median, page_first_paint, qsql_list, report, timed_ms, write_json

PASSWORD = "bench-kapok-2026"
LONG_QUERIES = ("螺蛳粉", "强制检定", "商标注册", "压力容器", "食品生产许可", "金桥鑫源", "LZ-BENCH-20250314")
STAFF = (("wangfang", "王芳", "clerk"), ("lijun", "李军", "clerk"), ("qinmei", "覃春梅", "clerk"),
         ("weiqiang", "韦强", "field_officer"), ("liuyang", "刘洋", "field_officer"))
# the requests list's columns and order, as one SQL statement (the QSqlQueryModel baseline)
LIST_SQL = (
    "SELECT r.number, c.name, r.status, (SELECT group_concat(cc.name, '、') FROM request_category rc "
    "JOIN catalogue_category cc ON cc.id = rc.category_id WHERE rc.request_id = r.id), r.channel, r.district, "
    "r.received_at, coalesce(st.name, ''), r.due_on, coalesce(i.name, '') FROM service_request r "
    "JOIN client c ON c.id = r.client_id LEFT JOIN staff st ON st.id = r.handler_id "
    "LEFT JOIN institution i ON i.id = r.institution_id ORDER BY r.received_at DESC")


def count_rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def build_station(data_dir: Path, clients: int, count: int, reuse: bool) -> list[Figure]:
    """The station to measure; the generator's own time when it was built now (limit: 4 minutes in all)."""
    from desktop.demo import demo_clients, demo_requests
    from desktop.models.accounts import staff
    from desktop.models.core import station
    from desktop.models.core.db import Database
    from desktop.paths import database_path

    if not reuse and data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    db = Database(database_path(data_dir))
    built = False
    try:
        if not station.is_set_up(db):
            station.setup(db, station.StationInput("LZ-BENCH", "基准测试站", "district", "鱼峰区"),
                          "admin", "基准管理员", PASSWORD)
        admin = next(s.id for s in staff.list_staff(db) if s.role == "admin")
        if len(staff.list_staff(db)) == 1:  # requests are handled by several people
            for n, (login, name, role) in enumerate(STAFF):
                staff.create_staff(db, admin, login, name, role, f"{PASSWORD}-{n}")
        have = count_rows(db.path, "client")
        if have < clients:
            built = True
            demo_clients.generate_clients(db, clients - have, admin)
        have = count_rows(db.path, "service_request")
        if have < count:
            built = True

            def show(done: int, total: int) -> None:
                print(f"\r  requests {done:,} / {total:,}  {time.perf_counter() - started:.0f} s", end="",
                      flush=True)

            demo_requests.generate_requests(db, count - have, admin, progress=show)
            print()
        else:
            print(f"reusing {have:,} requests in {data_dir}")
    finally:
        db.close()
    if not built:
        return []
    return [Figure(f"build the station (demo-data: {clients:,} clients, {count:,} requests)",
                   time.perf_counter() - started, unit="s", limit=240.0)]


# ---- start-up: child processes (start_probes.py) --------------------------------------------------------

def _child(*args: str) -> dict[str, float]:
    started = time.time()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "start_probes.py"), *args], capture_output=True,
                         text=True,
                         check=True, env=env)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["started"] = started
    return result


def start_figures(data_dir: Path, runs: int) -> list[Figure]:
    compileall.compile_dir(str(ROOT / "desktop"), quiet=1)  # as installed: from bytecode
    rss: dict[str, list[float]] = {"app": [], "empty": []}
    page: list[float] = []
    main: list[float] = []
    login: dict[str, list[float]] = {"open": [], "ok": []}

    def app() -> float:  # as a clerk starts it, then with the log-in skipped
        r = _child("login", str(data_dir))
        login["open"].append((r["opened"] - r["started"]) * 1000)
        login["ok"].append((r["main_painted"] - r["ok"]) * 1000)
        r2 = _child("main", str(data_dir))
        rss["app"].append(r2["peak_rss_mb"])
        page.append((r2["requests_painted"] - r2["requests_opened"]) * 1000)
        main.append((r2["window_painted"] - r2["started"]) * 1000)
        return (r["login_painted"] - r["started"]) * 1000

    def empty() -> float:
        r = _child("empty")
        rss["empty"].append(r["peak_rss_mb"])
        return (r["window_painted"] - r["started"]) * 1000

    start = compare("start: fresh process to its first window (the log-in) painted", app, empty, runs,
                    target=3.0, baseline_name="a fresh process painting an empty QMainWindow")
    base = start.baseline_name
    skipped = Figure("start with the log-in skipped: fresh process to the main window painted",
                     median(main[-runs:]), start.baseline, baseline_name=base)
    behind = Figure("start: fresh process to the station open behind the log-in window (ready to log in)",
                    median(login["open"][-runs:]), start.baseline, baseline_name=base)
    ok = Figure("log-in: the password checked (Argon2id) to the main window painted",
                median(login["ok"][-runs:]), limit=1000.0)
    memory = Figure("peak RSS with the list opened, searched and scrolled to the end", max(rss["app"]),
                    max(rss["empty"]), unit="MB", limit=200.0, baseline_name="the empty QMainWindow's process")
    opened = Figure("requests page opened from the main window to its rows painted (same processes)",
                    median(page[-runs:]), limit=100.0)
    return [start, behind, skipped, ok, memory, opened]


# ---- in this process ------------------------------------------------------------------------------------

def list_baseline(path: Path, paint: bool) -> float:
    """``count(*)`` and the list's columns and order through ``QSqlQueryModel`` (``common.qsql_list``); ms."""
    return qsql_list(path, LIST_SQL, "service_request", paint)


def first_paint(ctx, path: Path, runs: int) -> Figure:  # type: ignore[no-untyped-def]
    from desktop.views.requests.requests_page import RequestsPage

    def once() -> float:
        return page_first_paint(lambda: RequestsPage(ctx))

    return compare("requests list first paint (page built, rows painted)", once, lambda: list_baseline(path, True),
                   runs, target=1.5, baseline_name="QTableView + QSqlQueryModel, same columns and order, "
                   "after count(*), painted")


def through_model(ctx, queries: dict[str, object], path: Path, runs: int) -> list[Figure]:  # type: ignore[no-untyped-def]
    """Count plus the rows a window shows, as the page gets them (request, the answer, then data())."""
    from PySide6.QtWidgets import QApplication

    from desktop.models.core.clock import local_today
    from desktop.models.requests import request_list
    from desktop.models.requests.request_list import RequestQuery
    from desktop.views.requests.request_table import RequestTableModel

    model = RequestTableModel(ctx.db, ctx.tasks)

    def settle() -> None:
        while model.searching:  # the query runs off the GUI thread
            QApplication.processEvents()

    def one(q: object) -> float:
        model.request(RequestQuery())  # each from the default list
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
        found = request_list.run_query(ctx.db, q, local_today()).count  # type: ignore[arg-type]
        figures.append(compare(f"{name} ({found:,})", lambda q=q: one(q), lambda: list_baseline(path, False), runs,
                               baseline_name="count(*) + 40 rows of the default list, QSqlQueryModel"))
        figures[-1].limit = 100.0
    return figures


def filters(ctx, admin: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from desktop.models.catalogue import catalogue
    from desktop.models.core.clock import local_today
    from desktop.models.requests.request_list import OPEN_STATUSES, RequestQuery

    today = local_today()
    cats = {c.clause: c.id for c in catalogue.list_catalogue(ctx.db)}
    year_2024 = dict(received_from=today.replace(year=2024, month=1, day=1),
                     received_to=today.replace(year=2024, month=12, day=31))
    return {
        "default list (newest first)": RequestQuery(),
        "status: referred": RequestQuery(statuses=("referred",)),
        "status: archived": RequestQuery(statuses=("archived",)),
        "status: open ones": RequestQuery(statuses=OPEN_STATUSES),
        "category 5.4 inspection": RequestQuery(category_id=cats["5.4"]),
        "channel: website": RequestQuery(channel="website"),
        "district: 柳南区": RequestQuery(district="柳南区"),
        "received in the last 30 days": RequestQuery(received_from=today - timedelta(days=30), received_to=today),
        "received in 2024": RequestQuery(**year_2024),  # type: ignore[arg-type]
        "handler: admin": RequestQuery(handler_id=admin),
        "due: overdue": RequestQuery(due="overdue"),
        "sort by client": RequestQuery(sort="client", descending=False),
        "sort by status": RequestQuery(sort="status", descending=False),
        "sort by due date": RequestQuery(sort="due_on", descending=False),
        "overdue + category 5.1, by due date": RequestQuery(due="overdue", category_id=cats["5.1"], sort="due_on"),
        "website + 柳南区 + 2024": RequestQuery(channel="website", district="柳南区", **year_2024),  # type: ignore[arg-type]
    }


def raw_request(path: Path, request_id: int) -> float:
    """The baseline for opening a request: its rows read with the sqlite3 module, no objects made; ms."""
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT * FROM service_request WHERE id = ?", (request_id,)).fetchall()
        conn.execute("SELECT c.* FROM client c JOIN service_request r ON r.client_id = c.id WHERE r.id = ?",
                     (request_id,)).fetchall()
        for table in ("request_event", "referral", "evaluation", "request_attachment", "request_item"):
            conn.execute(f"SELECT * FROM {table} WHERE request_id = ? ORDER BY rowid", (request_id,)).fetchall()
        conn.execute("SELECT id, name FROM staff").fetchall()
    finally:
        conn.close()
    return (time.perf_counter() - start) * 1000


def one_count(path: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT count(*) FROM service_request WHERE due_on = date('now')").fetchone()
    finally:
        conn.close()
    return (time.perf_counter() - start) * 1000


def station_arguments() -> argparse.ArgumentParser:
    """The arguments of every benchmark on the 1M-request station (this one and bench_search.py)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out" / "station-1m")
    parser.add_argument("--reuse", action="store_true", help="measure the station already built there")
    parser.add_argument("--json-out", type=Path)
    return parser


def main() -> int:
    args = station_arguments().parse_args()
    print(f"Quality Station request benchmark: {args.requests:,} requests, {args.clients:,} clients, median of "
          f"{args.runs} alternating runs, {os.cpu_count()} cores, Python {sys.version.split()[0]}", flush=True)
    figures = build_station(args.data_dir, args.clients, args.requests, args.reuse)
    figures += start_figures(args.data_dir, args.runs)

    from desktop.app import create_application, install_translators
    from desktop.context import AppContext
    from desktop.demo import demo_requests
    from desktop.models.accounts import staff
    from desktop.models.core.clock import local_today
    from desktop.models.requests import request_dashboard, request_detail
    from desktop.models.requests.request_list import RequestQuery
    from desktop.paths import database_path

    app = create_application()
    ctx = AppContext(args.data_dir)
    install_translators(app, "zh_CN")
    path = database_path(args.data_dir)
    admin = next(s for s in staff.list_staff(ctx.db) if s.role == "admin")
    ctx.set_user(admin)
    figures.append(first_paint(ctx, path, args.runs))
    figures += through_model(ctx, filters(ctx, admin.id), path, args.runs)
    figures += through_model(ctx, {f"search {q!r}": RequestQuery(text=q) for q in LONG_QUERIES}, path, args.runs)
    today = local_today()
    dashboard = compare("dashboard: every count it shows", lambda: timed_ms(
        lambda: request_dashboard.dashboard_numbers(ctx.db, admin.id, today)), lambda: one_count(path), args.runs,
        baseline_name="one indexed count(*) with the sqlite3 module")
    dashboard.limit = 100.0
    figures.append(dashboard)
    long_ids = demo_requests.long_timeline_ids(ctx.db)
    if long_ids:
        rid = long_ids[0]
        events = len(request_detail.get_request(ctx.db, rid).events)
        opened = compare(f"open a request with {events} events (get_request)",
                         lambda: timed_ms(lambda: request_detail.get_request(ctx.db, rid)),
                         lambda: raw_request(path, rid), args.runs,
                         baseline_name="its rows read with the sqlite3 module")
        opened.limit = 10.0
        figures.append(opened)
    ctx.close()
    title = f"Service requests: {args.requests:,} requests, {args.clients:,} clients"
    command = "python bench/bench_requests.py --reuse"
    report(title, figures, command)
    write_json(args.json_out, title, figures, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
