"""the statistics' figures kept as the records change: a year of a large station is counted from a few thousand
rows

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

``request_figures`` holds what the statistics count of each request, ``request_day_figures`` the sums of a local
day, ``request_figures_state`` the offset those days are local to. Triggers on the requests, their events,
referrals, evaluations and categories, and on clients' industry and size, keep them in the same transaction as
every write. Every request already there is counted here, in one pass (about a minute for a million).

The triggers and the count are this migration's frozen copy of ``kept_figures.py``
(``0015_request_figures.json``, written by ``scripts/freeze_figures.py``): it is history, and never imports the
app's code.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

FROZEN = Path(__file__).with_suffix(".json")


def _modifier() -> str:
    """The station's offset now, as an SQLite modifier (Asia/Shanghai when the zone is unknown)."""
    name = op.get_bind().execute(sa.text("SELECT time_zone FROM station LIMIT 1")).scalar()
    try:
        zone = ZoneInfo(str(name or "Asia/Shanghai"))
    except (ValueError, OSError):
        zone = ZoneInfo("Asia/Shanghai")
    offset = datetime.now(UTC).astimezone(zone).utcoffset()
    return f"{int(offset.total_seconds() // 60) if offset else 0:+d} minutes"


def upgrade() -> None:
    frozen = json.loads(FROZEN.read_text(encoding="utf-8"))
    op.create_table(
        "request_figures_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("modifier", sa.String(length=20), nullable=False),
        sa.Column("bulk", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_request_figures_state_one")),
        sa.CheckConstraint("bulk IN (0, 1)", name=op.f("ck_request_figures_state_bulk")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_figures_state")),
    )
    op.create_table(
        "request_figures",
        sa.Column("request_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("district", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("handler_id", sa.Integer(), nullable=False),
        sa.Column("industry", sa.String(length=50), nullable=True),
        sa.Column("size", sa.String(length=10), nullable=True),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("categories", sa.Text(), nullable=False),
        *(sa.Column(f"is_{name}", sa.Integer(), nullable=False)
          for name in ("answered", "referred", "escalated", "completed", "withdrawn")),
        *(sa.Column(f"{stage}_state", sa.Integer(), nullable=True)
          for stage in ("response", "handover", "feedback", "completion")),
        *(sa.Column(f"{stage}_span", sa.String(length=21), nullable=True)
          for stage in ("response", "handover", "feedback", "completion")),
        sa.Column("scores", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_request_figures")),
    )
    op.create_index("ix_request_figures_day", "request_figures", ["day"])
    op.create_table(
        "request_day_figures",
        sa.Column("dim", sa.String(length=30), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=60), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dim", "day", "value", name=op.f("pk_request_day_figures")),
        sqlite_with_rowid=False,
    )
    op.get_bind().execute(sa.text("INSERT INTO request_figures_state (id, modifier, bulk) VALUES (1, :m, 0)"),
                          {"m": _modifier()})
    for sql in frozen["triggers"].values():
        op.execute(sql)
    for sql in frozen["fill"]:
        op.execute(sql)


def downgrade() -> None:
    frozen = json.loads(FROZEN.read_text(encoding="utf-8"))
    for name in frozen["triggers"]:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in ("request_day_figures", "request_figures", "request_figures_state"):
        op.drop_table(table)
