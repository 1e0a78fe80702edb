"""Tables of the institutions and experts (服务机构 / 专家队伍, §7.2.4, §7.6.2): capability, qualifications,
contacts. Created by migration 0003.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import Audited, Base, date_check, one_of, phone_check
from desktop.models.core.types import ISODate, UTCDateTime, new_uuid, utcnow


class InstitutionKind(StrEnum):
    INSTITUTION = "institution"  # 服务机构
    EXPERT_TEAM = "expert_team"  # 专家队伍
    EXPERT = "expert"  # 专家


INSTITUTION_KINDS: tuple[InstitutionKind, ...] = tuple(InstitutionKind)


class Institution(Audited, Base):
    """服务机构 / 专家队伍 / 专家 (§7.2.4, §7.6.2)."""

    __tablename__ = "institution"
    __table_args__ = (
        CheckConstraint(one_of("kind", INSTITUTION_KINDS), name="kind"),
        CheckConstraint("length(trim(name)) BETWEEN 1 AND 200", name="name"),
        CheckConstraint("phone IS NULL OR " + phone_check("phone"), name="phone"),
        CheckConstraint("email IS NULL OR email LIKE '%_@_%._%'", name="email"),
        CheckConstraint("length(address) <= 200 AND length(note) <= 1000 AND length(contact_name) <= 50",
                        name="lengths"),
        UniqueConstraint("name", name="uq_institution_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class InstitutionCategory(Base):
    """What an institution can do: the catalogue categories it serves."""

    __tablename__ = "institution_category"
    __table_args__ = (Index("ix_institution_category_category", "category_id", "institution_id"),)

    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("catalogue_category.id"), primary_key=True)


class Qualification(Audited, Base):
    """A qualification or certificate of an institution or expert, with its validity."""

    __tablename__ = "qualification"
    __table_args__ = (
        CheckConstraint("length(trim(name)) BETWEEN 1 AND 200", name="name"),
        CheckConstraint("length(certificate_no) <= 100", name="certificate_no"),
        CheckConstraint(date_check("valid_from"), name="valid_from"),
        CheckConstraint(date_check("valid_until"), name="valid_until"),
        CheckConstraint("valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until", name="period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    certificate_no: Mapped[str] = mapped_column(String(100), default="")
    valid_from: Mapped[date | None] = mapped_column(ISODate())
    valid_until: Mapped[date | None] = mapped_column(ISODate())


class InstitutionContact(Audited, Base):
    __tablename__ = "institution_contact"
    __table_args__ = (
        CheckConstraint("length(trim(name)) BETWEEN 1 AND 50", name="name"),
        CheckConstraint(phone_check("phone"), name="phone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(50), default="")
