"""Where the station's backups go and how many are kept (an admin's setting), and every backup made, with its
result (migration 0016)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import Audited, Base
from desktop.models.core.types import UTCDateTime

DEFAULT_KEEP = 7  # a week of daily backups
MAX_KEEP = 100


class BackupSetting(Audited, Base):
    """Single row: the folder backups go to ("" until an admin chooses one) and how many generations to keep."""

    __tablename__ = "backup_setting"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),
                      CheckConstraint(f"keep BETWEEN 1 AND {MAX_KEEP}", name="keep"),
                      CheckConstraint("length(folder) <= 1000", name="folder"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folder: Mapped[str] = mapped_column(String(1000), default="")
    keep: Mapped[int] = mapped_column(Integer, default=DEFAULT_KEEP)


class BackupRun(Base):
    """One backup, made or failed (not audited: the app writes it, nobody types it)."""

    __tablename__ = "backup_run"
    __table_args__ = (Index("ix_backup_run_started", "started_at"),
                      CheckConstraint("length(message) <= 2000", name="message"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime)
    folder: Mapped[str] = mapped_column(String(1000))
    generation: Mapped[str] = mapped_column(String(100), default="")  # its folder's name ("" when it failed)
    size: Mapped[int] = mapped_column(Integer, default=0)
    files: Mapped[int] = mapped_column(Integer, default=0)
    ok: Mapped[bool] = mapped_column(Boolean)
    message: Mapped[str] = mapped_column(Text, default="")  # why it failed
