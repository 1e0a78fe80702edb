"""The declarative base every area's tables share, the constraint helpers, and the core's own tables (the
station, its devices, the audit log).

Constraints mirror the validators so the database refuses what the UI refuses. The schema itself is created
and changed only by the Alembic migrations in ``migrations/``; ``tests/models/test_migrations.py`` checks that
the tables of every registered area and the migrated schema agree. Each area keeps its tables in its own
``tables`` module; ``desktop.models.core.registry.load_tables`` puts them all in ``Base.metadata``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.models.core.clock import DEFAULT_TIME_ZONE
from desktop.models.core.types import UTCDateTime, new_uuid, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
class StationLevel(StrEnum):
    COUNTY = "county"
    DISTRICT = "district"
    NEW_DISTRICT = "new_district"
    PARK = "park"


STATION_LEVELS: tuple[StationLevel, ...] = tuple(StationLevel)


class Role(StrEnum):  # what a staff account may do (every area checks it)
    CLERK = "clerk"  # 窗口人员
    FIELD_OFFICER = "field_officer"  # 外勤人员
    ADMIN = "admin"  # 站点管理员


ROLES: tuple[Role, ...] = tuple(Role)
# GLOB patterns the database checks; validators.py gives the friendly messages.
USCC_GLOB = "[0-9A-HJ-NPQRTUWXY]" * 18
MOBILE_GLOB = "1[3-9]" + "[0-9]" * 9
LANDLINE_GLOBS = tuple(
    "0" + "[0-9]" * area + "-[1-9]" + "[0-9]" * (local - 1) for area in (2, 3) for local in (7, 8)
)
DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]"
# an IANA zone name's characters (clock.check_time_zone also asks the zone database)
TIME_ZONE_CHECK = "length(time_zone) BETWEEN 1 AND 64 AND time_zone NOT GLOB '*[^A-Za-z0-9/_+-]*'"


def one_of(column: str, values: Iterable[str]) -> str:
    """A CHECK that ``column`` holds one of ``values`` (a stored code)."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


def phone_check(column: str) -> str:
    """A CHECK that ``column`` is a mobile number or a landline with its area code (validators.check_phone)."""
    globs = " OR ".join(f"{column} GLOB '{g}'" for g in (MOBILE_GLOB, *LANDLINE_GLOBS))
    return f"({globs})"


def date_check(column: str, nullable: bool = True) -> str:
    """A CHECK that ``column`` is an ISO date (``ISODate``)."""
    check = f"{column} GLOB '{DATE_GLOB}'"
    return f"({column} IS NULL OR {check})" if nullable else check


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Audited:
    """Marker: every insert, update and delete of these rows writes an audit_log entry (audit.py)."""

    __audit_skip__: tuple[str, ...] = ()


class Station(Audited, Base):
    __tablename__ = "station"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("length(code) BETWEEN 2 AND 20 AND code NOT GLOB '*[^A-Z0-9-]*'", name="code"),
        CheckConstraint("length(trim(name)) BETWEEN 1 AND 100", name="name"),
        CheckConstraint(one_of("level", STATION_LEVELS), name="level"),
        CheckConstraint("length(trim(district)) > 0", name="district"),
        CheckConstraint("complaint_phone IS NULL OR " + phone_check("complaint_phone"), name="phone"),
        CheckConstraint("complaint_email IS NULL OR complaint_email LIKE '%_@_%._%'", name="email"),
        CheckConstraint(TIME_ZONE_CHECK, name="time_zone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(20))
    district: Mapped[str] = mapped_column(String(50))
    address: Mapped[str] = mapped_column(String(200), default="")
    complaint_phone: Mapped[str | None] = mapped_column(String(20))
    complaint_email: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # the IANA zone its times are shown, printed and exported in (clock.py)
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE, server_default=DEFAULT_TIME_ZONE)


class Device(Base):
    """One installation of the app. The local one has ``is_local``; its UUID identifies it to the city."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    hostname: Mapped[str] = mapped_column(String(100), default="")
    is_local: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditEntry(Base):
    """Who changed what, when, with the values before and after. Append-only (triggers in 0001)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint("action IN ('create', 'update', 'delete', 'event')", name="action"),
        Index("ix_audit_log_entity", "entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    entity_uuid: Mapped[str | None] = mapped_column(String(36))
    changes: Mapped[str] = mapped_column(Text, default="{}")  # JSON {"field": [before, after]}


class ChainLink(Base):
    """The hash chains' links (``core/chains.py``): one per entry of a chained table. Append-only (0018)."""

    __tablename__ = "chain_link"
    __table_args__ = ({"sqlite_with_rowid": False},)

    chain: Mapped[str] = mapped_column(String(30), primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))  # SHA-256


class DisposedEntry(Base):
    """The digest of a chained entry disposed of after its retention period (migration 0019): the chain verifies
    through it. Append-only."""

    __tablename__ = "disposed_entry"
    __table_args__ = ({"sqlite_with_rowid": False},)

    chain: Mapped[str] = mapped_column(String(30), primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[bytes] = mapped_column(LargeBinary(32))
