"""Taking a pushed batch: every record answered, in order, in one transaction (docs/sync-protocol.md, Push).

A record is identified by (kind, uuid, version) and its content by the SHA-256 of its canonical body, so the
answer to a record sent again is ``already_had`` and a batch can be repeated harmlessly. A batch holds its
station's row (``lock_station``), so two devices of a station push one after the other. Stations racing on the
same key (a uuid only one of them can own) meet on the unique constraint: on PostgreSQL the loser's insert
fails, its batch is rolled back to a savepoint and taken again, and then sees what the winner stored.
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
import time
from dataclasses import dataclass
from typing import cast

from pydantic import ValidationError
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from cityhub import monthly
from cityhub.auth import device_station
from cityhub.db import Device, Escalation, HubStation, Record, RecordFile, lock_station, utcnow
from cityhub.errors import ProtocolMismatch, WrongStation
from desktop.sync import wire

log = logging.getLogger(__name__)

RETRIES = 5
_RECORD_TABLE = cast(Table, Record.__table__)
_UUID = re.compile(wire.UUID)


@dataclass(frozen=True)
class _Checked:
    """A record that passed every check: its parsed body and canonical JSON."""

    body: wire.RequestBody | wire.ComplaintBody | wire.FiguresBody
    canonical: str


class _Rejected(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code


def _validation_reason(error: ValidationError) -> str:
    """The first problem, naming the field (``body.client.name: ...``), and how many more there are."""
    problems = error.errors()
    first = problems[0]
    where = ".".join(str(part) for part in ("body", *first["loc"]))
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}: {first['msg']}{more}"


def _check(record: wire.RecordIn, station: HubStation) -> _Checked:
    """Everything that can be said of a record without the database; raise ``_Rejected`` with the reason."""
    if record.kind not in wire.KINDS:
        raise _Rejected("kind", f"unknown kind {record.kind!r}")
    if not _UUID.match(record.uuid):
        raise _Rejected("uuid", "uuid is not a UUID (lower-case hex, 8-4-4-4-12)")
    if not 1 <= record.version <= wire.MAX_INT:  # past MAX_INT the database's integer would overflow
        raise _Rejected("version", f"version must be from 1 to {wire.MAX_INT}")
    text = wire.canonical_text(record.body)  # kept as text: the stored body, without decoding the bytes again
    if not wire.is_unicode(text):
        raise _Rejected("validation", "body holds text that is not valid Unicode (an unpaired surrogate)")
    canonical = text.encode("utf-8")
    if len(canonical) > wire.MAX_RECORD_BYTES:
        raise _Rejected("too_large", f"body is {len(canonical)} bytes, over the {wire.MAX_RECORD_BYTES} allowed")
    if hashlib.sha256(canonical).hexdigest() != record.content_hash:  # wire.content_hash, without a second dump
        raise _Rejected("hash_mismatch", "content hash does not match the body")
    schema: type[wire.RequestBody] | type[wire.ComplaintBody] | type[wire.FiguresBody] = wire.RequestBody
    if record.kind == "complaint":
        schema = wire.ComplaintBody
    elif record.kind == "figures":
        schema = wire.FiguresBody
    try:
        body = schema.model_validate(record.body)
    except ValidationError as error:
        raise _Rejected("validation", _validation_reason(error)) from None
    if isinstance(body, wire.FiguresBody):
        if monthly.is_future(body.month, utcnow()):
            raise _Rejected("validation", f"body.month {body.month} is after the current month")
    elif "\x00" in body.number:
        raise _Rejected("validation", "body.number contains a NUL character")
    if body.station_code != station.code:
        raise _Rejected("wrong_station",
                        f"body.station_code {body.station_code!r} is not this device's station {station.code!r}")
    return _Checked(body, text)


def _files(body: wire.RequestBody | wire.ComplaintBody | wire.FiguresBody) -> set[str]:
    if not isinstance(body, wire.RequestBody):  # a complaint's or figures' record names no files
        return set()
    return {a.sha256 for a in body.attachments} | {
        v.paper_scan_sha256 for v in body.visits if v.paper_scan_sha256 is not None}


def _clean(text: str) -> str:
    """Free text copied into the hub's own columns: PostgreSQL text cannot hold NUL (the JSON body escapes it)."""
    return text.replace("\x00", "")


def _upsert_escalations(session: Session, station: HubStation,
                        accepted: list[tuple[wire.RecordIn, _Checked]]) -> None:
    """The escalations of a batch, in order: a newer version of an escalation (re-)opens it; an older one arriving
    late changes nothing. The batch's escalations are read in one query."""
    records: list[tuple[wire.RecordIn, wire.RequestBody | wire.ComplaintBody]] = [
        (record, body) for record, check in accepted
        if isinstance(body := check.body, wire.RequestBody | wire.ComplaintBody)
        and ((record.kind == "escalation" and isinstance(body, wire.RequestBody))
             or (isinstance(body, wire.ComplaintBody) and body.for_the_city))]  # a complaint decided like a request
    if not records:
        return
    held = {e.request_uuid: e for e in session.scalars(
        select(Escalation).where(Escalation.request_uuid.in_(sorted({r.uuid for r, _ in records}))))}
    for record, body in records:
        escalation = held.get(record.uuid)
        name, reason = _who_and_why(body)
        if escalation is None:
            held[record.uuid] = Escalation(
                station_id=station.id, request_uuid=record.uuid, request_number=body.number, version=record.version,
                status="open", assignee="", client_name=name, reason=reason, updated_at=utcnow())
            session.add(held[record.uuid])
        elif record.version > escalation.version:
            escalation.request_number = body.number
            escalation.version = record.version
            escalation.status = "open"
            escalation.assignee = ""
            escalation.client_name = name
            escalation.reason = reason
            escalation.updated_at = utcnow()


