"""Tables of continuous improvement (§8.2) and the bad-review loop (差评整改): rectifications opened by a bad
evaluation or a valid complaint, and improvement plans with their sources, actions and reviews. Created by
migration 0014.

A rectification (整改) is opened automatically (``auto_open``): by an evaluation scoring 1–2 in any dimension, or
by a complaint closed as valid. It is due in 15 working days by default (an admin's setting); the owner records
what was found and done, tells the client and asks again, and an admin verifies it: effective closes it, not
effective sends it back. A closed rectification is kept unchanged (triggers).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import Audited, Base, date_check, one_of
from desktop.models.core.types import ISODate, UTCDateTime, new_uuid, utcnow

DEFAULT_RECTIFICATION_DAYS = 15  # working days: the national 好差评 rule


class RectificationSource(StrEnum):
    EVALUATION = "evaluation"  # a return-visit evaluation scoring 1–2 somewhere
    COMPLAINT = "complaint"  # a complaint closed as valid


class RectificationStatus(StrEnum):
    OPEN = "open"  # to be verified and put right
    RECTIFIED = "rectified"  # done and the client asked again; awaiting an admin's verification
    CLOSED = "closed"  # verified as effective


class PlanStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class SourceKind(StrEnum):  # where a plan's problem was seen (§8.2)
    COMPLAINT = "complaint"
    BAD_REVIEW = "bad_review"  # a rectification
    OVERDUE = "overdue"  # an analysis of overdue work (a stage, a category, an institution)
    SELF_INSPECTION = "self_inspection"
    STATISTICS = "statistics"  # the figures of a period


SOURCES: tuple[RectificationSource, ...] = tuple(RectificationSource)
RECTIFICATION_STATUSES: tuple[RectificationStatus, ...] = tuple(RectificationStatus)
PLAN_STATUSES: tuple[PlanStatus, ...] = tuple(PlanStatus)
ACTION_STATUSES: tuple[ActionStatus, ...] = tuple(ActionStatus)
SOURCE_KINDS: tuple[SourceKind, ...] = tuple(SourceKind)
TEXT_LIMIT = 2000


class ImprovementSetting(Audited, Base):
    """Single row: the working days a rectification is due in."""

    __tablename__ = "improvement_setting"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),
                      CheckConstraint("rectification_days BETWEEN 1 AND 60", name="rectification_days"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rectification_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_RECTIFICATION_DAYS)


class Rectification(Base):
    """整改: one bad review or valid complaint, put right and verified."""

    __tablename__ = "rectification"
    __table_args__ = (
        CheckConstraint(one_of("source", SOURCES), name="source"),
        CheckConstraint(one_of("status", RECTIFICATION_STATUSES), name="status"),
        CheckConstraint("(source = 'evaluation') = (evaluation_id IS NOT NULL)", name="evaluation"),
        CheckConstraint("(source = 'complaint') = (complaint_id IS NOT NULL)", name="complaint"),
        CheckConstraint("(status = 'closed') = (closed_at IS NOT NULL)", name="closed"),
        CheckConstraint("status = 'open' OR length(trim(done)) > 0", name="done"),
        CheckConstraint(" AND ".join(f"length({c}) <= {TEXT_LIMIT}" for c in
                                     ("found", "done", "client_response", "verify_note")), name="lengths"),
        CheckConstraint(date_check("due_on", nullable=False), name="due_on"),
        CheckConstraint("version >= 1", name="version"),
        Index("ix_rectification_status_due", "status", "due_on"),
        Index("ix_rectification_opened", "opened_at"),
        Index("ix_rectification_request", "request_id"),
        Index("ix_rectification_owner", "owner_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(String(20))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("service_request.id"))
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation.id"), unique=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), unique=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_on: Mapped[date] = mapped_column(ISODate())
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(String(20), default=RectificationStatus.OPEN)
    found: Mapped[str] = mapped_column(Text, default="")  # what the verification found (核实情况)
    done: Mapped[str] = mapped_column(Text, default="")  # what was done (整改措施)
    rectified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    client_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the client told and asked again
    client_satisfied: Mapped[bool | None] = mapped_column(Boolean)
    client_response: Mapped[str] = mapped_column(Text, default="")
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    verify_note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ImprovementPlan(Base):
    """持续改进计划 (§8.2.1): a problem, where it was seen, the goal; its actions and reviews."""

    __tablename__ = "improvement_plan"
    __table_args__ = (
        CheckConstraint(one_of("status", PLAN_STATUSES), name="status"),
        CheckConstraint("length(trim(problem)) BETWEEN 1 AND 2000", name="problem"),
        CheckConstraint("length(goal) <= 2000", name="goal"),
        CheckConstraint("(status = 'closed') = (closed_at IS NOT NULL)", name="closed"),
        Index("ix_improvement_plan_status", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    problem: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=PlanStatus.OPEN)
    created_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class PlanSource(Base):
    """Where a plan's problem was seen: a complaint, a rectification, or a named analysis."""

    __tablename__ = "plan_source"
    __table_args__ = (
        CheckConstraint(one_of("kind", SOURCE_KINDS), name="kind"),
        CheckConstraint("(kind = 'complaint') = (complaint_id IS NOT NULL)", name="complaint"),
        CheckConstraint("(kind = 'bad_review') = (rectification_id IS NOT NULL)", name="rectification"),
        CheckConstraint("length(note) <= 500", name="note"),
        Index("ix_plan_source_plan", "plan_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("improvement_plan.id"))
    kind: Mapped[str] = mapped_column(String(20))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"))
    rectification_id: Mapped[int | None] = mapped_column(ForeignKey("rectification.id"))
    note: Mapped[str] = mapped_column(Text, default="")  # what it is: "专家反馈 按时率 67%（2026-01 至 2026-12）"


class PlanAction(Base):
    """One action of a plan: who does what by when; done with its evidence."""

    __tablename__ = "plan_action"
    __table_args__ = (
        CheckConstraint(one_of("status", ACTION_STATUSES), name="status"),
        CheckConstraint("length(trim(what)) BETWEEN 1 AND 1000", name="what"),
        CheckConstraint("length(evidence) <= 2000", name="evidence"),
        CheckConstraint("(status = 'done') = (done_at IS NOT NULL)", name="done"),
        CheckConstraint(date_check("due_on", nullable=False), name="due_on"),
        Index("ix_plan_action_plan", "plan_id"),
        Index("ix_plan_action_status_due", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("improvement_plan.id"))
    what: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    due_on: Mapped[date] = mapped_column(ISODate())
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.OPEN)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    evidence: Mapped[str] = mapped_column(Text, default="")  # what shows it was done


class PlanActionFile(Base):
    """A file that shows an action was done (a sign-in sheet, photos), stored as a request's attachments are: by
    its SHA-256 in the data folder. Append-only (triggers)."""

    __tablename__ = "plan_action_file"
    __table_args__ = (
        CheckConstraint("length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'", name="sha256"),
        CheckConstraint("length(trim(file_name)) BETWEEN 1 AND 255", name="file_name"),
        CheckConstraint("size >= 0", name="size"),
        Index("ix_plan_action_file_action", "action_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    added_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class PlanReview(Base):
    """复查: was the plan effective, and what follows (§8.2.1's 跟踪、复查)."""

    __tablename__ = "plan_review"
    __table_args__ = (
        CheckConstraint("length(trim(finding)) BETWEEN 1 AND 2000", name="finding"),
        CheckConstraint("length(follow_up) <= 2000", name="follow_up"),
        CheckConstraint(date_check("day", nullable=False), name="day"),
        Index("ix_plan_review_plan", "plan_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("improvement_plan.id"))
    day: Mapped[date] = mapped_column(ISODate())
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    effective: Mapped[bool] = mapped_column(Boolean)
    finding: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[str] = mapped_column(Text, default="")


from desktop.models.improvement import auto_open  # noqa: E402, F401  (its listeners open rectifications)
