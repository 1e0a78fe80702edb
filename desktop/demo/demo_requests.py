"""Demo service requests in bulk: four years of a station's work, with timelines as the lifecycle writes them.

Most requests are spread over the last four years (more recent, more of them) and played forward from their
receipt: old ones end archived or withdrawn, recent ones are caught part-way, where ``now`` finds them.
Every tenth (3,000 at most) is current work: its end state is dealt from a deck that holds every status,
and its receipt placed so that it has just got there (some past a due date). Events follow ``lifecycle.py`` step
by step (statuses, due dates, referrals, evaluations), in office hours where people act; numbers continue
each day's counter. The steps and their times are in ``demo_request_steps.py``, the words in
``demo_request_texts.py``.

Rows go straight through the DBAPI (a million requests in a few minutes), one transaction per batch. Each
batch's transaction sets the search indexes' insert triggers aside, writes the rows, indexes them (trigram in one
statement; the character index from documents made with the rows, in the thread that makes them), puts the
triggers back and moves the day counters on, so a load killed at any moment leaves whole batches and the schema
intact. One audit event records what was generated.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from queue import Empty, Queue
from typing import Any

from sqlalchemy import insert, text

from desktop.demo import demo_clients
from desktop.demo import demo_request_texts as T
from desktop.demo.demo_request_rows import RowMaker, Rows, World
from desktop.demo.demo_request_steps import LONG_EVERY, Clock, Uuids, schedule
from desktop.models.city_sync.outbox import BACKFILL_KEY
from desktop.models.core import audit, chains
from desktop.models.core.clock import station_zone
from desktop.models.core.db import Database, defined_schema
from desktop.models.core.errors import Refused
from desktop.models.core.standard import DISTRICTS
from desktop.models.institutions.tables import Institution, InstitutionCategory, InstitutionContact, Qualification
from desktop.models.statistics import kept_figures

BATCH = 20_000  # requests per transaction
# the triggers that the bulk load takes off (and puts back as their migrations made them) in each batch's transaction
FTS_INSERT_TRIGGER = "request_fts_ai"
CHARS_INSERT_TRIGGER = "request_chars_ai"
# Their work is done for the whole batch at once: the search indexes from the batch's rows, the status counts by
# one UPDATE. The text checks (no control characters: migration 0006) are not needed for rows made of the demo's
# own word lists, numbers and dates (tests/demo checks every word of them); a row per trigger per request event
# was a fifth of the load's time.
# the statistics' kept figures of the batch's requests, counted at once (their rows are written after the request's)
INSERTED = ("service_request_figures_insert", "request_event_figures", "evaluation_figures",
            "referral_figures_insert", "request_category_figures_insert")
SET_ASIDE = (FTS_INSERT_TRIGGER, CHARS_INSERT_TRIGGER, "request_status_count_insert", "service_request_text_insert",
             "request_event_text_insert", "referral_text_insert", "evaluation_text_insert",
             chains.trigger_name("request_event"), *INSERTED)
STATUS_COUNTS = ("UPDATE request_status_count SET n = request_status_count.n + added.k "
                 "FROM (SELECT status, count(*) AS k FROM service_request WHERE id > ? GROUP BY status) AS added "
                 "WHERE added.status = request_status_count.status")
COUNTERS_UPSERT = ("INSERT INTO request_counter (day, last) SELECT json_extract(value, '$[0]'), "
                   "json_extract(value, '$[1]') FROM json_each(?) WHERE true "
                   "ON CONFLICT(day) DO UPDATE SET last = max(last, excluded.last)")
OPTIMIZE_AFTER = 100_000  # a load this large ends by merging the character index into one segment
Batch = tuple[Rows, dict[str, int]]  # a batch's rows and the day counters after it


# ---- institutions ------------------------------------------------------------------------------------

def generate_institutions(db: Database, actor_id: int | None, rng: random.Random, now: datetime) -> int:
    """30–60 institutions, expert teams and experts serving every category, with contacts and
    qualifications (some expired, some about to expire)."""
    with db.read() as s:
        by_clause: dict[str, int] = dict(s.execute(text("SELECT clause, id FROM catalogue_category")).all())
        taken = set(s.execute(text("SELECT name FROM institution")).scalars())
    pool = [p for p in T.INSTITUTIONS if p[1] not in taken]
    seen: set[str] = set()
    while len(seen) < 20:
        field_, clause = rng.choice(T.EXPERT_FIELDS)
        name = f"{demo_clients.person_name(rng)}（{field_}，{rng.choice(T.EXPERT_TITLES)}）"
        if name not in seen and name not in taken:
            seen.add(name)
            pool.append(("expert", name, (clause,)))
    covering = [rng.choice([p for p in pool if clause in p[2]]) for clause in by_clause
                if any(clause in p[2] for p in pool)]  # every category has someone to hand over to
    covering = list(dict.fromkeys(covering))
    rest = [p for p in pool if p not in covering]
    chosen = covering + rng.sample(rest, max(0, min(rng.randint(30, 60) - len(covering), len(rest))))
    today = now.astimezone(station_zone()).date()
    uuid = Uuids(rng, now - timedelta(days=5 * 365))
    with db.begin(actor_id) as s:
        for n, (kind, name, clauses) in enumerate(chosen):
            created = now - timedelta(days=rng.uniform(4 * 365 + 30, 5 * 365))
            iid = s.execute(insert(Institution).values(
                uuid=uuid(), kind=kind, name=name, contact_name=demo_clients.person_name(rng),
                phone=demo_clients.phone(rng),
                email=f"service{n + 1:02d}@lz-quality.example.cn" if rng.random() < 0.5 else None,
                address=f"柳州市{rng.choice(DISTRICTS)}{rng.choice(demo_clients.STREETS)}{rng.randrange(1, 400)}号",
                note=rng.choice(T.INSTITUTION_NOTES), active=n < len(covering) or rng.random() < 0.94,
                created_at=created, created_by=actor_id, updated_at=created).returning(Institution.id)).scalar_one()
            s.execute(insert(InstitutionCategory),
                      [{"institution_id": iid, "category_id": by_clause[c]} for c in clauses if c in by_clause])
            names = tuple(q for c in clauses for q in T.QUALIFICATIONS.get(c, ())) if kind == "institution" else ()
            names = names or T.EXPERT_QUALIFICATIONS
            s.execute(insert(Qualification), [
                {"uuid": uuid(), "institution_id": iid, "name": q,
                 "certificate_no": f"{rng.randrange(2015, 2026)}{rng.randrange(10**8):08d}",
                 **_validity(rng, today)} for q in rng.sample(names, rng.randint(1, min(3, len(names))))])
            s.execute(insert(InstitutionContact), [
                {"uuid": uuid(), "institution_id": iid, "position": p, "name": demo_clients.person_name(rng),
                 "phone": demo_clients.phone(rng), "title": rng.choice(("业务主管", "联络员", "技术负责人", ""))}
                for p in range(rng.choice((1, 1, 2)))])
        audit.record_event(s, "institution", {"demo_data": len(chosen)})
    return len(chosen)


def _validity(rng: random.Random, today: date) -> dict[str, date | None]:
    r = rng.random()
    if r < 0.08:
        return {"valid_from": today - timedelta(days=rng.randint(30, 2000)), "valid_until": None}
    if r < 0.2:  # expired
        until = today - timedelta(days=rng.randint(1, 400))
    elif r < 0.3:  # expiring within the month
        until = today + timedelta(days=rng.randint(0, 30))
    else:
        until = today + timedelta(days=rng.randint(60, 1800))
    return {"valid_from": until - timedelta(days=rng.randint(3 * 365, 6 * 365)), "valid_until": until}


# ---- the load ----------------------------------------------------------------------------------------

def generate_requests(db: Database, count: int, actor_id: int | None = None, seed: int = 2026,
                      now: datetime | None = None, progress: Callable[[int, int], None] | None = None,
                      batch: int = BATCH, long_every: int = LONG_EVERY) -> int:
    """Add ``count`` requests for the station's clients (there must be some), handled by its active staff;
    institutions are made first if there are none. Returns how many were added.

    Rows are made a batch ahead, in a thread, while the previous batch is written."""
    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    world = World.load(db)
    if not world.clients:
        raise Refused("There are no clients to make requests for.")
    if not world.institutions:
        generate_institutions(db, actor_id, rng, now)
        world = World.load(db)
    made = make_batches(world, rng, count, now, batch, long_every)
    batches = made if count <= batch else ahead(made)
    added = 0
    triggers = [defined_schema()[name].sql for name in SET_ASIDE]
    raw = db.engine.raw_connection()
    try:
        cur: Any = raw.cursor()
        cur.execute("PRAGMA cache_size=-524288")  # 512 MiB while loading
        try:
            for rows, counters in batches:
                # One transaction a batch, the trigger's absence included (SQLite's DDL is transactional): killed
                # at any moment, the file has whole batches, indexed and numbered, and the trigger in place.
                cur.execute("BEGIN IMMEDIATE")
                last_id = cur.execute("SELECT coalesce(max(id), 0) FROM service_request").fetchone()[0]
                for name in SET_ASIDE:
                    cur.execute(f"DROP TRIGGER IF EXISTS {name}")
                rows.insert(cur)
                cur.execute("INSERT INTO request_fts(rowid, search_text) "
                            "SELECT id, search_text FROM service_request WHERE id > ?", (last_id,))
                rows.index_chars(cur)
                chains.link_new(cur, "request_event")  # the batch's timelines, linked in one pass
                cur.execute(STATUS_COUNTS, (last_id,))
                for sql in kept_figures.fill_statements(str(int(last_id))):
                    cur.execute(sql)
                for sql in triggers:
                    cur.execute(sql)
                # one statement, not one per day: each statement lets the thread making the next batch take
                # the GIL, and getting it back waits up to its switch interval (1,400 days: 2 s a batch)
                cur.execute(COUNTERS_UPSERT, (json.dumps(sorted(counters.items())),))
                # the rows were written in bulk, not through the lifecycle: their escalations and archive
                # records are queued for the city at the next sync, as after an upgrade
                cur.execute("INSERT INTO sync_state (key, value) VALUES (?, '1') "
                            "ON CONFLICT(key) DO UPDATE SET value = '1'", (BACKFILL_KEY,))
                cur.execute("COMMIT")
                added += rows.count
                if progress:
                    progress(added, count)
            if added >= OPTIMIZE_AFTER:
                # the character index in one segment: a common term's hits are read in one pass, not merged
                # from every batch's segments (柳 in a million requests: 45 ms instead of 66; about 7 s)
                cur.execute("BEGIN IMMEDIATE")
                cur.execute("INSERT INTO request_chars(request_chars) VALUES ('optimize')")
                cur.execute("COMMIT")
        except BaseException:
            if raw.driver_connection.in_transaction:  # type: ignore[union-attr]
                cur.execute("ROLLBACK")
            raise
        finally:
            batches.close()  # stops the thread making them
            cur.execute("PRAGMA cache_size=-2000")
    finally:
        raw.close()
    with db.begin(actor_id) as s:
        audit.record_event(s, "service_request", {"demo_data": added})
    return added


def make_batches(world: World, rng: random.Random, count: int, now: datetime, batch: int,
                 long_every: int = LONG_EVERY) -> Generator[Batch]:
    clock = Clock(world.calendar, rng)
    times, codes = schedule(rng, clock, count, now, long_every)
    maker = RowMaker(world, rng, clock, now)
    for start in range(0, count, batch):
        yield maker.batch(times[start:start + batch], codes[start:start + batch]), dict(maker.counters)


def ahead(batches: Iterator[Batch]) -> Generator[Batch]:
    """``batches``, each made in a thread while the caller writes the one before: SQLite runs the inserts
    without the GIL, so making and writing overlap."""
    queue: Queue[Batch | BaseException | None] = Queue(maxsize=1)
    stop = threading.Event()

    def make() -> None:
        try:
            for item in batches:
                if stop.is_set():
                    return
                queue.put(item)
            queue.put(None)
        except BaseException as exc:  # handed to the caller, which raises it
            queue.put(exc)

    maker = threading.Thread(target=make, name="demo-requests", daemon=True)
    maker.start()
    try:
        while (item := queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while maker.is_alive():  # let it finish the batch in hand
            with suppress(Empty):
                queue.get(timeout=0.1)
        maker.join()


def long_timeline_ids(db: Database, events: int = 45, limit: int = 10) -> list[int]:
    """Requests with at least ``events`` events (the benchmark opens one)."""
    with db.read() as s:
        return list(s.execute(text("SELECT id FROM service_request WHERE version >= :n ORDER BY id LIMIT :k"),
                              {"n": events, "k": limit}).scalars())


def demo_data(db: Database, data_dir: Path, count: int, actor_id: int | None,
              progress: Callable[[int, int], None]) -> int:
    """``quality-station demo-data --requests`` (``desktop.models.requests.area``)."""
    del data_dir
    return generate_requests(db, count, actor_id, progress=progress)
