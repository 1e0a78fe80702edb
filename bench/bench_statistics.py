"""Statistics benchmark (issue 14): the figures of the last twelve months of the 1,000,000-request station, each
against a baseline measured in the same run (a plain indexed ``count(*)`` of the same months' requests with the
sqlite3 module), medians of several runs, warm cache. The whole station's figures come from the kept sums
(``kept_figures.py``); the same page filtered by one district is counted from the records, and is shown too;
so is the 12-month statistics report (PDF, with the period before it for the comparisons).

    python bench/bench_statistics.py [--data-dir bench/out/station-1m] [--runs 3]

The station is the one ``bench/bench_requests.py`` builds (``python bench/run_all.py --only requests``); opening
it here upgrades its schema first if needed. Target (issue 14): the whole page under 1 s, the 12-month report
under 10 s.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out" / "station-1m")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from desktop.models.accounts.staff import list_staff
    from desktop.models.core.clock import local_today
    from desktop.models.core.db import Database
    from desktop.models.requests.request_list import local_day_start
    from desktop.models.statistics import (
        complaint_figures,
        improvement_figures,
        institution_figures,
        intake_figures,
        satisfaction_figures,
        time_limit_figures,
    )
    from desktop.paths import database_path
    from desktop.printing import statistics_jobs

    path = database_path(args.data_dir)
    db = Database(path)
    viewer = next(s.id for s in list_staff(db) if s.role == "admin")
    today = local_today()
    end = today.replace(day=1) - timedelta(days=1)
    start = (end.replace(day=1) - timedelta(days=335)).replace(day=1)  # the twelve whole months before this one
    q = intake_figures.StatsQuery(start, end)
    conn = sqlite3.connect(path)

    def baseline() -> object:
        return conn.execute("SELECT count(*) FROM service_request WHERE received_at >= ? AND received_at < ?",
                            (local_day_start(start), local_day_start(end + timedelta(days=1)))).fetchone()

    steps: list[tuple[str, Callable[[], object]]] = [
        ("intake", lambda: intake_figures.intake(db, q)),
        ("satisfaction", lambda: satisfaction_figures.satisfaction(db, q)),
        ("time limits", lambda: time_limit_figures.time_limits(db, q, today)),
        ("institutions", lambda: institution_figures.institutions(db, viewer, q, today)),
        ("complaints", lambda: complaint_figures.complaints(db, viewer, start, end, today)),
        ("improvement", lambda: improvement_figures.improvement(db, viewer, start, end, today)),
    ]
    district = conn.execute("SELECT district FROM service_request WHERE district <> '' GROUP BY 1 "
                            "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    one = replace(q, district=district)
    out = Path(tempfile.mkdtemp()) / "report.pdf"
    steps += [
        ("page, 1 district", lambda: [fn() for fn in (
            lambda: intake_figures.intake(db, one), lambda: satisfaction_figures.satisfaction(db, one),
            lambda: time_limit_figures.time_limits(db, one, today),
            lambda: institution_figures.institutions(db, viewer, one, today))]),
        ("12-month report", lambda: statistics_jobs.report_job(None, path, viewer, "statistics", q, today,
                                                                "柳州市质量服务站", out)),
    ]
    page = [n for n, _ in steps[:6]]
    times: dict[str, list[float]] = {name: [] for name in ["baseline", *(n for n, _ in steps)]}
    for _ in range(args.runs + 1):  # the first run warms the cache and is not counted
        for name, fn in [("baseline", baseline), *steps]:
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    base = statistics.median(times["baseline"][1:])
    requests = baseline()
    print(f"{start} to {end}: {requests[0]:,} requests (of the station's)")  # type: ignore[index]
    print(f"baseline: count(*) of the period's requests {base * 1000:.0f} ms")
    total = 0.0
    for name, _ in steps:
        m = statistics.median(times[name][1:])
        if name in page:
            total += m
        print(f"{name:<16} {m * 1000:7.0f} ms  {m / base:6.1f}x baseline")
        if name == page[-1]:
            print(f"{'whole page':<16} {total * 1000:7.0f} ms  {total / base:6.1f}x baseline  (target under 1,000 ms)")
    print(f"(one district: {district}; the report's target is under 10 s)")
    db.close()
    conn.close()



if __name__ == "__main__":
    main()
