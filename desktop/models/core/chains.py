"""Tamper evidence (§7.6.3): the audit log and every append-only timeline are hash chains.

Each entry of a chained table has a link in ``chain_link`` (migration 0018): the SHA-256 of the previous link and
of the entry's digest, the SHA-256 of its columns as SQLite's ``json_array`` writes them (so the same entry always
gives the same text). A trigger writes the link in the transaction that writes the entry, through the SQL
function ``qs_chain`` that every connection of the app has (``register``); a bulk writer sets the trigger aside
and links its rows at the end of its batch (``link_new``), with the same result.

An entry changed or deleted, a link changed or deleted, an entry written while the trigger was away: each breaks
the chain from that entry on, and ``verify`` names the first break of each chain. Someone who rewrites a whole
chain with the function (the file and this code are enough) makes it consistent again; what the city already
holds is not: each sync sends the chains' heads and the hash at the entry the city last acknowledged
(``desktop.sync``), and the hub reports a station whose history no longer leads to what it was told before.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, text

FUNCTION = "qs_chain"
MAX_BREAKS = 10  # named per chain
BATCH = 5_000

# each chained table and its entry's columns, in the order they are hashed (``NEW.`` in the trigger, bare in a
# SELECT); a migration that adds a column to one of these tables keeps the list as it is (old links stay valid)
CHAINS: dict[str, tuple[str, ...]] = {
    "audit_log": ("id", "at", "actor_id", "action", "entity", "entity_id", "entity_uuid", "changes"),
    "request_event": ("id", "uuid", "request_id", "at", "actor_id", "kind", "from_status", "to_status", "text",
                      "data"),
    "complaint_event": ("id", "uuid", "complaint_id", "at", "actor_id", "kind", "from_status", "to_status", "text",
                        "data"),
    "access_log": ("id", "at", "staff_id", "action", "document", "what", "records"),
}


def digest(body: str) -> bytes:
    """An entry's own hash: SHA-256 of its text."""
    return hashlib.sha256(body.encode()).digest()


def link_of(previous: bytes | None, entry_digest: bytes) -> bytes:
    """The link of an entry: SHA-256 of the previous link (nothing for the first) and the entry's digest (32 bytes,
    stored as a BLOB). Chaining the digest, not the text, lets an entry disposed of after its retention period
    leave its digest behind (``disposed_entry``), so the chain still verifies through it."""
    return hashlib.sha256((previous or b"") + entry_digest).digest()


def link_hash(previous: bytes | None, body: str) -> bytes:
    return link_of(previous, digest(body))


def register(conn: sqlite3.Connection) -> None:
    """Give a connection the function the chains' triggers call."""
    conn.create_function(FUNCTION, 2, link_hash, deterministic=True)


def body_sql(chain: str, prefix: str = "") -> str:
    """The entry's text as SQL: ``json_array`` of its columns (``prefix`` "NEW." in a trigger)."""
    return "json_array(" + ", ".join(prefix + c for c in CHAINS[chain]) + ")"


def trigger_name(chain: str) -> str:
    return f"{chain}_chain"


def trigger_sql(chain: str) -> str:
    return (f"CREATE TRIGGER {trigger_name(chain)} AFTER INSERT ON {chain} BEGIN "
            f"INSERT INTO chain_link (chain, entry_id, hash) VALUES ('{chain}', NEW.id, {FUNCTION}("
            f"(SELECT hash FROM chain_link WHERE chain = '{chain}' ORDER BY entry_id DESC LIMIT 1), "
            f"{body_sql(chain, 'NEW.')})); END")


def _last(cur: sqlite3.Cursor, chain: str) -> tuple[int, bytes | None]:
    row = cur.execute("SELECT entry_id, hash FROM chain_link WHERE chain = ? ORDER BY entry_id DESC LIMIT 1",
                      (chain,)).fetchone()
    return (int(row[0]), bytes(row[1])) if row else (0, None)


def link_new(cur: sqlite3.Cursor, chain: str) -> int:
    """Link the entries of ``chain`` written after its last link (a bulk writer's batch, its trigger set aside),
    in the writer's transaction; how many were linked.

    Three statements, whatever the batch's size: the entries' texts come in one row, are hashed in a Python loop,
    and the links go back as one BLOB that one INSERT … SELECT cuts up. A statement per entry (or a Python
    function called by SQLite per entry) would give the interpreter lock away and wait for it again at every
    entry, which the thread making the loader's next batch made cost several times the hashing."""
    last_id, previous = _last(cur, chain)
    ids, bodies = cur.execute(
        f"SELECT group_concat(id, ','), group_concat(body, char(30)) FROM "
        f"(SELECT id, {body_sql(chain)} AS body FROM {chain} WHERE id > ? ORDER BY id)", (last_id,)).fetchone()
    if not ids:
        return 0
    # (json_array escapes every control character, so char(30) never occurs in a text)
    entries = sorted(zip(map(int, ids.split(",")), bodies.split("\x1e"), strict=True))
    links = bytearray()
    for _entry_id, body in entries:
        previous = link_hash(previous, body)
        links += previous
    cur.execute(f"INSERT INTO chain_link (chain, entry_id, hash) SELECT ?, id, "
                f"substr(?, (row_number() OVER (ORDER BY id) - 1) * 32 + 1, 32) "
                f"FROM {chain} WHERE id > ? ORDER BY id", (chain, bytes(links), last_id))
    return len(entries)


