"""Reading visit records, and the canonical form that a signature seals.

The canonical form is UTF-8 JSON with sorted keys and no spaces, holding everything the record says at the
moment it was signed (the station with its time zone, request, client and items as they were, the people, the texts, the
follow-ups, the signatures' strokes or the declined reason, the paper scan's hash). Times are UTC to the
second, signature points are integers: the same record gives the same bytes on every machine, and its
SHA-256 is the record's content hash. A signed record is printed from that stored form, so what is printed
is what was sealed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.accounts.tables import Staff
from desktop.models.catalogue.tables import CatalogueItem
from desktop.models.clients.tables import Client
from desktop.models.core.changes import Changes
from desktop.models.core.clock import DEFAULT_TIME_ZONE
from desktop.models.core.db import Database
from desktop.models.core.errors import NotFound
from desktop.models.core.tables import Station
from desktop.models.requests.tables import RequestItem, ServiceRequest
from desktop.models.visits.tables import (
    Visit,
    VisitAttendee,
    VisitDocument,
    VisitFollowUp,
    VisitOfficer,
    VisitSignature,
)
from desktop.sync.wire import canonical_json, parse_utc
from desktop.sync.wire import format_utc as iso_utc

FORMAT = "quality-station.visit-record/1"
SNAPSHOTS = ("station", "request", "client", "amends")  # copied at signing, not owned by the record


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _rows(session: Session, table: Any, visit_id: int) -> list[Any]:
    return list(session.scalars(select(table).where(table.visit_id == visit_id).order_by(table.position)))


def _items(session: Session, request_id: int) -> list[str]:
    rows = session.execute(select(CatalogueItem.clause, CatalogueItem.title).join(RequestItem)
                           .where(RequestItem.request_id == request_id).order_by(CatalogueItem.id))
    return [f"{clause} {title}" if clause else title for clause, title in rows]


def input_of(session: Session, visit: Visit) -> Any:
    """The visit's content as a ``visits.VisitInput`` (to validate, edit or copy into an amendment)."""
    from desktop.models.visits.editing import AttendeeInput, FollowUpInput, OfficerRef, VisitInput

    return VisitInput(
        visited_at=visit.visited_at, place=visit.place,
        officers=tuple(OfficerRef(o.name, o.staff_id) for o in _rows(session, VisitOfficer, visit.id)),
        attendees=tuple(AttendeeInput(a.name, a.title, a.phone) for a in _rows(session, VisitAttendee, visit.id)),
        work_done=visit.work_done, questions=visit.questions, collected=visit.collected,
        follow_ups=tuple(FollowUpInput(f.action, f.owner, f.due_on) for f in _rows(session, VisitFollowUp, visit.id)),
        amendment_reason=visit.amendment_reason)


def canonical_content(session: Session, visit: Visit) -> dict[str, Any]:
    """What the record says now, in the canonical shape (see the module's docstring)."""
    req = session.get(ServiceRequest, visit.request_id)
    assert req is not None
    client = session.get(Client, req.client_id)
    station = session.get(Station, 1)
    assert client is not None and station is not None
    amends = session.get(Visit, visit.amends_id) if visit.amends_id is not None else None
    sigs = {s.role: s for s in session.scalars(select(VisitSignature).where(VisitSignature.visit_id == visit.id))}
    return {
        "format": FORMAT,
        "uuid": visit.uuid,
        "amends": {"uuid": amends.uuid, "content_hash": amends.content_hash} if amends else None,
        "amendment_reason": visit.amendment_reason,
        "station": {"code": station.code, "name": station.name, "level": station.level,
                    "address": station.address, "complaint_phone": station.complaint_phone or "",
                    "complaint_email": station.complaint_email or "", "time_zone": station.time_zone},
        "request": {"uuid": req.uuid, "number": req.number, "items": _items(session, req.id)},
        "client": {"name": client.name, "uscc": client.uscc or "", "address": client.address},
        "visited_at": iso_utc(visit.visited_at),
        "place": visit.place,
        "officers": [o.name for o in _rows(session, VisitOfficer, visit.id)],
        "attendees": [{"name": a.name, "title": a.title, "phone": a.phone}
                      for a in _rows(session, VisitAttendee, visit.id)],
        "work_done": visit.work_done,
        "questions": visit.questions,
        "collected": visit.collected,
        "follow_ups": [{"action": f.action, "owner": f.owner, "due_on": f.due_on.isoformat() if f.due_on else None}
                       for f in _rows(session, VisitFollowUp, visit.id)],
        "signatures": {role: {"name": s.signer_name, "signed_at": iso_utc(s.signed_at),
                              "strokes": json.loads(s.strokes) if s.strokes is not None else None,
                              "declined_reason": s.declined_reason} for role, s in sigs.items()},
        "paper": ({"scan_sha256": visit.paper_scan_sha256, "scan_name": visit.paper_scan_name or ""}
                  if visit.paper_scan_sha256 else None),
        "status": visit.status,
        "locked_at": iso_utc(visit.locked_at) if visit.locked_at else None,
    }


