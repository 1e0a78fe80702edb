"""Service requests (服务需求, §7.1): intake from every channel, the human number, reading a request back.

What happens to a request after intake is in ``lifecycle.py``. A request's identity (for sync) is its
UUID; its number ``<station code>-<yyyymmdd>-<nnnn>`` is for people, from a daily counter that the
database hands out one at a time (write transactions take the write lock first: ``Database.begin``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from desktop.models import workdays
from desktop.models.changes import Changes
from desktop.models.db import Database
from desktop.models.errors import Invalid, NotFound, Refused
from desktop.models.request_tables import (
    CHANNELS,
    Evaluation,
    Institution,
    Referral,
    RequestAttachment,
    RequestCategory,
    RequestEvent,
    RequestItem,
    ServiceRequest,
)
from desktop.models.staff import require_role
from desktop.models.tables import CatalogueCategory, CatalogueItem, Client, Staff, Station
from desktop.models.types import to_local, utcnow
from desktop.models.validators import check_length, check_not_future, check_phone, check_required, normalize_phone

MAX_ITEMS = 20


@dataclass(frozen=True)
class RequestInput:
    client_id: int | None
    channel: str
    item_ids: tuple[int, ...]
    description: str
    contact_name: str = ""
    contact_phone: str = ""
    assessment: str = ""  # §7.1.3: the clerk's assessment of the need
    received_at: datetime | None = None  # None: now; an earlier time when entering a written survey later


def validate_request(inp: RequestInput, now: datetime | None = None) -> dict[str, str]:
    now = now or utcnow()
    errors: dict[str, str | None] = {
        "client": None if inp.client_id is not None else "Choose the client, or register a new one.",
        "channel": None if inp.channel in CHANNELS else "Choose how the request came in.",
        "items": ("Classify the request under at least one catalogue item." if not inp.item_ids else
                  "Too many catalogue items." if len(inp.item_ids) > MAX_ITEMS else None),
        "description": check_required(inp.description, 4000),
        "contact_name": check_length(inp.contact_name, 50),
        "contact_phone": check_phone(inp.contact_phone) if inp.contact_phone.strip() else None,
        "assessment": check_length(inp.assessment, 2000),
        "received_at": check_not_future(inp.received_at, now) if inp.received_at is not None else None,
    }
    return {k: v for k, v in errors.items() if v}


def request_search_text(number: str, client_name: str, description: str, contact_name: str,
                        contact_phone: str | None) -> str:
    """What search looks in. It must start ``<number> <client name> ``: migration 0003's trigger swaps the
    name when the client is renamed."""
    return " ".join([number, client_name, description, contact_name, contact_phone or ""]).strip()


def local_day(at: datetime) -> date:
    local = to_local(at)
    assert local is not None
    return local.date()


def next_number(session: Session, station_code: str, day: date) -> str:
    """The next number of ``day``: one UPSERT, so two windows can never get the same one."""
    key = day.strftime("%Y%m%d")
    seq = session.execute(
        text("INSERT INTO request_counter (day, last) VALUES (:day, 1) "
             "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last"), {"day": key}).scalar_one()
    if seq > 9999:
        raise Refused("This station has used all 9,999 request numbers of the day.")
    return f"{station_code}-{key}-{seq:04d}"


def items_checked(session: Session, item_ids: Sequence[int], allow_retired: Sequence[int] = ()) -> list[CatalogueItem]:
    rows = session.scalars(select(CatalogueItem).where(CatalogueItem.id.in_(set(item_ids)))).all()
    if len(rows) != len(set(item_ids)):
        raise Invalid({"items": "A chosen catalogue item no longer exists."})
    retired = [r for r in rows if r.retired_at is not None and r.id not in allow_retired]
    if retired:
        raise Invalid({"items": "A chosen catalogue item has been retired; choose a current one."})
    return list(rows)


def set_items(session: Session, req: ServiceRequest, items: Sequence[CatalogueItem]) -> set[int]:
    session.execute(delete(RequestItem).where(RequestItem.request_id == req.id))
    session.execute(delete(RequestCategory).where(RequestCategory.request_id == req.id))
    categories = {i.category_id for i in items}
    session.add_all(RequestItem(request_id=req.id, item_id=i.id) for i in items)
    session.add_all(RequestCategory(request_id=req.id, category_id=c) for c in categories)
    return categories


def add_event(session: Session, req: ServiceRequest, actor_id: int | None, kind: str, *, to_status: str | None = None,
              text_: str = "", data: dict[str, object] | None = None, at: datetime | None = None) -> RequestEvent:
    """Append a timeline event (and count a new version of the request)."""
    event = RequestEvent(request_id=req.id, at=at or utcnow(), actor_id=actor_id, kind=kind,
                         from_status=req.status, to_status=to_status, text=text_,
                         data=json.dumps(data or {}, ensure_ascii=False, sort_keys=True, default=str))
    session.add(event)
    if to_status is not None:
        req.status = to_status
    req.version += 1
    return event


def create_request(db: Database, actor_id: int, inp: RequestInput, now: datetime | None = None) -> Changes:
    """Register a request as received; its due dates come from its categories' time limits."""
    now = now or utcnow()
    errors = validate_request(inp, now)
    if errors:
        raise Invalid(errors)
    received_at = inp.received_at or now
    with db.begin(actor_id) as s:
        require_role(s, actor_id)
        client = s.get(Client, inp.client_id)
        if client is None:
            raise Invalid({"client": "The chosen client no longer exists."})
        station = s.get(Station, 1)
        if station is None:
            raise Refused("The station has not been set up.")
        items = items_checked(s, inp.item_ids)
        day = local_day(received_at)
        number = next_number(s, station.code, local_day(now))
        phone = normalize_phone(inp.contact_phone) or None
        req = ServiceRequest(
            number=number, client_id=client.id, channel=inp.channel, description=inp.description.strip(),
            assessment=inp.assessment.strip(), contact_name=inp.contact_name.strip(), contact_phone=phone,
            status="received", district=client.district, received_at=received_at, received_by=actor_id,
            handler_id=actor_id, version=1,
            search_text=request_search_text(number, client.name, inp.description.strip(),
                                            inp.contact_name.strip(), phone),
        )
        s.add(req)
        s.flush()
        categories = set_items(s, req, items)
        cal = workdays.load_calendar(s)
        limits = workdays.limits_for(s, categories)
        req.response_due = cal.add_working_days(day, limits.response_days)
        req.completion_due = cal.add_working_days(day, limits.completion_days)
        req.due_on = req.response_due
        first = add_event(s, req, actor_id, "received", to_status="received", at=received_at,
                          text_=inp.description.strip(), data={"channel": inp.channel, "items": [i.id for i in items]})
        first.from_status = None
        req.version = 1  # the request as received is its first version
        return Changes("service_request", "created", (req.id,))


