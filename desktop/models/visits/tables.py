"""ORM tables of on-site visits (§7.3.3–§7.3.4): the 现场服务记录, its people, follow-ups, signatures and the
PDF kept in the archive folder. Created by migration 0004.

A visit is a draft until it is signed (on screen, or on paper with the scan attached); from then on the
database refuses any change to it and to its rows (triggers in migration 0004). Corrections are new visits
that point to the original (``amends_id``) and are signed again.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import Base, one_of
from desktop.models.core.types import ISODate, UTCDateTime, new_uuid, utcnow


class VisitStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"  # on screen
    PAPER_SIGNED = "paper_signed"  # the pre-filled form signed by pen, its scan attached


class VisitEvent(StrEnum):  # the line a sealed record writes into its request's timeline (``visit_event``)
    SIGNED = "signed"
    PAPER_SIGNED = "paper_signed"
    AMENDMENT = "amendment"


class SignerRole(StrEnum):
    CLIENT = "client"
    OFFICER = "officer"


class DocumentKind(StrEnum):
    SIGNED_RECORD = "signed_record"


VISIT_STATUSES: tuple[VisitStatus, ...] = tuple(VisitStatus)
SIGNER_ROLES: tuple[SignerRole, ...] = tuple(SignerRole)
DOCUMENT_KINDS: tuple[DocumentKind, ...] = tuple(DocumentKind)
SHA256_CHECK = "length({c}) = 64 AND {c} NOT GLOB '*[^0-9a-f]*'"
# lengths, shared by the service's validation and the constraints
PLACE_MAX = 200
TEXT_MAX = 4000
NAME_MAX = 50
TITLE_MAX = 50
PHONE_MAX = 20
ACTION_MAX = 500
REASON_MAX = 1000
OFFICERS_MAX = 10
ATTENDEES_MAX = 20
FOLLOW_UPS_MAX = 30


class Visit(Base):
    """现场服务记录: one visit to a client's premises for a request."""

    __tablename__ = "visit"
    __table_args__ = (
        CheckConstraint(one_of("status", VISIT_STATUSES), name="status"),
        CheckConstraint(f"length(trim(place)) BETWEEN 1 AND {PLACE_MAX}", name="place"),
        CheckConstraint(f"length(work_done) <= {TEXT_MAX} AND length(questions) <= {TEXT_MAX} "
                        f"AND length(collected) <= {TEXT_MAX}", name="texts"),
        CheckConstraint(f"length(amendment_reason) <= {REASON_MAX} "
                        "AND (amends_id IS NULL OR status = 'draft' OR length(trim(amendment_reason)) > 0)",
                        name="amendment_reason"),
        # locked exactly when signed: the hash and the canonical content are written with the signature
        CheckConstraint("(status = 'draft') = (content_hash IS NULL AND canonical IS NULL AND locked_at IS NULL)",
                        name="locked"),
        CheckConstraint("content_hash IS NULL OR (" + SHA256_CHECK.format(c="content_hash") + ")",
                        name="content_hash"),
        CheckConstraint("(status = 'paper_signed') = (paper_scan_sha256 IS NOT NULL)", name="paper_scan"),
        CheckConstraint("paper_scan_sha256 IS NULL OR (" + SHA256_CHECK.format(c="paper_scan_sha256") + ")",
                        name="paper_scan_sha256"),
        Index("ix_visit_request", "request_id", "visited_at"),
        Index("ix_visit_amends", "amends_id"),
        Index("ix_visit_locked_at", "locked_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"))
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    amendment_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(PLACE_MAX))
    work_done: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    collected: Mapped[str] = mapped_column(Text, default="")
    paper_scan_sha256: Mapped[str | None] = mapped_column(String(64))
    paper_scan_name: Mapped[str | None] = mapped_column(String(255))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    canonical: Mapped[str | None] = mapped_column(Text)  # the exact bytes that were hashed (UTF-8 JSON)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locked_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class VisitOfficer(Base):
    """A station officer on the visit (the name as it was, and the account when there is one)."""

    __tablename__ = "visit_officer"
    __table_args__ = (
        CheckConstraint(f"length(trim(name)) BETWEEN 1 AND {NAME_MAX}", name="name"),
        UniqueConstraint("visit_id", "position", name="uq_visit_officer_position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"))
    position: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    name: Mapped[str] = mapped_column(String(NAME_MAX))


class VisitAttendee(Base):
    """Someone of the client's side who took part: name, position (职务), phone."""

    __tablename__ = "visit_attendee"
    __table_args__ = (
        CheckConstraint(f"length(trim(name)) BETWEEN 1 AND {NAME_MAX}", name="name"),
        CheckConstraint(f"length(title) <= {TITLE_MAX} AND length(phone) <= {PHONE_MAX}", name="lengths"),
        UniqueConstraint("visit_id", "position", name="uq_visit_attendee_position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    title: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    phone: Mapped[str] = mapped_column(String(PHONE_MAX), default="")


class VisitFollowUp(Base):
    """Something to do after the visit, and who owns it (待办事项 / 责任人)."""

    __tablename__ = "visit_follow_up"
    __table_args__ = (
        CheckConstraint(f"length(trim(action)) BETWEEN 1 AND {ACTION_MAX}", name="action"),
        CheckConstraint(f"length(trim(owner)) BETWEEN 1 AND {NAME_MAX}", name="owner"),
        UniqueConstraint("visit_id", "position", name="uq_visit_follow_up_position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"))
    position: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(ACTION_MAX))
    owner: Mapped[str] = mapped_column(String(NAME_MAX))
    due_on: Mapped[date | None] = mapped_column(ISODate())


class VisitSignature(Base):
    """A signature on the record: the strokes (the evidence, hashed) and a PNG drawn from them; or, for the
    client, the reason they declined to sign."""

    __tablename__ = "visit_signature"
    __table_args__ = (
        CheckConstraint(one_of("role", SIGNER_ROLES), name="role"),
        CheckConstraint(f"length(trim(signer_name)) BETWEEN 1 AND {NAME_MAX}", name="signer_name"),
        CheckConstraint("(declined_reason IS NULL) = (strokes IS NOT NULL AND png IS NOT NULL)",
                        name="signed_or_declined"),
        CheckConstraint(f"declined_reason IS NULL OR (role = 'client' AND length(trim(declined_reason)) "
                        f"BETWEEN 1 AND {REASON_MAX})", name="declined_reason"),
        UniqueConstraint("visit_id", "role", name="uq_visit_signature_role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"))
    role: Mapped[str] = mapped_column(String(10))
    signer_name: Mapped[str] = mapped_column(String(NAME_MAX))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    strokes: Mapped[str | None] = mapped_column(Text)  # JSON, see signatures.py
    png: Mapped[bytes | None] = mapped_column(LargeBinary)
    declined_reason: Mapped[str | None] = mapped_column(Text)


class VisitDocument(Base):
    """A PDF of a signed record kept in the archive folder, named and checked by its SHA-256. Append-only."""

    __tablename__ = "visit_document"
    __table_args__ = (
        CheckConstraint(one_of("kind", DOCUMENT_KINDS), name="kind"),
        CheckConstraint(SHA256_CHECK.format(c="sha256"), name="sha256"),
        CheckConstraint("length(trim(file_name)) BETWEEN 1 AND 255", name="file_name"),
        Index("ix_visit_document_visit", "visit_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"))
    kind: Mapped[str] = mapped_column(String(20), default="signed_record")
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    font: Mapped[str] = mapped_column(String(100), default="")  # the font it was built with
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
