"""Printed-record benchmark: building a signed 现场服务记录 PDF, and exporting 1,000 signed records in one batch.

    python bench/bench_visits.py [--records 1000] [--runs 31] [--data-dir bench/out/visits] [--reuse]

Builds a station with demo requests and ``--records`` signed visits (real service calls, synthetic
signatures; ``--reuse`` keeps one already built there), then prints:

- the font's first load (once per process) and the median/p90 of building one signed record's PDF (in
  memory, the record read from the database included) over ``--runs`` different records; target < 200 ms;
- the batch export of all signed records into a folder: cold (no archive copies yet: every PDF is built,
  hashed and archived, then copied) and warm (the archive copies are checked by hash and copied), with
  progress reported for each record; and how long a cancel takes to be honoured;
- verifying one PDF against the archive; the process's peak RSS.
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.demo import demo_clients, demo_requests, demo_visits
from desktop.models.accounts import staff
from desktop.models.core import station
from desktop.models.core.db import Database
from desktop.models.visits import records
from desktop.paths import database_path
from desktop.printing import archive, fonts
from desktop.printing.verify import verify_pdf
from desktop.printing.visit_record import build_visit_record


def build_station(data_dir: Path, records: int) -> Database:
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    db = Database(database_path(data_dir))
    admin = station.setup(db, station.StationInput("LZ-BENCH", "柳州市鱼峰区质量服务站", "district", "鱼峰区",
                                                   "柳州市鱼峰区文昌路 1 号", "0772-2800000", "zlfw@example.cn"),
                          "admin", "管理员", "bench-kapok-2026")
    staff.create_staff(db, admin, "field", "王小明", "field_officer", "bench-kapok-2026")
    demo_clients.generate_clients(db, 2000, admin)
    demo_requests.generate_requests(db, records * 4, admin)
    start = time.perf_counter()
    made = demo_visits.generate_visits(db, records, data_dir / "attachments")
    print(f"station: {len(made)} signed visits made through the services in {time.perf_counter() - start:.1f} s")
    return db


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out" / "visits")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()

    data_dir: Path = args.data_dir
    if args.reuse and database_path(data_dir).exists():
        db = Database(database_path(data_dir))
    else:
        db = build_station(data_dir, args.records)
    ids = archive.signed_visit_ids(db)
    print(f"signed records: {len(ids)}")

    start = time.perf_counter()
    font = fonts.cjk_font()
    print(f"font: {font.label}, first load {ms(time.perf_counter() - start)}")

    times, sizes = [], []
    for visit_id in ids[: args.runs]:
        out = io.BytesIO()
        start = time.perf_counter()
        build_visit_record(records.record_content(db, visit_id), out)
        times.append(time.perf_counter() - start)
        sizes.append(len(out.getvalue()))
    times.sort()
    print(f"build one signed record PDF (read + build, {len(times)} records): median {ms(statistics.median(times))}, "
          f"p90 {ms(times[int(len(times) * 0.9)])}, max {ms(times[-1])}; size median "
          f"{statistics.median(sizes) / 1024:.0f} KiB  (target < 200 ms)")

    shutil.rmtree(archive.archive_dir(data_dir), ignore_errors=True)  # cold: every archive copy made again
    for label in ("cold (build + archive + copy)", "warm (check archive hash + copy)"):
        folder = data_dir / "export"
        shutil.rmtree(folder, ignore_errors=True)
        reports: list[int] = []
        start = time.perf_counter()
        result = archive.export_signed_records(db, data_dir, ids, folder, progress=lambda d, _t, r=reports: r.append(d))
        elapsed = time.perf_counter() - start
        print(f"export {result.written} records, {label}: {elapsed:.1f} s ({ms(elapsed / max(1, result.written))} "
              f"each), {len(reports)} progress reports")

    asked: list[float] = []

    def cancel_after_100() -> bool:
        if len(asked) == 0 and len(list((data_dir / "export-cancel").glob("*.pdf"))) >= 100:
            asked.append(time.perf_counter())
        return bool(asked)

    shutil.rmtree(data_dir / "export-cancel", ignore_errors=True)
    result = archive.export_signed_records(db, data_dir, ids, data_dir / "export-cancel", cancelled=cancel_after_100)
    stopped = time.perf_counter()
    print(f"cancel: stopped after {result.written} of {result.total}, "
          f"{ms(stopped - asked[0]) if asked else 'n/a'} after it was asked")

    path = archive.archive_dir(data_dir) / archive.archived_document(db, ids[0]).file_name  # type: ignore[union-attr]
    start = time.perf_counter()
    verdict = verify_pdf(db, data_dir, path)
    print(f"verify the archived PDF: {verdict.outcome} in {ms(time.perf_counter() - start)}")
    copy = data_dir / "printed-again.pdf"
    build_visit_record(records.record_content(db, ids[0]), copy)
    with copy.open("ab") as f:
        f.write(b"\n% re-saved\n")
    start = time.perf_counter()
    verdict = verify_pdf(db, data_dir, copy)
    print(f"verify a copy printed again (text compared): {verdict.outcome} in {ms(time.perf_counter() - start)}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    db.close()


if __name__ == "__main__":
    main()
