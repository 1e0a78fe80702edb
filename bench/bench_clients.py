"""Client registry benchmark: a station with 200,000 clients.

    python bench/bench_clients.py [--clients 200000] [--runs 7] [--data-dir bench/out/station-200k]

Prints the median of ``--runs`` for: demo-data generation (once), process start to the main window
painted (a fresh process each run), client table first paint, search with 3+ and with 1–2 Chinese
characters (count + first page through the table model, as the page does), opening one page deep in
the table, Argon2id log-in check, and peak RSS of the app process.
Targets (2-core machine): start < 1.5 s, first paint < 100 ms, search < 30 ms (3+) / < 150 ms (1–2),
RSS < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from desktop.app import create_application, install_translators
from desktop.context import AppContext
from desktop.demo import demo_clients
from desktop.models.accounts import staff
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientQuery
from desktop.models.core import station
from desktop.models.core.db import Database
from desktop.paths import database_path

PASSWORD = "bench-kapok-2026"
LONG_QUERIES = ("螺蛳粉", "汽车配件", "金桥鑫源", "有限责任", "1390772")
SHORT_QUERIES = ("柳", "覃", "张伟", "螺蛳", "桂中")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def build_station(data_dir: Path, count: int) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(database_path(data_dir))
    try:
        if not station.is_set_up(db):
            station.setup(db, station.StationInput("LZ-BENCH", "基准测试站", "district", "鱼峰区"),
                          "admin", "基准管理员", PASSWORD)
        have = clients.count_clients(db)
        if have < count:
            admin = staff.authenticate(db, "admin", PASSWORD).id
            start = time.perf_counter()
            demo_clients.generate_clients(db, count - have, admin)
            print(f"demo-data: {count - have} clients generated in {time.perf_counter() - start:.1f} s")
        else:
            print(f"demo-data: reusing {have} clients in {data_dir}")
    finally:
        db.close()


def startup(data_dir: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    window, table, rss = [], [], []
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run([sys.executable, str(ROOT / "bench" / "startup_probe.py"), str(data_dir)],
                             capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        result = json.loads(out.stdout.strip().splitlines()[-1])
        window.append(result["window_painted"] - t0)
        table.append(result["table_painted"] - t0)
        rss.append(result["peak_rss_mb"])
    return window, table, rss


class Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.done = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.done = True
        return False


def first_paint(ctx: AppContext, runs: int) -> list[float]:
    from desktop.views.clients.clients_page import ClientsPage

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        page = ClientsPage(ctx)
        watch = Painted()
        page.table.viewport().installEventFilter(watch)
        page.resize(1100, 700)
        page.show()
        while not watch.done or page.model.searching:  # painted, with the rows (queried off the GUI thread)
            QApplication.processEvents()
        times.append(time.perf_counter() - start)
        page.close()
        page.deleteLater()
        QApplication.processEvents()
    return times


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def search_through_model(ctx: AppContext, queries: tuple[str, ...], runs: int) -> dict[str, float]:
    from desktop.views.clients.client_table import ClientTableModel

    model = ClientTableModel(ctx.db, ctx.tasks)

    def one(text: str) -> None:
        model.request(ClientQuery(text=text))
        while model.searching:  # the query runs off the GUI thread
            QApplication.processEvents()
        for row in range(min(40, model.rowCount())):  # the rows a window shows
            model.data(model.index(row, 0))

    return {q: statistics.median(timed(lambda q=q: one(q), runs)) for q in queries}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out" / "station-200k")
    args = parser.parse_args()
    print(f"Quality Station client benchmark: {args.clients} clients, median of {args.runs} runs, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    build_station(args.data_dir, args.clients)

    window, table, rss = startup(args.data_dir, args.runs)
    app = create_application()
    ctx = AppContext(args.data_dir)
    install_translators(app, "zh_CN")
    ctx.set_user(next(s for s in staff.list_staff(ctx.db) if s.role == "admin"))
    paint = first_paint(ctx, args.runs)
    long = search_through_model(ctx, LONG_QUERIES, args.runs)
    short = search_through_model(ctx, SHORT_QUERIES, args.runs)
    deep = timed(lambda: clients.client_page(ctx.db, ClientQuery(), args.clients // 2, 200), args.runs)
    deep_end = timed(lambda: clients.client_page(ctx.db, ClientQuery(sort="district", descending=True),
                                                 args.clients - 300, 200), args.runs)
    last_id = clients.client_page(ctx.db, ClientQuery(), args.clients - 1, 1)[0].id
    locate = timed(lambda: clients.position_of(ctx.db, ClientQuery(), last_id), args.runs)
    login = timed(lambda: staff.authenticate(ctx.db, "admin", PASSWORD), 3)

    print()
    print(f"{'figure':<52}{'median':>12}{'target':>12}")
    rows = [
        ("start to main window painted (fresh process)", ms(statistics.median(window)), "< 1500 ms"),
        ("start to client table painted (fresh process)", ms(statistics.median(table)), ""),
        ("client table first paint (page built and painted)", ms(statistics.median(paint)), "< 100 ms"),
    ]
    rows += [(f"search 3+ chars {q!r}", ms(t), "< 30 ms") for q, t in long.items()]
    rows += [(f"search 1-2 chars {q!r}", ms(t), "< 150 ms") for q, t in short.items()]
    rows += [
        ("page of 200 rows in the middle, by name (scrollbar jump)", ms(statistics.median(deep)), ""),
        ("page of 200 rows near the end, by district descending", ms(statistics.median(deep_end)), ""),
        ("find the row of the last client (select after save)", ms(statistics.median(locate)), ""),
        ("log-in check (Argon2id verify, off the GUI thread)", ms(statistics.median(login)), ""),
        ("peak RSS of the app process", f"{max(rss):.0f} MB", "< 300 MB"),
    ]
    for name, value, target in rows:
        print(f"{name:<52}{value:>12}{target:>12}")
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
