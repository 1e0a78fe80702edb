"""The archive room's printing and exporting as jobs for a worker process (``desktop.processes``): building the
documents and joining them holds the interpreter lock for seconds, so the window's process only starts them.
Each job opens the station itself and logs what it made (the access log). Light: the views import it when they
open; reportlab and PDFium load in the worker."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from desktop.processes import Handle


def print_file_job(_handle: Handle, db_path: Path, data_dir: Path, viewer_id: int, kind: str, record_id: int,
                   by: str, at: datetime, folder: Path) -> tuple[Path, str, int]:
    """Build one record's archive file into a new PDF in ``folder`` and log the printing: (path, number, pages)."""
    from desktop.models.archives import access_log
    from desktop.models.archives.record_file import archive_file
    from desktop.models.archives.tables import AccessAction, AccessDocument
    from desktop.models.core.db import opened_in_worker
    from desktop.models.core.station import get_station
    from desktop.printing.archive_file import Produced, build_archive_file

    with opened_in_worker(db_path) as db:
        f = archive_file(db, viewer_id, kind, record_id)
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(prefix="document-", suffix=".pdf", dir=folder, delete=False) as tmp:
            path = Path(tmp.name)
        try:
            pages = build_archive_file(db, data_dir, f, get_station(db), Produced(by, at), path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        access_log.note(db, viewer_id, AccessAction.PRINT, AccessDocument.ARCHIVE_FILE, f.number)
        return path, f.number, pages


def export_bundle_job(handle: Handle, db_path: Path, data_dir: Path, viewer_id: int,
                      refs: Sequence[tuple[str, int]], path: Path, by: str, at: datetime) -> int:
    """``archive_bundle.export_bundle`` in a worker process, with progress; -1 when cancelled (nothing written)."""
    from desktop.models.core.db import opened_in_worker
    from desktop.printing.archive_bundle import Cancelled, export_bundle
    from desktop.printing.archive_file import Produced

    def progress(done: int, total: int) -> None:
        if handle.cancelled:
            raise Cancelled
        handle.progress(done, total)

    with opened_in_worker(db_path) as db:
        try:
            return export_bundle(db, data_dir, viewer_id, refs, path, Produced(by, at), progress)
        except Cancelled:
            return -1
