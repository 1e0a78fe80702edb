"""the station's time zone: times are shown, printed and exported in it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

A station upgraded from an earlier version gets Asia/Shanghai, the zone its documents were already printed in.
SQLite adds the column with its CHECK in place (no copy of the table, whose rows other tables refer to).
"""

from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# this migration's own copy of the rule (it is history: it never imports the app's code)
CHECK = "length(time_zone) BETWEEN 1 AND 64 AND time_zone NOT GLOB '*[^A-Za-z0-9/_+-]*'"


def upgrade() -> None:
    op.execute("ALTER TABLE station ADD COLUMN time_zone VARCHAR(64) DEFAULT 'Asia/Shanghai' NOT NULL"
               f" CONSTRAINT ck_station_time_zone CHECK ({CHECK})")


def downgrade() -> None:
    op.execute("ALTER TABLE station DROP COLUMN time_zone")
