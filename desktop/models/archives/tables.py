"""Who read an archived record, printed or exported client data, and when (保密制度, §7.6.3): the access log.
Append-only (migration 0017's triggers refuse a change or a deletion)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import Base, one_of
from desktop.models.core.types import UTCDateTime, utcnow


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
