"""Complaints (投诉, §7.5.1–§7.5.2): registration from every channel, the human number, the timeline, the time
limit of each stage, and who may see a complaint at all.

What happens to a complaint after it is registered is in ``lifecycle.py``. Its identity (for sync) is its UUID;
its number ``<station code>-TS-<yyyymmdd>-<nnnn>`` is for people, from a daily counter the database hands out
one at a time, like a request's.

Fairness (§7.5.3): a complaint about a staff member is invisible to that staff member, who can neither find it nor
act on it (it reads as "no such complaint", so its existence is not given away); a field officer sees only the
complaints assigned to them; the complainant's contact details are for clerks and admins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, or_, select, text
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.accounts.tables import Staff
from desktop.models.catalogue.tables import CatalogueCategory
from desktop.models.clients.tables import Client
from desktop.models.complaints.tables import (
    CHANNELS,
    COMPLAINANT_KINDS,
    DEFAULT_DAYS,
    ComplainantKind,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    ComplaintTimeLimit,
    Stage,
)
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.core.tables import Role, Station
from desktop.models.core.types import utcnow
from desktop.models.core.validators import check_length, check_not_future, check_phone, check_required, normalize_phone
from desktop.models.institutions.tables import Institution
from desktop.models.requests import workdays
from desktop.models.requests.intake import local_day
from desktop.models.requests.tables import ServiceRequest

CONTACT_ROLES = (Role.CLERK, Role.ADMIN)  # who sees the complainant's name and phone


@dataclass(frozen=True)
class ComplaintInput:
    channel: str
    complainant_kind: str  # client | person | anonymous
    what_happened: str
    client_id: int | None = None
    complainant_name: str = ""  # a person's name (a client's contact person may be named too)
    complainant_phone: str = ""
    about_request_id: int | None = None
    about_staff_id: int | None = None
    about_institution_id: int | None = None
    about_station: bool = False
    category_id: int | None = None
    wants: str = ""  # what the complainant asks for
    received_at: datetime | None = None  # None: now; earlier for a letter registered later


def validate_complaint(inp: ComplaintInput, now: datetime | None = None) -> dict[str, str]:
    now = now or utcnow()
    kind = inp.complainant_kind
    anonymous = kind == ComplainantKind.ANONYMOUS
    errors: dict[str, str | None] = {
        "channel": None if inp.channel in CHANNELS else "Choose how the complaint came in.",
        "complainant_kind": None if kind in COMPLAINANT_KINDS else "Say who complains: a client, a person or "
                                                                   "no one known.",
        "client": "Choose the client who complains." if kind == ComplainantKind.CLIENT and inp.client_id is None
        else None,
        "complainant_name": (check_required(inp.complainant_name, 50) if kind == ComplainantKind.PERSON
                             else "An anonymous complaint has no name." if anonymous and inp.complainant_name.strip()
                             else check_length(inp.complainant_name, 50)),
        "complainant_phone": ("An anonymous complaint has no phone." if anonymous and inp.complainant_phone.strip()
                              else check_phone(inp.complainant_phone) if inp.complainant_phone.strip() else None),
        "subject": None if (inp.about_request_id or inp.about_staff_id or inp.about_institution_id
                            or inp.about_station) else "Say what the complaint is about.",
        "what_happened": check_required(inp.what_happened, 4000, multiline=True),
        "wants": check_length(inp.wants, 2000, multiline=True),
        "received_at": check_not_future(inp.received_at, now) if inp.received_at is not None else None,
    }
    return {k: v for k, v in errors.items() if v}


def next_number(session: Session, station_code: str, day: date) -> str:
    """The next complaint number of ``day``: one UPSERT, so two windows can never get the same one."""
    key = day.strftime("%Y%m%d")
    seq = session.execute(
        text("INSERT INTO complaint_counter (day, last) VALUES (:day, 1) "
             "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last"), {"day": key}).scalar_one()
    if seq > 9999:
        raise Refused("This station has used all 9,999 complaint numbers of the day.")
    return f"{station_code}-TS-{key}-{seq:04d}"


def complaint_search_text(number: str, complainant: str, phone: str | None, what_happened: str, wants: str) -> str:
    """What search looks in: the number, who complained, what happened and what is wanted."""
    return " ".join(part for part in (number, complainant, phone, what_happened, wants) if part)


def stage_days(session: Session, stage: Stage) -> int:
    days = session.get(ComplaintTimeLimit, stage.value)
    return days.days if days is not None else DEFAULT_DAYS[stage]


def due_after(session: Session, stage: Stage, now: datetime) -> date:
    """The day ``stage`` must be done by when it starts at ``now``: its limit in working days on the calendar."""
    return workdays.load_calendar(session).add_working_days(local_day(now), stage_days(session, stage))


def add_event(session: Session, c: Complaint, actor_id: int | None, kind: str, *, to_status: str | None = None,
              text_: str = "", data: dict[str, object] | None = None, at: datetime | None = None) -> ComplaintEvent:
    """Append a timeline event (and count a new version of the complaint)."""
    event = ComplaintEvent(complaint_id=c.id, at=at or utcnow(), actor_id=actor_id, kind=kind,
                           from_status=c.status, to_status=to_status, text=text_,
                           data=json.dumps(data or {}, ensure_ascii=False, sort_keys=True, default=str))
    session.add(event)
    if to_status is not None:
        c.status = to_status
    c.version += 1
    return event


# ---- who may see a complaint -----------------------------------------------------------------------------

def visible_to(actor: Staff) -> ColumnElement[bool]:
    """The complaints ``actor`` may see, as a WHERE clause (the list, search, counts and every step use it)."""
    not_about_them = or_(Complaint.about_staff_id.is_(None), Complaint.about_staff_id != actor.id)
    if actor.role == Role.FIELD_OFFICER:
        return and_(not_about_them, Complaint.assigned_to == actor.id)
    return not_about_them


def may_see(actor: Staff, c: Complaint) -> bool:
    """``visible_to`` for one complaint already read."""
    if c.about_staff_id == actor.id:
        return False
    return actor.role != Role.FIELD_OFFICER or c.assigned_to == actor.id


def load_visible(session: Session, actor_id: int | None, complaint_id: int) -> tuple[Staff, Complaint]:
    """The acting staff member and the complaint, if they may see it; otherwise "no such complaint"."""
    actor = require_role(session, actor_id)
    c = session.get(Complaint, complaint_id)
    if c is None or not may_see(actor, c):
        raise NotFound("No such complaint.")
    return actor, c


# ---- registration ------------------------------------------------------------------------------------------

def _subjects(s: Session, inp: ComplaintInput) -> dict[str, str]:
    """What the complaint names must exist (a request, an active staff member, an institution, a category)."""
    errors = {}
    if inp.client_id is not None and s.get(Client, inp.client_id) is None:
        errors["client"] = "The chosen client no longer exists."
    if inp.about_request_id is not None and s.get(ServiceRequest, inp.about_request_id) is None:
        errors["about_request"] = "The chosen request no longer exists."
    if inp.about_staff_id is not None and s.get(Staff, inp.about_staff_id) is None:
        errors["about_staff"] = "The chosen staff member no longer exists."
    if inp.about_institution_id is not None and s.get(Institution, inp.about_institution_id) is None:
        errors["about_institution"] = "The chosen institution no longer exists."
    if inp.category_id is not None and s.get(CatalogueCategory, inp.category_id) is None:
        errors["category"] = "The chosen service category no longer exists."
    return errors


def complainant_label(s: Session, c: Complaint) -> str:
    """Who complained, for people and for search: the client's name, the person's name, or nothing."""
    if c.client_id is not None:
        client = s.get(Client, c.client_id)
        name = client.name if client is not None else ""
        return f"{name} {c.complainant_name}".strip()
    return c.complainant_name


def create_complaint(db: Database, actor_id: int, inp: ComplaintInput, now: datetime | None = None) -> Changes:
    """Register a complaint as received; the decision to accept it is due within the ``accept`` limit."""
    now = now or utcnow()
    errors = validate_complaint(inp, now)
    if errors:
        raise Invalid(errors)
    received_at = inp.received_at or now
    with db.begin(actor_id) as s:
        actor = require_role(s, actor_id, Role.CLERK, Role.ADMIN)
        if inp.about_staff_id == actor.id:
            raise Invalid({"subject": "A complaint about yourself must be registered by a colleague."})
        errors = _subjects(s, inp)
        if errors:
            raise Invalid(errors)
        station = s.get(Station, 1)
        if station is None:
            raise Refused("The station has not been set up.")
        number = next_number(s, station.code, local_day(now))
        phone = normalize_phone(inp.complainant_phone) or None
        c = Complaint(
            number=number, channel=inp.channel, received_at=received_at, received_by=actor.id,
            complainant_kind=inp.complainant_kind, client_id=inp.client_id if inp.complainant_kind == "client"
            else None, complainant_name=inp.complainant_name.strip(), complainant_phone=phone,
            about_request_id=inp.about_request_id, about_staff_id=inp.about_staff_id,
            about_institution_id=inp.about_institution_id, about_station=inp.about_station,
            category_id=inp.category_id, what_happened=inp.what_happened.strip(), wants=inp.wants.strip(),
            status=ComplaintStatus.RECEIVED, version=1, due_on=due_after(s, Stage.ACCEPT, received_at))
        s.add(c)
        s.flush()
        c.search_text = complaint_search_text(number, complainant_label(s, c), phone, c.what_happened, c.wants)
        first = add_event(s, c, actor.id, "received", to_status="received", at=received_at,
                          text_=c.what_happened, data={"channel": inp.channel,
                                                       "complainant_kind": inp.complainant_kind})
        first.from_status = None
        c.version = 1  # the complaint as received is its first version
        return Changes(Complaint, "created", (c.id,))


EDITABLE = ("complainant_name", "complainant_phone", "about_request_id", "about_staff_id", "about_institution_id",
            "about_station", "category_id", "what_happened", "wants")


def update_complaint(session: Session, actor: Staff, c: Complaint, inp: ComplaintInput) -> dict[str, object]:
    """Correct what was registered (not the channel, the complainant's kind or client): the changes, old and new,
    for the timeline. Called by ``lifecycle.edit`` inside its step."""
    errors = {k: v for k, v in validate_complaint(inp).items() if k not in ("channel", "received_at")}
    errors |= _subjects(session, inp)
    if inp.about_staff_id == actor.id and c.about_staff_id != actor.id:
        errors["subject"] = "A complaint about yourself must be registered by a colleague."
    if errors:
        raise Invalid(errors)
    if inp.complainant_kind != c.complainant_kind or (inp.client_id or None) != c.client_id:
        raise Invalid({"complainant_kind": "Who complained cannot be changed; withdraw the complaint and register "
                                           "it again."})
    after: dict[str, object] = {
        "complainant_name": inp.complainant_name.strip(), "complainant_phone": normalize_phone(
            inp.complainant_phone) or None, "about_request_id": inp.about_request_id,
        "about_staff_id": inp.about_staff_id, "about_institution_id": inp.about_institution_id,
        "about_station": inp.about_station, "category_id": inp.category_id,
        "what_happened": inp.what_happened.strip(), "wants": inp.wants.strip()}
    changed: dict[str, object] = {k: [getattr(c, k), v] for k, v in after.items() if getattr(c, k) != v}
    for k, v in after.items():
        setattr(c, k, v)
    c.search_text = complaint_search_text(c.number, complainant_label(session, c), c.complainant_phone,
                                          c.what_happened, c.wants)
    return changed


def time_limits(db: Database) -> dict[Stage, int]:
    """Each stage's limit in working days, as set (or the defaults)."""
    with db.read() as s:
        rows = {stage: days for stage, days in s.execute(select(ComplaintTimeLimit.stage, ComplaintTimeLimit.days))}
    return {stage: int(rows.get(stage.value, DEFAULT_DAYS[stage])) for stage in Stage}


def set_time_limit(db: Database, actor_id: int, stage: str, days: int) -> Changes:
    """An admin sets a stage's limit (1–365 working days); it applies to due dates computed from now on."""
    if stage not in {s.value for s in Stage}:
        raise Invalid({"stage": "Unknown stage."})
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 365:
        raise Invalid({"days": "Give a number of working days from 1 to 365."})
    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        row = s.get(ComplaintTimeLimit, stage)
        if row is None:
            s.add(ComplaintTimeLimit(stage=stage, days=days))
        else:
            row.days = days
        return Changes(ComplaintTimeLimit, "updated", ())
