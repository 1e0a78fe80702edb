"""The archive room's tables: who read an archived record, printed or exported client data, and when (the access
log, 保密制度 §7.6.3; append-only, migration 0017); how long each kind of record is kept, and the disposal lists
(销毁清册) through which alone a record leaves the station once its period has ended (migration 0019)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import Audited, Base, one_of
from desktop.models.core.types import UTCDateTime, new_uuid, utcnow


class RecordKind(StrEnum):  # what an archive file, a retention rule and a disposal list are of
    REQUEST = "request"  # an archived service request
    COMPLAINT = "complaint"  # an ended complaint


RECORD_KINDS: tuple[RecordKind, ...] = tuple(RecordKind)
MIN_YEARS = 2  # §7.6.3: 保存期限不低于 2 年
MAX_YEARS = 100


class DisposalStatus(StrEnum):
    PREPARED = "prepared"  # listed, printed for approval; nothing is gone
    DISPOSING = "disposing"  # being carried out (within the confirming transaction only)
    DISPOSED = "disposed"  # the records are gone; the list stays
    CANCELLED = "cancelled"


DISPOSAL_STATUSES: tuple[DisposalStatus, ...] = tuple(DisposalStatus)


class AccessAction(StrEnum):
    READ = "read"  # an archived record's file opened
    PRINT = "print"  # a document with client data made to print or save
    EXPORT = "export"  # client data written to a file (a spreadsheet, a bundle)


class AccessDocument(StrEnum):  # what was read, printed or exported (a code; new kinds need only a label)
    ARCHIVE_FILE = "archive_file"  # an archived record's file (案卷)
    ARCHIVE_BUNDLE = "archive_bundle"  # archived records exported with their manifest
    ACCESS_LOG = "access_log"  # this log, exported
    NOTICE = "notice"  # 一次性告知书
    REFERRAL_SLIP = "referral_slip"  # 服务转办单
    VISIT_RECORD = "visit_record"  # 现场服务记录
    COMPLAINT_LETTER = "complaint_letter"  # 投诉受理回执, 投诉处理结果告知书
    REQUESTS = "requests"  # the requests list, exported
    CLIENTS = "clients"  # the client registry, exported
    COMPLAINTS = "complaints"  # the complaints list, exported
    REPORT = "report"  # a statistics report


ACCESS_ACTIONS: tuple[AccessAction, ...] = tuple(AccessAction)
WHAT_LIMIT = 1000


class AccessEntry(Base):
    """One reading, printing or export: who, when, what (the record's number or the list's description)."""

    __tablename__ = "access_log"
    __table_args__ = (
        CheckConstraint(one_of("action", ACCESS_ACTIONS), name="action"),
        CheckConstraint(f"length(what) <= {WHAT_LIMIT}", name="what"),
        CheckConstraint("records >= 0", name="records"),
        Index("ix_access_log_at", "at"),
        Index("ix_access_log_staff", "staff_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(10))
    document: Mapped[str] = mapped_column(String(50))  # what kind: "archive_file", "visit_record", "requests" …
    what: Mapped[str] = mapped_column(Text)  # the record's number, or the list's filter
    records: Mapped[int] = mapped_column(Integer, default=1)  # how many records it held


class RetentionRule(Audited, Base):
    """How many years after archiving a kind of record is kept (at least two)."""

    __tablename__ = "retention_rule"
    __table_args__ = (CheckConstraint(one_of("kind", RECORD_KINDS), name="kind"),
                      CheckConstraint(f"years BETWEEN {MIN_YEARS} AND {MAX_YEARS}", name="years"))

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    years: Mapped[int] = mapped_column(Integer)


class DisposalList(Base):
    """销毁清册: records whose period has ended, prepared by an admin, printed, then confirmed (or cancelled)."""

    __tablename__ = "disposal_list"
    __table_args__ = (CheckConstraint(one_of("kind", RECORD_KINDS), name="kind"),
                      CheckConstraint(one_of("status", DISPOSAL_STATUSES), name="status"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # <station code>-XH-<yyyymmdd>-<n>
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=DisposalStatus.PREPARED)
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    prepared_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    records: Mapped[int] = mapped_column(Integer, default=0)


class DisposalItem(Base):
    """One record of a disposal list, as the list prints it (kept after the record is gone). Append-only; the
    database refuses a record still within its period."""

    __tablename__ = "disposal_item"
    __table_args__ = (CheckConstraint(one_of("kind", RECORD_KINDS), name="kind"),
                      Index("ix_disposal_item_record", "kind", "record_id"))

    list_id: Mapped[int] = mapped_column(ForeignKey("disposal_list.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40))  # 档号
    title: Mapped[str] = mapped_column(Text)  # 题名
    started: Mapped[str | None] = mapped_column(String(10))  # the day it was received (ISO)
    archived_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kept_until: Mapped[str] = mapped_column(String(10))  # the last day of its period (ISO)
