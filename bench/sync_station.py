"""The station the sync benchmark (bench_sync.py) pushes from: built once, then copied for each measurement.

    python bench/sync_station.py --data-dir bench/out/sync-station [--records 10000] [--visits 2500]

makes it (bench_sync.py runs this in a child process, so that the build's memory does not count in its own peak
RSS). See bench_sync.py's docstring for what the station holds and why the build handles visits as it does.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import copy_db
from sqlalchemy import bindparam, text

from desktop.demo import demo_clients, demo_requests, demo_visits
from desktop.models.accounts import staff
from desktop.models.city_sync import outbox
from desktop.models.core import station
from desktop.models.core.db import Database
from desktop.paths import database_path

PASSWORD = "bench-kapok-2026"
STATION = station.StationInput("LZ-BENCH", "柳州市鱼峰区质量服务站", "district", "鱼峰区", "柳州市鱼峰区文昌路 1 号")
OFFICERS = (("wangxm", "王小明", "field_officer"), ("qincm", "覃春梅", "field_officer"))
CLIENTS = 2000


# ---- the build ---------------------------------------------------------------------

def queued_requests(db: Database) -> tuple[list[int], list[int]]:
    """The ids of the escalated and of the archived requests: what backfill queues, in its order."""
    with db.read() as s:
        rows = s.execute(text("SELECT id, status FROM service_request WHERE status IN ('escalated', 'archived') "
                              "ORDER BY id")).all()
    return [i for i, st in rows if st == "escalated"], [i for i, st in rows if st == "archived"]


def set_status(db: Database, ids: list[int], status: str) -> None:
    if ids:
        with db.begin(None) as s:
            s.execute(text("UPDATE service_request SET status = :status WHERE id IN :ids")
                      .bindparams(bindparam("ids", expanding=True)), {"status": status, "ids": ids})


def visits_on_archived(db: Database, data_dir: Path, archived: list[int], count: int) -> int:
    """``count`` signed visits through ``generate_visits``, one on each of ``count`` archived requests spread
    evenly over ``archived``. The generator picks requests in service or finished, and the services refuse an
    archived one: for the time it runs, the chosen requests are evaluated and the station's current work in
    those states registered; every status is put back afterwards."""
    targets = sorted({archived[int(k * len(archived) / count)] for k in range(count)}) if count else []
    with db.read() as s:
        current = s.execute(text("SELECT id, status FROM service_request WHERE status IN :states")
                            .bindparams(bindparam("states", expanding=True)), {"states": demo_visits.STATES}).all()
    set_status(db, [i for i, _ in current], "registered")
    set_status(db, targets, "evaluated")
    start = time.perf_counter()

    def show(done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            print(f"\r  visits {done:,} / {total:,}  {time.perf_counter() - start:.0f} s", end="", flush=True)

    try:
        made = demo_visits.generate_visits(db, len(targets), data_dir / "attachments", progress=show)
        print()
    finally:
        set_status(db, targets, "archived")
        for status in {st for _, st in current}:
            set_status(db, [i for i, st in current if st == status], status)
    with db.read() as s:
        on_targets = s.execute(text("SELECT count(DISTINCT request_id) FROM visit WHERE id IN :ids")
                               .bindparams(bindparam("ids", expanding=True)), {"ids": made}).scalar_one()
    assert on_targets == len(targets), "generate_visits did not pick the chosen archived requests"
    return len(made)


def build(data_dir: Path, records: int, visit_count: int) -> dict[str, Any]:
    """Make the station in ``data_dir`` and write ``build.json`` with what it took."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    db = Database(database_path(data_dir))
    took: dict[str, Any] = {"records": records}
    try:
        start = time.perf_counter()
        admin = station.setup(db, STATION, "admin", "管理员", PASSWORD)
        for login, name, role in OFFICERS:
            staff.create_staff(db, admin, login, name, role, PASSWORD)
        demo_clients.generate_clients(db, CLIENTS, admin)
        took["setup_s"] = time.perf_counter() - start

        start, made, seed = time.perf_counter(), 0, 2026
        escalated, archived = queued_requests(db)
        while len(escalated) + len(archived) < records:  # about 82 % of the demo requests end up queued
            want = math.ceil((records - len(escalated) - len(archived)) * 1.5) + 100
            made += demo_requests.generate_requests(db, want, admin, seed=seed)
            seed += 1
            escalated, archived = queued_requests(db)
        took.update(requests=made, requests_s=time.perf_counter() - start)
        print(f"  {made:,} demo requests ({len(escalated):,} escalated, {len(archived):,} archived) "
              f"in {took['requests_s']:.1f} s")

        kept = archived[:max(0, records - len(escalated))]  # the archives the measurement keeps
        start = time.perf_counter()
        took["visits"] = visits_on_archived(db, data_dir, kept, min(visit_count, len(kept)))
        took["visits_s"] = time.perf_counter() - start
        print(f"  {took['visits']:,} signed visits in {took['visits_s']:.1f} s")

        start = time.perf_counter()
        took["backfill"] = outbox.backfill(db)
        took["backfill_s"] = time.perf_counter() - start
        print(f"  backfill queued {took['backfill']:,} records in {took['backfill_s']:.1f} s")
    finally:
        db.close()
    (data_dir / "build.json").write_text(json.dumps(took, indent=1))
    return took