# ---- reading --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureView:
    role: str  # client | officer
    name: str
    signed_at: datetime | None
    png: bytes | None
    strokes: list[list[tuple[int, int, int, int]]] | None
    declined_reason: str | None


@dataclass(frozen=True)
class RecordContent:
    """Everything a printed 现场服务记录 shows. For a signed record it comes from the sealed canonical form."""

    uuid: str
    status: str  # draft | signed | paper_signed
    content_hash: str | None
    amends_uuid: str | None
    amends_hash: str | None
    amendment_reason: str
    station: dict[str, str]
    request_uuid: str
    request_number: str
    items: tuple[str, ...]
    client_name: str
    client_uscc: str
    client_address: str
    visited_at: datetime
    place: str
    officers: tuple[str, ...]
    attendees: tuple[tuple[str, str, str], ...]  # name, title, phone
    work_done: str
    questions: str
    collected: str
    follow_ups: tuple[tuple[str, str, date | None], ...]  # action, owner, due
    signatures: tuple[SignatureView, ...]
    paper_scan_sha256: str | None
    paper_scan_name: str
    locked_at: datetime | None

    @property
    def time_zone(self) -> str:
        """The zone the record's times are printed in: the station's when it was sealed (a record sealed before
        stations had a zone was printed in Beijing time), so a sealed record prints the same ever after."""
        return self.station.get("time_zone") or DEFAULT_TIME_ZONE


def content_from_canonical(c: dict[str, Any], content_hash: str | None, pngs: dict[str, bytes | None]) -> RecordContent:
    amends = c.get("amends") or {}
    paper = c.get("paper") or {}
    sigs = tuple(
        SignatureView(role, s["name"], parse_utc(s["signed_at"]), pngs.get(role),
                      [[tuple(p) for p in st] for st in s["strokes"]] if s.get("strokes") is not None else None,
                      s.get("declined_reason"))
        for role in ("client", "officer") if (s := c["signatures"].get(role)) is not None)
    return RecordContent(
        uuid=c["uuid"], status=c["status"], content_hash=content_hash, amends_uuid=amends.get("uuid"),
        amends_hash=amends.get("content_hash"), amendment_reason=c["amendment_reason"], station=dict(c["station"]),
        request_uuid=c["request"]["uuid"], request_number=c["request"]["number"], items=tuple(c["request"]["items"]),
        client_name=c["client"]["name"], client_uscc=c["client"]["uscc"], client_address=c["client"]["address"],
        visited_at=parse_utc(c["visited_at"]), place=c["place"], officers=tuple(c["officers"]),
        attendees=tuple((a["name"], a["title"], a["phone"]) for a in c["attendees"]),
        work_done=c["work_done"], questions=c["questions"], collected=c["collected"],
        follow_ups=tuple((f["action"], f["owner"], date.fromisoformat(f["due_on"]) if f["due_on"] else None)
                         for f in c["follow_ups"]),
        signatures=sigs, paper_scan_sha256=paper.get("scan_sha256"), paper_scan_name=paper.get("scan_name", ""),
        locked_at=parse_utc(c["locked_at"]) if c.get("locked_at") else None)


def _pngs(session: Session, visit_id: int) -> dict[str, bytes | None]:
    return {s.role: s.png for s in session.scalars(select(VisitSignature).where(VisitSignature.visit_id == visit_id))}


def record_content(db: Database, visit_id: int) -> RecordContent:
    """What the printed record shows: the sealed form of a signed record, the current draft otherwise."""
    with db.read() as s:
        visit = s.get(Visit, visit_id)
        if visit is None:
            raise NotFound("No such visit record.")
        if visit.canonical is not None:
            return content_from_canonical(json.loads(visit.canonical), visit.content_hash, _pngs(s, visit.id))
        return content_from_canonical(canonical_content(s, visit), None, {})