def _who_and_why(body: wire.RequestBody | wire.ComplaintBody) -> tuple[str, str]:
    """The escalation's client name and reason: a request's client and reason; a complaint's complainant and what
    the station wrote when it referred the complaint to the city."""
    if isinstance(body, wire.RequestBody):
        return _clean(body.client.name), _clean(body.reason)
    referred = next((e.text for e in reversed(body.timeline) if e.kind == "referred_out"), "")
    return _clean(body.complainant or "匿名")[:200], _clean(referred)


def _answer_all(session: Session, device: Device, station: HubStation,
                records: list[wire.RecordIn]) -> list[wire.RecordAnswer]:
    """Answer the batch's records in order. What the hub holds of these uuids is read once, the accepted
    records are inserted together: a batch costs a few statements, not a few per record."""
    checks: list[_Checked | _Rejected] = []
    for record in records:
        try:
            checks.append(_check(record, station))
        except _Rejected as rejected:
            checks.append(rejected)
    uuids = sorted({r.uuid for r, c in zip(records, checks, strict=True) if isinstance(c, _Checked)})
    held: dict[tuple[str, str, int], str] = {}
    owner: dict[str, int] = {}
    for start in range(0, len(uuids), 500):
        for kind, uuid, version, station_id, content in session.execute(
                select(Record.kind, Record.uuid, Record.version, Record.station_id, Record.content_hash)
                .where(Record.uuid.in_(uuids[start:start + 500]))):
            held[(kind, uuid, version)] = content
            owner.setdefault(uuid, station_id)
    answers: list[wire.RecordAnswer] = []
    new_rows: list[dict[str, object]] = []
    accepted: list[tuple[wire.RecordIn, _Checked]] = []
    now = utcnow()
    for record, check in zip(records, checks, strict=True):
        outcome: wire.Outcome = "accepted"
        reason = code = ""
        key = (record.kind, record.uuid, record.version)
        if isinstance(check, _Rejected):
            outcome, code, reason = "rejected", check.code, str(check)
        elif owner.get(record.uuid, station.id) != station.id:
            outcome, code, reason = "rejected", "other_station", "uuid belongs to another station"
        elif key in held:
            if held[key] == record.content_hash:
                outcome = "already_had"
            else:
                outcome, code = "conflict", "conflict"
                reason = (f"version {record.version} is held with content hash {held[key][:12]}…, "
                          f"this one has {record.content_hash[:12]}…")
        else:
            held[key] = record.content_hash  # the same record twice in one batch: the second is already had
            owner[record.uuid] = station.id
            new_rows.append({"station_id": station.id, "device_id": device.id, "kind": record.kind,
                             "uuid": record.uuid, "version": record.version, "content_hash": record.content_hash,
                             "body": check.canonical, "received_at": now})
            accepted.append((record, check))
        answers.append(wire.RecordAnswer(kind=record.kind, uuid=record.uuid, version=record.version,
                                         outcome=outcome, reason=reason, code=code))
    if new_rows:
        # a plain executemany of the table's insert (psycopg pipelines it), without the ORM's bulk machinery; the
        # ids are read back only for the few records with files
        session.connection().execute(insert(_RECORD_TABLE), new_rows)
        named = {(r.kind, r.uuid, r.version): sorted(_files(c.body)) for r, c in accepted}
        with_files = {key: files for key, files in named.items() if files}
        if with_files:
            ids = session.execute(select(Record.kind, Record.uuid, Record.version, Record.id).where(
                Record.uuid.in_(sorted({u for _k, u, _v in with_files})))).all()
            files = [{"record_id": row_id, "sha256": sha} for kind, uuid, version, row_id in ids
                     for sha in with_files.get((kind, uuid, version), ())]
            if files:
                session.execute(insert(RecordFile), files)
        _upsert_escalations(session, station, accepted)
        session.flush()
    return answers


def ingest(session: Session, device: Device, push: wire.PushRequest) -> wire.PushResponse:
    """Answer every record of ``push`` in order, storing the accepted ones, within the caller's transaction.

    Raises ``ProtocolMismatch`` for another protocol version and ``WrongStation`` when the envelope names a
    station other than the device's: both refuse the batch as a whole."""
    if push.protocol != wire.PROTOCOL:
        raise ProtocolMismatch(f"this hub speaks protocol {wire.PROTOCOL}, not {push.protocol}")
    station = device_station(session, device)
    if push.station_code != station.code:
        raise WrongStation(f"this device belongs to station {station.code}, not {push.station_code}")
    lock_station(session, station.id)
    for attempt in range(1, RETRIES + 1):
        savepoint = session.begin_nested()
        try:
            answers = _answer_all(session, device, station, list(push.records))
            savepoint.commit()
        except (IntegrityError, OperationalError) as error:
            # another transaction stored one of these keys (or deadlocked with us) meanwhile: take the batch again
            savepoint.rollback()
            if attempt == RETRIES:
                raise
            log.info("push from %s met a concurrent batch (%s); taking it again", device.uuid, type(error).__name__)
            time.sleep(random.uniform(0, 0.05 * attempt))  # jitter: two retrying batches drift apart
            continue
        now = utcnow()
        device.last_push_at = now
        device.last_seen_at = now
        return wire.PushResponse(answers=answers)
    raise AssertionError("unreachable")
