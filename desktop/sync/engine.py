"""One sync: push the outbox in batches (files first), then pull the city's decisions.

What holds, whatever the network does (SPEC §5): a row leaves ``pending`` only with the hub's answer for it,
recorded in one local transaction per batch; a batch that got no answer is sent again, and the hub answers
``already_had`` for what it had taken; conflict and rejected rows are set aside and the queue goes on; the pull
cursor is stored with the decisions it covers. Transient failures are retried with exponential backoff and full
jitter; a refused credential stops at once. Runs on a worker thread: progress and cancel are callbacks.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from desktop.models.city_sync import chain_heads, city_holidays, outbox, sync_state
from desktop.models.city_sync.tables import OutboxEntry
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.requests.attachments import stored_path
from desktop.models.requests.tables import CalendarDay, ServiceRequest
from desktop.sync import wire
from desktop.sync.client import HubClient, HubError, ProtocolError

T = TypeVar("T")


@dataclass(frozen=True)
class SyncOptions:
    batch_size: int = sync_state.DEFAULT_BATCH
    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0
    pull_limit: int = 200


@dataclass(frozen=True)
class Progress:
    phase: str  # "queue" (older records being queued, once), "push", "files", "pull"
    records_done: int
    records_total: int
    bytes_sent: int


@dataclass
class SyncSummary:
    accepted: int = 0
    already_had: int = 0
    set_aside: int = 0
    pulled: int = 0
    applied: int = 0
    bytes_sent: int = 0
    files_sent: int = 0
    files_missing: list[str] = field(default_factory=list)  # referenced, but not on this computer
    cancelled: bool = False
    remaining: int = 0  # still pending at the end
    touched_requests: list[int] = field(default_factory=list)
    holiday_years: list[int] = field(default_factory=list)  # years of the city's holiday schedule applied
    history_changed: list[str] = field(default_factory=list)  # chains the city says no longer lead to what it held

    @property
    def changes(self) -> tuple[Changes, ...]:
        """What the sync changed, for open pages: the outbox, the requests the city's decisions reached, and
        the calendar when the city's holiday schedule came."""
        touched = tuple(sorted(set(self.touched_requests)))
        return (Changes(OutboxEntry, "bulk"), *((Changes(ServiceRequest, "updated", touched),) if touched else ()),
                *((Changes(CalendarDay, "bulk"),) if self.holiday_years else ()))


