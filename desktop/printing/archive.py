"""The signed records' PDFs kept in the station's archive folder, and exporting many at once.

``<data dir>/archive/visits/<request number>_<record uuid>.pdf``; each copy is noted in the database with its
SHA-256 (``visit_document``, append-only), so a copy that went missing or was changed is noticed and made
again from the sealed record.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from desktop.models.core import clock
from desktop.models.core.db import Database
from desktop.models.core.errors import Refused
from desktop.models.requests.attachments import sha256_of as file_sha256
from desktop.models.visits.records import (
    DocumentInfo,
    RecordContent,
    archived_document,
    archived_documents,
    note_damaged_copy,
    record_content,
    record_document,
    record_documents,
)
from desktop.models.visits.tables import Visit
from desktop.paths import VISIT_ARCHIVE
from desktop.printing import batch
from desktop.printing.visit_record import build_visit_record

ARCHIVE = VISIT_ARCHIVE


def archive_dir(data_dir: Path) -> Path:
    return data_dir / ARCHIVE


def _write_atomically(data: bytes, target: Path) -> None:
    """Write into a temporary file beside ``target``, flush it to disk, then rename: never half a PDF."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".building-", suffix=".pdf", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def intact_copy(data_dir: Path, doc: DocumentInfo | None) -> Path | None:
    """The archived file if it is there and still has the hash noted when it was made."""
    if doc is None:
        return None
    path = archive_dir(data_dir) / doc.file_name
    if path.is_file() and file_sha256(path) == doc.sha256:
        return path
    return None


@dataclass(frozen=True)
class Filed:
    """A record's PDF made and put in the archive folder (and, for an export, into its folder)."""

    visit_id: int
    file_name: str
    sha256: str
    size: int
    font: str


def file_record(visit_id: int, content: RecordContent, archive_folder: Path,
                export_folder: Path | None = None) -> Filed:
    """Build the signed record's PDF, write it into the archive folder (a damaged earlier copy of the same name is
    kept aside, never overwritten) and into ``export_folder``. Touches no database: a worker process runs it."""
    out = io.BytesIO()
    font = build_visit_record(content, out).label
    data = out.getvalue()
    name = f"{content.request_number}_{content.uuid}.pdf"
    sha256 = hashlib.sha256(data).hexdigest()
    target = archive_folder / name
    if target.exists():  # a damaged earlier copy: keep it aside, never overwrite evidence
        target.rename(target.with_name(f"{target.stem}.damaged-{clock.local_now():%Y%m%d%H%M%S}.pdf"))
    _write_atomically(data, target)
    if export_folder is not None:
        export_copy(export_folder, name, sha256, lambda path: path.write_bytes(data))
    return Filed(visit_id, name, sha256, len(data), font)


def export_copy(folder: Path, file_name: str, sha256: str, write: Callable[[Path], object]) -> None:
    """Put a record's PDF into an export folder as ``file_name``, unless that file is already there with this
    content; a file of that name with other content is not overwritten (the copy gets the hash in its name)."""
    target = folder / file_name
    if target.exists() and file_sha256(target) == sha256:
        return
    if target.exists():
        target = folder / f"{Path(file_name).stem}-{sha256[:8]}.pdf"
    write(target)


def _signed_content(db: Database, visit_id: int) -> RecordContent:
    content = record_content(db, visit_id)
    if content.status == "draft":
        raise Refused("Only a signed record is kept in the archive.")
    return content


def archive_signed_record(db: Database, data_dir: Path, visit_id: int) -> tuple[Path, DocumentInfo]:
    """The signed record's PDF in the archive folder, made (and noted with its hash) unless an intact copy
    is already there."""
    doc = archived_document(db, visit_id)
    path = intact_copy(data_dir, doc)
    if path is not None and doc is not None:
        return path, doc
    if doc is not None:  # there was a copy, and it is gone or changed: said in the audit trail, then made again
        note_damaged_copy(db, visit_id, doc.file_name, not (archive_dir(data_dir) / doc.file_name).is_file())
    filed = file_record(visit_id, _signed_content(db, visit_id), archive_dir(data_dir))
    record_document(db, visit_id, filed.file_name, filed.sha256, filed.size, filed.font)
    doc = archived_document(db, visit_id)
    assert doc is not None
    return archive_dir(data_dir) / filed.file_name, doc


