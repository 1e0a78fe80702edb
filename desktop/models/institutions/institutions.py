"""The registry of service institutions, expert teams and experts (§7.2.4, §7.6.2).

Admins keep it: type, capability (the catalogue categories served), qualifications with their validity,
contacts. Institutions are never deleted (referrals point at them); they are disabled instead. Clerks read it:
a referral asks ``suggest_for_request`` which institutions can serve a request, and the page shows what an
institution has done (``institution_record``, derived from referrals and evaluations).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.catalogue.tables import CatalogueCategory
from desktop.models.clients.tables import Client
from desktop.models.core import audit
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound
from desktop.models.core.validators import check_email, check_length, check_phone, check_required, normalize_phone
from desktop.models.institutions.tables import (
    INSTITUTION_KINDS,
    Institution,
    InstitutionCategory,
    InstitutionContact,
    Qualification,
)
from desktop.models.requests.intake import local_day
from desktop.models.requests.tables import Evaluation, Referral, ServiceRequest

MAX_QUALIFICATIONS = 50
MAX_CONTACTS = 20
EXPIRING_DAYS = 30  # a qualification ending within this many days stands out
RECENT = 20  # referrals shown on an institution's record
DONE = ("completed", "feedback_given", "evaluated", "archived")  # statuses after the service was given


# ---- input -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QualificationInput:
    name: str
    certificate_no: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    id: int | None = None  # an existing qualification being edited


@dataclass(frozen=True)
class InstitutionContactInput:
    name: str
    phone: str
    title: str = ""
    id: int | None = None


@dataclass(frozen=True)
class InstitutionInput:
    kind: str
    name: str
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    note: str = ""
    category_ids: tuple[int, ...] = ()
    qualifications: tuple[QualificationInput, ...] = field(default_factory=tuple)
    contacts: tuple[InstitutionContactInput, ...] = field(default_factory=tuple)


# ---- output ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CategoryRef:
    id: int
    clause: str
    name: str


@dataclass(frozen=True)
class QualificationInfo:
    id: int
    name: str
    certificate_no: str
    valid_from: date | None
    valid_until: date | None
    state: str  # "" | "expiring" | "expired"


@dataclass(frozen=True)
class InstitutionContactInfo:
    id: int
    name: str
    phone: str
    title: str


@dataclass(frozen=True)
class InstitutionDetail:
    id: int
    uuid: str
    kind: str
    name: str
    contact_name: str
    phone: str
    email: str
    address: str
    note: str
    active: bool
    categories: tuple[CategoryRef, ...]
    qualifications: tuple[QualificationInfo, ...]
    contacts: tuple[InstitutionContactInfo, ...]
    created_at: datetime
    updated_at: datetime

    @property
    def category_ids(self) -> tuple[int, ...]:
        return tuple(c.id for c in self.categories)


@dataclass(frozen=True)
class InstitutionRow:
    """One line of the registry table."""

    id: int
    kind: str
    name: str
    categories: tuple[str, ...]
    contact: str
    phone: str
    active: bool
    qualification_state: str  # "" | "expiring" | "expired"
    next_expiry: date | None  # the end date that sets the state (the earliest one still to come, if none passed)


@dataclass(frozen=True)
class InstitutionChoice:
    """An institution offered for a referral."""

    id: int
    name: str
    kind: str
    covers: int  # how many of the request's categories it serves
    expired: bool
    expiring: bool


@dataclass(frozen=True)
class RecentReferral:
    request_id: int
    number: str
    client: str
    referred_at: datetime
    deadline: date
    responded_at: datetime | None
    status: str  # the request's status now
    on_time: bool | None  # None: no response yet and the deadline has not passed


@dataclass(frozen=True)
class InstitutionRecord:
    """What an institution has done for the station (§7.6.2 服务提供情况)."""

    services: int  # referrals to it
    completed: int  # requests it served to completion
    on_time_rate: float | None  # share of judged referrals answered by the deadline
    average_evaluation: float | None  # mean of the four scores (1–5) over the requests it served
    recent: list[RecentReferral]


# ---- validation ------------------------------------------------------------------------------------

def qualification_state(valid_until: date | None, today: date) -> str:
    if valid_until is None:
        return ""
    if valid_until < today:
        return "expired"
    if valid_until <= today + timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return ""


def _overall_state(ends: Iterable[date | None], today: date) -> tuple[str, date | None]:
    """The worst state of the qualifications and the date that sets it."""
    dated = sorted(d for d in ends if d is not None)
    passed = [d for d in dated if d < today]
    if passed:
        return "expired", passed[0]
    upcoming = dated[0] if dated else None
    return qualification_state(upcoming, today), upcoming


def validate_institution(inp: InstitutionInput) -> dict[str, str]:
    """Every problem with ``inp``, keyed by field (``qualifications.0.valid_until`` for the first one's end)."""
    errors: dict[str, str | None] = {
        "kind": None if inp.kind in INSTITUTION_KINDS else "Choose institution, expert team or expert.",
        "name": check_required(inp.name, 200),
        "contact_name": check_length(inp.contact_name, 50),
        "phone": check_phone(inp.phone) if inp.phone.strip() else None,
        "email": check_length(inp.email.strip(), 100) or check_email(inp.email.strip()),
        "address": check_length(inp.address, 200),
        "note": check_length(inp.note, 1000, multiline=True),
        "categories": None if inp.category_ids else "Choose at least one service category it can provide.",
        "qualifications": None if len(inp.qualifications) <= MAX_QUALIFICATIONS else "Too many qualifications.",
        "contacts": None if len(inp.contacts) <= MAX_CONTACTS else "Too many contacts.",
    }
    for n, q in enumerate(inp.qualifications):
        errors[f"qualifications.{n}.name"] = check_required(q.name, 200)
        errors[f"qualifications.{n}.certificate_no"] = check_length(q.certificate_no.strip(), 100)
        if q.valid_from is not None and q.valid_until is not None and q.valid_from > q.valid_until:
            errors[f"qualifications.{n}.valid_until"] = "The end of validity cannot be before its start."
    for n, c in enumerate(inp.contacts):
        errors[f"contacts.{n}.name"] = check_required(c.name, 50)
        errors[f"contacts.{n}.phone"] = check_phone(c.phone)
        errors[f"contacts.{n}.title"] = check_length(c.title, 50)
    return {k: v for k, v in errors.items() if v}


DUPLICATE_NAME = "Another institution or expert already has this name."


def find_by_name(db: Database, name: str) -> int | None:
    """The institution called ``name`` (as saved: trimmed), for the dialog's check while typing."""
    with db.read() as s:
        return s.scalar(select(Institution.id).where(Institution.name == name.strip()))


def _check_unique(s: Session, name: str, exclude_id: int | None) -> None:
    found = s.scalar(select(Institution.id).where(Institution.name == name.strip()))
    if found is not None and found != exclude_id:
        raise Invalid({"name": DUPLICATE_NAME})


def _raise_if_duplicate(exc: IntegrityError) -> None:
    if "institution.name" in str(exc.orig):
        raise Invalid({"name": DUPLICATE_NAME}) from exc


# ---- writing ---------------------------------------------------------------------------------------

def _apply(s: Session, row: Institution, inp: InstitutionInput) -> None:
    row.kind = inp.kind
    row.name = inp.name.strip()
    row.contact_name = inp.contact_name.strip()
    row.phone = normalize_phone(inp.phone) or None
    row.email = inp.email.strip() or None
    row.address = inp.address.strip()
    row.note = inp.note.strip()
    s.flush()  # a new row needs its id for the rows below

    wanted = set(inp.category_ids)
    known = set(s.scalars(select(CatalogueCategory.id).where(CatalogueCategory.id.in_(wanted))))
    if known != wanted:
        raise Invalid({"categories": "A chosen service category does not exist."})
    current = set(s.scalars(select(InstitutionCategory.category_id)
                            .where(InstitutionCategory.institution_id == row.id)))
    if current != wanted:  # capability rows are not audited themselves: say what changed
        for link in s.scalars(select(InstitutionCategory).where(InstitutionCategory.institution_id == row.id,
                                                                InstitutionCategory.category_id.in_(current - wanted))):
            s.delete(link)
        s.add_all(InstitutionCategory(institution_id=row.id, category_id=c) for c in sorted(wanted - current))
        audit.record_event(s, "institution", {"categories": [sorted(current), sorted(wanted)]}, row.id)

    quals = {q.id: q for q in s.scalars(select(Qualification).where(Qualification.institution_id == row.id))}
    for q in inp.qualifications:
        qual = quals.pop(q.id) if q.id is not None and q.id in quals else Qualification(institution_id=row.id)
        qual.name = q.name.strip()
        qual.certificate_no = q.certificate_no.strip()
        qual.valid_from = q.valid_from
        qual.valid_until = q.valid_until
        s.add(qual)
    for gone in quals.values():  # one by one, so each removal has its audit entry
        s.delete(gone)

    contacts = {c.id: c for c in s.scalars(select(InstitutionContact)
                                           .where(InstitutionContact.institution_id == row.id))}
    for pos, c in enumerate(inp.contacts):
        contact = (contacts.pop(c.id) if c.id is not None and c.id in contacts
                   else InstitutionContact(institution_id=row.id))
        contact.position = pos
        contact.name = c.name.strip()
        contact.phone = normalize_phone(c.phone)
        contact.title = c.title.strip()
        s.add(contact)
    for gone_contact in contacts.values():
        s.delete(gone_contact)


def create_institution(db: Database, actor_id: int, inp: InstitutionInput) -> Changes:
    errors = validate_institution(inp)
    if errors:
        raise Invalid(errors)
    try:
        with db.begin(actor_id) as s:
            require_role(s, actor_id, "admin")
            _check_unique(s, inp.name, None)
            row = Institution(created_by=actor_id, active=True)
            s.add(row)
            _apply(s, row, inp)
            return Changes(Institution, "created", (row.id,))
    except IntegrityError as exc:  # another window saved the same name a moment ago
        _raise_if_duplicate(exc)
        raise


def update_institution(db: Database, actor_id: int, institution_id: int, inp: InstitutionInput) -> Changes:
    errors = validate_institution(inp)
    if errors:
        raise Invalid(errors)
    try:
        with db.begin(actor_id) as s:
            require_role(s, actor_id, "admin")
            row = s.get(Institution, institution_id)
            if row is None:
                raise NotFound("No such institution or expert.")
            _check_unique(s, inp.name, institution_id)
            _apply(s, row, inp)
            return Changes(Institution, "updated", (row.id,))
    except IntegrityError as exc:
        _raise_if_duplicate(exc)
        raise


def set_active(db: Database, actor_id: int, institution_id: int, active: bool) -> Changes:
    """Disable (no longer offered for referrals) or enable again; there is no delete."""
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        row = s.get(Institution, institution_id)
        if row is None:
            raise NotFound("No such institution or expert.")
        row.active = active
        return Changes(Institution, "updated", (row.id,))


# ---- reading ---------------------------------------------------------------------------------------

def _categories_of(s: Session, ids: Sequence[int]) -> dict[int, list[CategoryRef]]:
    found: dict[int, list[CategoryRef]] = {i: [] for i in ids}
    rows = s.execute(
        select(InstitutionCategory.institution_id, CatalogueCategory.id, CatalogueCategory.clause,
               CatalogueCategory.name)
        .join(CatalogueCategory, CatalogueCategory.id == InstitutionCategory.category_id)
        .where(InstitutionCategory.institution_id.in_(ids)).order_by(CatalogueCategory.sort_order))
    for inst, cid, clause, name in rows:
        found[inst].append(CategoryRef(cid, clause, name))
    return found


def _expiries_of(s: Session, ids: Sequence[int]) -> dict[int, list[date | None]]:
    found: dict[int, list[date | None]] = {i: [] for i in ids}
    for inst, until in s.execute(select(Qualification.institution_id, Qualification.valid_until)
                                 .where(Qualification.institution_id.in_(ids))):
        found[inst].append(until)
    return found


def list_institutions(db: Database, today: date | None = None, include_inactive: bool = False) -> list[InstitutionRow]:
    """The whole registry (it is small: tens to hundreds), by name."""
    today = today or local_today()
    with db.read() as s:
        query = select(Institution).order_by(Institution.name)
        if not include_inactive:
            query = query.where(Institution.active.is_(True))
        rows = s.scalars(query).all()
        ids = [r.id for r in rows]
        categories = _categories_of(s, ids)
        expiries = _expiries_of(s, ids)
        first_contacts: dict[int, InstitutionContact] = {}
        for c in s.scalars(select(InstitutionContact).where(InstitutionContact.institution_id.in_(ids))
                           .order_by(InstitutionContact.position, InstitutionContact.id)):
            first_contacts.setdefault(c.institution_id, c)
        result = []
        for r in rows:
            state, when = _overall_state(expiries[r.id], today)
            first = first_contacts.get(r.id)
            contact = r.contact_name or (first.name if first else "")
            phone = r.phone or (first.phone if first else "")
            result.append(InstitutionRow(r.id, r.kind, r.name, tuple(c.name for c in categories[r.id]), contact,
                                         phone, r.active, state, when))
        return result


def get_institution(db: Database, institution_id: int, today: date | None = None) -> InstitutionDetail:
    today = today or local_today()
    with db.read() as s:
        row = s.get(Institution, institution_id)
        if row is None:
            raise NotFound("No such institution or expert.")
        quals = s.scalars(select(Qualification).where(Qualification.institution_id == row.id)
                          .order_by(Qualification.id)).all()
        contacts = s.scalars(select(InstitutionContact).where(InstitutionContact.institution_id == row.id)
                             .order_by(InstitutionContact.position, InstitutionContact.id)).all()
        return InstitutionDetail(
            row.id, row.uuid, row.kind, row.name, row.contact_name, row.phone or "", row.email or "", row.address,
            row.note, row.active, tuple(_categories_of(s, [row.id])[row.id]),
            tuple(QualificationInfo(q.id, q.name, q.certificate_no, q.valid_from, q.valid_until,
                                    qualification_state(q.valid_until, today)) for q in quals),
            tuple(InstitutionContactInfo(c.id, c.name, c.phone, c.title) for c in contacts),
            row.created_at, row.updated_at,
        )


def suggest_for_request(db: Database, category_ids: Sequence[int],
                        today: date | None = None) -> list[InstitutionChoice]:
    """Active institutions serving any of ``category_ids``: valid ones first, those covering more categories
    before those covering fewer, then by name; ones with an expired qualification last, and marked."""
    today = today or local_today()
    wanted = set(category_ids)
    if not wanted:
        return []
    with db.read() as s:
        covers = dict(s.execute(
            select(InstitutionCategory.institution_id, func.count())
            .join(Institution, Institution.id == InstitutionCategory.institution_id)
            .where(InstitutionCategory.category_id.in_(wanted), Institution.active.is_(True))
            .group_by(InstitutionCategory.institution_id)).all())
        ids = list(covers)
        expiries = _expiries_of(s, ids)
        choices = []
        for r in s.scalars(select(Institution).where(Institution.id.in_(ids))):
            state, _when = _overall_state(expiries[r.id], today)
            choices.append(InstitutionChoice(r.id, r.name, r.kind, covers[r.id], state == "expired",
                                             state == "expiring"))
    choices.sort(key=lambda c: (c.expired, -c.covers, c.name, c.id))
    return choices


def _on_time(ref: Referral, today: date) -> bool | None:
    """Answered by the deadline (local date)? None while unanswered and still in time."""
    if ref.responded_at is not None:
        return local_day(ref.responded_at) <= ref.deadline
    return False if ref.deadline < today else None


def institution_record(db: Database, institution_id: int, today: date | None = None) -> InstitutionRecord:
    """Services given, completed, timeliness and satisfaction, from the referrals and evaluations."""
    today = today or local_today()
    with db.read() as s:
        if s.get(Institution, institution_id) is None:
            raise NotFound("No such institution or expert.")
        referrals = s.execute(
            select(Referral, ServiceRequest.number, ServiceRequest.status, Client.name)
            .join(ServiceRequest, ServiceRequest.id == Referral.request_id)
            .join(Client, Client.id == ServiceRequest.client_id)
            .where(Referral.institution_id == institution_id)
            .order_by(Referral.referred_at.desc(), Referral.id.desc())).all()
        # the request's current institution is the one that served it (an earlier one may have passed it on)
        served = ServiceRequest.institution_id == institution_id
        completed = s.scalar(select(func.count()).select_from(ServiceRequest)
                             .where(served, ServiceRequest.status.in_(DONE))) or 0
        score = (Evaluation.demand_matching + Evaluation.service_level + Evaluation.attitude
                 + Evaluation.complaint_handling) / 4.0
        average = s.scalar(select(func.avg(score))
                           .join(ServiceRequest, ServiceRequest.id == Evaluation.request_id).where(served))
        judged = [t for ref, *_ in referrals if (t := _on_time(ref, today)) is not None]
        recent = [RecentReferral(ref.request_id, number, client, ref.referred_at, ref.deadline, ref.responded_at,
                                 status, _on_time(ref, today))
                  for ref, number, status, client in referrals[:RECENT]]
        return InstitutionRecord(
            services=len(referrals), completed=int(completed),
            on_time_rate=sum(judged) / len(judged) if judged else None,
            average_evaluation=float(average) if average is not None else None,
            recent=recent,
        )
