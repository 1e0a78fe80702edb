"""The push's overlap of station and hub: the next batch is read, and the answers to the one before recorded,
while a batch is with the hub; one batch at a time is ever with the hub, and a batch's answers are recorded
before the next batch's. A stand-in for the hub client, so the order of events can be watched."""

from __future__ import annotations

import itertools
import json
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.models.city_sync import outbox
from desktop.sync import wire
from desktop.sync.client import ServerError
from desktop.sync.engine import Engine, SyncFailed, SyncOptions
from tests.support.hub_process import escalate_some, outbox_records
from tests.support.requests import Station


class WatchingHub:
    """Answers every record ``accepted``; fails for good from push number ``fail_from`` on; notes what
    happened in ``events``."""

    def __init__(self, engine_events: list[str], fail_from: int = 10**6) -> None:
        self.events = engine_events
        self.fail_from = fail_from
        self.pushes = 0
        self.in_flight = 0
        self.bytes_sent = 0
        self.lock = threading.Lock()

    def push_raw(self, content: bytes) -> wire.PushResponse:
        with self.lock:
            self.in_flight += 1
            assert self.in_flight == 1, "two batches with the hub at once"
        try:
            self.pushes += 1
            records = json.loads(content)["records"]
            self.events.append(f"push {self.pushes}")
            if self.pushes >= self.fail_from:
                raise ServerError("HTTP 503")
            # the engine reads the next batch while this one is with the hub: answer once it has (or after 10 s,
            # and the test fails)
            deadline = time.monotonic() + 10
            while sum(e.startswith("read after") for e in self.events) <= self.pushes and time.monotonic() < deadline:
                time.sleep(0.01)
            return wire.PushResponse(answers=[wire.RecordAnswer(kind=r["kind"], uuid=r["uuid"], version=r["version"],
                                                                outcome="accepted") for r in records])
        finally:
            with self.lock:
                self.in_flight -= 1


class WatchedEngine(Engine):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.events: list[str] = []

    def _next_batch(self, after: int) -> list[outbox.Pending]:
        batch = super()._next_batch(after)
        self.events.append(f"read after {after}: {len(batch)}")
        return batch

    def _record(self, batch: list[outbox.Pending], answer: wire.PushResponse) -> None:
        self.events.append(f"recording {batch[0].id}")
        super()._record(batch, answer)
        self.events.append(f"recorded {batch[0].id}")


def engine_for(st: Station, tmp_path: Path, fail_from: int = 10**6) -> tuple[WatchedEngine, WatchingHub]:
    engine = WatchedEngine(st.db, tmp_path, None, "LZ", "u", SyncOptions(batch_size=3, max_attempts=2,
                                                                         base_delay=0.01, max_delay=0.01))
    hub = WatchingHub(engine.events, fail_from)
    engine.client = hub  # type: ignore[assignment]
    return engine, hub


def test_the_next_batch_is_read_while_one_is_with_the_hub(st: Station, tmp_path: Path) -> None:
    escalate_some(st, 7)
    engine, hub = engine_for(st, tmp_path)
    engine.push()
    assert hub.pushes == 3 and engine.summary.accepted == 7
    assert outbox_records(st, "pending") == [] and len(outbox_records(st, "sent")) == 7
    events = engine.events
    reads = [e for e in events if e.startswith("read after")]
    recordings = [e for e in events if e.startswith("recording")]
    assert len(reads) == 4 and reads[-1].endswith(": 0") and len(recordings) == 3
    for n in (1, 2, 3):
        # the batch after batch n was read while batch n was with the hub (which answers only once it was), not
        # after batch n's answers were recorded
        assert events.index(reads[n]) < events.index(recordings[n - 1])
    for first, then in itertools.pairwise(recordings):
        # a batch's answers are recorded before the next batch's are
        assert events.index(first.replace("recording", "recorded")) < events.index(then)


def test_a_push_that_fails_leaves_the_batches_before_it_recorded(st: Station, tmp_path: Path) -> None:
    escalate_some(st, 8)
    engine, hub = engine_for(st, tmp_path, fail_from=3)
    with pytest.raises(ServerError):
        engine.push()
    # batches 1 and 2 answered and their answers recorded before push() returned; batch 3 failed: its rows wait,
    # their attempts counted
    assert len(outbox_records(st, "sent")) == 6 and len(outbox_records(st, "pending")) == 2
    assert hub.pushes == 4  # batch 3 tried twice (max_attempts), then the push gave up
    with st.db.read() as s:
        attempts = dict(s.execute(text("SELECT state, max(attempts) FROM outbox GROUP BY state")).all())
    assert attempts == {"sent": 0, "pending": 2}  # two tries of batch 3, none counted against the others


def test_a_sync_that_fails_midway_reports_what_went_through(st: Station, tmp_path: Path) -> None:
    escalate_some(st, 8)
    engine, _hub = engine_for(st, tmp_path, fail_from=3)
    with pytest.raises(SyncFailed) as failed:
        engine.run()
    assert (failed.value.summary.accepted, failed.value.summary.remaining) == (6, 2)
