"""Tables of complaints and service supervision (§7.5; the stages of GB/T 19012, disputes per GB/T 19013):
the complaint, its append-only timeline and attachments, the daily number counter and the time limit of each
stage. Created by migration 0013.

A complaint is one row holding its current state; its history is ``complaint_event``. A complaint that has
ended (closed, not accepted, withdrawn) is archived: the database refuses any change to it (migration 0013's
triggers), as it refuses changes to the timeline.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import Audited, Base, date_check, one_of, phone_check
from desktop.models.core.types import ISODate, UTCDateTime, new_uuid, utcnow


class ComplaintChannel(StrEnum):  # how the complaint came in (§7.5.2: the published channels, and the others)
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    WINDOW = "window"
    WEBSITE = "website"
    CITY_PLATFORM = "city_platform"
    OTHER = "other"


class ComplainantKind(StrEnum):
    CLIENT = "client"  # a registered client (服务对象)
    PERSON = "person"  # someone not registered: a name and a phone
    ANONYMOUS = "anonymous"  # nothing is told back


class ComplaintStatus(StrEnum):  # in lifecycle order (lifecycle.py)
    RECEIVED = "received"  # 已登记, awaiting the decision to accept
    ACCEPTED = "accepted"  # 已受理
    ASSESSED = "assessed"  # 已评估
    INVESTIGATED = "investigated"  # 已调查核实
    FORWARDED = "forwarded"  # 已转交机构
    REPLIED = "replied"  # 机构已答复
    DECIDED = "decided"  # 已形成处理意见
    TOLD = "told"  # 已告知投诉人
    SATISFIED = "satisfied"  # 投诉人满意
    DISSATISFIED = "dissatisfied"  # 投诉人不满意
    REFERRED_OUT = "referred_out"  # 已转外部争议解决 (GB/T 19013)
    CLOSED = "closed"  # 已办结归档
    NOT_ACCEPTED = "not_accepted"  # 不予受理
    WITHDRAWN = "withdrawn"  # 已撤回


class ComplaintEventKind(StrEnum):  # the lines of a complaint's timeline
    RECEIVED = "received"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    ASSESSED = "assessed"
    INVESTIGATED = "investigated"
    FORWARDED = "forwarded"
    REPLIED = "replied"
    DECIDED = "decided"
    TOLD = "told"
    REACTION = "reaction"
    REVIEWED = "reviewed"
    REFERRED_OUT = "referred_out"
    OUTCOME = "outcome"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    EDITED = "edited"
    NOTE = "note"
    ATTACHMENT = "attachment"


class Severity(StrEnum):
    MINOR = "minor"
    SERIOUS = "serious"
    GRAVE = "grave"


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class Likelihood(StrEnum):  # at assessment: whether the complaint may be valid
    LIKELY = "likely"
    UNLIKELY = "unlikely"
    UNCLEAR = "unclear"


class ToldChannel(StrEnum):  # how the complainant was told (of acceptance, refusal, the result)
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"


class ExternalRoute(StrEnum):  # GB/T 19013: where a dispute the station cannot settle goes
    MEDIATION = "mediation"  # 调解
    CITY_PLATFORM = "city_platform"  # 上报市级平台
    ARBITRATION = "arbitration"  # 仲裁
    OTHER = "other"


class Stage(StrEnum):
    """The stages a time limit is set for, in working days (``complaint_time_limit``)."""

    ACCEPT = "accept"  # received -> accepted or not (7 working days: the market-regulation complaint rules)
    ASSESS = "assess"
    INVESTIGATE = "investigate"
    REPLY = "reply"  # the institution's reply (the default deadline when it is forwarded)
    DECIDE = "decide"
    TELL = "tell"
    REACT = "react"  # the complainant's reaction, asked for after telling
    REVIEW = "review"  # a dissatisfied complainant: reviewed once more or referred out
    CLOSE = "close"


CHANNELS: tuple[ComplaintChannel, ...] = tuple(ComplaintChannel)
COMPLAINANT_KINDS: tuple[ComplainantKind, ...] = tuple(ComplainantKind)
STATUSES: tuple[ComplaintStatus, ...] = tuple(ComplaintStatus)
ENDED: tuple[ComplaintStatus, ...] = (ComplaintStatus.CLOSED, ComplaintStatus.NOT_ACCEPTED, ComplaintStatus.WITHDRAWN)
OPEN: tuple[ComplaintStatus, ...] = tuple(s for s in ComplaintStatus if s not in ENDED)
EVENT_KINDS: tuple[ComplaintEventKind, ...] = tuple(ComplaintEventKind)
SEVERITIES: tuple[Severity, ...] = tuple(Severity)
URGENCIES: tuple[Urgency, ...] = tuple(Urgency)
LIKELIHOODS: tuple[Likelihood, ...] = tuple(Likelihood)
TOLD_CHANNELS: tuple[ToldChannel, ...] = tuple(ToldChannel)
EXTERNAL_ROUTES: tuple[ExternalRoute, ...] = tuple(ExternalRoute)
STAGES: tuple[Stage, ...] = tuple(Stage)
# The default time limits, in working days; an admin changes them (README: "Complaints").
DEFAULT_DAYS: dict[Stage, int] = {
    Stage.ACCEPT: 7, Stage.ASSESS: 2, Stage.INVESTIGATE: 10, Stage.REPLY: 10, Stage.DECIDE: 5, Stage.TELL: 3,
    Stage.REACT: 5, Stage.REVIEW: 10, Stage.CLOSE: 3,
}
# the longest text of each free-text column after the first description (the validators use the same)
TEXT_LIMITS: dict[str, int] = {
    "wants": 2000, "investigation": 4000, "reply": 4000, "decision": 4000, "told_text": 2000, "reaction": 2000,
    "outcome": 2000, "close_reason": 2000, "rectification": 2000, "not_accepted_reason": 2000,
    "withdraw_reason": 2000,
}
STATUS_RANK_SQL = "CASE status " + " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(STATUSES)) + " END"


class ComplaintCounter(Base):
    """The last daily sequence number of complaints, per local day (``yyyymmdd``)."""

    __tablename__ = "complaint_counter"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class ComplaintTimeLimit(Audited, Base):
    """The time limit of one stage, in working days on the station's calendar (changes are audited)."""

    __tablename__ = "complaint_time_limit"
    __table_args__ = (CheckConstraint(one_of("stage", STAGES), name="stage"),
                      CheckConstraint("days BETWEEN 1 AND 365", name="days"))

    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    days: Mapped[int] = mapped_column(Integer)


