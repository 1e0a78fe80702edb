"""``quality-station check``: what is wrong with a station's folder, named (an empty list: nothing found). The
database's own integrity check and its foreign keys; every table, index and trigger the migrations define (a
dropped trigger is how the append-only and locked records lose their protection); each attached file and each
archived visit document present and unchanged (their hashes are in the database); the hash chains of the audit log
and the timelines whole (``core/chains.py``: the first changed, deleted or unlinked entry of each); and each sealed
visit record still what was signed. No Qt here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from desktop.models.core import chains
from desktop.models.core.db import Database, defined_schema
from desktop.models.core.errors import Msg
from desktop.models.requests.attachments import sha256_of, stored_path
from desktop.models.visits import records
from desktop.paths import DB_FILE, VISIT_ARCHIVE

DAMAGED = "The database is damaged: {error}."
ATTACHMENT_TABLES = ("request_attachment", "complaint_attachment", "plan_action_file")
Progress = Callable[[int, int], None]


def check_station(data_dir: Path, progress: Progress | None = None) -> list[str]:
    """Every problem found in the station at ``data_dir`` (Msg each)."""
    path = data_dir / DB_FILE
    if not path.is_file():
        return [Msg("There is no station in {folder}.", folder=str(data_dir))]
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        problems = _check(conn, data_dir, progress)
    except sqlite3.DatabaseError as exc:
        return [Msg("The database cannot be read: {error}.", error=str(exc))]
    finally:
        conn.close()
    if any(isinstance(p, Msg) and p.template == DAMAGED for p in problems):
        return problems  # the rest would read a damaged file
    return problems + sealed_visits(data_dir)


def _check(conn: sqlite3.Connection, data_dir: Path, progress: Progress | None) -> list[str]:
    problems: list[str] = []
    found = conn.execute("PRAGMA integrity_check").fetchall()
    if found != [("ok",)]:
        problems += [Msg(DAMAGED, error=str(r[0])) for r in found[:10]]
        return problems  # the rest would read a damaged file
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall()[:10]:
        problems.append(Msg("A row of {table} (rowid {rowid}) refers to a missing row of {parent}.",
                            table=table, rowid=rowid, parent=parent))
    have = {(t, n): sql for t, n, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")}
    for name, obj in defined_schema().items():
        if (obj.type, name) not in have:
            problems.append(Msg("The database lacks its {kind} {name}: the records it protects are not "
                                "protected.", kind=obj.type, name=name))
    problems += _chains(conn)
    files: list[tuple[str, Path, str, int]] = []  # what, where, sha256, size
    for table in ATTACHMENT_TABLES:
        files += [(f"{table} {name}", stored_path(data_dir / "attachments", sha), sha, size)
                  for name, sha, size in conn.execute(f"SELECT file_name, sha256, size FROM {table}")]
    files += [(f"visit_document {name}", data_dir / VISIT_ARCHIVE / name, sha, size)
              for name, sha, size in conn.execute("SELECT file_name, sha256, size FROM visit_document")]
    for n, (what, where, sha, size) in enumerate(files, 1):
        if not where.is_file():
            problems.append(Msg("A file is missing: {what}.", what=what))
        elif where.stat().st_size != size or sha256_of(where) != sha:
            problems.append(Msg("A file has changed since it was stored: {what}.", what=what))
        if progress:
            progress(n, len(files))
    return problems


BREAKS = {
    "changed": "The history in {chain} was altered at entry {entry}: that entry or its link no longer matches the "
               "chain.",
    "unlinked": "An entry of {chain} was written outside the app (entry {entry} has no link in the chain).",
    "deleted": "Entries of {chain} were deleted (the chain's link for entry {entry} has no entry).",
}


def _chains(conn: sqlite3.Connection) -> list[str]:
    try:
        _heads, breaks = chains.verify(conn)
    except sqlite3.OperationalError as exc:  # the chain table itself is gone
        return [Msg("The hash chains cannot be read: {error}.", error=str(exc))]
    return [Msg(BREAKS[b.what], chain=b.chain, entry=b.entry_id) for b in breaks]


def sealed_visits(data_dir: Path) -> list[str]:
    """The signed visit records whose rows or sealed form changed after signing (Msg each)."""
    db = Database(data_dir / DB_FILE, upgrade=False)
    try:
        return [Msg("The signed visit record {uuid} of request {number} no longer matches what was signed.",
                    uuid=uuid, number=number) for number, uuid in records.broken_seals(db)]
    except DBAPIError as exc:
        return [Msg("The signed visit records cannot be read: {error}.", error=str(exc.orig)[:200])]
    finally:
        db.close()