# ---- reading ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventInfo:
    id: int
    at: datetime
    actor: str  # a staff name; "" for the city platform
    kind: str
    from_status: str | None
    to_status: str | None
    text: str
    data: dict[str, object]


@dataclass(frozen=True)
class ReferralInfo:
    id: int
    institution_id: int
    institution: str
    referred_at: datetime
    deadline: date
    told_at: datetime
    told_via: str
    note: str
    responded_at: datetime | None


@dataclass(frozen=True)
class EvaluationInfo:
    id: int
    at: datetime
    visit_method: str
    evaluator_type: str
    evaluator: str
    demand_matching: int
    service_level: int
    attitude: int
    complaint_handling: int
    comment: str


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    file_name: str
    sha256: str
    size: int
    added_at: datetime
    added_by: str


@dataclass(frozen=True)
class ItemRef:
    id: int
    category_id: int
    category: str
    clause: str | None
    title: str


@dataclass(frozen=True)
class RequestDetail:
    id: int
    uuid: str
    version: int
    number: str
    client_id: int
    client_name: str
    client_uscc: str
    channel: str
    description: str
    assessment: str
    contact_name: str
    contact_phone: str
    status: str
    received_at: datetime
    received_by: str
    handler_id: int
    handler: str
    responded_at: datetime | None
    notice: str
    institution: str
    result: str
    completed_at: datetime | None
    closed_at: datetime | None
    city_status: str
    response_due: date | None
    handover_due: date | None
    feedback_due: date | None
    completion_due: date | None
    due_on: date | None
    items: tuple[ItemRef, ...]
    events: tuple[EventInfo, ...]
    referrals: tuple[ReferralInfo, ...] = field(default_factory=tuple)
    evaluations: tuple[EvaluationInfo, ...] = field(default_factory=tuple)
    attachments: tuple[AttachmentInfo, ...] = field(default_factory=tuple)