# ---- verifying ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Break:
    chain: str
    entry_id: int
    what: str  # "changed" (the entry or its link), "unlinked" (no link), "deleted" (a link without its entry)


@dataclass(frozen=True)
class Head:
    chain: str
    entries: int
    last_id: int  # 0 for an empty chain
    hash: str  # hex; "" for an empty chain


def _pairs(cur: sqlite3.Cursor, chain: str) -> Iterator[tuple[int | None, bytes | None, int | None, bytes | None]]:
    """Entries and links of ``chain`` side by side in id order: (entry id, its digest, link's entry id, link), with
    None on the side that is missing. An entry disposed of after its retention period comes with the digest it left
    (``disposed_entry``)."""
    disposed = {int(i): bytes(d) for i, d in
                cur.connection.execute("SELECT entry_id, digest FROM disposed_entry WHERE chain = ?", (chain,))}
    entries = cur.connection.execute(f"SELECT id, {body_sql(chain)} FROM {chain} ORDER BY id")
    links = cur.connection.execute("SELECT entry_id, hash FROM chain_link WHERE chain = ? ORDER BY entry_id",
                                   (chain,))
    entry = entries.fetchone()
    link = links.fetchone()
    while entry is not None or link is not None:
        if link is None or (entry is not None and entry[0] < link[0]):
            yield entry[0], digest(str(entry[1])), None, None
            entry = entries.fetchone()
        elif entry is None or link[0] < entry[0]:
            gone = disposed.get(int(link[0]))
            yield (int(link[0]) if gone is not None else None), gone, link[0], bytes(link[1])
            link = links.fetchone()
        else:
            yield entry[0], digest(str(entry[1])), link[0], bytes(link[1])
            entry, link = entries.fetchone(), links.fetchone()


def verify_chain(conn: sqlite3.Connection, chain: str, limit: int = MAX_BREAKS) -> tuple[Head, list[Break]]:
    """Walk ``chain`` from its first entry: its head (as far as it is whole), and its breaks (the first ``limit``;
    after each the walk goes on from the stored link, so a later break is named too)."""
    cur = conn.cursor()
    previous: bytes | None = None
    entries = 0
    last_id = 0
    whole: Head | None = None
    breaks: list[Break] = []
    for entry_id, entry_digest, link_id, stored in _pairs(cur, chain):
        if entry_id is None or entry_digest is None:
            found = Break(chain, int(link_id or 0), "deleted")
        elif link_id is None:
            found = Break(chain, entry_id, "unlinked")
        elif link_of(previous, entry_digest) != stored:
            found = Break(chain, entry_id, "changed")
        else:
            previous, entries, last_id = stored, entries + 1, entry_id
            continue
        whole = whole or Head(chain, entries, last_id, previous.hex() if previous else "")
        breaks.append(found)
        if len(breaks) >= limit:
            break
        if stored is not None:
            previous = stored  # go on from the link as stored
    return whole or Head(chain, entries, last_id, previous.hex() if previous else ""), breaks


def verify(conn: sqlite3.Connection) -> tuple[list[Head], list[Break]]:
    """Every chain walked: the heads and the breaks found."""
    heads, breaks = [], []
    for chain in CHAINS:
        head, broken = verify_chain(conn, chain)
        heads.append(head)
        breaks += broken
    return heads, breaks


def heads(conn: Connection) -> list[Head]:
    """Each chain's newest link as stored (no walk): what a sync reports."""
    out = []
    for chain in CHAINS:
        row = conn.execute(text("SELECT entry_id, hash, (SELECT count(*) FROM chain_link WHERE chain = :c) "
                                "FROM chain_link WHERE chain = :c ORDER BY entry_id DESC LIMIT 1"),
                           {"c": chain}).first()
        out.append(Head(chain, int(row[2]), int(row[0]), bytes(row[1]).hex()) if row else Head(chain, 0, 0, ""))
    return out


def hash_at(conn: Connection, chain: str, entry_id: int) -> str | None:
    """The stored link of entry ``entry_id`` in hex (None when it has none)."""
    value = conn.execute(text("SELECT hash FROM chain_link WHERE chain = :c AND entry_id = :e"),
                         {"c": chain, "e": entry_id}).scalar()
    return bytes(value).hex() if value is not None else None
