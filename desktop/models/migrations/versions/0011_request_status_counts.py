"""requests in each status, kept by triggers: the dashboard reads twelve rows, not a million

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-02

The dashboard's numbers by status counted ``service_request`` by status on every refresh: one walk of the
status index, about 100 ms at a million requests and growing with the station. ``request_status_count`` holds
one row per status (all twelve, so a trigger only ever updates), filled from the requests already there in this
migration's transaction, and kept by three triggers in the same transaction as every insert, status change and
delete, whoever writes (the services, imports, the demo loader, sync).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0008'
branch_labels = None
depends_on = None

# this migration's own copy of the statuses (it is history: it never imports the app's code)
STATUSES = ("received", "answered", "registered", "awaiting_instruction", "referred", "escalated", "in_service",
            "completed", "feedback_given", "evaluated", "archived", "withdrawn")
ONE_OF = "status IN ({})".format(", ".join(f"'{s}'" for s in STATUSES))

TRIGGERS = {
    "request_status_count_insert": """
        CREATE TRIGGER request_status_count_insert AFTER INSERT ON service_request
        BEGIN
            UPDATE request_status_count SET n = n + 1 WHERE status = NEW.status;
        END""",
    "request_status_count_update": """
        CREATE TRIGGER request_status_count_update AFTER UPDATE OF status ON service_request
        WHEN OLD.status IS NOT NEW.status
        BEGIN
            UPDATE request_status_count SET n = n - 1 WHERE status = OLD.status;
            UPDATE request_status_count SET n = n + 1 WHERE status = NEW.status;
        END""",
    "request_status_count_delete": """
        CREATE TRIGGER request_status_count_delete AFTER DELETE ON service_request
        BEGIN
            UPDATE request_status_count SET n = n - 1 WHERE status = OLD.status;
        END""",
}


def upgrade() -> None:
    op.create_table(
        "request_status_count",
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.CheckConstraint(ONE_OF, name=op.f("ck_request_status_count_status")),
        sa.CheckConstraint("n >= 0", name=op.f("ck_request_status_count_n")),
        sa.PrimaryKeyConstraint("status", name=op.f("pk_request_status_count")),
    )
    values = ", ".join(f"('{s}')" for s in STATUSES)
    op.execute(f"""
        INSERT INTO request_status_count (status, n)
        SELECT s.column1, (SELECT count(*) FROM service_request r WHERE r.status = s.column1)
        FROM (VALUES {values}) AS s""")
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("request_status_count")
