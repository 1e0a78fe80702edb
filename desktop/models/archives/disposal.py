"""Carrying a disposal list out: each record on it and everything of it deleted, children first, inside the
confirming transaction (``retention.confirm``), while the list is ``disposing``, the one state in which migration
0019's triggers let these rows go. Each timeline entry leaves its digest first, so the hash chains verify through
the gap. Returns the files of the data folder that no remaining row names."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from desktop.models.core import chains
from desktop.paths import ATTACHMENTS, VISIT_ARCHIVE

BATCH = 500  # ids a statement takes


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" * len(ids))


def _leave_digests(cur: sqlite3.Cursor, chain: str, column: str, ids: Sequence[int]) -> None:
    rows = cur.execute(f"SELECT id, {chains.body_sql(chain)} FROM {chain} WHERE {column} IN ({_marks(ids)})",
                       list(ids)).fetchall()
    cur.executemany("INSERT INTO disposed_entry (chain, entry_id, digest) VALUES (?, ?, ?)",
                    [(chain, entry_id, chains.digest(body)) for entry_id, body in rows])


def _request_batch(cur: sqlite3.Cursor, ids: Sequence[int]) -> tuple[set[str], set[str]]:
    marks, args = _marks(ids), list(ids)
    hashes = {r[0] for r in cur.execute(f"SELECT sha256 FROM request_attachment WHERE request_id IN ({marks})", args)}
    hashes |= {r[0] for r in cur.execute(f"SELECT paper_scan_sha256 FROM visit WHERE request_id IN ({marks}) "
                                         "AND paper_scan_sha256 IS NOT NULL", args)}
    visits = [r[0] for r in cur.execute(f"SELECT id FROM visit WHERE request_id IN ({marks}) ORDER BY id DESC", args)]
    pdfs: set[str] = set()
    if visits:
        vm = _marks(visits)
        pdfs = {r[0] for r in cur.execute(f"SELECT file_name FROM visit_document WHERE visit_id IN ({vm})", visits)}
        for table in ("visit_document", "visit_signature", "visit_follow_up", "visit_attendee", "visit_officer"):
            cur.execute(f"DELETE FROM {table} WHERE visit_id IN ({vm})", visits)
        for visit in visits:  # corrections (newer) before the records they amend
            cur.execute("DELETE FROM visit WHERE id = ?", (visit,))
    _leave_digests(cur, "request_event", "request_id", ids)
    for table in ("rectification", "outbox", "applied_decision", "evaluation", "request_event", "referral",
                  "request_attachment", "request_item", "request_category"):
        cur.execute(f"DELETE FROM {table} WHERE request_id IN ({marks})", args)
    cur.execute(f"DELETE FROM service_request WHERE id IN ({marks})", args)
    return hashes, pdfs


def _complaint_batch(cur: sqlite3.Cursor, ids: Sequence[int]) -> set[str]:
    marks, args = _marks(ids), list(ids)
    hashes = {r[0] for r in cur.execute(f"SELECT sha256 FROM complaint_attachment WHERE complaint_id IN ({marks})",
                                        args)}
    _leave_digests(cur, "complaint_event", "complaint_id", ids)
    for table in ("rectification", "outbox", "complaint_event", "complaint_attachment"):
        cur.execute(f"DELETE FROM {table} WHERE complaint_id IN ({marks})", args)
    cur.execute(f"DELETE FROM complaint WHERE id IN ({marks})", args)
    return hashes


def _still_named(cur: sqlite3.Cursor, sha256: str) -> bool:
    return bool(cur.execute(
        "SELECT EXISTS (SELECT 1 FROM request_attachment WHERE sha256 = ?1) "
        "OR EXISTS (SELECT 1 FROM complaint_attachment WHERE sha256 = ?1) "
        "OR EXISTS (SELECT 1 FROM plan_action_file WHERE sha256 = ?1) "
        "OR EXISTS (SELECT 1 FROM visit WHERE paper_scan_sha256 = ?1)", (sha256,)).fetchone()[0])


def delete_records(cur: sqlite3.Cursor, kind: str, ids: Sequence[int]) -> list[str]:
    """Delete the records ``ids`` of ``kind`` and everything of them; the data folder's files (relative paths)
    that nothing names any more."""
    hashes: set[str] = set()
    pdfs: set[str] = set()
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        if kind == "request":
            found, made = _request_batch(cur, batch)
            hashes |= found
            pdfs |= made
        else:
            hashes |= _complaint_batch(cur, batch)
    from desktop.models.requests.attachments import stored_path

    files = [stored_path(ATTACHMENTS, h).as_posix() for h in sorted(hashes) if not _still_named(cur, h)]
    return files + [(VISIT_ARCHIVE / name).as_posix() for name in sorted(pdfs)]
