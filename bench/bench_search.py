"""Search benchmark: 1–2 character terms through the character indexes, against a plain LIKE scan, at 1M / 200k.

    python bench/bench_search.py [--data-dir bench/out/station-1m] [--reuse] [--runs 5] [--json-out FILE]

The station is the one bench_requests.py builds (200,000 clients, 1,000,000 requests; without ``--reuse`` it is
built first; with it, measured as it is). Opening it brings it to the newest revision: the upgrade's time is a
figure when migration 0012 (the character indexes) ran. Then, as project / baseline / ratio (medians of
alternating runs, ``common.py``):

- *search*: for clients (柳, 覃, 张伟, 螺蛳, 桂中) and requests (柳, 覃, 电梯, 计量, 检验), the count and the first
  40 rows the list shows, through the functions the list's table model calls (``run``, then ``rows_by_id`` or
  ``page``), against a plain ``LIKE '%x%'`` count and the first 40 rows in the same order, same columns, with
  the sqlite3 module on the same file. Target 0.25×. Terms of 3+ characters (the trigram index) are reported
  beside them, without a target.
- *GUI stall*: the longest gap of a 10 ms GUI-thread timer while the real list model (``lazy_table.py``) runs a
  1–2 character search at 1M and shows its first page; limit 50 ms, against a pure-Python busy worker.
- *writes*: changing a request's search text (the character index's triggers delete and add its document),
  per row, against the same update with the character index's triggers set aside (rolled back: the station is
  left as it was).
- *size*: each character index on disk, against the trigram index of the same table.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import ROWS_SHOWN, Figure, StallProbe, busy_worker_stall, compare, report, timed_ms, write_json

CLIENT_TERMS = ("柳", "覃", "张伟", "螺蛳", "桂中")
REQUEST_TERMS = ("柳", "覃", "电梯", "计量", "检验")
CLIENT_LONG = ("螺蛳粉", "有限公司", "柳州市")
REQUEST_LONG = ("螺蛳粉", "强制检定", "柳州市")
STALL_TERMS = ("柳", "覃", "电梯")
TARGET = 0.25
STALL_LIMIT = 50.0
# the lists' rows with the sqlite3 module: the same columns as rows_by_id, in the list's default order
CLIENT_LIKE = (
    "SELECT c.id, c.name, coalesce(c.uscc, ''), c.district, c.industry, coalesce(c.size, ''), coalesce(cc.name, ''), "
    "coalesce(cc.phone, ''), c.created_at FROM client c "
    "LEFT JOIN client_contact cc ON cc.client_id = c.id AND cc.position = 0 "
    "WHERE c.search_text LIKE ? ORDER BY c.name, c.id LIMIT 40")
REQUEST_LIKE = (
    "SELECT r.id, r.number, c.name, r.channel, r.status, r.district, r.received_at, coalesce(st.name, ''), "
    "r.due_on, coalesce(i.name, ''), r.description, (SELECT group_concat(cc.name, '、') FROM request_category rc "
    "JOIN catalogue_category cc ON cc.id = rc.category_id WHERE rc.request_id = r.id) FROM service_request r "
    "JOIN client c ON c.id = r.client_id LEFT JOIN staff st ON st.id = r.handler_id "
    "LEFT JOIN institution i ON i.id = r.institution_id "
    "WHERE r.search_text LIKE ? ORDER BY r.received_at DESC, r.id DESC LIMIT 40")


def like_scan(conn: sqlite3.Connection, table: str, rows_sql: str, term: str) -> float:
    """The baseline: a plain LIKE count and the first 40 rows in the list's order; ms."""
    start = time.perf_counter()
    pattern = f"%{term}%"
    conn.execute(f"SELECT count(*) FROM {table} WHERE search_text LIKE ?", (pattern,)).fetchone()
    conn.execute(rows_sql, (pattern,)).fetchall()
    return (time.perf_counter() - start) * 1000


def first_page(model_class, db, query, today) -> float:  # type: ignore[no-untyped-def]
    """What the list's table model does for a new query (off the GUI thread): the count and ids, then the
    first rows; ms."""
    start = time.perf_counter()
    result = model_class.run(db, query, today)
    if result.ids is not None:
        model_class.rows_by_id(db, result.ids[:ROWS_SHOWN])
    elif result.count:
        model_class.page(db, query, result, 0, ROWS_SHOWN, today)
    return (time.perf_counter() - start) * 1000


def search_figures(db, path: Path, runs: int) -> list[Figure]:  # type: ignore[no-untyped-def]
    from desktop.models.clients import clients
    from desktop.models.clients.clients import ClientQuery
    from desktop.models.core.clock import local_today
    from desktop.models.requests import request_list
    from desktop.models.requests.request_list import RequestQuery
    from desktop.views.clients.client_table import ClientTableModel
    from desktop.views.requests.request_table import RequestTableModel

    today = local_today()
    conn = sqlite3.connect(path)
    figures = []
    try:
        lists = (("clients", ClientTableModel, "client", CLIENT_LIKE, CLIENT_TERMS + CLIENT_LONG,
                  lambda t: ClientQuery(text=t), lambda q: clients.count_matching(db, q)),
                 ("requests", RequestTableModel, "service_request", REQUEST_LIKE, REQUEST_TERMS + REQUEST_LONG,
                  lambda t: RequestQuery(text=t), lambda q: request_list.count_matching(db, q, today)))
        for name, model_class, table, rows_sql, terms, make, count in lists:
            for term in terms:
                q = make(term)
                found = count(q)
                short = len(term) < 3
                figures.append(compare(
                    f"{name}: search {term!r} ({found:,}), count + {ROWS_SHOWN} rows",
                    lambda q=q, m=model_class: first_page(m, db, q, today),
                    lambda t=term, tb=table, sql=rows_sql: like_scan(conn, tb, sql, t), runs,
                    target=TARGET if short else None, note="" if short else "trigram, report only",
                    baseline_name="plain LIKE '%x%': count + 40 rows in the list's order (sqlite3 module, same file)"))
    finally:
        conn.close()
    return figures


