"""Sync benchmark: a station's end-of-day push of 10,000 records and its pull of 1,000 decisions, against the
reference hub (``cityhub``) running on this computer (docs/sync-protocol.md).

    python bench/bench_sync.py [--records 10000] [--visits 2500] [--batch-sizes 100,250,500] [--runs 1]
                               [--skip-pg] [--data-dir bench/out/sync-station] [--reuse] [--profile]

Build (once, by bench/sync_station.py in a child process; ``--reuse`` keeps the one in ``--data-dir``): a station
set up through ``station.setup``, 2,000 demo clients, demo requests in every state (``generate_requests``, enough
that the escalated and archived ones reach ``--records``), ``--visits`` signed visits (synthetic signature strokes,
6 % signed on paper with a scan) on archived requests spread over the measured ones, then ``outbox.backfill``
queues every escalated and archived request with its wire body built from the database (an archive record carries
its visits' sealed content, strokes included). The services refuse visits on an archived request, and the demo
generator writes none, so the build lets ``generate_visits`` see the chosen archived requests as evaluated (and the
station's current work as registered) while it signs their visits, then puts every status back: what the outbox
then holds is what an archived request with a signed visit looks like. Backfill runs once after an upgrade, so its
cost is reported apart from the end-of-day figures.

Measured, each on a fresh copy of the built station (SQLite backup API) whose outbox is trimmed to ``--records``
pending records (every escalation kept; archives past the count marked dropped), and a fresh hub database:

1. push: ``Engine.push`` with the real ``HubClient`` (its calls timed) to ``python -m cityhub serve`` on a
   loopback port, for each ``--batch-sizes``; SQLite hub, and PostgreSQL when ``CITYHUB_TEST_PG_URL`` is set
   (a fresh schema, as tests/hub/conftest.py makes); ``--runs`` times each, the median kept. Wall time,
   records/s, MB sent, and the split between the station (recording the answers, building the envelopes,
   reading the outbox) and the HTTP calls (the hub's work plus transport).
2. bare loop: the same request bytes the engine sent, POSTed with one ``httpx.Client`` in a loop to a minimal
   ASGI app (this file, ``--bare-server``) that reads the body and answers ``{}``, served by uvicorn in its own
   process like the hub (median of 3). Protocol push / bare loop is the protocol's overhead: validation,
   hashing and ingest at the hub, and the outbox bookkeeping at the station.
3. pull: 1,000 decisions recorded at the hub (``feed.decide``) on the station's escalations (accepted, then
   assigned to one person after another, the last one answering every second escalation), then
   ``Engine.pull`` with the default page size (200); the requests' timelines are checked.
4. a second end-of-day sync with nothing new (``service.sync_once``, as the app runs it).
5. peak RSS of this process (build excluded: it runs in a child) and of the hub.

``--profile`` adds one more push (not counted) under cProfile, on the station's side and in the hub process,
and prints where the time goes. Targets: push of 10,000 records < 10 s, pull of 1,000 decisions < 2 s.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


sys.path.insert(0, str(ROOT))




import keyring
from sqlalchemy import bindparam, make_url, select, text

from cityhub import feed
from cityhub.db import Database as HubDatabase
from cityhub.db import Escalation, open_db
from desktop.models.city_sync import outbox, sync_state
from desktop.models.core.db import Database
from desktop.paths import database_path
from desktop.sync import service, wire
from tests.support.keyrings import MemoryKeyring

sys.path.insert(0, str(Path(__file__).resolve().parent))


from sync_harness import (
    Server,
    TimedClient,
    bare_loop,
    connect,
    engine_for,
    hub_database,
    hub_server,
    mb,
    peak_rss_mb,
    profiled_hub,
    serve_bare,
)
from sync_station import CLIENTS, QueueStats, ensure_built, queue_stats, station_copy

OUT = ROOT / "bench" / "out"


DECISIONS = 1000


PUSH_TARGET, PULL_TARGET = 10.0, 2.0


ASSIGNEES = ("黄志明", "韦海燕", "莫建平", "蓝丽华", "廖国强", "梁秀英", "陆小军", "蒙春梅", "谭志强", "覃丽")




@dataclass
class PushRun:
    backend: str
    batch: int
    seconds: float
    http_s: float
    calls: int
    records: int
    bytes_sent: int
    files: int
    envelope_s: float
    record_s: float
    hub_rss_mb: float = 0.0
    bodies: list[bytes] = field(default_factory=list, repr=False)
    bare_s: float = 0.0
    all_s: list[float] = field(default_factory=list)  # every run's time, with --runs

    @property
    def station_s(self) -> float:
        return self.seconds - self.http_s

    @property
    def read_s(self) -> float:
        """The rest of the station's time: reading the outbox (batches, counts), files' hashes, the loop."""
        return self.station_s - self.envelope_s - self.record_s


def push(db: Database, data_dir: Path, backend: str, batch: int, profiler: cProfile.Profile | None = None
         ) -> PushRun:
    engine = engine_for(db, data_dir, batch, keep_bodies=profiler is None)
    client = engine.client
    assert isinstance(client, TimedClient)
    with client:
        if profiler:
            profiler.enable()
        start = time.perf_counter()
        engine.push()
        seconds = time.perf_counter() - start
        if profiler:
            profiler.disable()
    left = outbox.counts(db).pending
    assert left == 0 and engine.summary.set_aside == 0, f"{left} pending, {engine.summary.set_aside} set aside"
    return PushRun(backend, batch, seconds, client.http_s, client.calls, engine.summary.accepted,
                   client.bytes_sent, engine.summary.files_sent, engine.envelope_s, engine.record_s,
                   bodies=client.bodies)


def decision_plan(uuids: list[str], count: int) -> list[tuple[str, str, str, str]]:
    """``count`` decisions (request uuid, decision, text, assignee) over the escalations, round by round:
    accepted first, then assigned to one person after another; each escalation's last decision answers
    every second one."""
    plan = []
    for i in range(count):
        n = i % len(uuids)
        last, first = i + len(uuids) >= count, i < len(uuids)
        if last and n % 2 == 0:
            answer = f"经市局研究，现答复如下（第 {i // len(uuids) + 1} 轮）：请按规定办理。"
            plan.append((uuids[n], "answered", answer, ""))
        elif first:
            plan.append((uuids[n], "accepted", "", ""))
        else:
            plan.append((uuids[n], "assigned", "", ASSIGNEES[(i // len(uuids)) % len(ASSIGNEES)]))
    return plan


def record_decisions(hub_db: HubDatabase, count: int) -> tuple[list[tuple[str, str, str, str]], float]:
    with hub_db.transaction() as s:
        uuids = list(s.scalars(select(Escalation.request_uuid).order_by(Escalation.id)))
    assert uuids, "the hub holds no escalation of this station"
    plan = decision_plan(uuids, count)
    start = time.perf_counter()
    with hub_db.transaction() as s:
        for request_uuid, decision, text_, assignee in plan:
            feed.decide(s, request_uuid, decision, text_, assignee)
    return plan, time.perf_counter() - start


@dataclass(frozen=True)
class PullRun:
    seconds: float
    http_s: float
    pages: int
    pulled: int
    applied: int
    check: str


def pull(db: Database, data_dir: Path, plan: list[tuple[str, str, str, str]]) -> PullRun:
    engine = engine_for(db, data_dir, sync_state.DEFAULT_BATCH)
    client = engine.client
    assert isinstance(client, TimedClient)
    before = decision_events(db)
    with client:
        start = time.perf_counter()
        engine.pull()
        seconds = time.perf_counter() - start
    return PullRun(seconds, client.http_s, client.calls, engine.summary.pulled, engine.summary.applied,
                   check_timelines(db, plan, before))


def decision_events(db: Database) -> Counter[str]:
    """The city's decisions on each request's timeline (the demo's escalated requests may have some already)."""
    with db.read() as s:
        rows = s.execute(text("SELECT r.uuid, count(*) FROM request_event e JOIN service_request r "
                              "ON r.id = e.request_id WHERE e.kind = 'city_decision' GROUP BY r.uuid"))
        return Counter({request_uuid: n for request_uuid, n in rows})


def check_timelines(db: Database, plan: list[tuple[str, str, str, str]], before: Counter[str]) -> str:
    """Every decision pulled is on its request's timeline, and the answered requests are completed."""
    events = decision_events(db) - before
    answered = {u for u, d, _, _ in plan if d == "answered"}
    with db.read() as s:
        completed = set(s.execute(text("SELECT uuid FROM service_request WHERE status = 'completed' AND "
                                       "uuid IN :u").bindparams(bindparam("u", expanding=True)),
                                  {"u": sorted(answered)}).scalars())
    expected = Counter(u for u, *_ in plan)
    if events != expected:
        return f"MISMATCH: {sum(events.values())} new decision events on the timelines, {len(plan)} expected"
    if completed != answered:
        return f"MISMATCH: {len(completed)} of {len(answered)} answered requests completed"
    return (f"ok: {len(plan)} events on {len(expected)} timelines, {len(answered)} requests answered and "
            "completed")


@dataclass
class Results:
    pushes: list[PushRun] = field(default_factory=list)
    pulls: dict[str, PullRun] = field(default_factory=dict)
    decide_s: dict[str, float] = field(default_factory=dict)
    again_s: dict[str, float] = field(default_factory=dict)
    hub_rss_mb: float = 0.0


def run_backend(backend: str, args: argparse.Namespace, run_dir: Path, bare: Server, results: Results) -> None:
    """Every batch size on this backend, ``--runs`` times each (the median is kept); the first batch size's
    first run goes on with the decisions, the pull and the sync with nothing new."""
    bare_by_batch = {p.batch: p.bare_s for p in results.pushes}
    for n, batch in enumerate(args.batch_sizes):
        runs = []
        for r in range(args.runs):
            run = measure(backend, batch, args, run_dir, results, pull_too=n == 0 and r == 0)
            if batch not in bare_by_batch:
                bare_by_batch[batch] = bare_loop(run.bodies, bare.url)
                print(f"  bare loop, the same {len(run.bodies)} request bodies: {bare_by_batch[batch]:.2f} s",
                      flush=True)
            run.bare_s, run.bodies = bare_by_batch[batch], []
            runs.append(run)
        median = sorted(runs, key=lambda p: p.seconds)[len(runs) // 2]
        median.all_s = sorted(p.seconds for p in runs)
        median.hub_rss_mb = max(p.hub_rss_mb for p in runs)
        results.pushes.append(median)


def measure(backend: str, batch: int, args: argparse.Namespace, run_dir: Path, results: Results,
            pull_too: bool) -> PushRun:
    """One push on a fresh station copy to a fresh hub (and, ``pull_too``, what follows it)."""
    name = f"{backend}-b{batch}"
    db = station_copy(database_path(args.data_dir), run_dir / f"station-{name}.sqlite3", args.records)
    try:
        with hub_database(backend, run_dir, name) as url:
            hub_db = open_db(url)
            try:
                with hub_server(url, run_dir / f"hub-{name}.log") as hub:
                    connect(db, hub.url, hub_db, batch)
                    run = push(db, args.data_dir, backend, batch)
                    print(f"  push {run.records:,} records, batch {batch}, {backend} hub: {run.seconds:.2f} s (HTTP "
                          f"{run.http_s:.2f} s, station {run.station_s:.2f} s)", flush=True)
                    if pull_too:
                        plan, results.decide_s[backend] = record_decisions(hub_db, DECISIONS)
                        results.pulls[backend] = got = pull(db, args.data_dir, plan)
                        print(f"  pull {got.pulled:,} decisions: {got.seconds:.2f} s; {got.check}", flush=True)
                        start = time.perf_counter()
                        summary = service.sync_once(db, args.data_dir)
                        results.again_s[backend] = time.perf_counter() - start
                        assert summary.accepted == summary.pulled == summary.remaining == 0
                run.hub_rss_mb = hub.rss_mb
                return run
            finally:
                hub_db.dispose()
    finally:
        db.close()
        remove_databases(run_dir)


def remove_databases(run_dir: Path) -> None:
    """The station copies and hub files of a finished run (about 250 MB each); the logs stay."""
    for path in run_dir.glob("*.sqlite3*"):
        path.unlink()


def profile_push(args: argparse.Namespace, run_dir: Path) -> None:
    """One more push (batch of the first size, SQLite hub) under cProfile on both sides; prints the top."""
    batch = args.batch_sizes[0]
    db = station_copy(database_path(args.data_dir), run_dir / "station-profile.sqlite3", args.records)
    hub_prof, station_prof = run_dir / "hub-push.prof", run_dir / "station-push.prof"
    hub_prof.unlink(missing_ok=True)
    profiler = cProfile.Profile()
    try:
        with hub_database("sqlite", run_dir, "profile") as url:
            hub_db = open_db(url)
            try:
                with hub_server(url, run_dir / "hub-profile.log", hub_prof) as hub:
                    connect(db, hub.url, hub_db, batch)
                    run = push(db, args.data_dir, "sqlite", batch, profiler)
            finally:
                hub_db.dispose()
    finally:
        db.close()
        remove_databases(run_dir)
    profiler.dump_stats(station_prof)
    print(f"\nprofiled push (batch {batch}, not counted): {run.seconds:.2f} s, of which HTTP {run.http_s:.2f} s")
    sections = (("station (this process)", station_prof, r"(engine|outbox|client|bench_sync)\.py"),
                ("hub process, every thread", hub_prof, r"(ingest|app|auth|wire|routing|_compat|utils|"
                                                        r"dependencies/utils)\.py|model_validate|validate_python"))
    for title, source, ours in sections:
        if not source.exists():
            print(f"  no profile from the {title}")
            continue
        for order, restriction, heading in (("tottime", (25,), "top 25 by own time"),
                                            ("cumulative", (ours, 30), "its own functions, cumulative")):
            out = io.StringIO()
            pstats.Stats(str(source), stream=out).strip_dirs().sort_stats(order).print_stats(*restriction)
            lines = [line for line in out.getvalue().splitlines() if line.strip()]
            start = next((n for n, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
            print(f"\n--- {title}: {heading} ({source.relative_to(ROOT)}) ---")
            print("\n".join(lines[start:]))


def report(args: argparse.Namespace, took: dict[str, Any], q: QueueStats, results: Results, commands: list[str],
           rss_mb: float) -> None:
    rows: list[tuple[str, str, str]] = []
    rows.append(("outbox under test", f"{q.records:,} records ({q.escalations:,} escalations, "
                 f"{q.records - q.escalations:,} archives; {q.with_visits:,} with {q.visits:,} signed visits; "
                 f"{q.files} files)", ""))
    rows.append(("record bodies", f"{mb(q.total_bytes)}; mean {q.mean_bytes / 1024:.1f} KiB, with visits "
                 f"{q.mean_visit_bytes / 1024:.1f} KiB, max {q.max_bytes / 1024:.1f} KiB", ""))
    if took.get("backfill"):
        rows.append(("backfill, once after the upgrade (build)",
                     f"{took['backfill']:,} records in {took['backfill_s']:.1f} s "
                     f"({took['backfill_s'] / took['backfill'] * 1000:.2f} ms each)", ""))
    for p in results.pushes:
        target = f"< {PUSH_TARGET:.0f} s" if p.records >= 10_000 else ""
        spread = f" (median of {len(p.all_s)}: {p.all_s[0]:.2f}–{p.all_s[-1]:.2f} s)" if len(p.all_s) > 1 else ""
        rows.append((f"push {p.records:,} records, batch {p.batch}, {p.backend} hub",
                     f"{p.seconds:.2f} s{spread}  ({p.records / p.seconds:,.0f} rec/s, {mb(p.bytes_sent)}, "
                     f"{p.calls} HTTP calls, {p.files} files)", target))
        rows.append(("   station side", f"{p.station_s:.2f} s: recording answers {p.record_s:.2f} s, envelopes "
                     f"{p.envelope_s:.2f} s, outbox reads and the rest {p.read_s:.2f} s", ""))
        rows.append(("   HTTP calls (hub working + transport)", f"{p.http_s:.2f} s", ""))
        rows.append(("   bare loop: same bytes to a server answering {}", f"{p.bare_s:.2f} s", ""))
        rows.append(("   protocol overhead", f"x{p.seconds / p.bare_s:.1f}  (+{p.seconds - p.bare_s:.2f} s; hub ≈ "
                     f"{p.http_s - p.bare_s:.2f} s, station ≈ {p.station_s:.2f} s)", ""))
    for backend, got in results.pulls.items():
        rows.append((f"pull {got.pulled:,} decisions, {backend} hub",
                     f"{got.seconds:.2f} s  ({got.applied / got.seconds:,.0f} applied/s, {got.pages} pages, "
                     f"HTTP {got.http_s:.2f} s)", f"< {PULL_TARGET:.0f} s"))
        rows.append(("   timelines", got.check, ""))
        rows.append(("   recording them at the hub (feed.decide, one transaction)",
                     f"{results.decide_s[backend]:.2f} s", ""))
        rows.append((f"second end-of-day sync, nothing new, {backend} hub (sync_once)",
                     f"{results.again_s[backend] * 1000:.0f} ms", ""))
    rows.append(("peak RSS: bench process (station + client; build excluded)", f"{rss_mb:.0f} MB", ""))
    rows.append(("peak RSS: hub process (largest run)",
                 f"{max((p.hub_rss_mb for p in results.pushes), default=0):.0f} MB", ""))

    width, value_width = max(len(r[0]) for r in rows) + 2, max(len(r[1]) for r in rows) + 2
    print(f"\n{'figure':<{width}}{'result':<{value_width}}target")
    for name, value, target in rows:
        print(f"{name:<{width}}{value:<{value_width}}{target}".rstrip())

    print("\nMarkdown (README):\n")
    print(f"Machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()}, Python "
          f"{platform.python_version()}; hub and station on the same computer (loopback).\n")
    print("| figure | result | target |\n|---|---|---|")
    for name, value, target in rows:
        print(f"| {'· ' if name.startswith(' ') else ''}{name.strip()} | {value} | {target} |")
    print("\nCommands:\n")
    for c in commands:
        print(f"    {c}")


def parse_sizes(value: str) -> list[int]:
    sizes = [int(v) for v in value.split(",") if v.strip()]
    if not sizes or any(not 1 <= s <= wire.MAX_BATCH for s in sizes):
        raise argparse.ArgumentTypeError(f"batch sizes between 1 and {wire.MAX_BATCH}, e.g. 100,250,500")
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000, help="pending records to push (default 10000)")
    parser.add_argument("--visits", type=int, default=2500, help="signed visits made at build (default 2500)")
    parser.add_argument("--batch-sizes", type=parse_sizes, default=[100, 250, 500], help="default 100,250,500")
    parser.add_argument("--runs", type=int, default=1, help="pushes per batch size, the median kept (default 1)")
    parser.add_argument("--skip-pg", action="store_true", help="no PostgreSQL hub even if CITYHUB_TEST_PG_URL is set")
    parser.add_argument("--data-dir", type=Path, default=OUT / "sync-station")
    parser.add_argument("--reuse", action="store_true", help="measure the station already built in --data-dir")
    parser.add_argument("--profile", action="store_true", help="one more push under cProfile, both sides")
    parser.add_argument("--bare-server", action="store_true", help=argparse.SUPPRESS)  # the bare loop's server
    parser.add_argument("--profiled-hub", type=Path, help=argparse.SUPPRESS)  # the hub, for --profile
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        return serve_bare(args.port)
    if args.profiled_hub:
        return profiled_hub(args.profiled_hub, args.db, args.port)
    args.data_dir = args.data_dir.resolve()

    keyring.set_keyring(MemoryKeyring())  # the device token: no system keychain on a bench machine
    pg = bool(os.environ.get("CITYHUB_TEST_PG_URL")) and not args.skip_pg
    print(f"Quality Station sync benchmark: {args.records:,} records, batches {args.batch_sizes}, hubs: SQLite"
          f"{' + PostgreSQL' if pg else ' (PostgreSQL: CITYHUB_TEST_PG_URL not set or --skip-pg)'}; "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    took = ensure_built(args)
    if "build_s" in took:
        print(f"build: {took['build_s']:.0f} s (set-up and {CLIENTS:,} clients {took['setup_s']:.1f} s, "
              f"{took['requests']:,} requests {took['requests_s']:.1f} s, {took['visits']:,} signed visits "
              f"{took['visits_s']:.1f} s, backfill {took['backfill']:,} records {took['backfill_s']:.1f} s)")

    run_dir = OUT / "sync-run"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    probe = station_copy(database_path(args.data_dir), run_dir / "station-stats.sqlite3", args.records)
    q = queue_stats(probe)
    probe.close()
    remove_databases(run_dir)

    start = time.perf_counter()
    results = Results()
    me = Path(__file__).resolve()
    with Server([str(me), "--bare-server"], run_dir / "bare-server.log") as bare:
        run_backend("sqlite", args, run_dir, bare, results)
        if pg:
            run_backend("postgresql", args, run_dir, bare, results)
    measured = time.perf_counter() - start
    rss_mb = peak_rss_mb()
    if args.profile:
        profile_push(args, run_dir)
    print(f"\nmeasuring took {measured:.0f} s")

    rel = Path(__file__).resolve().relative_to(ROOT)
    this_run = " ".join([f".venv/bin/python {rel}", *sys.argv[1:]])
    if pg:
        this_run = f"CITYHUB_TEST_PG_URL={make_url(os.environ['CITYHUB_TEST_PG_URL'])} {this_run}"  # password hidden
    commands = [f"{this_run}   (this run)",
                f".venv/bin/python {rel}   (builds the station, about 2-3 min, then measures)",
                f".venv/bin/python {rel} --reuse   (measures the station built before)"]
    if not pg:
        commands.append(f"CITYHUB_TEST_PG_URL=postgresql+psycopg://USER@127.0.0.1:5432/DB .venv/bin/python {rel} "
                        "--reuse   (adds the PostgreSQL hub)")
    report(args, took, q, results, commands, rss_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
