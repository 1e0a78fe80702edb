"""The figures kept as the records change (migration 0015; ``kept_figures.py`` says how, and writes them: the app
only reads these tables)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.core.tables import Base


class RequestFiguresState(Base):
    """One row: the offset the kept days are local to (an SQLite modifier, "+480 minutes"), and whether a bulk
    count is under way (the triggers that add to the days stand aside)."""

    __tablename__ = "request_figures_state"
    __table_args__ = (CheckConstraint("id = 1", name="one"), CheckConstraint("bulk IN (0, 1)", name="bulk"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    modifier: Mapped[str] = mapped_column(String(20))
    bulk: Mapped[int] = mapped_column(Integer, default=0)


class RequestFigures(Base):
    """What the statistics count of one request (``kept_figures.FACT``)."""

    __tablename__ = "request_figures"
    __table_args__ = (Index("ix_request_figures_day", "day"),)  # a filtered period's rows

    request_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    day: Mapped[str] = mapped_column(String(10))  # local day of receipt
    channel: Mapped[str] = mapped_column(String(20))
    district: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(30))
    handler_id: Mapped[int] = mapped_column(Integer)
    industry: Mapped[str | None] = mapped_column(String(50))
    size: Mapped[str | None] = mapped_column(String(10))
    institution_id: Mapped[int | None] = mapped_column(Integer)
    categories: Mapped[str] = mapped_column(Text)  # JSON array of category ids
    is_answered: Mapped[int] = mapped_column(Integer)
    is_referred: Mapped[int] = mapped_column(Integer)
    is_escalated: Mapped[int] = mapped_column(Integer)
    is_completed: Mapped[int] = mapped_column(Integer)
    is_withdrawn: Mapped[int] = mapped_column(Integer)
    response_state: Mapped[int | None] = mapped_column(Integer)  # 1 on time, 2 late, NULL neither
    handover_state: Mapped[int | None] = mapped_column(Integer)
    feedback_state: Mapped[int | None] = mapped_column(Integer)
    completion_state: Mapped[int | None] = mapped_column(Integer)
    response_span: Mapped[str | None] = mapped_column(String(21))  # "start day|done day"
    handover_span: Mapped[str | None] = mapped_column(String(21))
    feedback_span: Mapped[str | None] = mapped_column(String(21))
    completion_span: Mapped[str | None] = mapped_column(String(21))
    scores: Mapped[str | None] = mapped_column(Text)  # JSON array (kept_figures.SCORES_JSON); NULL: no evaluation


class RequestDayFigures(Base):
    """A local day's sums of its requests' contributions (``kept_figures.contributions``)."""

    __tablename__ = "request_day_figures"
    __table_args__ = ({"sqlite_with_rowid": False},)

    dim: Mapped[str] = mapped_column(String(30), primary_key=True)  # first: a figure reads its own dims' rows
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[str] = mapped_column(String(60), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
