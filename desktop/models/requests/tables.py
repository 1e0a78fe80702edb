"""Tables of the service work (§7): requests and their timeline, referrals, evaluations, attachments, the
daily number counter, time limits and the working-day calendar. Created by migration 0003.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import Audited, Base, date_check, one_of, phone_check
from desktop.models.core.types import ISODate, UTCDateTime, new_uuid, utcnow


class Channel(StrEnum):  # §6 service modes and §7.1.2 collection channels
    WEBSITE = "website"
    WINDOW = "window"
    SURVEY = "survey"
    VISIT = "visit"
    PHONE = "phone"
    ONSITE = "onsite"


class RequestStatus(StrEnum):  # SPEC §4, in lifecycle order
    RECEIVED = "received"
    ANSWERED = "answered"
    REGISTERED = "registered"
    AWAITING_INSTRUCTION = "awaiting_instruction"
    REFERRED = "referred"
    ESCALATED = "escalated"
    IN_SERVICE = "in_service"
    COMPLETED = "completed"
    FEEDBACK_GIVEN = "feedback_given"
    EVALUATED = "evaluated"
    ARCHIVED = "archived"
    WITHDRAWN = "withdrawn"


class EventKind(StrEnum):  # the lines of a request's timeline
    RECEIVED = "received"
    ANSWERED = "answered"
    REGISTERED = "registered"
    AWAITING_INSTRUCTION = "awaiting_instruction"
    INSTRUCTION_RECEIVED = "instruction_received"
    REFERRED = "referred"
    ESCALATED = "escalated"
    CITY_DECISION = "city_decision"
    SERVICE_STARTED = "service_started"
    FOLLOW_UP = "follow_up"
    COMPLETED = "completed"
    FEEDBACK_GIVEN = "feedback_given"
    EVALUATED = "evaluated"
    ARCHIVED = "archived"
    WITHDRAWN = "withdrawn"
    NOTE = "note"
    ATTACHMENT = "attachment"
    EDITED = "edited"


class FeedbackChannel(StrEnum):  # §7.4.1
    WEBSITE = "website"
    PHONE = "phone"
    SMS = "sms"


class ToldVia(StrEnum):  # how the client was told of a referral (§7.2.4)
    PHONE = "phone"
    SMS = "sms"
    WEBSITE = "website"
    WINDOW = "window"
    IN_PERSON = "in_person"


class ReturnVisitMethod(StrEnum):  # §7.4.2
    FIELD = "field"
    PHONE = "phone"


class EvaluatorType(StrEnum):  # §8.1.2
    SELF = "self"
    CLIENT = "client"
    THIRD_PARTY = "third_party"


class Score(StrEnum):  # §8.1.1: the four dimensions of an evaluation, 1-5 each (columns of ``evaluation``)
    DEMAND_MATCHING = "demand_matching"
    SERVICE_LEVEL = "service_level"
    ATTITUDE = "attitude"
    COMPLAINT_HANDLING = "complaint_handling"


class CityStatus(StrEnum):  # an escalated request's state at the city (``city_status``; empty: never escalated)
    PENDING = "pending"
    ACCEPTED = "accepted"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    RETURNED = "returned"


class CalendarKind(StrEnum):
    HOLIDAY = "holiday"
    WORKDAY = "workday"  # a make-up working day on a weekend


class CalendarSource(StrEnum):
    """Where a calendar day came from (migration 0007)."""

    OFFICIAL = "official"  # the State Council's schedule the app ships (resources/holidays/official.csv)
    STATION = "station"  # entered, changed or imported at this station
    CITY = "city"  # published by the city platform, applied at a sync


CHANNELS: tuple[Channel, ...] = tuple(Channel)
STATUSES: tuple[RequestStatus, ...] = tuple(RequestStatus)
EVENT_KINDS: tuple[EventKind, ...] = tuple(EventKind)
FEEDBACK_CHANNELS: tuple[FeedbackChannel, ...] = tuple(FeedbackChannel)
TOLD_VIA: tuple[ToldVia, ...] = tuple(ToldVia)
RETURN_VISIT_METHODS: tuple[ReturnVisitMethod, ...] = tuple(ReturnVisitMethod)
EVALUATOR_TYPES: tuple[EvaluatorType, ...] = tuple(EvaluatorType)
SCORES: tuple[Score, ...] = tuple(Score)
CITY_DECISIONS: tuple[CityStatus, ...] = tuple(CityStatus)[1:]  # what the city may decide
CALENDAR_KINDS: tuple[CalendarKind, ...] = tuple(CalendarKind)
CALENDAR_SOURCES: tuple[CalendarSource, ...] = tuple(CalendarSource)
# the status column sorts in lifecycle order, not by its English key; an expression index serves it
STATUS_RANK_SQL = "CASE status " + " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(STATUSES)) + " END"


class TimeLimit(Audited, Base):
    """规定时间 / 限定时间 of a catalogue category, in working days (§7.2.4, §7.3.3)."""

    __tablename__ = "time_limit"
    __table_args__ = tuple(
        CheckConstraint(f"{c} BETWEEN 0 AND 365", name=c)
        for c in ("response_days", "handover_days", "feedback_days", "completion_days")
    )

    category_id: Mapped[int] = mapped_column(ForeignKey("catalogue_category.id"), primary_key=True)
    response_days: Mapped[int] = mapped_column(Integer)  # receipt -> first response (§7.2.1)
    handover_days: Mapped[int] = mapped_column(Integer)  # registration -> referral (§7.2.4)
    feedback_days: Mapped[int] = mapped_column(Integer)  # referral -> expert feedback (§7.3.3)
    completion_days: Mapped[int] = mapped_column(Integer)  # receipt -> completed


class CalendarDay(Audited, Base):
    """A public holiday (a weekday off) or a make-up workday (a weekend day worked)."""

    __tablename__ = "calendar_day"
    __table_args__ = (
        CheckConstraint(one_of("kind", CALENDAR_KINDS), name="kind"),
        CheckConstraint(date_check("day", nullable=False), name="day"),
        CheckConstraint("length(name) <= 50", name="name"),
        CheckConstraint(one_of("source", CALENDAR_SOURCES), name="source"),
    )

    day: Mapped[date] = mapped_column(ISODate(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(50), default="")
    source: Mapped[str] = mapped_column(String(10), default=CalendarSource.STATION)


class RequestCounter(Base):
    """The last daily sequence number used, per local day (``yyyymmdd``)."""

    __tablename__ = "request_counter"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class RequestStatusCount(Base):
    """How many requests are in each status, kept by triggers on ``service_request`` (migration 0011), so that
    the dashboard reads twelve rows instead of counting a million."""

    __tablename__ = "request_status_count"
    __table_args__ = (CheckConstraint(one_of("status", STATUSES), name="status"),
                      CheckConstraint("n >= 0", name="n"))

    status: Mapped[str] = mapped_column(String(30), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class ServiceRequest(Base):
    """服务需求. Its history is the append-only ``request_event`` timeline; columns hold the current state."""

    __tablename__ = "service_request"
    __table_args__ = (
        CheckConstraint(one_of("channel", CHANNELS), name="channel"),
        CheckConstraint(one_of("status", STATUSES), name="status"),
        CheckConstraint("length(trim(description)) BETWEEN 1 AND 4000", name="description"),
        CheckConstraint("length(assessment) <= 2000 AND length(notice) <= 4000 AND length(result) <= 4000",
                        name="lengths"),
        CheckConstraint("length(contact_name) <= 50", name="contact_name"),
        CheckConstraint("contact_phone IS NULL OR " + phone_check("contact_phone"), name="contact_phone"),
        CheckConstraint("number GLOB '*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]*'",
                        name="number"),
        CheckConstraint("version >= 1", name="version"),
        *(CheckConstraint(date_check(c), name=c) for c in (
            "response_due", "handover_due", "feedback_due", "completion_due", "due_on")),
        Index("ix_service_request_received", "received_at"),
        Index("ix_service_request_status_received", "status", "received_at"),
        Index("ix_service_request_channel_received", "channel", "received_at"),
        Index("ix_service_request_district_received", "district", "received_at"),
        Index("ix_service_request_handler_status", "handler_id", "status", "received_at"),
        Index("ix_service_request_client_received", "client_id", "received_at"),
        Index("ix_service_request_institution", "institution_id"),
        Index("ix_service_request_due", "due_on", "status"),
        # sorting by status (lifecycle order) and by due date (soonest first, none last) without a sort step
        Index("ix_service_request_status_rank", text(STATUS_RANK_SQL), "received_at"),
        Index("ix_service_request_due_last", text("(due_on IS NULL)"), "due_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, default=1)  # +1 on every change, for sync
    number: Mapped[str] = mapped_column(String(40), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"))
    channel: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    assessment: Mapped[str] = mapped_column(Text, default="")  # §7.1.3 evaluation of the need
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), default="received")
    district: Mapped[str] = mapped_column(String(50), default="")  # the client's, kept in step by a trigger
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    handler_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))  # who follows it up
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notice: Mapped[str] = mapped_column(Text, default="")  # 一次性告知: what the client must bring or do
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))  # current referral
    result: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # archived or withdrawn
    city_status: Mapped[str] = mapped_column(String(20), default="")  # the city's last decision
    # due dates (local calendar days) from the time limits; ``due_on`` is the one the current stage has
    response_due: Mapped[date | None] = mapped_column(ISODate())
    handover_due: Mapped[date | None] = mapped_column(ISODate())
    feedback_due: Mapped[date | None] = mapped_column(ISODate())
    completion_due: Mapped[date | None] = mapped_column(ISODate())
    due_on: Mapped[date | None] = mapped_column(ISODate())
    # number, client name, description and contact: what search looks in (FTS5 trigram, migration 0003)
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class RequestItem(Base):
    """The catalogue items a request is classified under (one or more)."""

    __tablename__ = "request_item"
    __table_args__ = (Index("ix_request_item_item", "item_id", "request_id"),)

    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("catalogue_item.id"), primary_key=True)


class RequestCategory(Base):
    """The categories of a request's items (derived, for filtering and time limits)."""

    __tablename__ = "request_category"
    __table_args__ = (Index("ix_request_category_category", "category_id", "request_id"),)

    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("catalogue_category.id"), primary_key=True)


