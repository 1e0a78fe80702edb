"""A complaint's record for the city (§7.5.5): written into the outbox (``city_sync.outbox.add_record``) in the
transaction that ends the complaint (closed, not accepted or withdrawn), in its wire form (``wire.ComplaintBody``),
so the sync delivers exactly what the station held when it ended, once (docs/sync-protocol.md)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.accounts.tables import Staff
from desktop.models.catalogue.tables import CatalogueCategory
from desktop.models.city_sync.outbox import add_record, client_body, iso_utc
from desktop.models.city_sync.tables import OutboxEntry, OutboxKind
from desktop.models.complaints.tables import Complaint, ComplaintEvent
from desktop.models.core.tables import Station
from desktop.models.institutions.tables import Institution
from desktop.models.requests.tables import ServiceRequest


def complaint_body(s: Session, c: Complaint) -> dict[str, Any]:
    """The wire body of ``c`` as it is in this session."""
    station = s.get(Station, 1)
    assert station is not None and c.closed_at is not None
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
        "withdraw_reason": c.withdraw_reason, "received_at": iso_utc(c.received_at), "closed_at": iso_utc(c.closed_at),
        "timeline": [{"uuid": e.uuid, "at": iso_utc(e.at), "kind": e.kind, "from_status": e.from_status,
                      "to_status": e.to_status, "text": e.text, "actor": names.get(e.actor_id, "") if e.actor_id
                      else "", "data": json.loads(e.data or "{}")} for e in events],
    }


def enqueue_complaint(s: Session, c: Complaint) -> OutboxEntry:
    """Write ``c``'s record into the outbox, in the caller's transaction (the one that ended it)."""
    s.flush()  # the last event gets its id and UUID
    return add_record(s, OutboxKind.COMPLAINT, c.uuid, c.version, complaint_body(s, c), [], complaint_id=c.id)
