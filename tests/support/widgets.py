"""Helpers for widget tests: typing Chinese like an input method, building a set-up station."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.context import AppContext
from desktop.models.accounts import staff
from desktop.models.core import station

ADMIN_PASSWORD = "kapok-river-1987"


def type_text(widget: QWidget, text: str) -> None:
    """Commit ``text`` into ``widget`` as an input method does (qtbot.keyClicks is ASCII-only)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def set_up_station(data_dir: Path) -> AppContext:
    ctx = AppContext(data_dir)
    admin_id = station.setup(ctx.db, station.StationInput("LZ-YF01", "鱼峰区质量服务站", "district", "鱼峰区"),
                             "admin", "管理员", ADMIN_PASSWORD)
    ctx.refresh_station()
    ctx.set_user(staff.get_staff(ctx.db, admin_id))
    return ctx


def shown(qtbot, model):  # type: ignore[no-untyped-def]
    """``model`` (a ``LazyTableModel``) once the result of its newest query is in (queries run off the GUI
    thread)."""
    qtbot.waitUntil(lambda: not model.searching, timeout=10_000)
    return model


def rows_in(qtbot, model):  # type: ignore[no-untyped-def]
    """``model`` (a ``LazyTableModel``) once every row of the result shown is read (pages are read off the GUI
    thread as they are asked for)."""
    for row in range(model.rowCount()):
        if model.row_at(row) is None:  # asks for its page
            qtbot.waitUntil(lambda row=row: model.row_at(row) is not None, timeout=10_000)
    return model
