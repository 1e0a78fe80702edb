"""Service requests (服务需求, §7.1): intake from every channel, the human number, reading a request back.

What happens to a request after intake is in ``lifecycle.py``. A request's identity (for sync) is its
UUID; its number ``<station code>-<yyyymmdd>-<nnnn>`` is for people, from a daily counter that the
database hands out one at a time (write transactions take the write lock first: ``Database.begin``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Integer, bindparam, select

from desktop.models.accounts.tables import Staff
from desktop.models.catalogue.tables import CatalogueCategory, CatalogueItem
from desktop.models.clients.tables import Client
from desktop.models.core.db import Database
from desktop.models.core.errors import NotFound
from desktop.models.institutions.tables import Institution
from desktop.models.requests.tables import (
    Evaluation,
    Referral,
    RequestAttachment,
    RequestEvent,
    RequestItem,
    ServiceRequest,
)


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


# Reading a request back is what opening its window waits for: the statements are built once (each call only
# binds the id) and the timeline and other lists come as plain rows, not ORM objects.
_ID = bindparam("request_id", type_=Integer)
_EVENTS = (select(RequestEvent.id, RequestEvent.at, RequestEvent.actor_id, RequestEvent.kind,
                  RequestEvent.from_status, RequestEvent.to_status, RequestEvent.text, RequestEvent.data)
           .where(RequestEvent.request_id == _ID).order_by(RequestEvent.id))
_REFERRALS = (select(Referral.id, Referral.institution_id, Institution.name, Referral.referred_at, Referral.deadline,
                     Referral.told_at, Referral.told_via, Referral.note, Referral.responded_at)
              .join(Institution, Institution.id == Referral.institution_id)
              .where(Referral.request_id == _ID).order_by(Referral.id))
_EVALUATIONS = (select(Evaluation.id, Evaluation.at, Evaluation.visit_method, Evaluation.evaluator_type,
                       Evaluation.evaluator, Evaluation.demand_matching, Evaluation.service_level,
                       Evaluation.attitude, Evaluation.complaint_handling, Evaluation.comment)
                .where(Evaluation.request_id == _ID).order_by(Evaluation.id))
_ATTACHMENTS = (select(RequestAttachment.id, RequestAttachment.file_name, RequestAttachment.sha256,
                       RequestAttachment.size, RequestAttachment.added_at, RequestAttachment.added_by)
                .where(RequestAttachment.request_id == _ID).order_by(RequestAttachment.id))
_ITEMS = (select(CatalogueItem.id, CatalogueItem.category_id, CatalogueCategory.name, CatalogueItem.clause,
                 CatalogueItem.title)
          .join(RequestItem, RequestItem.item_id == CatalogueItem.id)
          .join(CatalogueCategory, CatalogueCategory.id == CatalogueItem.category_id)
          .where(RequestItem.request_id == _ID).order_by(CatalogueCategory.sort_order, CatalogueItem.id))
_STAFF_NAMES = select(Staff.id, Staff.name)


def get_request(db: Database, request_id: int) -> RequestDetail:
    with db.read() as s:
        req = s.get(ServiceRequest, request_id)
        if req is None:
            raise NotFound("No such request.")
        client = s.get(Client, req.client_id)
        assert client is not None
        bound = {"request_id": req.id}
        events = s.execute(_EVENTS, bound).all()
        referrals = s.execute(_REFERRALS, bound).all()
        evaluations = s.execute(_EVALUATIONS, bound).all()
        attachments = s.execute(_ATTACHMENTS, bound).all()
        items = s.execute(_ITEMS, bound).all()
        names: dict[int, str] = {row[0]: row[1] for row in s.execute(_STAFF_NAMES)}  # a station has a few dozen staff
        institution = s.get(Institution, req.institution_id) if req.institution_id else None
        return RequestDetail(
            req.id, req.uuid, req.version, req.number, client.id, client.name, client.uscc or "", req.channel,
            req.description, req.assessment, req.contact_name, req.contact_phone or "", req.status,
            req.received_at, names.get(req.received_by, ""), req.handler_id, names.get(req.handler_id, ""),
            req.responded_at, req.notice, institution.name if institution else "", req.result, req.completed_at,
            req.closed_at, req.city_status, req.response_due, req.handover_due, req.feedback_due,
            req.completion_due, req.due_on,
            tuple(ItemRef(*i) for i in items),
            tuple(EventInfo(e.id, e.at, names.get(e.actor_id, "") if e.actor_id else "", e.kind, e.from_status,
                            e.to_status, e.text, json.loads(e.data)) for e in events),
            tuple(ReferralInfo(*r) for r in referrals),
            tuple(EvaluationInfo(e.id, e.at, e.visit_method, e.evaluator_type, e.evaluator, e.demand_matching,
                                 e.service_level, e.attitude, e.complaint_handling, e.comment) for e in evaluations),
            tuple(AttachmentInfo(a.id, a.file_name, a.sha256, a.size, a.added_at, names.get(a.added_by, ""))
                  for a in attachments),
        )


def request_id_by_uuid(db: Database, uuid: str) -> int | None:
    with db.read() as s:
        return s.scalar(select(ServiceRequest.id).where(ServiceRequest.uuid == uuid))
