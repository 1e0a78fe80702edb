"""ORM tables. Constraints here mirror the validators so the database refuses what the UI refuses.

The schema itself is created and changed only by the Alembic migrations in ``migrations/``;
``tests/models/test_migrations.py`` checks that these classes and the migrated schema agree.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desktop.models.types import UTCDateTime, new_uuid, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STATION_LEVELS = ("county", "district", "new_district", "park")
ROLES = ("clerk", "field_officer", "admin")
CLIENT_KINDS = ("enterprise", "person")
CLIENT_SIZES = ("micro", "small", "medium", "large")
# sizes in their natural order for ORDER BY (an expression index serves it: migration 0002)
SIZE_RANK_SQL = "CASE size WHEN 'micro' THEN 1 WHEN 'small' THEN 2 WHEN 'medium' THEN 3 WHEN 'large' THEN 4 END"

# GLOB patterns the database checks; validators.py gives the friendly messages.
USCC_GLOB = "[0-9A-HJ-NPQRTUWXY]" * 18
MOBILE_GLOB = "1[3-9]" + "[0-9]" * 9
LANDLINE_GLOBS = tuple(
    "0" + "[0-9]" * area + "-[1-9]" + "[0-9]" * (local - 1) for area in (2, 3) for local in (7, 8)
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _phone_check(column: str) -> str:
    globs = " OR ".join(f"{column} GLOB '{g}'" for g in (MOBILE_GLOB, *LANDLINE_GLOBS))
    return f"({globs})"


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
        CheckConstraint(_in("level", STATION_LEVELS), name="level"),
        CheckConstraint("length(trim(district)) > 0", name="district"),
        CheckConstraint("complaint_phone IS NULL OR " + _phone_check("complaint_phone"), name="phone"),
        CheckConstraint("complaint_email IS NULL OR complaint_email LIKE '%_@_%._%'", name="email"),
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


class Device(Base):
    """One installation of the app. The local one has ``is_local``; its UUID identifies it to the city."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    hostname: Mapped[str] = mapped_column(String(100), default="")
    is_local: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Staff(Audited, Base):
    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint(
            "length(login) BETWEEN 2 AND 32 AND login NOT GLOB '*[^a-z0-9._-]*'", name="login"
        ),
        CheckConstraint("length(trim(name)) BETWEEN 1 AND 50", name="name"),
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint("password_hash LIKE '$argon2id$%'", name="argon2id"),
    )
    __audit_skip__ = ("password_hash",)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    login: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CatalogueCategory(Base):
    """A service category of §5 of the standard (5.1 计量 … 5.12 其他)."""

    __tablename__ = "catalogue_category"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clause: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    name_en: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer)

    items: Mapped[list[CatalogueItem]] = relationship(back_populates="category", order_by="CatalogueItem.id")


class CatalogueItem(Audited, Base):
    """A service item. Seeded ones carry their clause number; an admin adds more and retires old ones."""

    __tablename__ = "catalogue_item"
    __table_args__ = (
        CheckConstraint("length(trim(title)) BETWEEN 1 AND 100", name="title"),
        CheckConstraint("length(text) <= 1000", name="text"),
        UniqueConstraint("category_id", "title", name="uq_catalogue_item_category_title"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    category_id: Mapped[int] = mapped_column(ForeignKey("catalogue_category.id"), index=True)
    clause: Mapped[str | None] = mapped_column(String(10), unique=True)
    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text, default="")
    seeded: Mapped[bool] = mapped_column(Boolean, default=False)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    category: Mapped[CatalogueCategory] = relationship(back_populates="items")


class Client(Audited, Base):
    """服务对象: an enterprise or a person the station serves (§4.3 建档)."""

    __tablename__ = "client"
    __table_args__ = (
        CheckConstraint(_in("kind", CLIENT_KINDS), name="kind"),
        CheckConstraint("length(trim(name)) BETWEEN 1 AND 200", name="name"),
        CheckConstraint(f"uscc IS NULL OR uscc GLOB '{USCC_GLOB}'", name="uscc"),
        CheckConstraint("size IS NULL OR " + _in("size", CLIENT_SIZES), name="size"),
        CheckConstraint("length(address) <= 200 AND length(industry) <= 50", name="lengths"),
        Index("ix_client_district_name", "district", "name"),
        Index("ix_client_industry_name", "industry", "name"),
        Index("ix_client_size_name", "size", "name"),
        # name order (with id: no extra sort), and 1–2 character searches scan this index, not the table
        Index("ix_client_name_search", "name", "id", "search_text"),
        Index("ix_client_size_rank", text(SIZE_RANK_SQL), "name"),
    )
    __audit_skip__ = ("search_text",)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    kind: Mapped[str] = mapped_column(String(20), default="enterprise")
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    district: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    industry: Mapped[str] = mapped_column(String(50), default="")
    size: Mapped[str | None] = mapped_column(String(10))
    # name, USCC, contact names and phones in one string: what search looks in (FTS5 trigram, migration 0002)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    contacts: Mapped[list[ClientContact]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="ClientContact.position"
    )


class ClientContact(Audited, Base):
    __tablename__ = "client_contact"
    __table_args__ = (
        CheckConstraint("length(trim(name)) BETWEEN 1 AND 50", name="name"),
        CheckConstraint(_phone_check("phone"), name="phone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(50), default="")

    client: Mapped[Client] = relationship(back_populates="contacts")


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


# The service-work tables live in their own module; importing it here puts them in ``Base.metadata``.
from desktop.models import request_tables as request_tables  # noqa: E402
from desktop.models import sync_tables as sync_tables  # noqa: E402
from desktop.models import visit_tables as visit_tables  # noqa: E402
