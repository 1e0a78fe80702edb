"""client search: search_text column and an FTS5 trigram index over it

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

The trigram tokenizer finds Chinese substrings of 3+ characters fast; shorter queries fall back to
instr() on client.search_text (desktop/models/clients.py). Triggers keep the index in step with the
table, whatever writes it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SIZE_RANK = "CASE size WHEN 'micro' THEN 1 WHEN 'small' THEN 2 WHEN 'medium' THEN 3 WHEN 'large' THEN 4 END"


def upgrade() -> None:
    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    # fill it for clients registered before this revision, as desktop.models.clients.search_text does:
    # name, USCC, then each contact's name and phone in their order, single spaces between
    op.execute(
        """
        UPDATE client SET search_text = name || coalesce(' ' || uscc, '') || coalesce(' ' || (
            SELECT group_concat(cc.name || ' ' || cc.phone, ' ') FROM (
                SELECT name, phone FROM client_contact WHERE client_id = client.id ORDER BY position, id) cc
        ), '')
        """
    )
    # Name order (name, id: exactly the table's order, so deep pages need no sort) and 1–2 character
    # searches (instr over search_text) both walk this covering index instead of the table.
    op.drop_index("ix_client_name", table_name="client")
    op.create_index("ix_client_name_search", "client", ["name", "id", "search_text"])
    # sorting by size in its natural order (micro < small < medium < large), not alphabetically
    op.create_index("ix_client_size_rank", "client", [sa.text(SIZE_RANK), "name"])
    op.execute(
        "CREATE VIRTUAL TABLE client_fts USING fts5("
        "search_text, content='client', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER client_fts_ai AFTER INSERT ON client BEGIN "
        "INSERT INTO client_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER client_fts_ad AFTER DELETE ON client BEGIN "
        "INSERT INTO client_fts(client_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER client_fts_au AFTER UPDATE OF search_text ON client BEGIN "
        "INSERT INTO client_fts(client_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO client_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute("INSERT INTO client_fts(client_fts) VALUES ('rebuild')")


def downgrade() -> None:
    for trigger in ("client_fts_ai", "client_fts_ad", "client_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS client_fts")
    op.drop_index("ix_client_size_rank", table_name="client")
    op.drop_index("ix_client_name_search", table_name="client")
    op.create_index("ix_client_name", "client", ["name"])
    with op.batch_alter_table("client") as batch:
        batch.drop_column("search_text")
