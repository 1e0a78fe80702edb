"""The service catalogue's tables: §5's categories and their items. Created by migration 0001.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.core.tables import Audited, Base
from desktop.models.core.types import UTCDateTime, new_uuid, utcnow


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
