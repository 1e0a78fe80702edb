"""One archived record's whole file (案卷): the request or the complaint, everything recorded about it, and its
contents list (卷内目录), the documents in the order they are filed.

A request's file holds its handling record (registration, timeline, referrals, feedback, evaluations, its
rectifications), its one-time notice, a referral slip per referral, each signed visit record, each complaint about
it with its letters, and its attachments. An ended complaint's file holds its handling record, its letters and its
attachments. What the reader may not see (a complaint about themselves, a field officer's others) is not in it.
Plain data, read in one go off the GUI thread; printing it is ``desktop.printing.archive_file``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select

from desktop.models.accounts.staff import require_role
from desktop.models.archives.tables import RECORD_KINDS, RecordKind
from desktop.models.complaints import complaint_detail
from desktop.models.complaints.complaint_detail import ComplaintDetail
from desktop.models.complaints.tables import ENDED, Complaint
from desktop.models.core.clock import to_local
from desktop.models.core.db import Database
from desktop.models.core.errors import NotFound, Refused
from desktop.models.core.tables import Role
from desktop.models.improvement import rectifications
from desktop.models.improvement.rectifications import RectificationRow
from desktop.models.requests import request_detail
from desktop.models.requests.request_detail import RequestDetail
from desktop.models.visits import records
from desktop.models.visits.records import DocumentInfo, VisitSummary


class DocumentKind(StrEnum):  # the entries of a contents list
    REQUEST_RECORD = "request_record"  # 服务需求办理记录
    NOTICE = "notice"  # 一次性告知书
    REFERRAL = "referral"  # 服务转办单
    VISIT = "visit"  # 现场服务记录
    COMPLAINT_RECORD = "complaint_record"  # 投诉处理记录
    RECEIPT = "receipt"  # 投诉受理回执
    RESULT = "result"  # 投诉处理结果告知书
    ATTACHMENT = "attachment"  # 附件 (an electronic file: listed, and in an exported bundle)


SIGNED = ("signed", "paper_signed")  # a visit record that is part of the file (drafts are not)


@dataclass(frozen=True)
class Document:
    """One line of the contents list."""

    kind: str  # a DocumentKind
    title: str  # as the contents list prints it (Chinese: the file is a Chinese document)
    day: date | None  # the document's date at the station
    ref: int | None = None  # the referral, visit, complaint or attachment it is of
    source: str = ""  # for an attachment: "request" or "complaint"; the stored file's SHA-256 in ``sha256``
    sha256: str = ""
    size: int = 0


@dataclass(frozen=True)
class ArchiveFile:
    kind: str  # a RecordKind
    id: int
    uuid: str
    number: str
    title: str  # 案卷题名
    client: str
    client_uscc: str
    started: date | None  # the first and last day of the file
    ended: date | None
    archived_at: datetime | None
    request: RequestDetail | None
    complaints: tuple[ComplaintDetail, ...]  # the file's complaint first for a complaint's file
    visits: tuple[VisitSummary, ...]
    visit_documents: dict[int, DocumentInfo]  # the archived PDF of each signed visit record
    rectifications: tuple[RectificationRow, ...]
    documents: tuple[Document, ...]


def _day(at: datetime | None) -> date | None:
    local = to_local(at)
    return local.date() if local is not None else None


def _complaint_documents(c: ComplaintDetail) -> list[Document]:
    docs = [Document(DocumentKind.COMPLAINT_RECORD, f"投诉处理记录（{c.number}）", _day(c.received_at), c.id)]
    accepted = next((e for e in c.events if e.kind == "accepted"), None)
    told = next((e for e in reversed(c.events) if e.kind == "told"), None)
    if accepted is not None:
        docs.append(Document(DocumentKind.RECEIPT, f"投诉受理回执（{c.number}）", _day(accepted.at), c.id))
    if accepted is not None and told is not None:
        docs.append(Document(DocumentKind.RESULT, f"投诉处理结果告知书（{c.number}）", _day(told.at), c.id))
    return docs


def _complaint_attachments(db: Database, complaints: tuple[ComplaintDetail, ...]) -> list[Document]:
    from desktop.models.complaints.tables import ComplaintAttachment

    ids = [c.id for c in complaints]
    if not ids:
        return []
    with db.read() as s:
        rows = s.execute(select(ComplaintAttachment.id, ComplaintAttachment.file_name, ComplaintAttachment.sha256,
                                ComplaintAttachment.size, ComplaintAttachment.added_at)
                         .where(ComplaintAttachment.complaint_id.in_(ids)).order_by(ComplaintAttachment.id)).all()
    return [Document(DocumentKind.ATTACHMENT, f"附件：{r.file_name}", _day(r.added_at), r.id, "complaint", r.sha256,
                     r.size) for r in rows]


def _visible_complaints(db: Database, viewer_id: int, ids: list[int]) -> tuple[ComplaintDetail, ...]:
    found = []
    for complaint_id in ids:
        try:
            found.append(complaint_detail.get_complaint(db, viewer_id, complaint_id))
        except NotFound:  # not the reader's to see (about them; a field officer's others)
            continue
    return tuple(found)


def request_file(db: Database, viewer_id: int, request_id: int) -> ArchiveFile:
    d = request_detail.get_request(db, request_id)
    with db.read() as s:
        role = require_role(s, viewer_id).role
    if role == Role.FIELD_OFFICER and d.handler_id != viewer_id:
        raise NotFound("No such request.")  # a field officer reads the requests they handled (README, 保密制度)
    if d.status != "archived":
        raise Refused("Only an archived request has an archive file.")
    with db.read() as s:
        complaint_ids = list(s.scalars(select(Complaint.id).where(Complaint.about_request_id == request_id)
                                       .order_by(Complaint.id)))
    complaints = _visible_complaints(db, viewer_id, complaint_ids)
    visits = tuple(v for v in records.list_visits(db, request_id) if v.status in SIGNED)
    docs = [Document(DocumentKind.REQUEST_RECORD, "服务需求办理记录", _day(d.received_at), d.id)]
    if d.notice.strip():
        registered = [e for e in d.events if e.kind == "registered"]
        docs.append(Document(DocumentKind.NOTICE, "一次性告知书",
                             _day(registered[-1].at if registered else d.responded_at or d.received_at), d.id))
    docs += [Document(DocumentKind.REFERRAL, f"服务转办单（转 {r.institution}）", _day(r.referred_at), r.id)
             for r in d.referrals]
    docs += [Document(DocumentKind.VISIT, "现场服务记录" + ("（更正）" if v.amends_id else ""), _day(v.visited_at),
                      v.id) for v in visits]
    for c in complaints:
        docs += _complaint_documents(c)
    docs += [Document(DocumentKind.ATTACHMENT, f"附件：{a.file_name}", _day(a.added_at), a.id, "request", a.sha256,
                      a.size) for a in d.attachments]
    docs += _complaint_attachments(db, complaints)
    days = [x.day for x in docs if x.day is not None] + [x for x in (_day(d.closed_at),) if x is not None]
    return ArchiveFile(
        RecordKind.REQUEST, d.id, d.uuid, d.number, f"{d.client_name}服务需求（{d.number}）办理案卷", d.client_name,
        d.client_uscc, min(days, default=None), max(days, default=None), d.closed_at, d, complaints, visits,
        records.archived_documents(db, [v.id for v in visits]),
        tuple(rectifications.for_records(db, viewer_id, request_id, [c.id for c in complaints])), tuple(docs))


def complaint_file(db: Database, viewer_id: int, complaint_id: int) -> ArchiveFile:
    c = complaint_detail.get_complaint(db, viewer_id, complaint_id)
    if c.status not in ENDED:
        raise Refused("Only an ended complaint has an archive file.")
    complaints = (c,)
    docs = _complaint_documents(c) + _complaint_attachments(db, complaints)
    days = [x.day for x in docs if x.day is not None] + [x for x in (_day(c.closed_at),) if x is not None]
    who = c.complainant if c.complainant_kind != "anonymous" else "匿名投诉人"
    return ArchiveFile(
        RecordKind.COMPLAINT, c.id, c.uuid, c.number, f"{who or '投诉'}投诉（{c.number}）处理案卷",
        c.complainant, "", min(days, default=None), max(days, default=None), c.closed_at, None, complaints, (), {},
        tuple(rectifications.for_records(db, viewer_id, None, [c.id])), tuple(docs))


def archive_file(db: Database, viewer_id: int, kind: str, record_id: int) -> ArchiveFile:
    if kind == RecordKind.REQUEST:
        return request_file(db, viewer_id, record_id)
    if kind == RecordKind.COMPLAINT:
        return complaint_file(db, viewer_id, record_id)
    raise NotFound("No such archive file.")


def find_record(db: Database, viewer_id: int, kind: str, uuid: str) -> ArchiveFile | None:
    """The archive file of the record with ``uuid``, or None when there is none the viewer may read."""
    from desktop.models.requests.tables import ServiceRequest

    table: type[ServiceRequest] | type[Complaint] = ServiceRequest if kind == RecordKind.REQUEST else Complaint
    with db.read() as s:
        record_id = s.scalar(select(table.id).where(table.uuid == uuid))
    if record_id is None or kind not in RECORD_KINDS:
        return None
    try:
        return archive_file(db, viewer_id, kind, record_id)
    except (NotFound, Refused):
        return None


def read_file(db: Database, viewer_id: int, kind: str, record_id: int) -> ArchiveFile:
    """``archive_file``, logged as read (保密制度: who read which archived record, when)."""
    from desktop.models.archives import access_log
    from desktop.models.archives.tables import AccessAction, AccessDocument

    f = archive_file(db, viewer_id, kind, record_id)
    access_log.note(db, viewer_id, AccessAction.READ, AccessDocument.ARCHIVE_FILE, f.number)
    return f
