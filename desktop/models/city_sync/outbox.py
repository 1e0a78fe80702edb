"""The transactional outbox: records for the city platform, written with the change they carry.

``enqueue`` is called inside the lifecycle's own transaction (escalate, archive): the record's body is built
there, in its wire form (docs/sync-protocol.md), so it exists exactly when the change does and holds what the
station knew at that moment. The sync engine (desktop/sync) reads pending rows and writes the hub's answers
back through the functions here; an admin retries or drops a set-aside row, and both are audited.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.accounts.tables import Staff
from desktop.models.catalogue.tables import CatalogueItem
from desktop.models.city_sync.tables import OutboxEntry, SyncState
from desktop.models.clients.tables import Client, ClientContact
from desktop.models.core.audit import entry
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import NotFound, Refused
from desktop.models.core.tables import AuditEntry, Station
from desktop.models.core.types import utcnow
from desktop.models.institutions.tables import Institution
from desktop.models.requests.tables import Referral, RequestAttachment, RequestEvent, RequestItem, ServiceRequest
from desktop.models.visits.tables import Visit


# The wire module brings pydantic (a tenth of a second to import): loaded when a record is first queued, not
# when the app starts.
def iso_utc(at: datetime) -> str:
    from desktop.sync.wire import format_utc

    return format_utc(at)


def canonical_json(value: Any) -> bytes:
    from desktop.sync import wire

    return wire.canonical_json(value)


def content_hash(body: Any) -> str:
    from desktop.sync import wire

    return wire.content_hash(body)

BACKFILL_KEY = "outbox_backfill"  # set by migration 0005: requests escalated or archived before sync existed


# ---- building records ------------------------------------------------------------------------------------

def client_body(s: Session, client_id: int) -> dict[str, Any]:
    """A client as records carry it (``wire.ClientBody``)."""
    c = s.get(Client, client_id)
    assert c is not None
    contacts = s.scalars(select(ClientContact).where(ClientContact.client_id == c.id)
                         .order_by(ClientContact.position, ClientContact.id))
    return {"uuid": c.uuid, "name": c.name, "uscc": c.uscc, "kind": c.kind, "district": c.district,
            "address": c.address, "industry": c.industry, "size": c.size,
            "contacts": [{"name": k.name, "phone": k.phone, "title": k.title} for k in contacts]}


def _timeline(s: Session, request_id: int) -> list[dict[str, Any]]:
    rows = s.execute(select(RequestEvent, Staff.name).outerjoin(Staff, Staff.id == RequestEvent.actor_id)
                     .where(RequestEvent.request_id == request_id).order_by(RequestEvent.id))
    return [{"uuid": e.uuid, "at": iso_utc(e.at), "kind": e.kind, "from_status": e.from_status,
             "to_status": e.to_status, "text": e.text, "actor": name or "", "data": json.loads(e.data or "{}")}
            for e, name in rows]


def _referrals(s: Session, request_id: int) -> list[dict[str, Any]]:
    rows = s.execute(select(Referral, Institution.name).join(Institution, Institution.id == Referral.institution_id)
                     .where(Referral.request_id == request_id).order_by(Referral.id))
    return [{"uuid": r.uuid, "institution": name, "referred_at": iso_utc(r.referred_at),
             "deadline": r.deadline.isoformat(), "told_at": iso_utc(r.told_at), "told_via": r.told_via,
             "note": r.note, "responded_at": iso_utc(r.responded_at) if r.responded_at else None}
            for r, name in rows]


def _visits(s: Session, request_id: int) -> list[dict[str, Any]]:
    rows = s.scalars(select(Visit).where(Visit.request_id == request_id, Visit.status != "draft",
                                         Visit.canonical.is_not(None)).order_by(Visit.id))
    return [{"uuid": v.uuid, "content_hash": v.content_hash, "content": json.loads(v.canonical or "{}"),
             "paper_scan_sha256": v.paper_scan_sha256} for v in rows]


def request_body(s: Session, req: ServiceRequest, kind: str, reason: str = "") -> dict[str, Any]:
    """The wire body (``wire.RequestBody``) of ``req`` as it is in this session."""
    station = s.get(Station, 1)
    assert station is not None
    items = s.execute(select(CatalogueItem.clause, CatalogueItem.title).join(RequestItem)
                      .where(RequestItem.request_id == req.id).order_by(CatalogueItem.id))
    attachments = s.scalars(select(RequestAttachment).where(RequestAttachment.request_id == req.id)
                            .order_by(RequestAttachment.id))
    return {
        "station_code": station.code, "number": req.number, "channel": req.channel, "status": req.status,
        "description": req.description, "assessment": req.assessment, "notice": req.notice,
        "result": req.result, "contact_name": req.contact_name, "contact_phone": req.contact_phone,
        "received_at": iso_utc(req.received_at),
        "closed_at": iso_utc(req.closed_at) if req.closed_at else None,
        "items": [clause or title for clause, title in items], "reason": reason,
        "client": client_body(s, req.client_id), "timeline": _timeline(s, req.id),
        "attachments": [{"sha256": a.sha256, "size": a.size, "name": a.file_name} for a in attachments],
        "referrals": _referrals(s, req.id),
        "visits": _visits(s, req.id) if kind == "archive" else [],
    }


def enqueue(s: Session, req: ServiceRequest, kind: str, reason: str = "") -> OutboxEntry:
    """Write the record for ``req`` into the outbox, in the caller's transaction."""
    s.flush()  # events and visits get their ids and UUIDs
    body = request_body(s, req, kind, reason)
    blobs = sorted({a["sha256"] for a in body["attachments"]}
                   | {v["paper_scan_sha256"] for v in body["visits"] if v["paper_scan_sha256"]})
    return add_record(s, kind, req.uuid, req.version, body, blobs, request_id=req.id)