class RequestEvent(Base):
    """One step of a request's timeline. Append-only: the database refuses UPDATE and DELETE."""

    __tablename__ = "request_event"
    __table_args__ = (
        CheckConstraint(one_of("kind", EVENT_KINDS), name="kind"),
        CheckConstraint("length(text) <= 4000", name="text"),
        Index("ix_request_event_request", "request_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: the city platform
    kind: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the step's structured fields


class Referral(Base):
    """A hand-over to an institution or expert (§7.2.4), with its deadline and how the client was told."""

    __tablename__ = "referral"
    __table_args__ = (
        CheckConstraint(one_of("told_via", TOLD_VIA), name="told_via"),
        CheckConstraint(date_check("deadline", nullable=False), name="deadline"),
        CheckConstraint("length(note) <= 2000", name="note"),
        Index("ix_referral_institution", "institution_id", "request_id"),
        Index("ix_referral_request", "request_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    referred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    referred_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    deadline: Mapped[date] = mapped_column(ISODate())  # for the institution's feedback (§7.3.3)
    told_at: Mapped[datetime] = mapped_column(UTCDateTime())
    told_via: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the institution's feedback


class Evaluation(Base):
    """A satisfaction evaluation (§8.1.1, four dimensions 1–5) with the return visit it came from (§7.4.2)."""

    __tablename__ = "evaluation"
    __table_args__ = (
        CheckConstraint(one_of("evaluator_type", EVALUATOR_TYPES), name="evaluator_type"),
        CheckConstraint(one_of("visit_method", RETURN_VISIT_METHODS), name="visit_method"),
        *(CheckConstraint(f"{c} BETWEEN 1 AND 5", name=c)
          for c in ("demand_matching", "service_level", "attitude", "complaint_handling")),
        CheckConstraint("length(comment) <= 2000 AND length(evaluator) <= 100", name="lengths"),
        Index("ix_evaluation_request", "request_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())  # when the return visit took place
    recorded_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    visit_method: Mapped[str] = mapped_column(String(10))
    evaluator_type: Mapped[str] = mapped_column(String(20))
    evaluator: Mapped[str] = mapped_column(String(100), default="")
    demand_matching: Mapped[int] = mapped_column(Integer)
    service_level: Mapped[int] = mapped_column(Integer)
    attitude: Mapped[int] = mapped_column(Integer)
    complaint_handling: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")


class RequestAttachment(Base):
    """A file attached to a request: copied into the data directory, named and checked by its SHA-256."""

    __tablename__ = "request_attachment"
    __table_args__ = (
        CheckConstraint("length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'", name="sha256"),
        CheckConstraint("length(trim(file_name)) BETWEEN 1 AND 255", name="file_name"),
        CheckConstraint("size >= 0", name="size"),
        Index("ix_request_attachment_request", "request_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    added_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
