"""Client import throughput: ``clients_io.import_clients`` of a ``--rows``-row ``.xlsx`` into a set-up station with
no clients, as the import job runs it in its worker process (file parsing included), against the same import
writing the rows one by one, each under its savepoint through the ORM (``clients_io._import_row``, how every row
was written before batches were written with Core; it is still what a batch the database refuses falls back to).

    python bench/bench_import.py [--runs 3] [--reuse] [--json-out FILE] [--data-dir bench/out/import]
                                 [--rows 10000]

The stations and the file are built as bench_stalls.py builds them (``empty/``, ``clients.xlsx``). Figures are
processor time per row (the process's own, so other load on the machine counts less), and rows a second.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import Figure, alternate, copy_db, median, report, write_json


def one_by_one(s: Any, actor: int, batch: list[tuple[int, list[str]]], columns: dict[str, int], report: Any,
               from_csv: bool) -> None:
    from desktop.models.clients import clients_io

    for line, cells in batch:
        clients_io._import_row(s, actor, line, cells, columns, report, from_csv)


def run(data_dir: Path, rows: int, by_row: bool, wall: list[float]) -> float:
    """One import into a fresh copy of ``empty/``; processor ms per row."""
    from bench_stalls import PASSWORD

    from desktop.models.accounts import staff
    from desktop.models.clients import clients_io
    from desktop.models.core.db import Database
    from desktop.paths import database_path

    run_dir = data_dir / "run-import"
    shutil.rmtree(run_dir, ignore_errors=True)
    copy_db(database_path(data_dir / "empty"), database_path(run_dir))
    db = Database(database_path(run_dir))
    batch = clients_io._import_batch
    try:
        actor = staff.authenticate(db, "admin", PASSWORD).id
        if by_row:
            clients_io._import_batch = one_by_one  # type: ignore[assignment]
        start, cpu = time.perf_counter(), time.process_time()
        result = clients_io.import_clients(db, actor, data_dir / "clients.xlsx")
        cpu, seconds = time.process_time() - cpu, time.perf_counter() - start
    finally:
        clients_io._import_batch = batch
        db.close()
    assert result.added == rows, result
    wall.append(seconds)
    print(f"  {'row by row' if by_row else 'batches'}: {rows:,} rows in {seconds:.1f} s "
          f"({rows / seconds:,.0f} rows/s), {cpu / rows * 1000:.2f} ms of processor a row", flush=True)
    return cpu / rows * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="use the station and file already in --data-dir")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out" / "import")
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    args.data_dir = args.data_dir.resolve()

    from bench_stalls import build

    build(args.data_dir, args.rows, args.reuse)
    ours: list[float] = []
    theirs: list[float] = []
    batches, by_row = alternate(lambda: run(args.data_dir, args.rows, False, ours),
                                lambda: run(args.data_dir, args.rows, True, theirs), args.runs, warm_up=False)
    figures = [
        Figure(f"client import, {args.rows:,}-row .xlsx: processor time a row", median(batches), median(by_row),
               baseline_name="the same import writing the rows one by one through the ORM, each under its "
                             "savepoint (as before)", samples={"project": batches, "baseline": by_row}),
        Figure(f"client import, {args.rows:,}-row .xlsx: rows a second (wall clock)", args.rows / median(ours),
               args.rows / median(theirs), unit="rows/s"),
    ]
    rel = Path(__file__).resolve().relative_to(ROOT)
    command = (f".venv/bin/python {rel} " + " ".join(sys.argv[1:])).strip()
    title = f"Client import throughput ({os.cpu_count()} cores, median of {args.runs} alternating runs)"
    report(title, figures, command=command)
    write_json(args.json_out, title, figures, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