@dataclass(frozen=True)
class VisitSummary:
    id: int
    uuid: str
    visited_at: datetime
    place: str
    officers: str
    status: str
    amends_id: int | None
    locked_at: datetime | None
    content_hash: str | None


def list_visits(db: Database, request_id: int) -> list[VisitSummary]:
    """The request's visit records, originals with their amendments after them, oldest first."""
    with db.read() as s:
        visits = list(s.scalars(select(Visit).where(Visit.request_id == request_id).order_by(Visit.id)))
        names: dict[int, list[str]] = {}
        for visit_id, name in s.execute(select(VisitOfficer.visit_id, VisitOfficer.name)
                                        .join(Visit).where(Visit.request_id == request_id)
                                        .order_by(VisitOfficer.visit_id, VisitOfficer.position)):
            names.setdefault(visit_id, []).append(name)
        rows = [VisitSummary(v.id, v.uuid, v.visited_at, v.place, "、".join(names.get(v.id, [])), v.status,
                             v.amends_id, v.locked_at, v.content_hash) for v in visits]
    order = {r.id: (r.amends_id or r.id, r.id) for r in rows}
    return sorted(rows, key=lambda r: order[r.id])


@dataclass(frozen=True)
class VisitDetail:
    id: int
    uuid: str
    request_id: int
    request_number: str
    client_name: str
    client_address: str
    status: str
    amends_id: int | None
    amends_uuid: str | None
    input: Any  # visits.VisitInput
    signatures: tuple[SignatureView, ...]
    content_hash: str | None
    locked_at: datetime | None
    locked_by: str
    paper_scan_sha256: str | None
    paper_scan_name: str
    amendments: tuple[VisitSummary, ...]  # for an original: its corrections, oldest first


def get_visit(db: Database, visit_id: int) -> VisitDetail:
    with db.read() as s:
        visit = s.get(Visit, visit_id)
        if visit is None:
            raise NotFound("No such visit record.")
        req = s.get(ServiceRequest, visit.request_id)
        assert req is not None
        client = s.get(Client, req.client_id)
        assert client is not None
        amends = s.get(Visit, visit.amends_id) if visit.amends_id else None
        locker = s.get(Staff, visit.locked_by) if visit.locked_by else None
        sigs = tuple(SignatureView(g.role, g.signer_name, g.signed_at, g.png,
                                   [[tuple(p) for p in st] for st in json.loads(g.strokes)] if g.strokes else None,
                                   g.declined_reason)
                     for g in s.scalars(select(VisitSignature).where(VisitSignature.visit_id == visit.id)
                                        .order_by(VisitSignature.role)))
        inp = input_of(s, visit)
        detail = dict(id=visit.id, uuid=visit.uuid, request_id=req.id, request_number=req.number,
                      client_name=client.name, client_address=client.address, status=visit.status,
                      amends_id=visit.amends_id, amends_uuid=amends.uuid if amends else None, input=inp,
                      signatures=sigs, content_hash=visit.content_hash, locked_at=visit.locked_at,
                      locked_by=locker.name if locker else "", paper_scan_sha256=visit.paper_scan_sha256,
                      paper_scan_name=visit.paper_scan_name or "")
    amendments = tuple(v for v in list_visits(db, detail["request_id"]) if v.amends_id == visit_id)
    return VisitDetail(**detail, amendments=amendments)


def visit_id_by_uuid(db: Database, uuid: str) -> int | None:
    with db.read() as s:
        return s.scalar(select(Visit.id).where(Visit.uuid == uuid))


@dataclass(frozen=True)
class SealedRecord:
    """What verification needs of a record: its sealed form and hash, and the signed corrections made later."""

    id: int
    uuid: str
    request_number: str
    status: str
    content_hash: str | None
    canonical: str | None
    recomputed_hash: str | None  # the hash of the record as its rows say now (None for a draft)
    later_amendments: tuple[VisitSummary, ...]