def add_record(s: Session, kind: str, uuid: str, version: int, body: dict[str, Any], blobs: list[str], *,
               request_id: int | None = None, complaint_id: int | None = None) -> OutboxEntry:
    """Write a record built by its area (a request's here, a complaint's in ``complaints.archive_record``) into the
    outbox, in the caller's transaction; ``blobs``: the files the hub must have first."""
    row = OutboxEntry(kind=kind, record_uuid=uuid, version=version, request_id=request_id,
                      complaint_id=complaint_id, body=canonical_json(body).decode("utf-8"),
                      content_hash=content_hash(body), blobs=json.dumps(blobs))
    s.add(row)
    return row


def backfill(db: Database, chunk: int = 500, progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] = lambda: False) -> int:
    """Queue the requests escalated or archived before this station had sync (migration 0005) or written in bulk
    (demo data). A transaction per ``chunk`` requests, so the app's own writes are never held up for long; a
    cancelled or interrupted backfill goes on where it stopped the next time. Returns how many were queued."""
    with db.read() as s:
        flag = s.get(SyncState, BACKFILL_KEY)
        if flag is None or flag.value != "1":
            return 0
        total = s.scalar(select(func.count()).select_from(_unqueued().subquery())) or 0
    count, after = 0, 0
    while not cancelled():
        with db.begin(None) as s:
            requests = list(s.scalars(select(ServiceRequest).where(ServiceRequest.id.in_(_unqueued()),
                                                                  ServiceRequest.id > after)
                                      .order_by(ServiceRequest.id).limit(chunk)))
            for req in requests:
                reason = ""
                if req.status == "escalated":
                    reason = s.scalar(select(RequestEvent.text).where(RequestEvent.request_id == req.id,
                                                                      RequestEvent.kind == "escalated")
                                      .order_by(RequestEvent.id.desc()).limit(1)) or ""
                enqueue(s, req, "escalation" if req.status == "escalated" else "archive", reason)
            if not requests:
                s.merge(SyncState(key=BACKFILL_KEY, value="0"))
                break
            after = requests[-1].id
            count += len(requests)
        if progress is not None:
            progress(count, total)
    return count


def _unqueued() -> Any:
    """Ids of the escalated and archived requests that have no outbox record."""
    queued = select(OutboxEntry.request_id).where(OutboxEntry.request_id.is_not(None))  # NOT IN meets no NULL
    return select(ServiceRequest.id).where(ServiceRequest.status.in_(("escalated", "archived")),
                                           ServiceRequest.id.not_in(queued))


# ---- reading the queue -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pending:
    id: int
    kind: str
    uuid: str
    version: int
    content_hash: str
    body: str  # canonical JSON
    blobs: tuple[str, ...]


@dataclass(frozen=True)
class SetAside:
    id: int
    kind: str
    number: str
    client: str
    version: int
    outcome: str
    reason: str  # the hub's words
    answered_at: datetime | None
    code: str = ""  # why, for the UI to explain (wire.REASON_CODES)


@dataclass(frozen=True)
class QueueCounts:
    escalation: int
    archive: int
    set_aside: int

    @property
    def pending(self) -> int:
        return self.escalation + self.archive


_PENDING = (select(OutboxEntry.id, OutboxEntry.kind, OutboxEntry.record_uuid, OutboxEntry.version,
                   OutboxEntry.content_hash, OutboxEntry.body, OutboxEntry.blobs)
            .where(OutboxEntry.state == "pending", OutboxEntry.id > bindparam("after_id"))
            .order_by(OutboxEntry.id).limit(bindparam("limit")))


def pending_batch(db: Database, after_id: int, limit: int) -> list[Pending]:
    """The next ``limit`` pending rows after ``after_id``, as plain rows (no ORM objects: a batch is read for
    every push, and its bodies are most of what the sync moves)."""
    with db.read() as s:
        rows = s.execute(_PENDING, {"after_id": after_id, "limit": limit})
        return [Pending(row_id, kind, uuid, version, content_hash, body,
                        tuple(json.loads(blobs)) if blobs != "[]" else ())
                for row_id, kind, uuid, version, content_hash, body, blobs in rows]


