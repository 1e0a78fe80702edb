"""the official holiday schedule: where each calendar day came from, and the State Council's days seeded

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

calendar_day gains ``source``: 'official' (the schedule the app ships), 'station' (entered or imported at the
station: every row a station had before this version) or 'city' (published by the city platform).

Then the official schedule (desktop/resources/holidays/official.csv, 2004-2026, see
scripts/make_holiday_seed.py) is merged in: a day the station already has keeps its row (the station's entry
wins); every other day of the schedule is added as 'official'. A new station runs this too, so it starts with
the schedule instead of an empty calendar.
"""

from __future__ import annotations

import csv
import importlib
import io
from importlib import resources

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

SOURCES = ("official", "station", "city")


def official_days() -> list[dict[str, str]]:
    """The shipped schedule's rows (date, kind, name), read as this revision reads it."""
    text = (resources.files("desktop") / "resources" / "holidays" / "official.csv").read_text(encoding="utf-8")
    lines = [line for line in io.StringIO(text) if not line.startswith("#")]
    return [{"day": r["date"], "kind": r["kind"], "name": r["name"]} for r in csv.DictReader(lines)]


def _restore_text_triggers() -> None:
    """A batch alteration rebuilds ``calendar_day`` and so drops the triggers revision 0006 put on it: put them
    back from 0006's own definition."""
    text_rule = importlib.import_module("desktop.models.migrations.versions.0006_text_without_controls")
    for statement in text_rule.triggers("calendar_day", text_rule.COLUMNS["calendar_day"]):
        op.execute(statement)


def upgrade() -> None:
    with op.batch_alter_table('calendar_day', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=10), nullable=False, server_default='station'))
        batch_op.create_check_constraint(
            op.f('ck_calendar_day_source'), "source IN (" + ", ".join(f"'{s}'" for s in SOURCES) + ")")
    _restore_text_triggers()
    op.get_bind().execute(
        sa.text("INSERT INTO calendar_day (day, kind, name, source) VALUES (:day, :kind, :name, 'official')"
                " ON CONFLICT (day) DO NOTHING"),
        official_days())


def downgrade() -> None:
    op.execute("DELETE FROM calendar_day WHERE source = 'official'")
    with op.batch_alter_table('calendar_day', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_calendar_day_source'), type_='check')
        batch_op.drop_column('source')
    _restore_text_triggers()
