"""tamper evidence: the audit log and the append-only timelines as hash chains

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03

``chain_link`` holds one link (32 bytes) per entry of ``audit_log``, ``request_event``, ``complaint_event`` and
``access_log``: the SHA-256 of the previous link and of the SHA-256 of the entry's columns (``json_array``). The entries already
there are linked in id order here; from now on a trigger per table links each new entry through the SQL function
``qs_chain`` that the app gives every connection. ``chain_link`` is append-only.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

# this migration's own copy of the chains (it is history: it never imports the app's code)
CHAINS: dict[str, tuple[str, ...]] = {
    "audit_log": ("id", "at", "actor_id", "action", "entity", "entity_id", "entity_uuid", "changes"),
    "request_event": ("id", "uuid", "request_id", "at", "actor_id", "kind", "from_status", "to_status", "text",
                      "data"),
    "complaint_event": ("id", "uuid", "complaint_id", "at", "actor_id", "kind", "from_status", "to_status", "text",
                        "data"),
    "access_log": ("id", "at", "staff_id", "action", "document", "what", "records"),
}
BATCH = 20_000


def _body(chain: str, prefix: str = "") -> str:
    return "json_array(" + ", ".join(prefix + c for c in CHAINS[chain]) + ")"


TRIGGERS = {
    **{f"chain_link_no_{verb.lower()}": (f"CREATE TRIGGER chain_link_no_{verb.lower()} BEFORE {verb} ON chain_link "
                                        "BEGIN SELECT RAISE(ABORT, 'chain_link is append-only'); END")
       for verb in ("UPDATE", "DELETE")},
    **{f"{chain}_chain": (f"CREATE TRIGGER {chain}_chain AFTER INSERT ON {chain} BEGIN "
                         f"INSERT INTO chain_link (chain, entry_id, hash) VALUES ('{chain}', NEW.id, qs_chain("
                         f"(SELECT hash FROM chain_link WHERE chain = '{chain}' ORDER BY entry_id DESC LIMIT 1), "
                         f"{_body(chain, 'NEW.')})); END")
       for chain in CHAINS},
}


def _link_existing(conn: sa.Connection, chain: str) -> None:
    previous = b""
    last = 0
    while True:
        rows = conn.execute(sa.text(f"SELECT id, {_body(chain)} FROM {chain} WHERE id > :last ORDER BY id "
                                    f"LIMIT {BATCH}"), {"last": last}).all()
        if not rows:
            return
        links = []
        for entry_id, body in rows:
            previous = hashlib.sha256(previous + hashlib.sha256(body.encode()).digest()).digest()
            links.append({"chain": chain, "entry_id": entry_id, "hash": previous})
        conn.execute(sa.text("INSERT INTO chain_link (chain, entry_id, hash) VALUES (:chain, :entry_id, :hash)"),
                     links)
        last = rows[-1][0]


def upgrade() -> None:
    op.create_table(
        "chain_link",
        sa.Column("chain", sa.String(length=30), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("chain", "entry_id", name=op.f("pk_chain_link")),
        sqlite_with_rowid=False,
    )
    conn = op.get_bind()
    for chain in CHAINS:
        _link_existing(conn, chain)
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("chain_link")
