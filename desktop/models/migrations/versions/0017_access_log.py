"""archives: the access log (who read an archived record, printed or exported client data, and when)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03

``access_log`` is append-only: its triggers refuse a change or a deletion.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

TRIGGERS = {f"access_log_no_{verb.lower()}": (f"CREATE TRIGGER access_log_no_{verb.lower()} BEFORE {verb} ON access_log "
                                             "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END")
            for verb in ("UPDATE", "DELETE")}


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("document", sa.String(length=50), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.CheckConstraint("action IN ('read', 'print', 'export')", name=op.f("ck_access_log_action")),
        sa.CheckConstraint("length(what) <= 1000", name=op.f("ck_access_log_what")),
        sa.CheckConstraint("records >= 0", name=op.f("ck_access_log_records")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_access_log_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    op.create_index("ix_access_log_at", "access_log", ["at"])
    op.create_index("ix_access_log_staff", "access_log", ["staff_id", "at"])
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_access_log_staff", table_name="access_log")
    op.drop_index("ix_access_log_at", table_name="access_log")
    op.drop_table("access_log")