def sealed_record(db: Database, uuid: str) -> SealedRecord | None:
    with db.read() as s:
        visit = s.scalar(select(Visit).where(Visit.uuid == uuid))
        if visit is None:
            return None
        req = s.get(ServiceRequest, visit.request_id)
        assert req is not None
        recomputed = _recomputed_hash(s, visit)
        root_id = visit.amends_id or visit.id
        row = (visit.id, visit.uuid, req.number, visit.status, visit.content_hash, visit.canonical, recomputed,
               visit.locked_at, root_id, req.id)
    later = tuple(v for v in list_visits(db, row[9])
                  if v.status != "draft" and (v.amends_id == row[8]) and v.id != row[0]
                  and (row[7] is None or (v.locked_at is not None and v.locked_at >= row[7])))
    return SealedRecord(row[0], row[1], row[2], row[3], row[4], row[5], row[6], later)


def _recomputed_hash(session: Session, visit: Visit) -> str | None:
    """The hash of what the record's own rows say now, with the snapshots (station, request, client and the
    amended record) taken from its sealed form: the client being renamed later does not alter the record."""
    if visit.canonical is None:
        return None
    live = canonical_content(session, visit)
    sealed = json.loads(visit.canonical)
    for key in SNAPSHOTS:
        live[key] = sealed.get(key)
    return sha256_hex(canonical_json(live))


def broken_seals(db: Database) -> list[tuple[str, str]]:
    """The sealed records whose rows no longer give their sealed hash (a row changed behind the triggers), or
    whose sealed form no longer has it: (request number, record uuid) each, for ``check``."""
    broken = []
    with db.read() as s:
        for visit in s.scalars(select(Visit).where(Visit.status != "draft").order_by(Visit.id)):
            sealed_ok = visit.canonical is not None and sha256_hex(visit.canonical.encode()) == visit.content_hash
            if not sealed_ok or _recomputed_hash(s, visit) != visit.content_hash:
                req = s.get(ServiceRequest, visit.request_id)
                broken.append((req.number if req else "", visit.uuid))
    return broken


# ---- the archive copy -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    visit_id: int
    file_name: str
    sha256: str
    size: int
    font: str
    created_at: datetime


def note_damaged_copy(db: Database, visit_id: int, file_name: str, missing: bool) -> None:
    """An audit entry: the archived copy ``file_name`` was missing or no longer had its hash, and is made again
    (the damaged one is kept aside), so a repair never hides that something happened to the archive."""
    from desktop.models.core import audit

    with db.begin() as s:
        audit.record_event(s, "visit_document", {"damaged_copy": file_name,
                                                 "found": "missing" if missing else "changed"}, visit_id)


def record_document(db: Database, visit_id: int, file_name: str, sha256: str, size: int, font: str) -> Changes:
    """Note a PDF of the signed record kept in the archive folder (append-only)."""
    return record_documents(db, [(visit_id, file_name, sha256, size, font)])


def record_documents(db: Database, documents: Sequence[tuple[int, str, str, int, str]]) -> Changes:
    """Note several archived PDFs, ``(visit id, file name, sha256, size, font)`` each, in one transaction."""
    with db.begin() as s:
        ids = [d[0] for d in documents]
        known = set(s.scalars(select(Visit.id).where(Visit.id.in_(ids))))
        if len(known) != len(set(ids)):
            raise NotFound("No such visit record.")
        for visit_id, file_name, sha256, size, font in documents:
            s.add(VisitDocument(visit_id=visit_id, file_name=file_name, sha256=sha256, size=size, font=font[:100]))
        return Changes(Visit, "updated", tuple(dict.fromkeys(ids)))


def _document_info(doc: VisitDocument) -> DocumentInfo:
    return DocumentInfo(doc.id, doc.visit_id, doc.file_name, doc.sha256, doc.size, doc.font, doc.created_at)


def archived_document(db: Database, visit_id: int) -> DocumentInfo | None:
    """The newest archive copy of the record's PDF, if one was made."""
    with db.read() as s:
        doc = s.scalars(select(VisitDocument).where(VisitDocument.visit_id == visit_id)
                        .order_by(VisitDocument.id.desc()).limit(1)).first()
        return None if doc is None else _document_info(doc)


def archived_documents(db: Database, visit_ids: Sequence[int]) -> dict[int, DocumentInfo]:
    """The newest archive copy of each record that has one (by visit id), in one query per 500 records."""
    found: dict[int, DocumentInfo] = {}
    with db.read() as s:
        for at in range(0, len(visit_ids), 500):
            chunk = visit_ids[at:at + 500]
            for doc in s.scalars(select(VisitDocument).where(VisitDocument.visit_id.in_(chunk))
                                 .order_by(VisitDocument.id)):
                found[doc.visit_id] = _document_info(doc)  # the newest last
    return found