def stall_figures(ctx, runs: int) -> list[Figure]:  # type: ignore[no-untyped-def]
    """The longest GUI-thread gap while the real requests list model runs a short search and shows it."""
    from desktop.models.requests.request_list import RequestQuery
    from desktop.views.requests.request_table import RequestTableModel

    model = RequestTableModel(ctx.db, ctx.tasks)

    def settle() -> None:
        with StallProbe() as probe:
            probe.wait(lambda: not model.searching)

    settle()
    figures = []
    for term in STALL_TERMS:
        def searched(term: str = term) -> float:
            model.request(RequestQuery())
            settle()
            with StallProbe() as probe:
                model.request(RequestQuery(text=term))
                probe.wait(lambda: not model.searching)
                for row in range(min(ROWS_SHOWN, model.rowCount())):  # the view paints the first rows
                    for column in range(model.columnCount()):
                        model.data(model.index(row, column))
            return probe.longest

        figure = compare(f"GUI stall while the requests list searches {term!r} (longest gap)", searched,
                         lambda: busy_worker_stall(1.0), runs,
                         baseline_name="the same probe while a pure-Python loop runs on a worker thread")
        figure.limit = STALL_LIMIT
        figures.append(figure)
    return figures


def write_figures(path: Path, runs: int) -> list[Figure]:
    """Changing a request's search text, per row, with and without the character index's triggers (each in a
    transaction rolled back)."""
    conn = sqlite3.connect(path, isolation_level=None)
    triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                 "'request\\_chars\\_%' ESCAPE '\\'"))
    ids = [i for (i,) in conn.execute("SELECT id FROM service_request ORDER BY random() LIMIT 200")]

    def updates(without: bool) -> float:
        conn.execute("BEGIN")
        try:
            if without:
                for name in triggers:
                    conn.execute(f"DROP TRIGGER {name}")
            start = time.perf_counter()
            for i in ids:
                conn.execute("UPDATE service_request SET search_text = search_text || ' 电梯' WHERE id = ?", (i,))
            return (time.perf_counter() - start) * 1000 / len(ids)
        finally:
            conn.execute("ROLLBACK")

    try:
        figure = compare("writes: a request's search text changed, per row", lambda: updates(False),
                         lambda: updates(True), runs, note="its character index document deleted and added",
                         baseline_name="the same update with the character index's triggers set aside")
    finally:
        conn.close()
    return [figure]


def size_figures(path: Path) -> list[Figure]:
    conn = sqlite3.connect(path)

    def megabytes(prefix: str) -> float:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ?",
                                            (prefix + "%",))]
        total = 0
        for name in names:
            total += conn.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ? AND aggregate = 1",
                                  (name,)).fetchone()[0]
        return total / 1e6

    try:
        return [Figure(f"size of {table}_chars on disk", megabytes(f"{table}_chars"), megabytes(f"{table}_fts"),
                       unit="MB", baseline_name=f"the trigram index {table}_fts")
                for table in ("client", "request")]
    finally:
        conn.close()


def main() -> int:
    from bench_requests import build_station, station_arguments

    args = station_arguments().parse_args()
    print(f"Quality Station search benchmark: median of {args.runs} alternating runs, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}", flush=True)

    from desktop.models.core.db import Database, current_revision, head_revision
    from desktop.paths import database_path

    path = database_path(args.data_dir)
    figures: list[Figure] = []
    if not (args.reuse and path.exists()):  # --reuse: the station as it is, whatever its size
        figures = build_station(args.data_dir, args.clients, args.requests, args.reuse)
    db = Database(path, upgrade=False)
    revision = current_revision(db.engine)
    db.close()
    if revision != head_revision():
        upgraded = timed_ms(lambda: Database(path).close()) / 1000
        print(f"upgraded the station from revision {revision} in {upgraded:.1f} s", flush=True)
        figures.append(Figure(f"upgrade from revision {revision} (0012 builds the character indexes)", upgraded,
                              unit="s"))

    from desktop.app import create_application
    from desktop.context import AppContext
    from desktop.models.accounts import staff

    app = create_application()
    ctx = AppContext(args.data_dir)
    ctx.set_user(next(s for s in staff.list_staff(ctx.db) if s.role == "admin"))
    with sqlite3.connect(path) as conn:
        clients_n, requests_n = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                 for t in ("client", "service_request"))
    figures += search_figures(ctx.db, path, args.runs)
    figures += stall_figures(ctx, args.runs)
    ctx.close()
    del app
    figures += write_figures(path, args.runs)
    figures += size_figures(path)
    title = f"Search: {requests_n:,} requests, {clients_n:,} clients"
    command = "python bench/bench_search.py --reuse"
    report(title, figures, command)
    write_json(args.json_out, title, figures, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
