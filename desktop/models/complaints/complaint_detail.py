"""One complaint read back for its window and its printed documents: what was registered, where it stands, its
timeline with who did each step, and the steps the reader may take now. Only for someone who may see it
(``intake.load_visible``); the complainant's name and phone only for clerks and admins."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from desktop.models.accounts.tables import Staff
from desktop.models.catalogue.tables import CatalogueCategory
from desktop.models.clients.tables import Client
from desktop.models.complaints.intake import CONTACT_ROLES, load_visible
from desktop.models.complaints.lifecycle import Step, allowed_actions
from desktop.models.complaints.tables import Complaint, ComplaintAttachment, ComplaintEvent
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid
from desktop.models.core.tables import Station
from desktop.models.institutions.tables import Institution
from desktop.models.requests.tables import ServiceRequest


@dataclass(frozen=True)
class ComplaintEventView:
    at: datetime
    kind: str
    actor: str  # "" : the city platform
    from_status: str | None
    to_status: str | None
    text: str
    data: dict[str, Any]


@dataclass(frozen=True)
class ComplaintDetail:
    id: int
    uuid: str
    number: str
    version: int
    status: str
    channel: str
    received_at: datetime
    received_by: str
    complainant_kind: str
    complainant: str  # "" when the reader may not see it (a field officer) or nobody is known
    complainant_phone: str
    contacts_shown: bool
    client_id: int | None
    about_request: str
    about_request_id: int | None
    about_staff: str
    about_institution: str
    about_station: bool
    category: str
    what_happened: str
    wants: str
    due_on: date | None
    severity: str | None
    urgency: str | None
    likelihood: str | None
    assigned_to: str
    investigation: str
    forwarded_to: str
    reply_due: date | None
    reply: str
    decision: str
    told_via: str | None
    told_at: datetime | None
    told_text: str
    satisfied: bool | None
    reaction: str
    reviewed: bool
    external_route: str | None
    outcome: str
    valid: bool | None
    close_reason: str
    rectified: bool | None
    rectification: str
    not_accepted_reason: str
    withdraw_reason: str
    closed_at: datetime | None
    station_name: str
    station_code: str
    complaint_phone: str  # the station's published complaint channels (§7.5.2), for the printed receipt
    complaint_email: str
    complainant_name: str = ""  # as typed (a person's name, or a client's contact person); "" when not shown
    about_staff_id: int | None = None
    about_institution_id: int | None = None
    category_id: int | None = None
    events: list[ComplaintEventView] = field(default_factory=list)
    attachments: list[tuple[int, str, int]] = field(default_factory=list)  # id, file name, size
    actions: list[Step] = field(default_factory=list)  # what the reader may do now


def get_complaint(db: Database, viewer_id: int, complaint_id: int) -> ComplaintDetail:
    with db.read() as s:
        viewer, c = load_visible(s, viewer_id, complaint_id)
        contacts = viewer.role in CONTACT_ROLES

        def name(model: Any, key: int | None, column: str = "name") -> str:
            row = s.get(model, key) if key is not None else None
            return str(getattr(row, column)) if row is not None else ""

        staff_names: dict[int, str] = {i: n for i, n in s.execute(select(Staff.id, Staff.name))}
        events = [ComplaintEventView(e.at, e.kind, staff_names.get(e.actor_id, "") if e.actor_id else "",
                                     e.from_status, e.to_status, e.text, json.loads(e.data or "{}"))
                  for e in s.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == c.id)
                                     .order_by(ComplaintEvent.id))]
        attachments = [(a.id, a.file_name, a.size) for a in s.scalars(
            select(ComplaintAttachment).where(ComplaintAttachment.complaint_id == c.id)
            .order_by(ComplaintAttachment.id))]
        station = s.get(Station, 1)
        complainant = f"{name(Client, c.client_id)} {c.complainant_name}".strip()
        return ComplaintDetail(
            id=c.id, uuid=c.uuid, number=c.number, version=c.version, status=c.status, channel=c.channel,
            received_at=c.received_at, received_by=staff_names.get(c.received_by, ""),
            complainant_kind=c.complainant_kind, complainant=complainant if contacts else "",
            complainant_phone=(c.complainant_phone or "") if contacts else "", contacts_shown=contacts,
            client_id=c.client_id if contacts else None,
            about_request=name(ServiceRequest, c.about_request_id, "number"), about_request_id=c.about_request_id,
            about_staff=staff_names.get(c.about_staff_id, "") if c.about_staff_id else "",
            about_institution=name(Institution, c.about_institution_id), about_station=c.about_station,
            category=name(CatalogueCategory, c.category_id), what_happened=c.what_happened, wants=c.wants,
            due_on=c.due_on, severity=c.severity, urgency=c.urgency, likelihood=c.likelihood,
            assigned_to=staff_names.get(c.assigned_to, "") if c.assigned_to else "", investigation=c.investigation,
            forwarded_to=name(Institution, c.institution_id), reply_due=c.reply_due, reply=c.reply,
            decision=c.decision, told_via=c.told_via, told_at=c.told_at, told_text=c.told_text,
            satisfied=c.satisfied, reaction=c.reaction, reviewed=c.reviewed, external_route=c.external_route,
            outcome=c.outcome, valid=c.valid, close_reason=c.close_reason, rectified=c.rectified,
            rectification=c.rectification, not_accepted_reason=c.not_accepted_reason,
            withdraw_reason=c.withdraw_reason, closed_at=c.closed_at,
            station_name=station.name if station else "", station_code=station.code if station else "",
            complaint_phone=(station.complaint_phone or "") if station else "",
            complaint_email=(station.complaint_email or "") if station else "",
            complainant_name=c.complainant_name if contacts else "", about_staff_id=c.about_staff_id,
            about_institution_id=c.about_institution_id, category_id=c.category_id,
            events=events, attachments=attachments, actions=allowed_actions(c, viewer.role))


def staff_choices(db: Database, complaint_id: int) -> list[tuple[int, str]]:
    """Who may be assigned to investigate: active staff, never the one complained about."""
    with db.read() as s:
        c = s.get(Complaint, complaint_id)
        subject = c.about_staff_id if c is not None else None
        rows = s.execute(select(Staff.id, Staff.name).where(Staff.active).order_by(Staff.name))
        return [(i, n) for i, n in rows if i != subject]


@dataclass(frozen=True)
class FormChoices:
    """What the registration form offers to pick from (read off the GUI thread)."""

    staff: list[tuple[int, str]]  # active staff
    institutions: list[tuple[int, str]]  # active institutions and experts
    categories: list[tuple[int, str]]  # "<clause> <name>"


def form_choices(db: Database) -> FormChoices:
    with db.read() as s:
        staff = [(i, n) for i, n in s.execute(select(Staff.id, Staff.name).where(Staff.active).order_by(Staff.name))]
        places = [(i, n) for i, n in s.execute(select(Institution.id, Institution.name).where(Institution.active)
                                               .order_by(Institution.name))]
        categories = [(i, f"{c} {n}") for i, c, n in s.execute(
            select(CatalogueCategory.id, CatalogueCategory.clause, CatalogueCategory.name)
            .order_by(CatalogueCategory.sort_order))]
        return FormChoices(staff, places, categories)


def request_by_number(db: Database, number: str) -> int | None:
    """The request whose number is ``number`` (as typed, case and spaces aside); None when none is typed, refused
    (beside the field) when no request has it."""
    wanted = number.strip().upper()
    if not wanted:
        return None
    with db.read() as s:
        found = s.scalar(select(ServiceRequest.id).where(ServiceRequest.number == wanted))
    if found is None:
        raise Invalid({"about_request": "No request has this number."})
    return int(found)


def find_by_uuid(db: Database, viewer_id: int, uuid: str) -> ComplaintDetail | None:
    """The complaint with ``uuid`` as ``viewer_id`` may read it (None: no such complaint, or not theirs to see)."""
    from desktop.models.core.errors import NotFound

    with db.read() as s:
        found = s.scalar(select(Complaint.id).where(Complaint.uuid == uuid.strip().lower()))
    if found is None:
        return None
    try:
        return get_complaint(db, viewer_id, int(found))
    except NotFound:
        return None