def counts(db: Database) -> QueueCounts:
    """What waits for the city, including requests not queued yet (see ``backfill``)."""
    with db.read() as s:
        rows = dict(s.execute(select(OutboxEntry.kind, func.count())
                              .where(OutboxEntry.state == "pending").group_by(OutboxEntry.kind)).all())
        aside = s.scalar(select(func.count()).where(OutboxEntry.state == "set_aside")) or 0
        flag = s.get(SyncState, BACKFILL_KEY)
        if flag is not None and flag.value == "1":
            for status, n in s.execute(select(ServiceRequest.status, func.count())
                                       .where(ServiceRequest.id.in_(_unqueued()))
                                       .group_by(ServiceRequest.status)):
                kind = "escalation" if status == "escalated" else "archive"
                rows[kind] = rows.get(kind, 0) + n
        # a complaint's record is an archive record too
        return QueueCounts(rows.get("escalation", 0), rows.get("archive", 0) + rows.get("complaint", 0), aside)


def set_aside_list(db: Database) -> list[SetAside]:
    with db.read() as s:
        rows = s.execute(select(OutboxEntry, ServiceRequest.number, Client.name)
                         .outerjoin(ServiceRequest, ServiceRequest.id == OutboxEntry.request_id)
                         .outerjoin(Client, Client.id == ServiceRequest.client_id)
                         .where(OutboxEntry.state == "set_aside").order_by(OutboxEntry.id))
        # a complaint's record names itself in its body (its area comes after this one)
        return [SetAside(o.id, o.kind, number or json.loads(o.body).get("number", ""),
                         name or json.loads(o.body).get("complainant", ""), o.version, o.outcome, o.reason,
                         o.answered_at, o.reason_code)
                for o, number, name in rows]


# ---- writing the hub's answers ---------------------------------------------------------------------------

def record_answers(db: Database, answers: dict[int, tuple[str, str, str]], now: datetime | None = None) -> None:
    """``answers``: outbox id -> (outcome, reason, reason code). accepted / already_had: sent; conflict /
    rejected: set aside. One transaction, so a batch's answers are recorded together or not at all."""
    now = now or utcnow()
    if not answers:
        return
    table = cast(Table, OutboxEntry.__table__)
    rows = [{"row_id": row_id, "new_state": "sent" if outcome in ("accepted", "already_had") else "set_aside",
             "new_outcome": outcome, "new_code": code,
             "new_reason": "" if outcome in ("accepted", "already_had") else (reason or outcome)}
            for row_id, (outcome, reason, code) in answers.items()]
    statement = (update(table).where(table.c.id == bindparam("row_id"), table.c.state == "pending")
                 .values(state=bindparam("new_state"), outcome=bindparam("new_outcome"),
                         reason=bindparam("new_reason"), reason_code=bindparam("new_code"), answered_at=now))
    with db.begin(None) as s:
        s.connection().execute(statement, rows)  # one executemany, not an ORM update per row


def record_failure(db: Database, ids: list[int], error: str) -> None:
    """A push of these rows reached no answer: count the attempt (they stay pending)."""
    with db.begin(None) as s:
        s.execute(update(OutboxEntry).where(OutboxEntry.id.in_(ids), OutboxEntry.state == "pending")
                  .values(attempts=OutboxEntry.attempts + 1, last_error=error[:2000]))


def _audited(s: Session, actor_id: int, row: OutboxEntry, what: str, before: str, after: str) -> None:
    s.execute(insert(AuditEntry), [entry("event", "outbox", row.id, row.record_uuid,
                                         {"state": [before, after], "action": what, "kind": row.kind,
                                          "version": row.version, "reason": row.reason}, actor_id)])


def _admin_row(s: Session, actor_id: int, outbox_id: int) -> OutboxEntry:
    actor = require_role(s, actor_id)
    if actor.role != "admin":
        raise Refused("Only a station admin can retry or drop a set-aside record.")
    row = s.get(OutboxEntry, outbox_id)
    if row is None:
        raise NotFound("No such record in the outbox.")
    if row.state != "set_aside":
        raise Refused("Only a set-aside record can be retried or dropped.")
    return row


def retry(db: Database, actor_id: int, outbox_id: int) -> Changes:
    """Put a set-aside record back in the queue (after its cause was fixed at the hub)."""
    with db.begin(actor_id) as s:
        row = _admin_row(s, actor_id, outbox_id)
        _audited(s, actor_id, row, "retry", row.state, "pending")
        row.state, row.outcome, row.answered_at = "pending", "", None
        row.reason = row.reason_code = ""
        return Changes(OutboxEntry, "updated", (row.id,))


def drop(db: Database, actor_id: int, outbox_id: int) -> Changes:
    """Give up a set-aside record: it stays in the outbox as dropped, and the audit trail says who did it."""
    with db.begin(actor_id) as s:
        row = _admin_row(s, actor_id, outbox_id)
        _audited(s, actor_id, row, "drop", row.state, "dropped")
        row.state = "dropped"
        return Changes(OutboxEntry, "updated", (row.id,))
