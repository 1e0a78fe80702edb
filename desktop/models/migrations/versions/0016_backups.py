"""backups: the folder they go to and how many are kept; every backup made, with its result

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

``backup_setting`` (one row, audited) holds the folder an admin chose (none at first) and the generations kept
(7); its folder refuses control characters as migration 0006's columns do. ``backup_run`` lists every backup,
made or failed, for the settings page and the status bar.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# this migration's own copy of the rule (it is history: it never imports the app's code)
_BAD = ("(instr({c}, char(0)) > 0 OR {c} GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) "
        "|| ']*'))")
MESSAGE = "control characters are not allowed in backup_setting.folder"
TRIGGERS = {
    "backup_setting_text_insert":
        "CREATE TRIGGER backup_setting_text_insert BEFORE INSERT ON backup_setting BEGIN "
        f"SELECT RAISE(ABORT, '{MESSAGE}') WHERE {_BAD.format(c='NEW.folder')}; END",
    "backup_setting_text_update":
        "CREATE TRIGGER backup_setting_text_update BEFORE UPDATE OF folder ON backup_setting BEGIN "
        f"SELECT RAISE(ABORT, '{MESSAGE}') WHERE NEW.folder IS NOT OLD.folder AND {_BAD.format(c='NEW.folder')}; "
        "END",
}


def upgrade() -> None:
    op.create_table(
        "backup_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(length=1000), nullable=False),
        sa.Column("keep", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_backup_setting_single_row")),
        sa.CheckConstraint("keep BETWEEN 1 AND 100", name=op.f("ck_backup_setting_keep")),
        sa.CheckConstraint("length(folder) <= 1000", name=op.f("ck_backup_setting_folder")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backup_setting")),
    )
    op.create_table(
        "backup_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("finished_at", sa.String(length=32), nullable=False),
        sa.Column("folder", sa.String(length=1000), nullable=False),
        sa.Column("generation", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.CheckConstraint("length(message) <= 2000", name=op.f("ck_backup_run_message")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backup_run")),
    )
    op.create_index("ix_backup_run_started", "backup_run", ["started_at"])
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_backup_run_started", table_name="backup_run")
    op.drop_table("backup_run")
    op.drop_table("backup_setting")