class Complaint(Base):
    """投诉. The complainant, what it is about, and where it stands; the steps are its timeline."""

    __tablename__ = "complaint"
    __table_args__ = (
        CheckConstraint(one_of("channel", CHANNELS), name="channel"),
        CheckConstraint(one_of("complainant_kind", COMPLAINANT_KINDS), name="complainant_kind"),
        CheckConstraint(one_of("status", STATUSES), name="status"),
        CheckConstraint("number GLOB '*-TS-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]*'",
                        name="number"),
        CheckConstraint("version >= 1", name="version"),
        # who complained: a client, a named person, or no one known
        CheckConstraint("(complainant_kind = 'client') = (client_id IS NOT NULL)", name="client"),
        CheckConstraint("complainant_kind <> 'person' OR length(trim(complainant_name)) > 0", name="person"),
        CheckConstraint("complainant_kind <> 'anonymous' OR (complainant_name = '' AND complainant_phone IS NULL)",
                        name="anonymous"),
        CheckConstraint("length(complainant_name) <= 50", name="complainant_name"),
        CheckConstraint("complainant_phone IS NULL OR " + phone_check("complainant_phone"), name="complainant_phone"),
        # what it is about: at least one subject
        CheckConstraint("about_request_id IS NOT NULL OR about_staff_id IS NOT NULL OR "
                        "about_institution_id IS NOT NULL OR about_station", name="subject"),
        CheckConstraint("length(trim(what_happened)) BETWEEN 1 AND 4000", name="what_happened"),
        CheckConstraint(" AND ".join(f"length({c}) <= {n}" for c, n in TEXT_LIMITS.items()), name="lengths"),
        CheckConstraint("severity IS NULL OR " + one_of("severity", SEVERITIES), name="severity"),
        CheckConstraint("urgency IS NULL OR " + one_of("urgency", URGENCIES), name="urgency"),
        CheckConstraint("likelihood IS NULL OR " + one_of("likelihood", LIKELIHOODS), name="likelihood"),
        CheckConstraint("told_via IS NULL OR " + one_of("told_via", TOLD_CHANNELS), name="told_via"),
        CheckConstraint("external_route IS NULL OR " + one_of("external_route", EXTERNAL_ROUTES),
                        name="external_route"),
        CheckConstraint(f"({one_of('status', ENDED)}) = (closed_at IS NOT NULL)", name="closed"),
        CheckConstraint("status <> 'closed' OR valid IS NOT NULL", name="validity"),
        *(CheckConstraint(date_check(c), name=c) for c in ("due_on", "reply_due")),
        # about_staff_id last in the list's indexes: the rule that hides a complaint from the staff member it is
        # about is tested in the index, without reading the row
        Index("ix_complaint_received", "received_at", "about_staff_id"),
        Index("ix_complaint_status_received", "status", "received_at", "about_staff_id"),
        Index("ix_complaint_channel_received", "channel", "received_at", "about_staff_id"),
        Index("ix_complaint_due", "due_on", "status"),
        Index("ix_complaint_about_staff", "about_staff_id", "received_at"),
        Index("ix_complaint_about_institution", "about_institution_id", "received_at"),
        Index("ix_complaint_about_request", "about_request_id"),
        Index("ix_complaint_category", "category_id", "received_at"),
        Index("ix_complaint_assigned", "assigned_to", "received_at"),
        Index("ix_complaint_client", "client_id", "received_at"),
        Index("ix_complaint_closed", "closed_at"),
        Index("ix_complaint_valid", "valid", "received_at", "about_staff_id"),
        # the status column sorts in lifecycle order: without this, 100,000 complaints took 57 ms to sort
        Index("ix_complaint_status_rank", text(STATUS_RANK_SQL), "received_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, default=1)  # +1 on every change, for sync
    number: Mapped[str] = mapped_column(String(40), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    # the complainant
    complainant_kind: Mapped[str] = mapped_column(String(10))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("client.id"))
    complainant_name: Mapped[str] = mapped_column(String(50), default="")
    complainant_phone: Mapped[str | None] = mapped_column(String(20))
    # what it is about (any of these)
    about_request_id: Mapped[int | None] = mapped_column(ForeignKey("service_request.id"))
    about_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    about_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    about_station: Mapped[bool] = mapped_column(Boolean, default=False)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_category.id"))
    what_happened: Mapped[str] = mapped_column(Text)
    wants: Mapped[str] = mapped_column(Text, default="")  # what the complainant asks for
    status: Mapped[str] = mapped_column(String(20), default=ComplaintStatus.RECEIVED)
    due_on: Mapped[date | None] = mapped_column(ISODate())  # the current stage's time limit
    # assessment
    severity: Mapped[str | None] = mapped_column(String(10))
    urgency: Mapped[str | None] = mapped_column(String(10))
    likelihood: Mapped[str | None] = mapped_column(String(10))
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # who investigates
    # investigation, hand-over, decision
    investigation: Mapped[str] = mapped_column(Text, default="")
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))  # forwarded to
    reply_due: Mapped[date | None] = mapped_column(ISODate())
    reply: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")  # 处理意见
    # telling the complainant and their reaction
    told_via: Mapped[str | None] = mapped_column(String(20))
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    told_text: Mapped[str] = mapped_column(Text, default="")
    satisfied: Mapped[bool | None] = mapped_column(Boolean)
    reaction: Mapped[str] = mapped_column(Text, default="")
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)  # reviewed once more after a dissatisfied one
    external_route: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(Text, default="")  # of the external route
    # the end
    valid: Mapped[bool | None] = mapped_column(Boolean)  # 有效投诉 (§7.5.4)
    close_reason: Mapped[str] = mapped_column(Text, default="")  # why valid or not
    rectified: Mapped[bool | None] = mapped_column(Boolean)  # a valid complaint's rectification done (整改)
    rectification: Mapped[str] = mapped_column(Text, default="")
    not_accepted_reason: Mapped[str] = mapped_column(Text, default="")
    withdraw_reason: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # closed, not accepted or withdrawn
    city_status: Mapped[str] = mapped_column(String(20), default="")  # referred to the city: its last decision
    # number, complainant, what happened and what is wanted: what search looks in (complaint_fts, trigram)
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ComplaintEvent(Base):
    """One step of a complaint's timeline. Append-only: the database refuses UPDATE and DELETE."""

    __tablename__ = "complaint_event"
    __table_args__ = (
        CheckConstraint(one_of("kind", EVENT_KINDS), name="kind"),
        CheckConstraint("length(text) <= 4000", name="text"),
        Index("ix_complaint_event_complaint", "complaint_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: the city platform
    kind: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the step's structured fields


class ComplaintAttachment(Base):
    """A file attached to a complaint, stored like a request's (by its SHA-256 in the data directory)."""

    __tablename__ = "complaint_attachment"
    __table_args__ = (
        CheckConstraint("length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'", name="sha256"),
        CheckConstraint("length(trim(file_name)) BETWEEN 1 AND 255", name="file_name"),
        CheckConstraint("size >= 0", name="size"),
        Index("ix_complaint_attachment_complaint", "complaint_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    added_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
