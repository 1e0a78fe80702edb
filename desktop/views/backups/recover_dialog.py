"""At start, when the station's database is damaged and will not open: say so, and offer its latest good backup
(the damaged folder is kept aside, never deleted). Without a backup, say what to do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.messages import tr_message
from desktop.models.backups import recovery
from desktop.models.core.clock import format_time
from desktop.models.core.errors import Refused

translate = QCoreApplication.translate


def _box(icon: QMessageBox.Icon, text: str, buttons: QMessageBox.StandardButton) -> QMessageBox:
    box = QMessageBox(icon, translate("errors", "The station cannot open"), text, buttons)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def offer_recovery(data_dir: Path, ask: bool = True) -> bool:
    """Tell the clerk the database is damaged; with a good backup, offer to put it in place. True when the
    station was recovered (the app starts again to open it)."""
    candidate = recovery.latest_backup(data_dir)
    if candidate is None:
        _box(QMessageBox.Icon.Critical, translate("RecoverDialog",
            "The station's database is damaged and cannot be opened, and no good backup of it was found. Keep the "
            "folder %1 as it is and call the station's IT support.").replace("%1", str(data_dir)),
            QMessageBox.StandardButton.Ok).exec()
        return False
    question = _box(QMessageBox.Icon.Critical, translate("RecoverDialog",
        "The station's database is damaged and cannot be opened.\n\nThe latest good backup was made on %1 (%2). "
        "Put it in place? The damaged folder is kept beside it, renamed; what was entered since that backup is "
        "not in it.").replace("%1", format_time(candidate.made_at)).replace("%2", str(candidate.generation)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    question.setDefaultButton(QMessageBox.StandardButton.No)
    if ask and question.exec() != QMessageBox.StandardButton.Yes:
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        aside = recovery.recover(data_dir, candidate)
    except (Refused, OSError) as exc:
        QApplication.restoreOverrideCursor()
        text = tr_message(exc.message) if isinstance(exc, Refused) else str(exc)
        failed = translate("RecoverDialog", "The backup could not be put in place: %1").replace("%1", text)
        _box(QMessageBox.Icon.Critical, failed, QMessageBox.StandardButton.Ok).exec()
        return False
    QApplication.restoreOverrideCursor()
    if ask:
        _box(QMessageBox.Icon.Information, translate("RecoverDialog",
            "The station is back as it was on %1. The damaged folder is kept as %2. Start the app again to open "
            "it.").replace("%1", format_time(candidate.made_at)).replace("%2", str(aside)),
            QMessageBox.StandardButton.Ok).exec()
    return True
