"""The client registry's tables (服务对象, §4.3 建档): clients and their contacts. Created by
migrations 0001 and 0002 (search).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.core.tables import USCC_GLOB, Audited, Base, one_of, phone_check
from desktop.models.core.types import UTCDateTime, new_uuid, utcnow


class ClientKind(StrEnum):
    ENTERPRISE = "enterprise"
    PERSON = "person"


class ClientSize(StrEnum):  # the standard targets 中小微 enterprises; in their natural order
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


CLIENT_KINDS: tuple[ClientKind, ...] = tuple(ClientKind)
CLIENT_SIZES: tuple[ClientSize, ...] = tuple(ClientSize)
# sizes in their natural order for ORDER BY (an expression index serves it: migration 0002)
SIZE_RANK_SQL = "CASE size " + " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(ClientSize, 1)) + " END"


class Client(Audited, Base):
    """服务对象: an enterprise or a person the station serves (§4.3 建档)."""

    __tablename__ = "client"
    __table_args__ = (
        CheckConstraint(one_of("kind", CLIENT_KINDS), name="kind"),
        CheckConstraint("length(trim(name)) BETWEEN 1 AND 200", name="name"),
        CheckConstraint(f"uscc IS NULL OR uscc GLOB '{USCC_GLOB}'", name="uscc"),
        CheckConstraint("size IS NULL OR " + one_of("size", CLIENT_SIZES), name="size"),
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
        CheckConstraint(phone_check("phone"), name="phone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(50), default="")

    client: Mapped[Client] = relationship(back_populates="contacts")