def _within_bytes(batch: list[outbox.Pending], limit: int = wire.MAX_PUSH_BYTES // 2) -> list[outbox.Pending]:
    """The head of ``batch`` whose bodies stay well under the hub's request limit (always at least one)."""
    total = 0
    for n, p in enumerate(batch):
        total += len(p.body.encode("utf-8")) + 300
        if total > limit and n > 0:
            return batch[:n]
    return batch


class SyncFailed(Exception):
    def __init__(self, message: str, summary: SyncSummary, cause: HubError | None = None) -> None:
        self.message, self.summary, self.cause = message, summary, cause
        super().__init__(message)

    @property
    def changes(self) -> tuple[Changes, ...]:
        return self.summary.changes  # what went through before it failed


class Cancelled(Exception):
    pass


class Engine:
    def __init__(self, db: Database, data_dir: Path, client: HubClient, station_code: str, device_uuid: str,
                 options: SyncOptions | None = None, *,
                 progress: Callable[[Progress], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 rng: Callable[[], float] = random.random) -> None:
        self.db, self.client = db, client
        self.attachments = data_dir / "attachments"
        self.station_code, self.device_uuid = station_code, device_uuid
        self.options = options or SyncOptions()
        self._progress, self._cancelled = progress, cancelled or (lambda: False)
        self._sleep, self._rng = sleep, rng
        self.summary = SyncSummary()

    # ---- retries -----------------------------------------------------------------------------------------

    def _check_cancel(self) -> None:
        if self._cancelled():
            raise Cancelled

    def _wait(self, seconds: float) -> None:
        """Sleep ``seconds`` in slices, so a cancel is seen within 0.2 s."""
        left = seconds
        while left > 0:
            self._check_cancel()
            step = min(left, 0.2)
            self._sleep(step)
            left -= step

    def _retrying(self, call: Callable[[], T], on_failure: Callable[[HubError], None] | None = None) -> T:
        attempt = 0
        while True:
            self._check_cancel()
            try:
                return call()
            except HubError as exc:
                attempt += 1
                if on_failure is not None:
                    on_failure(exc)
                if not exc.retry or attempt >= self.options.max_attempts:
                    raise
                cap = min(self.options.max_delay, self.options.base_delay * 2 ** (attempt - 1))
                self._wait(self._rng() * cap)  # full jitter: stations do not come back in step

    def _report(self, phase: str, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress(Progress(phase, done, total, self.client.bytes_sent))

    # ---- push --------------------------------------------------------------------------------------------

    def push(self) -> None:
        """Send the queue batch after batch. While a batch is with the hub, the next one is read from the outbox
        (and its request body built) and the answers to the one before are recorded, each on a helper thread:
        the station's own work (reading, writing its answers, waiting for the disk) overlaps the hub's instead
        of adding to it. Only one batch is ever with the hub, and a batch's answers are recorded, in one local
        transaction, before the next batch's are."""
        total = outbox.counts(self.db).pending
        done = 0
        self._report("push", 0, total)
        with ThreadPoolExecutor(2, thread_name_prefix="sync-push") as helpers:
            recording: Future[None] | None = None
            try:
                batch, content = self._prepared(0)
                while batch:
                    self._check_cancel()
                    self._send_files(sorted({h for p in batch for h in p.blobs}))
                    upcoming = helpers.submit(self._prepared, batch[-1].id)
                    ids = [p.id for p in batch]
                    answer = self._retrying(partial(self.client.push_raw, content), partial(self._failed, ids))
                    if recording is not None:
                        recording.result()
                    recording = helpers.submit(self._record, batch, answer)
                    done += len(batch)
                    self._report("push", done, max(total, done))
                    batch, content = upcoming.result()
            finally:
                if recording is not None:
                    wait([recording])  # recorded (or failed) before the push returns, whatever ended it
            if recording is not None:
                recording.result()

    def _next_batch(self, after: int) -> list[outbox.Pending]:
        return _within_bytes(outbox.pending_batch(self.db, after, self.options.batch_size))

    def _prepared(self, after: int) -> tuple[list[outbox.Pending], bytes]:
        """The next batch after ``after`` and its request body (empty when the queue is done)."""
        batch = self._next_batch(after)
        return batch, self._envelope(batch) if batch else b""

    def _failed(self, ids: list[int], exc: HubError) -> None:
        outbox.record_failure(self.db, ids, exc.message)

    def _envelope(self, batch: list[outbox.Pending]) -> bytes:
        # the bodies are canonical JSON already: splice them in rather than parse and dump them again
        records = ",".join(
            f'{{"kind":{json.dumps(p.kind)},"uuid":{json.dumps(p.uuid)},"version":{p.version},'
            f'"content_hash":{json.dumps(p.content_hash)},"body":{p.body}}}' for p in batch)
        head = json.dumps({"protocol": wire.PROTOCOL, "station_code": self.station_code,
                           "device_uuid": self.device_uuid}, ensure_ascii=False)
        return (head[:-1] + ',"records":[' + records + "]}").encode("utf-8")

    def _record(self, batch: list[outbox.Pending], answer: wire.PushResponse) -> None:
        by_key = {(p.kind, p.uuid, p.version): p.id for p in batch}
        answers: dict[int, tuple[str, str, str]] = {}
        for a in answer.answers:
            row_id = by_key.get((a.kind, a.uuid, a.version))
            if row_id is None:
                continue  # not ours: ignore rather than trust it
            answers[row_id] = (a.outcome, a.reason, a.code)
            if a.outcome == "accepted":
                self.summary.accepted += 1
            elif a.outcome == "already_had":
                self.summary.already_had += 1
            else:
                self.summary.set_aside += 1
        outbox.record_answers(self.db, answers)

    # ---- files -------------------------------------------------------------------------------------------

    def _send_files(self, hashes: list[str]) -> None:
        """Send the batch's files the hub lacks. A file of one chunk is sent whole at once (the hub answers
        "complete" for one it already holds): asking first would cost a round trip for every batch to save the
        rare second sending of a small file. Larger files, and files not on this computer, are asked about."""
        ask: list[str] = []
        for sha256 in hashes:
            path = stored_path(self.attachments, sha256)
            if path.is_file() and path.stat().st_size <= wire.CHUNK_BYTES:
                self._send_file(path, sha256, 0)
                self.summary.files_sent += 1
            else:
                ask.append(sha256)
        if not ask:
            return
        states = self._retrying(lambda: self.client.query_blobs(ask))
        for state in states:
            if state.complete:
                continue
            path = stored_path(self.attachments, state.sha256)
            if not path.is_file():
                if state.sha256 not in self.summary.files_missing:
                    self.summary.files_missing.append(state.sha256)
                continue
            self._send_file(path, state.sha256, state.received)
            self.summary.files_sent += 1

    def _send_file(self, path: Path, sha256: str, offset: int) -> None:
        size = path.stat().st_size
        with path.open("rb") as f:
            while offset < size or size == 0:  # an empty file is one empty chunk, sent like any other
                self._check_cancel()
                f.seek(offset)
                chunk = f.read(wire.CHUNK_BYTES)
                try:
                    state = self._retrying(partial(self.client.put_blob, sha256, offset, size, chunk))
                except ProtocolError as exc:
                    if exc.code != "offset":
                        raise
                    # the hub holds a different amount than we thought (an earlier chunk did arrive): ask
                    state = self._retrying(lambda: self.client.query_blobs([sha256]))[0]
                if state.complete or size == 0:  # (an empty file's answer cannot be "send more")
                    break
                offset = state.received
                self._report("files", offset, size)

    # ---- pull --------------------------------------------------------------------------------------------

    def pull(self) -> None:
        while True:
            self._check_cancel()
            cursor = sync_state.cursor(self.db)
            page = self._retrying(partial(self.client.decisions, cursor, self.options.pull_limit))
            result = sync_state.apply_decisions(self.db, [d.model_dump() for d in page.decisions], page.cursor)
            self.summary.pulled += len(page.decisions)
            self.summary.applied += result.applied
            self.summary.touched_requests += result.request_ids
            self._report("pull", self.summary.pulled, self.summary.pulled)
            if not page.more or not page.decisions:
                break
        self._check_cancel()
        schedule = self._retrying(self.client.holidays)
        if schedule is not None:
            self.summary.holiday_years += city_holidays.apply_schedule(self.db, schedule)

    # ---- the hash chains' heads -------------------------------------------------------------------------

    def report_chains(self) -> None:
        """Tell the city where the audit log and the timelines stand; it answers whether they still lead to what
        it saw last time (a hub without the endpoint: nothing to do)."""
        self._check_cancel()
        heads = chain_heads.report(self.db, self.station_code, self.device_uuid)
        answer = self._retrying(partial(self.client.chains, heads))
        if answer is not None:
            self.summary.history_changed = chain_heads.record_answer(self.db, answer)

    # ---- all of it ---------------------------------------------------------------------------------------

    def run(self) -> SyncSummary:
        """Push then pull. Raises ``SyncFailed`` (the rows not answered stay pending for the next sync)."""
        try:
            outbox.backfill(self.db, progress=lambda done, total: self._report("queue", done, total),
                            cancelled=self._cancelled)
            self._check_cancel()
            sync_state.queue_before_push(self.db)  # the monthly figures for the city (§4.3)
            self._check_cancel()
            self.push()
            self.pull()
            self.report_chains()
        except Cancelled:
            self.summary.cancelled = True
        except HubError as exc:
            self._finish()
            raise SyncFailed(exc.message, self.summary, exc) from exc
        return self._finish()

    def _finish(self) -> SyncSummary:
        self.summary.bytes_sent = self.client.bytes_sent
        self.summary.remaining = outbox.counts(self.db).pending
        return self.summary
