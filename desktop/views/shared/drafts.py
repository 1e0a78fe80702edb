"""Unsaved form contents, kept as they are typed so a crash or a closed laptop lid loses nothing.

Drafts live in the station's UI settings file (per user, per form) and are cleared when the form is
saved or its changes are deliberately discarded.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.models.core.clock import local_now


def ask_to_restore(parent: QWidget, saved_at: str) -> bool:
    """Whether to put back a draft saved at ``saved_at`` (local time, ISO) into the form."""
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("Drafts", "Restore unsaved input?"),
        QCoreApplication.translate("Drafts", "This form has input that was not saved (%1). Restore it?")
        .replace("%1", saved_at[:16].replace("T", " ")),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


class DraftStore:
    def __init__(self, settings: QSettings, user_id: int, form: str) -> None:
        self.settings = settings
        self.key = f"drafts/user{user_id}/{form}"

    def save(self, data: dict[str, Any]) -> None:
        payload = {"saved_at": local_now().isoformat(timespec="seconds"), "data": data}
        self.settings.setValue(self.key, json.dumps(payload, ensure_ascii=False))
        self.settings.sync()  # on disk now: the point is to survive a crash

    def load(self) -> tuple[dict[str, Any], str] | None:
        """The draft's data and when it was saved (local time, ISO), or None."""
        raw = self.settings.value(self.key)
        if not raw:
            return None
        try:
            payload = json.loads(str(raw))
            return dict(payload["data"]), str(payload["saved_at"])
        except (ValueError, KeyError, TypeError):  # a damaged draft is dropped, never an error
            self.clear()
            return None

    def clear(self) -> None:
        self.settings.remove(self.key)
        self.settings.sync()