def signed_visit_ids(db: Database, start: datetime | None = None, end: datetime | None = None) -> list[int]:
    """Signed records (on screen or on paper) locked in ``[start, end)``, oldest first."""
    query = select(Visit.id).where(Visit.status != "draft").order_by(Visit.locked_at, Visit.id)
    if start is not None:
        query = query.where(Visit.locked_at >= start)
    if end is not None:
        query = query.where(Visit.locked_at < end)
    with db.read() as s:
        return list(s.scalars(query))


@dataclass(frozen=True)
class ExportResult:
    written: int
    total: int
    cancelled: bool
    folder: Path


_worker_db: Database | None = None  # a worker process's own connection to the station


def _open_in_worker(path: Path) -> None:
    global _worker_db
    _worker_db = Database(path, upgrade=False)  # the exporting process has opened (and upgraded) it already


def _file_in_worker(visit_id: int, archive_folder: Path, export_folder: Path) -> Filed:
    """In a worker process: read the sealed record itself, then build, archive and export it."""
    assert _worker_db is not None
    return file_record(visit_id, _signed_content(_worker_db, visit_id), archive_folder, export_folder)


class _Notes:
    """Archived copies noted in the database a batch at a time (one transaction, one flush to disk), then
    reported as done: every record when built here, at most every ``NOTE_EVERY`` seconds from workers."""

    NOTE_EVERY = 0.25

    def __init__(self, db: Database, progress: Callable[[int, int], None], total: int, batched: bool) -> None:
        self.db, self.progress, self.total, self.batched = db, progress, total, batched
        self.done = 0
        self.waiting: list[Filed] = []
        self.last = time.monotonic()

    def copied(self) -> None:
        self.done += 1
        self.progress(self.done, self.total)

    def add(self, filed: Sequence[Filed], final: bool = False) -> None:
        self.waiting += filed
        if not self.waiting or (self.batched and not final and time.monotonic() - self.last < self.NOTE_EVERY):
            return
        record_documents(self.db, [(f.visit_id, f.file_name, f.sha256, f.size, f.font) for f in self.waiting])
        noted = len(self.waiting)
        self.waiting.clear()
        self.last = time.monotonic()
        for _ in range(noted):
            self.copied()


def export_signed_records(db: Database, data_dir: Path, visit_ids: Sequence[int], folder: Path,
                          progress: Callable[[int, int], None] = lambda done, total: None,
                          cancelled: Callable[[], bool] = lambda: False, workers: int | None = None) -> ExportResult:
    """Copy each record's archived PDF into ``folder`` (making the archive copy first where it is missing),
    reporting progress; stops between two records when ``cancelled()`` says so. Files are named
    ``<request number>_<uuid>.pdf``; a file already there with other content is not overwritten.

    The PDFs to make are built in worker processes, one per core (``workers``; 1: here), when there are enough
    of them to pay for starting the workers: each reads its records from the station's file, builds, hashes and
    writes the archive copy and the exported file itself; this thread notes the copies in the database, a batch
    at a time, and reports them."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = archived_documents(db, list(visit_ids))
    intact = {v: path for v in visit_ids if (path := intact_copy(data_dir, docs.get(v))) is not None}
    count = batch.worker_count(workers, len(visit_ids) - len(intact))
    notes = _Notes(db, progress, len(visit_ids), batched=count > 1)
    stopped = False

    def here(visit_id: int, archive_folder: Path, export_folder: Path) -> Filed:
        return file_record(visit_id, _signed_content(db, visit_id), archive_folder, export_folder)

    with batch.Builder(count, here, _file_in_worker, _open_in_worker, (db.path,)) as builder:
        for visit_id in visit_ids:
            if cancelled():
                stopped = True
                break
            source = intact.get(visit_id)
            if source is None:
                notes.add(builder.submit(visit_id, archive_dir(data_dir), folder))
            else:
                doc = docs[visit_id]
                export_copy(folder, doc.file_name, doc.sha256, functools.partial(shutil.copyfile, source))
                notes.copied()
        notes.add(builder.drain(), final=True)  # what the workers still had in hand, even when cancelled
    return ExportResult(notes.done, len(visit_ids), stopped, folder)
