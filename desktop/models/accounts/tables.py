"""The staff accounts' table (工作人员). Created by migration 0001.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import ROLES, Audited, Base, one_of
from desktop.models.core.types import UTCDateTime, new_uuid, utcnow


class Staff(Audited, Base):
    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint(
            "length(login) BETWEEN 2 AND 32 AND login NOT GLOB '*[^a-z0-9._-]*'", name="login"
        ),
        CheckConstraint("length(trim(name)) BETWEEN 1 AND 50", name="name"),
        CheckConstraint(one_of("role", ROLES), name="role"),
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
