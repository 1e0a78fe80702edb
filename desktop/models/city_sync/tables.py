"""Sync's tables: the outbox, the pull state, the sync log and the device's sync settings.

The outbox row is written in the same transaction as the change it carries (lifecycle.escalate / archive), with
the record's body already in its wire form, so what is pushed is what the station held when it made the change.
A row is ``pending`` until the hub answers it; ``sent`` once the hub said accepted or already had;
``set_aside`` when the hub answered conflict or rejected (it waits for an admin, and no longer blocks the
queue); ``dropped`` when an admin gave it up. Rows are never deleted.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import Base, one_of
from desktop.models.core.types import UTCDateTime, utcnow


class OutboxKind(StrEnum):
    ESCALATION = "escalation"
    ARCHIVE = "archive"
    COMPLAINT = "complaint"  # a complaint's archive record (migration 0013)
    FIGURES = "figures"  # the station's figures of a month, for the city (§4.3; migration 0014)


class OutboxState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    SET_ASIDE = "set_aside"
    DROPPED = "dropped"


class HubAnswer(StrEnum):  # what the hub answered for a record (``outbox.outcome``; wire.Outcome)
    ACCEPTED = "accepted"
    ALREADY_HAD = "already_had"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class SyncOutcome(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    CANCELLED = "cancelled"


class SyncTrigger(StrEnum):
    MANUAL = "manual"  # the end-of-day button
    AUTOMATIC = "automatic"  # the hub became reachable
    COMMAND = "command"  # quality-station sync (a scheduled task)


OUTBOX_KINDS: tuple[OutboxKind, ...] = tuple(OutboxKind)
OUTBOX_STATES: tuple[OutboxState, ...] = tuple(OutboxState)
SYNC_OUTCOMES: tuple[SyncOutcome, ...] = tuple(SyncOutcome)


class OutboxEntry(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("kind", "record_uuid", "version", name="uq_outbox_record"),
        CheckConstraint(one_of("kind", OUTBOX_KINDS), name="kind"),
        CheckConstraint(one_of("state", OUTBOX_STATES), name="state"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint("length(content_hash) = 64", name="content_hash"),
        CheckConstraint("state <> 'set_aside' OR length(reason) > 0", name="set_aside_reason"),
        # a request's or a complaint's record; the monthly figures are of neither
        CheckConstraint("CASE WHEN kind = 'figures' THEN request_id IS NULL AND complaint_id IS NULL "
                        "ELSE (request_id IS NULL) <> (complaint_id IS NULL) END", name="subject"),
        Index("ix_outbox_state", "state", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    record_uuid: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("service_request.id"), index=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), index=True)
    body: Mapped[str] = mapped_column(Text)  # canonical JSON of the wire body
    content_hash: Mapped[str] = mapped_column(String(64))
    blobs: Mapped[str] = mapped_column(Text, default="[]")  # JSON [[sha256, size], ...] of files to upload first
    state: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # pushes that reached no answer
    last_error: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(20), default="")  # the hub's answer
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was set aside, in the hub's words
    reason_code: Mapped[str] = mapped_column(String(20), default="")  # wire.REASON_CODES: explained in the UI
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SyncState(Base):
    """Key-value facts of this device's sync: the pull cursor, applied decisions, last success."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class AppliedDecision(Base):
    """A city decision already applied to a request's timeline: applying the same one again does nothing."""

    __tablename__ = "applied_decision"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("service_request.id"))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SyncRun(Base):
    """One sync, from start to finish: what was pushed and pulled, and how it ended."""

    __tablename__ = "sync_run"
    __table_args__ = (CheckConstraint(one_of("outcome", SYNC_OUTCOMES), name="outcome"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    trigger: Mapped[str] = mapped_column(String(20), default="manual")  # manual, automatic, command
    outcome: Mapped[str] = mapped_column(String(20), default="running")
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    already_had: Mapped[int] = mapped_column(Integer, default=0)
    set_aside: Mapped[int] = mapped_column(Integer, default=0)
    pulled: Mapped[int] = mapped_column(Integer, default=0)
    bytes_sent: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")
