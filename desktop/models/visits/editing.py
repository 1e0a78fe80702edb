"""On-site visits (§7.3.3–§7.3.4): the 现场服务记录 from draft to signed, and amendments.

A visit belongs to a request. It is saved as a draft as often as the officer likes; it is *signed* either on
screen (the client's signature or their stated refusal, and the officer's signature) or on paper (the
pre-filled form printed, signed by pen, and its scan attached). Signing writes the record's canonical form
and its SHA-256 (``visit_records``) in the same transaction, and from then on the service and the database
refuse every change. A correction is an amendment: a new draft that points to the original, is edited, and is
signed again; the original stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.core.types import utcnow
from desktop.models.core.validators import Msg, check_length, check_phone, check_required, normalize_phone
from desktop.models.requests.attachments import copy_hashed
from desktop.models.requests.intake import add_event
from desktop.models.requests.tables import ServiceRequest
from desktop.models.visits import records, signatures
from desktop.models.visits.tables import (
    ACTION_MAX,
    ATTENDEES_MAX,
    FOLLOW_UPS_MAX,
    NAME_MAX,
    OFFICERS_MAX,
    PHONE_MAX,
    PLACE_MAX,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Visit,
    VisitAttendee,
    VisitEvent,
    VisitFollowUp,
    VisitOfficer,
    VisitSignature,
)
from desktop.sync.wire import canonical_json

# a visit is recorded for a request the station still works on, or has answered or finished; not for one
# the city owns (escalated), one withdrawn, or one archived
VISITABLE = ("received", "registered", "awaiting_instruction", "referred", "in_service", "answered", "completed",
             "feedback_given", "evaluated")
CLOCK_SKEW = timedelta(minutes=10)  # a laptop's clock a little ahead is not "a visit in the future"
LOCKED_MESSAGE = "This record is signed and can no longer be changed. Record a correction as an amendment."


@dataclass(frozen=True)
class OfficerRef:
    name: str
    staff_id: int | None = None


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    title: str = ""
    phone: str = ""


@dataclass(frozen=True)
class FollowUpInput:
    action: str
    owner: str
    due_on: date | None = None


@dataclass(frozen=True)
class VisitInput:
    visited_at: datetime
    place: str
    officers: tuple[OfficerRef, ...]
    attendees: tuple[AttendeeInput, ...] = ()
    work_done: str = ""
    questions: str = ""
    collected: str = ""
    follow_ups: tuple[FollowUpInput, ...] = ()
    amendment_reason: str = ""


@dataclass(frozen=True)
class SignatureInput:
    """A signature drawn on the pad (``strokes``), or for the client the reason they declined."""

    signer_name: str
    strokes: list[signatures.Stroke] | None = None
    declined_reason: str | None = None
    signed_at: datetime | None = None


def validate_visit(inp: VisitInput, now: datetime, *, amendment: bool = False) -> dict[str, str]:
    """Every problem with the input, by field (``attendee.2.phone`` for the third attendee's phone)."""
    errors: dict[str, str | None] = {
        "visited_at": "The visit cannot be in the future." if inp.visited_at > now + CLOCK_SKEW else None,
        "place": check_required(inp.place, PLACE_MAX),
        "work_done": check_required(inp.work_done, TEXT_MAX, multiline=True),
        "questions": check_length(inp.questions, TEXT_MAX, multiline=True),
        "collected": check_length(inp.collected, TEXT_MAX, multiline=True),
        "amendment_reason": check_required(inp.amendment_reason, REASON_MAX, multiline=True) if amendment else None,
    }
    names = [o.name for o in inp.officers if o.name.strip()]
    if not names:
        errors["officers"] = "Name at least one officer who made the visit."
    elif len(names) > OFFICERS_MAX:
        errors["officers"] = Msg("At most {n} officers.", n=OFFICERS_MAX)
    else:
        errors["officers"] = next((check_length(n, NAME_MAX) for n in names if check_length(n, NAME_MAX)), None)
    if len(inp.attendees) > ATTENDEES_MAX:
        errors["attendees"] = Msg("At most {n} attendees.", n=ATTENDEES_MAX)
    for i, a in enumerate(inp.attendees):
        errors[f"attendee.{i}.name"] = check_required(a.name, NAME_MAX)
        errors[f"attendee.{i}.title"] = check_length(a.title, TITLE_MAX)
        if a.phone.strip():
            errors[f"attendee.{i}.phone"] = check_phone(a.phone) or check_length(normalize_phone(a.phone), PHONE_MAX)
    if len(inp.follow_ups) > FOLLOW_UPS_MAX:
        errors["follow_ups"] = Msg("At most {n} follow-ups.", n=FOLLOW_UPS_MAX)
    for i, f in enumerate(inp.follow_ups):
        errors[f"follow_up.{i}.action"] = check_required(f.action, ACTION_MAX)
        errors[f"follow_up.{i}.owner"] = check_required(f.owner, NAME_MAX)
        if f.due_on is not None and f.due_on < inp.visited_at.date() - timedelta(days=1):
            errors[f"follow_up.{i}.due_on"] = "A follow-up cannot be due before the visit."
    return {k: v for k, v in errors.items() if v}


def _request_for_visit(session: Session, request_id: int) -> ServiceRequest:
    req = session.get(ServiceRequest, request_id)
    if req is None:
        raise NotFound("No such request.")
    if req.status not in VISITABLE:
        if req.status == "escalated":
            raise Refused("The request is escalated to the city: the station cannot record visits for it.")
        raise Refused("Visits cannot be recorded for a withdrawn or archived request.")
    return req


def _draft(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound("No such visit record.")
    if visit.status != "draft":
        raise Refused(LOCKED_MESSAGE)
    return visit


def _write_rows(session: Session, visit: Visit, inp: VisitInput) -> None:
    visit.visited_at = inp.visited_at
    visit.place = inp.place.strip()
    visit.work_done = inp.work_done.strip()
    visit.questions = inp.questions.strip()
    visit.collected = inp.collected.strip()
    visit.amendment_reason = inp.amendment_reason.strip()
    visit.updated_at = utcnow()
    for table in (VisitOfficer, VisitAttendee, VisitFollowUp):
        session.execute(delete(table).where(table.visit_id == visit.id))
    session.flush()
    officers = [o for o in inp.officers if o.name.strip()]
    session.add_all(VisitOfficer(visit_id=visit.id, position=i, staff_id=o.staff_id, name=o.name.strip())
                    for i, o in enumerate(officers))
    session.add_all(VisitAttendee(visit_id=visit.id, position=i, name=a.name.strip(), title=a.title.strip(),
                                  phone=normalize_phone(a.phone)) for i, a in enumerate(inp.attendees))
    session.add_all(VisitFollowUp(visit_id=visit.id, position=i, action=f.action.strip(), owner=f.owner.strip(),
                                  due_on=f.due_on) for i, f in enumerate(inp.follow_ups))


def create_visit(db: Database, actor_id: int, request_id: int, inp: VisitInput,
                 now: datetime | None = None) -> Changes:
    """A new draft record for the request. Returns ``Changes(Visit, "created", (visit_id,))``."""
    errors = validate_visit(inp, now or utcnow())
    if errors:
        raise Invalid(errors)
    with db.begin(actor_id) as s:
        require_role(s, actor_id)
        req = _request_for_visit(s, request_id)
        visit = Visit(request_id=req.id, visited_at=inp.visited_at, place=inp.place.strip(), created_by=actor_id)
        s.add(visit)
        s.flush()
        _write_rows(s, visit, inp)
        return Changes(Visit, "created", (visit.id,))


def save_visit(db: Database, actor_id: int, visit_id: int, inp: VisitInput, now: datetime | None = None) -> Changes:
    """Save the draft's content again (refused once it is signed)."""
    with db.begin(actor_id) as s:
        require_role(s, actor_id)
        visit = _draft(s, visit_id)
        errors = validate_visit(inp, now or utcnow(), amendment=visit.amends_id is not None)
        if errors:
            raise Invalid(errors)
        _write_rows(s, visit, inp)
        return Changes(Visit, "updated", (visit.id,))


def delete_draft(db: Database, actor_id: int, visit_id: int) -> Changes:
    """Throw away a draft that was never signed (a signed record is never deleted)."""
    with db.begin(actor_id) as s:
        require_role(s, actor_id)
        visit = _draft(s, visit_id)
        for table in (VisitOfficer, VisitAttendee, VisitFollowUp, VisitSignature):
            s.execute(delete(table).where(table.visit_id == visit.id))
        s.delete(visit)
        return Changes(Visit, "deleted", (visit_id,))


def _root(session: Session, visit: Visit) -> Visit:
    """The original record an amendment chain starts from."""
    while visit.amends_id is not None:
        parent = session.get(Visit, visit.amends_id)
        assert parent is not None
        visit = parent
    return visit


def create_amendment(db: Database, actor_id: int, visit_id: int, reason: str) -> Changes:
    """A draft correction of a signed record: a copy of its latest signed version, pointing to the original,
    to be edited and signed again. Returns ``Changes(Visit, "created", (new_id,))``."""
    problem = check_required(reason, REASON_MAX, multiline=True)
    if problem:
        raise Invalid({"amendment_reason": problem})
    with db.begin(actor_id) as s:
        require_role(s, actor_id)
        visit = s.get(Visit, visit_id)
        if visit is None:
            raise NotFound("No such visit record.")
        if visit.status == "draft":
            raise Refused("A draft is corrected by editing it; only a signed record takes an amendment.")
        root = _root(s, visit)
        pending = s.scalar(select(func.count()).select_from(Visit)
                           .where(Visit.amends_id == root.id, Visit.status == "draft"))
        if pending:
            raise Refused("An amendment of this record is already being written: finish or discard it first.")
        latest = s.scalars(select(Visit).where((Visit.id == root.id) | (Visit.amends_id == root.id))
                           .where(Visit.status != "draft").order_by(Visit.locked_at.desc(), Visit.id.desc())
                           .limit(1)).one()
        inp = records.input_of(s, latest)
        copy = Visit(request_id=root.request_id, amends_id=root.id, visited_at=latest.visited_at,
                     place=latest.place, created_by=actor_id)
        s.add(copy)
        s.flush()
        _write_rows(s, copy, _with_reason(inp, reason))
        return Changes(Visit, "created", (copy.id,))


def _with_reason(inp: VisitInput, reason: str) -> VisitInput:
    return VisitInput(inp.visited_at, inp.place, inp.officers, inp.attendees, inp.work_done, inp.questions,
                      inp.collected, inp.follow_ups, reason)


def _check_signature(sig: SignatureInput, role: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    name_problem = check_required(sig.signer_name, NAME_MAX)
    if name_problem:
        errors[f"{role}_name"] = name_problem
    if role == "client" and sig.declined_reason is not None:
        problem = check_required(sig.declined_reason, REASON_MAX, multiline=True)
        if problem:
            errors["declined_reason"] = problem
        return errors
    try:
        signatures.check_signed(signatures.normalize(sig.strokes or []))
    except Invalid as exc:
        errors[f"{role}_signature"] = exc.errors["signature"]
    return errors


def sign_visit(db: Database, actor_id: int, visit_id: int, client: SignatureInput, officer: SignatureInput,
               now: datetime | None = None) -> Changes:
    """Sign on screen: the client's signature (or the reason they declined) and the officer's; then lock."""
    now = now or utcnow()
    errors = {**_check_signature(client, "client"), **_check_signature(officer, "officer")}
    if errors:
        raise Invalid(errors)
    with db.begin(actor_id) as s:
        actor = require_role(s, actor_id)
        visit = _draft(s, visit_id)
        _check_complete(s, visit, now)
        for role, sig in (("client", client), ("officer", officer)):
            strokes = None if sig.declined_reason is not None else signatures.normalize(sig.strokes or [])
            s.add(VisitSignature(
                visit_id=visit.id, role=role, signer_name=sig.signer_name.strip(), signed_at=sig.signed_at or now,
                strokes=signatures.to_json(strokes) if strokes is not None else None,
                png=signatures.render_png(strokes) if strokes is not None else None,
                declined_reason=sig.declined_reason.strip() if sig.declined_reason is not None else None))
        s.flush()
        _lock(s, visit, actor.id, "signed", now)
        return Changes(Visit, "updated", (visit.id,))


def mark_signed_on_paper(db: Database, actor_id: int, visit_id: int, scan: Path, attachments_dir: Path,
                         now: datetime | None = None) -> Changes:
    """The printed form came back signed by pen: keep its scan or photo (by SHA-256) and lock the record."""
    now = now or utcnow()
    if not scan.is_file():
        raise Invalid({"scan": "The scanned file cannot be read."})
    with db.read() as s:  # refuse before copying a large file for nothing
        require_role(s, actor_id)
        _check_complete(s, _draft(s, visit_id), now)
    try:
        sha, _size = copy_hashed(scan, attachments_dir)
    except OSError as exc:
        raise Invalid({"scan": "The scanned file cannot be read."}) from exc
    with db.begin(actor_id) as s:
        actor = require_role(s, actor_id)
        visit = _draft(s, visit_id)
        _lock(s, visit, actor.id, "paper_signed", now, paper=(sha, scan.name[:255]))
        return Changes(Visit, "updated", (visit.id,))


def _check_complete(session: Session, visit: Visit, now: datetime) -> None:
    """A draft saved earlier still has to be a complete record to be signed."""
    errors = validate_visit(records.input_of(session, visit), now, amendment=visit.amends_id is not None)
    if errors:
        raise Invalid(errors)


def _lock(session: Session, visit: Visit, actor_id: int, status: str, now: datetime,
          paper: tuple[str, str] | None = None) -> None:
    """Seal the record: status, time, canonical form and hash in one UPDATE (the trigger refuses a second)."""
    req = session.get(ServiceRequest, visit.request_id)
    assert req is not None
    if visit.amends_id is None and req.status not in VISITABLE:
        _request_for_visit(session, req.id)  # raises the reason
    with session.no_autoflush:
        visit.status = status
        visit.locked_at = now
        visit.locked_by = actor_id
        if paper is not None:
            visit.paper_scan_sha256, visit.paper_scan_name = paper
        canonical = canonical_json(records.canonical_content(session, visit))
        visit.canonical = canonical.decode("utf-8")
        visit.content_hash = records.sha256_hex(canonical)
    kind = VisitEvent.AMENDMENT if visit.amends_id is not None else VisitEvent(status)
    add_event(session, req, actor_id, "note", text_=visit.work_done[:200],
              data={"visit": visit.uuid, "visit_event": kind, "content_hash": visit.content_hash})
