"""Sync benchmark: a station's end-of-day push of 10,000 records and its pull of 1,000 decisions, against the
reference hub (``cityhub``) running on this computer (docs/sync-protocol.md).

    python bench/bench_sync.py [--records 10000] [--visits 2500] [--batch-sizes 100] [--runs 5] [--skip-pg]
                               [--data-dir bench/out/sync-station] [--reuse] [--json-out FILE] [--profile]

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
   (a fresh schema, as tests/hub/conftest.py makes). Wall time, and the split between the HTTP calls (the hub's
   work plus transport) and the station's own work between them (its outbox reads and answer recording run on
   helper threads beside the HTTP calls).
2. its baseline, the bare loop: every request the push sent with a body (the batches, the file queries, the file
   chunks: the same bytes in the same order) sent again with one ``httpx.Client`` to a minimal ASGI app (this
   file, ``--bare-server``) that reads the body and answers ``{}``, served by uvicorn in its own process like
   the hub; after each push the loop runs pass after pass for as long as that push took (its figure is the mean
   pass), so that it meets the same load on a shared machine as the push did. Push and bare loop alternate
   ``--runs`` times (push, loop, loop, push …); each figure is the median, and push / bare loop is the protocol's
   overhead (validation, hashing and ingest at the hub, the outbox bookkeeping at the station), target ≤ 20×.
   The loop over the batches alone (the baseline of the first measurement in issue 12) is shown beside it.
3. pull (after the first push of each hub): 1,000 decisions recorded at the hub (``feed.decide``) on the
   station's escalations (accepted, then assigned to one person after another, the last one answering every
   second escalation), then ``Engine.pull`` with the default page size (200); the requests' timelines are
   checked; target < 2 s.
4. a second end-of-day sync with nothing new (``service.sync_once``, as the app runs it).
5. peak RSS of this process (build excluded: it runs in a child) and of the hub.

``--json-out FILE`` writes the figures (bench/common.py) for bench/run_all.py. ``--profile`` adds one more push
(not counted) under cProfile, on the station's side and in the hub process, and prints where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import keyring
from common import Figure, alternate, peak_rss_mb, report, write_json
from sqlalchemy import bindparam, make_url, select, text
from sync_harness import (
    Sent,
    Server,
    TimedClient,
    bare_loop,
    connect,
    engine_for,
    hub_database,
    hub_server,
    mb,
    profiled_hub,
    serve_bare,
)
from sync_station import CLIENTS, QueueStats, ensure_built, queue_stats, station_copy

from cityhub import feed
from cityhub.db import Database as HubDatabase
from cityhub.db import Escalation, open_db
from desktop.models.city_sync import outbox, sync_state
from desktop.models.core.db import Database
from desktop.paths import database_path
from desktop.sync import service, wire
from tests.support.keyrings import MemoryKeyring

OUT = ROOT / "bench" / "out"
DECISIONS = 1000
PUSH_TARGET = 20.0  # push / bare loop
PULL_LIMIT_MS = 2000.0
ASSIGNEES = ("黄志明", "韦海燕", "莫建平", "蓝丽华", "廖国强", "梁秀英", "陆小军", "蒙春梅", "谭志强", "覃丽")
BARE = ("the same requests (batches, file queries, file chunks) in the same order over a bare HTTP loop: one "
        "httpx.Client to uvicorn answering {}; mean pass over as long as the push took")


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
    sent: list[Sent] = field(default_factory=list, repr=False)

    @property
    def station_s(self) -> float:
        return self.seconds - self.http_s


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
                   sent=client.sent)


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
    figures: list[Figure] = field(default_factory=list)
    pulls: dict[str, PullRun] = field(default_factory=dict)
    decide_s: dict[str, float] = field(default_factory=dict)
    again_s: dict[str, float] = field(default_factory=dict)
    hub_rss_mb: float = 0.0


def push_figures(backend: str, batch: int, args: argparse.Namespace, run_dir: Path, bare: Server,
                 results: Results) -> None:
    """Pushes and bare loops alternating ``--runs`` times, each push on a fresh station copy to a fresh hub;
    the first push of the first batch size goes on with the decisions, the pull and the sync with nothing new."""
    runs: list[PushRun] = []
    batches_alone: list[float] = []

    def project() -> float:
        for earlier in runs:
            earlier.sent = []  # only the last push's requests are replayed: the others would only hold memory
        runs.append(measure(backend, batch, args, run_dir, results, pull_too=batch == args.batch_sizes[0]
                            and not runs))
        return runs[-1].seconds * 1000

    def baseline() -> float:
        """The requests of the push just made, over the bare loop, pass after pass for as long as that push took
        (at least one pass): the loop then meets the same load on this shared machine as the push, not the
        luck of one half-second. Its figure is the mean pass; the batches alone likewise, passes interleaved."""
        sent = runs[-1].sent
        batches = [r for r in sent if r.path == "/v1/push"]
        every, alone = [], []
        start = time.perf_counter()
        while not every or time.perf_counter() - start < runs[-1].seconds:
            alone.append(bare_loop(batches, bare.url) * 1000)
            every.append(bare_loop(sent, bare.url) * 1000)
        batches_alone.append(statistics.mean(alone))
        print(f"  bare loop, the same {len(sent)} requests: {statistics.mean(every):.0f} ms, mean of {len(every)} "
              f"passes (the batches alone {batches_alone[-1]:.0f} ms)", flush=True)
        return statistics.mean(every)

    ours, theirs = alternate(project, baseline, args.runs, warm_up=False)
    results.hub_rss_mb = max([results.hub_rss_mb, *(r.hub_rss_mb for r in runs)])
    typical = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    print(f"  {backend} hub, batch {batch}, the median push: {typical.seconds:.2f} s, {typical.calls} HTTP calls "
          f"{typical.http_s:.2f} s (hub + transport), the rest {typical.station_s:.2f} s at the station (answers "
          f"parsed, files read, the first batch read); beside the HTTP calls, on helper threads: recording answers "
          f"{typical.record_s:.2f} s, reading the next batches and building their bodies ({typical.envelope_s:.2f} "
          "s); "
          f"{mb(typical.bytes_sent)}, {typical.files} files", flush=True)
    name = f"push {typical.records:,} records, batch {batch}, {backend} hub"
    median_ms = statistics.median(ours)
    results.figures.append(Figure(name, median_ms, statistics.median(theirs), target=PUSH_TARGET,
                                  baseline_name=BARE, samples={"project": ours, "baseline": theirs}))
    results.figures.append(Figure(f"{name}, against the batches alone", median_ms,
                                  statistics.median(batches_alone),
                                  baseline_name="the batches alone over the same bare loop (no file "
                                                "requests), passes interleaved",
                                  samples={"project": ours, "baseline": batches_alone}))


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


def other_figures(results: Results, rss_mb: float) -> list[Figure]:
    figures = []
    for backend, got in results.pulls.items():
        figures.append(Figure(f"pull {got.pulled:,} decisions, {backend} hub", got.seconds * 1000, limit=PULL_LIMIT_MS,
                              note=f"{got.pages} pages; {got.check}"))
        figures.append(Figure(f"second end-of-day sync, nothing new, {backend} hub", results.again_s[backend] * 1000))
    figures.append(Figure("peak RSS of the bench process (station and client; build excluded)", rss_mb, unit="MB"))
    figures.append(Figure("peak RSS of the hub process (largest run)", results.hub_rss_mb, unit="MB"))
    return figures


def describe(q: QueueStats, took: dict[str, Any]) -> None:
    print(f"outbox under test: {q.records:,} records ({q.escalations:,} escalations, {q.records - q.escalations:,} "
          f"archives; {q.with_visits:,} with {q.visits:,} signed visits; {q.files} files); bodies {mb(q.total_bytes)}, "
          f"mean {q.mean_bytes / 1024:.1f} KiB, with visits {q.mean_visit_bytes / 1024:.1f} KiB, max "
          f"{q.max_bytes / 1024:.1f} KiB")
    if took.get("backfill"):
        print(f"backfill, once after the upgrade (build): {took['backfill']:,} records in {took['backfill_s']:.1f} s "
              f"({took['backfill_s'] / took['backfill'] * 1000:.2f} ms each)")


def parse_sizes(value: str) -> list[int]:
    sizes = [int(v) for v in value.split(",") if v.strip()]
    if not sizes or any(not 1 <= s <= wire.MAX_BATCH for s in sizes):
        raise argparse.ArgumentTypeError(f"batch sizes between 1 and {wire.MAX_BATCH}, e.g. 100,250,500")
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000, help="pending records to push (default 10000)")
    parser.add_argument("--visits", type=int, default=2500, help="signed visits made at build (default 2500)")
    parser.add_argument("--batch-sizes", type=parse_sizes, default=[100], help="default 100 (e.g. 100,250,500)")
    parser.add_argument("--runs", type=int, default=5, help="pushes and bare loops, alternating (default 5)")
    parser.add_argument("--skip-pg", action="store_true", help="no PostgreSQL hub even if CITYHUB_TEST_PG_URL is set")
    parser.add_argument("--data-dir", type=Path, default=OUT / "sync-station")
    parser.add_argument("--reuse", action="store_true", help="measure the station already built in --data-dir")
    parser.add_argument("--json-out", type=Path, help="write the figures here (bench/run_all.py)")
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
    print(f"Quality Station sync benchmark: {args.records:,} records, batches {args.batch_sizes}, {args.runs} runs, "
          f"hubs: SQLite{' + PostgreSQL' if pg else ' (PostgreSQL: CITYHUB_TEST_PG_URL not set or --skip-pg)'}; "
          f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}")
    took = ensure_built(args)
    if "build_s" in took:
        print(f"build: {took['build_s']:.0f} s (set-up and {CLIENTS:,} clients {took['setup_s']:.1f} s, "
              f"{took['requests']:,} requests {took['requests_s']:.1f} s, {took['visits']:,} signed visits "
              f"{took['visits_s']:.1f} s, backfill {took['backfill']:,} records {took['backfill_s']:.1f} s)")

    run_dir = OUT / "sync-run"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    probe = station_copy(database_path(args.data_dir), run_dir / "station-stats.sqlite3", args.records)
    describe(queue_stats(probe), took)
    probe.close()
    remove_databases(run_dir)

    start = time.perf_counter()
    results = Results()
    with Server([str(Path(__file__).resolve()), "--bare-server"], run_dir / "bare-server.log") as bare:
        for backend in ("sqlite", "postgresql") if pg else ("sqlite",):
            for batch in args.batch_sizes:
                push_figures(backend, batch, args, run_dir, bare, results)
    print(f"measuring took {time.perf_counter() - start:.0f} s")
    figures = results.figures + other_figures(results, peak_rss_mb())
    if args.profile:
        profile_push(args, run_dir)

    rel = Path(__file__).resolve().relative_to(ROOT)
    argv = [a for n, a in enumerate(sys.argv[1:]) if not a.startswith("--json-out") and (n == 0 or
            sys.argv[n] != "--json-out")]  # the command that printed these figures, wherever they are written
    command = " ".join([f"python {rel}", *argv])
    if pg:  # the password hidden
        command = f"CITYHUB_TEST_PG_URL={make_url(os.environ['CITYHUB_TEST_PG_URL'])} {command}"
    title = f"Sync: end-of-day push of {args.records:,} records and pull of {DECISIONS:,} decisions (loopback)"
    print()
    report(title, figures, command)
    write_json(args.json_out, title, figures, command)
    failed = [p for p in results.pulls.values() if not p.check.startswith("ok")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
