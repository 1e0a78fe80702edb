"""The signed records' PDFs kept in the station's archive folder, and exporting many at once.

``<data dir>/archive/visits/<request number>_<record uuid>.pdf``; each copy is noted in the database with its
SHA-256 (``visit_document``, append-only), so a copy that went missing or was changed is noticed and made
again from the sealed record.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from desktop.models.core import clock
from desktop.models.core.db import Database
from desktop.models.core.errors import Refused
from desktop.models.requests.attachments import sha256_of as file_sha256
from desktop.models.visits.records import DocumentInfo, archived_document, record_content, record_document
from desktop.models.visits.tables import Visit
from desktop.printing.visit_record import build_visit_record

ARCHIVE = Path("archive") / "visits"


def archive_dir(data_dir: Path) -> Path:
    return data_dir / ARCHIVE


def _write_atomically(build: Callable[[Path], object], target: Path) -> None:
    """Build into a temporary file beside ``target``, flush it to disk, then rename: never half a PDF."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".building-", suffix=".pdf", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        build(tmp)
        with tmp.open("rb") as f:
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


def archive_signed_record(db: Database, data_dir: Path, visit_id: int) -> tuple[Path, DocumentInfo]:
    """The signed record's PDF in the archive folder, made (and noted with its hash) unless an intact copy
    is already there."""
    doc = archived_document(db, visit_id)
    path = intact_copy(data_dir, doc)
    if path is not None and doc is not None:
        return path, doc
    content = record_content(db, visit_id)
    if content.status == "draft":
        raise Refused("Only a signed record is kept in the archive.")
    name = f"{content.request_number}_{content.uuid}.pdf"
    target = archive_dir(data_dir) / name
    if target.exists():  # a damaged earlier copy: keep it aside, never overwrite evidence
        target.rename(target.with_name(f"{target.stem}.damaged-{clock.local_now():%Y%m%d%H%M%S}.pdf"))
    fonts: list[str] = []
    _write_atomically(lambda p: fonts.append(build_visit_record(content, p).label), target)
    record_document(db, visit_id, name, file_sha256(target), target.stat().st_size, fonts[0])
    doc = archived_document(db, visit_id)
    assert doc is not None
    return target, doc


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


def export_signed_records(db: Database, data_dir: Path, visit_ids: Sequence[int], folder: Path,
                          progress: Callable[[int, int], None] = lambda done, total: None,
                          cancelled: Callable[[], bool] = lambda: False) -> ExportResult:
    """Copy each record's archived PDF into ``folder`` (making the archive copy first where it is missing),
    reporting progress; stops between two records when ``cancelled()`` says so. Files are named
    ``<request number>_<uuid>.pdf``; a file already there with other content is not overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    total = len(visit_ids)
    written = 0
    for done, visit_id in enumerate(visit_ids):
        if cancelled():
            return ExportResult(written, total, True, folder)
        source, doc = archive_signed_record(db, data_dir, visit_id)
        target = folder / doc.file_name
        if not (target.exists() and file_sha256(target) == doc.sha256):
            if target.exists():
                target = folder / f"{Path(doc.file_name).stem}-{doc.sha256[:8]}.pdf"
            shutil.copyfile(source, target)
        written += 1
        progress(done + 1, total)
    return ExportResult(written, total, False, folder)

