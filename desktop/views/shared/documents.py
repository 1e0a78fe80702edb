"""Making a document off the GUI thread and showing it in the print preview, for every area's documents.

Documents made only to be looked at or printed go to ``<data dir>/tmp`` and are removed when their preview
closes; files left there by a crash are removed the first time a document is made after start-up.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.core.errors import Invalid, Refused
from desktop.tasks import Task, TaskHandle
from desktop.views.shared.errors import log

translate = QCoreApplication.translate
TMP = "tmp"
PREFIX = "document-"
STALE_SECONDS = 3600  # older leftovers are not another open preview's: removed
_cleaned: set[Path] = set()
_cleaned_lock = threading.Lock()


_WITHOUT_PARENT: set[QWidget] = set()  # previews with no parent window, alive until closed


@dataclass(frozen=True)
class Prepared:
    """A document ready to preview: where it is, the name offered when saving it, the font warning (English,
    "" when the font is embedded), and whether it is a temporary file to remove when the preview closes."""

    path: Path
    suggested_name: str
    warning: str
    temporary: bool
    # a document with client data (an ``AccessDocument`` code) and the record it is of: the copy shown is stamped
    # with who made it and when, and the making is logged (保密制度)
    document: str = ""
    record: str = ""


def temp_folder(data_dir: Path) -> Path:
    return data_dir / TMP


def _clean_once(folder: Path) -> None:
    """Remove old temporary documents (a crash leaves them) once per folder and process."""
    with _cleaned_lock:
        if folder in _cleaned:
            return
        _cleaned.add(folder)
    now = time.time()
    for path in folder.glob(f"{PREFIX}*.pdf"):
        with contextlib.suppress(OSError):  # in use (Windows), or already gone
            if now - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()


def build_temporary(data_dir: Path, make: Callable[[Path], object]) -> Path:
    """A new temporary PDF under ``<data dir>/tmp`` written by ``make(path)``; nothing is left if it fails."""
    folder = temp_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _clean_once(folder)
    fd, name = tempfile.mkstemp(prefix=PREFIX, suffix=".pdf", dir=folder)
    os.close(fd)
    path = Path(name)
    try:
        make(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _alive(widget: QWidget | None) -> QWidget | None:
    return widget if widget is not None and isValid(widget) else None


def show_failure(parent: QWidget | None, exc: BaseException) -> None:
    """Why the document could not be made, as a message (the traceback goes to the log only)."""
    if isinstance(exc, Refused):
        text = tr_message(exc.message)
    elif isinstance(exc, Invalid):
        text = "\n".join(tr_message(m) for m in exc.errors.values())
    else:
        log.error("a document could not be made", exc_info=exc)
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        if isinstance(exc, OSError) and exc.filename:
            detail = f"{detail}: {exc.filename}"
        text = translate("Documents", "The document could not be made: %1").replace("%1", detail)
    parent = _alive(parent)
    QMessageBox.warning(parent, parent.window().windowTitle() if parent else "", text)


def open_preview(parent: QWidget | None, ctx: AppContext, doc: Prepared, title: str) -> QWidget:
    """The print preview of ``doc``, window-modal over ``parent``; a temporary file goes when it closes."""
    from desktop.views.shared.pdf_preview import PdfPreviewDialog

    notice = tr_message(doc.warning) if doc.warning else ""
    dialog = PdfPreviewDialog(_alive(parent), ctx.tasks, doc.path, title, doc.suggested_name, notice)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if dialog.parent() is None:  # nothing else holds a window of its own: kept here until it is closed
        _WITHOUT_PARENT.add(dialog)
        dialog.finished.connect(lambda _result: _WITHOUT_PARENT.discard(dialog))
    if doc.temporary:
        path = doc.path

        def remove(_result: int) -> None:
            with contextlib.suppress(OSError):  # still open (Windows): removed at a later start
                path.unlink(missing_ok=True)

        dialog.finished.connect(remove)
    dialog.open()
    return dialog


def stamped(ctx: AppContext, doc: Prepared) -> Prepared:
    """For a document with client data: a temporary copy carrying who made it and when on every page (the
    original, an archived record's own file for one, is left as it is), and its making in the access log. Runs in
    the background with the document's making."""
    if not doc.document:
        return doc
    from desktop.models.archives import access_log
    from desktop.models.archives.tables import AccessAction
    from desktop.models.core.types import utcnow
    from desktop.printing.stamp import made_line, stamp_file

    who = ctx.user.name if ctx.user is not None else ""
    copy = build_temporary(ctx.data_dir, lambda target: stamp_file(doc.path, target, made_line(who, utcnow())))
    if doc.temporary:
        doc.path.unlink(missing_ok=True)
    access_log.note(ctx.db, ctx.user_id, AccessAction.PRINT, doc.document, doc.record)
    return Prepared(copy, doc.suggested_name, doc.warning, True, doc.document, doc.record)


def prepare_and_preview(parent: QWidget | None, ctx: AppContext, work: Callable[[TaskHandle], Prepared],
                        title: str, progress_label: str) -> Task:
    """Run ``work`` in the background (it captures plain data only), then preview what it made (stamped and
    logged when it holds client data: ``stamped``)."""

    def done(doc: Prepared) -> None:
        if _alive(parent) is None and parent is not None:  # the window went meanwhile
            if doc.temporary:
                doc.path.unlink(missing_ok=True)
            return
        open_preview(parent, ctx, doc, title)

    return ctx.tasks.run(lambda handle: stamped(ctx, work(handle)), done, lambda exc: show_failure(parent, exc),
                         progress_label=progress_label, parent=_alive(parent))
