"""``quality-station check``: what is wrong with a station's folder, named (an empty list: nothing found). The
database's own integrity check and its foreign keys; every table, index and trigger the migrations define (a
dropped trigger is how the append-only and locked records lose their protection); each attached file and each
archived visit document present and unchanged (their hashes are in the database). No Qt here.

The hash chains of the audit log and the timelines come later (issue 15); this is the part that needs none.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from desktop.models.core.db import defined_schema
from desktop.models.core.errors import Msg
from desktop.models.requests.attachments import sha256_of, stored_path
from desktop.paths import DB_FILE, VISIT_ARCHIVE

ATTACHMENT_TABLES = ("request_attachment", "complaint_attachment", "plan_action_file")
Progress = Callable[[int, int], None]


def check_station(data_dir: Path, progress: Progress | None = None) -> list[str]:
    """Every problem found in the station at ``data_dir`` (Msg each)."""
    path = data_dir / DB_FILE
    if not path.is_file():
        return [Msg("There is no station in {folder}.", folder=str(data_dir))]
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return _check(conn, data_dir, progress)
    except sqlite3.DatabaseError as exc:
        return [Msg("The database cannot be read: {error}.", error=str(exc))]
    finally:
        conn.close()


def _check(conn: sqlite3.Connection, data_dir: Path, progress: Progress | None) -> list[str]:
    problems: list[str] = []
    found = conn.execute("PRAGMA integrity_check").fetchall()
    if found != [("ok",)]:
        problems += [Msg("The database is damaged: {error}.", error=str(r[0])) for r in found[:10]]
        return problems  # the rest would read a damaged file
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall()[:10]:
        problems.append(Msg("A row of {table} (rowid {rowid}) refers to a missing row of {parent}.",
                            table=table, rowid=rowid, parent=parent))
    have = {(t, n): sql for t, n, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")}
    for name, obj in defined_schema().items():
        if (obj.type, name) not in have:
            problems.append(Msg("The database lacks its {kind} {name}: the records it protects are not "
                                "protected.", kind=obj.type, name=name))
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
