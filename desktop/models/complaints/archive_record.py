"""A complaint's record for the city (§7.5.5): written into the outbox (``city_sync.outbox.add_record``) in the
transaction that ends the complaint (closed, not accepted or withdrawn) or refers it to the city platform
(GB/T 19013), in its wire form (``wire.ComplaintBody``), so the sync delivers exactly what the station held then,
once (docs/sync-protocol.md). The city's decision on a referred complaint comes back with the pull
(``apply_city_decision``)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.accounts.tables import Staff
from desktop.models.catalogue.tables import CatalogueCategory
from desktop.models.city_sync.outbox import add_record, client_body, iso_utc
from desktop.models.city_sync.tables import OutboxEntry, OutboxKind
from desktop.models.complaints.intake import add_event, due_after
from desktop.models.complaints.tables import Complaint, ComplaintEvent, Stage
from desktop.models.core.tables import Station
from desktop.models.core.validators import clean_text
from desktop.models.institutions.tables import Institution
from desktop.models.requests.tables import ServiceRequest


def complaint_body(s: Session, c: Complaint) -> dict[str, Any]:
    """The wire body of ``c`` as it is in this session."""
    station = s.get(Station, 1)
    assert station is not None
    names = {i: n for i, n in s.execute(select(Staff.id, Staff.name))}
    request = s.get(ServiceRequest, c.about_request_id) if c.about_request_id else None
    category = s.get(CatalogueCategory, c.category_id) if c.category_id else None

    def place(key: int | None) -> str:
        row = s.get(Institution, key) if key is not None else None
        return row.name if row is not None else ""

    client = client_body(s, c.client_id) if c.client_id is not None else None
    events = s.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == c.id).order_by(ComplaintEvent.id))
    return {
        "station_code": station.code, "number": c.number, "channel": c.channel, "status": c.status,
        "complainant_kind": c.complainant_kind,
        "complainant": f"{client['name'] if client else ''} {c.complainant_name}".strip(),
        "complainant_phone": c.complainant_phone, "client": client,
        "about_request": request.number if request else "", "about_request_uuid": request.uuid if request else None,
        "about_staff": names.get(c.about_staff_id, "") if c.about_staff_id else "",
        "about_institution": place(c.about_institution_id), "about_station": c.about_station,
        "category": category.clause if category else "", "what_happened": c.what_happened, "wants": c.wants,
        "severity": c.severity, "urgency": c.urgency, "likelihood": c.likelihood, "investigation": c.investigation,
        "forwarded_to": place(c.institution_id), "reply": c.reply, "decision": c.decision, "told_via": c.told_via,
        "told_at": iso_utc(c.told_at) if c.told_at else None, "satisfied": c.satisfied, "reaction": c.reaction,
        "external_route": c.external_route, "outcome": c.outcome, "valid": c.valid, "close_reason": c.close_reason,
        "rectified": c.rectified, "rectification": c.rectification, "not_accepted_reason": c.not_accepted_reason,
        "withdraw_reason": c.withdraw_reason, "received_at": iso_utc(c.received_at),
        "closed_at": iso_utc(c.closed_at) if c.closed_at else None,
        "timeline": [{"uuid": e.uuid, "at": iso_utc(e.at), "kind": e.kind, "from_status": e.from_status,
                      "to_status": e.to_status, "text": e.text, "actor": names.get(e.actor_id, "") if e.actor_id
                      else "", "data": json.loads(e.data or "{}")} for e in events],
    }


def enqueue_complaint(s: Session, c: Complaint) -> OutboxEntry:
    """Write ``c``'s record into the outbox, in the caller's transaction (the one that ended it, or referred it to
    the city platform)."""
    s.flush()  # the last event gets its id and UUID
    return add_record(s, OutboxKind.COMPLAINT, c.uuid, c.version, complaint_body(s, c), [], complaint_id=c.id)


def apply_city_decision(s: Session, uuid: str, decision: dict[str, Any]) -> bool:
    """The city's decision on a complaint this station referred to it, put on the complaint's timeline as the
    outcome of the referral, in the sync's transaction (``Area.city_decisions``). An answer becomes the referral's
    outcome (an admin then closes the complaint); accepted, assigned and returned are noted as they come. False
    when no complaint has ``uuid``; a decision for a complaint no longer referred out is noted without effect."""
    from desktop.sync.wire import parse_utc  # pydantic comes with it: not at start-up

    c = s.scalar(select(Complaint).where(Complaint.uuid == uuid))
    if c is None:
        return False
    at = parse_utc(str(decision["decided_at"]))
    if c.closed_at is not None:
        return True  # ended meanwhile (closed at the station): kept as it is
    text = clean_text(str(decision.get("text", "")), multiline=True).strip()
    kind = str(decision.get("decision", ""))
    data: dict[str, object] = {"decision": kind, "decision_uuid": decision.get("uuid", ""), "city": True}
    assignee = clean_text(str(decision.get("assignee", ""))).strip()
    if assignee:
        data["assignee"] = assignee
    if c.status == "referred_out":
        c.city_status = kind
        if kind == "answered" and text:
            c.outcome = text[:2000]
            c.due_on = due_after(s, Stage.CLOSE, at)  # the station closes it now
    else:
        data["applied"] = False
    add_event(s, c, None, "outcome", text_=text[:4000], data=data, at=at)
    return True
