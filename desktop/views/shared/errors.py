"""Unexpected errors: written to the station's log with their traceback, and told to the user.

Expected refusals (bad input, wrong role) are handled where they happen; this is for everything else
(a locked database, a full disk, a bug), so nothing fails silently and IT staff have the traceback.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("quality_station")
_log_file: Path | None = None
_handler: logging.Handler | None = None


def setup_logging(data_dir: Path) -> Path:
    """Log to ``<data dir>/logs/quality-station.log`` (1 MB, 5 old files kept)."""
    global _log_file, _handler
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    _log_file = folder / "quality-station.log"
    handler = logging.handlers.RotatingFileHandler(_log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if _handler is not None:  # set up again (another station opened, or a test): one file at a time
        root.removeHandler(_handler)
        _handler.close()
    _handler = handler
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return _log_file


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook``: log the error, then show it (if there is a screen to show it on)."""
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    if isinstance(exc, KeyboardInterrupt) or QApplication.instance() is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    translate = QCoreApplication.translate
    text = translate("errors", "Something went wrong and the action was not completed:\n%1").replace(
        "%1", f"{exc_type.__name__}: {exc}")
    if _log_file is not None:
        text += "\n\n" + translate("errors", "Details are in the log: %1").replace("%1", str(_log_file))
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, translate("errors", "Unexpected error"), text)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
    except Exception:  # never let the reporter itself loop
        sys.__excepthook__(exc_type, exc, tb)


def tell_fatal(text: str) -> None:
    """Say why the app cannot go on (before any window is open), and log it."""
    log.error("cannot start: %s", text)
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("errors", "The station cannot open"), text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def install(data_dir: Path) -> None:
    setup_logging(data_dir)
    sys.excepthook = report