def _staff_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {staff_id: name for staff_id, name in session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(ids)))}


def get_request(db: Database, request_id: int) -> RequestDetail:
    with db.read() as s:
        req = s.get(ServiceRequest, request_id)
        if req is None:
            raise NotFound("No such request.")
        client = s.get(Client, req.client_id)
        assert client is not None
        events = s.scalars(select(RequestEvent).where(RequestEvent.request_id == req.id)
                           .order_by(RequestEvent.id)).all()
        referrals = s.execute(
            select(Referral, Institution.name).join(Institution, Institution.id == Referral.institution_id)
            .where(Referral.request_id == req.id).order_by(Referral.id)).all()
        evaluations = s.scalars(select(Evaluation).where(Evaluation.request_id == req.id)
                                .order_by(Evaluation.id)).all()
        attachments = s.scalars(select(RequestAttachment).where(RequestAttachment.request_id == req.id)
                                .order_by(RequestAttachment.id)).all()
        items = s.execute(
            select(CatalogueItem, CatalogueCategory.name).join(RequestItem, RequestItem.item_id == CatalogueItem.id)
            .join(CatalogueCategory, CatalogueCategory.id == CatalogueItem.category_id)
            .where(RequestItem.request_id == req.id).order_by(CatalogueCategory.sort_order, CatalogueItem.id)).all()
        names = _staff_names(s, {req.received_by, req.handler_id, *(e.actor_id for e in events if e.actor_id),
                                 *(a.added_by for a in attachments)})
        institution = s.get(Institution, req.institution_id) if req.institution_id else None
        return RequestDetail(
            req.id, req.uuid, req.version, req.number, client.id, client.name, client.uscc or "", req.channel,
            req.description, req.assessment, req.contact_name, req.contact_phone or "", req.status,
            req.received_at, names.get(req.received_by, ""), req.handler_id, names.get(req.handler_id, ""),
            req.responded_at, req.notice, institution.name if institution else "", req.result, req.completed_at,
            req.closed_at, req.city_status, req.response_due, req.handover_due, req.feedback_due,
            req.completion_due, req.due_on,
            tuple(ItemRef(i.id, i.category_id, cat, i.clause, i.title) for i, cat in items),
            tuple(EventInfo(e.id, e.at, names.get(e.actor_id, "") if e.actor_id else "", e.kind, e.from_status,
                            e.to_status, e.text, json.loads(e.data)) for e in events),
            tuple(ReferralInfo(r.id, r.institution_id, name, r.referred_at, r.deadline, r.told_at, r.told_via,
                               r.note, r.responded_at) for r, name in referrals),
            tuple(EvaluationInfo(e.id, e.at, e.visit_method, e.evaluator_type, e.evaluator, e.demand_matching,
                                 e.service_level, e.attitude, e.complaint_handling, e.comment) for e in evaluations),
            tuple(AttachmentInfo(a.id, a.file_name, a.sha256, a.size, a.added_at, names.get(a.added_by, ""))
                  for a in attachments),
        )


def request_id_by_uuid(db: Database, uuid: str) -> int | None:
    with db.read() as s:
        return s.scalar(select(ServiceRequest.id).where(ServiceRequest.uuid == uuid))