def ensure_built(args: argparse.Namespace) -> dict[str, Any]:
    """The build's figures: the one in ``--data-dir`` with ``--reuse`` (if it has the records), else a new one,
    made in a child process so that its memory does not count in this one's peak RSS."""
    meta = args.data_dir / "build.json"
    if args.reuse and meta.exists() and database_path(args.data_dir).exists():
        took: dict[str, Any] = json.loads(meta.read_text())
        if took.get("backfill", 0) >= args.records:
            print(f"reusing the station in {args.data_dir}")
            return took
        print(f"the station in {args.data_dir} has {took.get('backfill', 0):,} records: building it again")
    print(f"building the station in {args.data_dir} ...")
    start = time.perf_counter()
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--records", str(args.records),
                    "--visits", str(args.visits), "--data-dir", str(args.data_dir)], check=True)
    took = json.loads(meta.read_text())
    took["build_s"] = time.perf_counter() - start
    meta.write_text(json.dumps(took, indent=1))
    os.sync()  # the build's writes reach the disk now, not during the first measurement
    return took


# ---- the station copy under test ---------------------------------------------------------------------

def station_copy(source: Path, target: Path, records: int) -> Database:
    """A fresh copy of the built station whose outbox holds ``records`` pending records: every escalation,
    then the archives in queue order (the rest marked dropped: outbox rows are never deleted)."""
    copy_db(source, target)
    db = Database(target)
    with db.begin(None) as s:
        escalations = s.execute(text("SELECT count(*) FROM outbox WHERE state = 'pending' AND kind = 'escalation'"
                                     )).scalar_one()
        last = s.execute(text("SELECT id FROM outbox WHERE state = 'pending' AND kind = 'archive' ORDER BY id "
                              "LIMIT 1 OFFSET :n"), {"n": records - escalations - 1}).scalar_one()
        s.execute(text("UPDATE outbox SET state = 'dropped' WHERE state = 'pending' AND kind = 'archive' "
                       "AND id > :last"), {"last": last})
    assert outbox.counts(db).pending == records
    return db


@dataclass(frozen=True)
class QueueStats:
    records: int
    escalations: int
    with_visits: int
    visits: int
    files: int
    total_bytes: int
    mean_bytes: float
    max_bytes: int
    mean_visit_bytes: float


def queue_stats(db: Database) -> QueueStats:
    with db.read() as s:
        rows = s.execute(text("SELECT kind, length(CAST(body AS BLOB)), body, blobs FROM outbox "
                              "WHERE state = 'pending'")).all()
    sizes = [n for _, n, _, _ in rows]
    visits = [len(json.loads(body)["visits"]) for _, _, body, _ in rows]
    visit_sizes = [n for (_, n, _, _), v in zip(rows, visits, strict=True) if v]
    return QueueStats(len(rows), sum(k == "escalation" for k, _, _, _ in rows), sum(1 for v in visits if v),
                      sum(visits), len({h for *_, b in rows for h in json.loads(b)}), sum(sizes),
                      statistics.mean(sizes), max(sizes), statistics.mean(visit_sizes) if visit_sizes else 0.0)



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--visits", type=int, default=2500)
    args = parser.parse_args()
    build(args.data_dir.resolve(), args.records, args.visits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
