"""工作台: what needs doing now, in big numbers; each opens the list behind it.

The counts come from ``request_list.dashboard_counts`` off the GUI thread (a million requests: about
0.1 s), when the page is shown and whenever a request changes while it is visible. Overdue and due
today stand out by colour, a warning icon and their words, never by colour alone.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.types import local_today
from desktop.models.requests import request_list
from desktop.models.requests.request_list import DashboardCounts
from desktop.models.requests.tables import STATUSES
from desktop.views.requests.request_labels import status_label
from desktop.views.requests.request_table import DUE_COLOURS

STATUS_COLUMNS = 4


def _counts(db: Database, user_id: int, today: date, seq: int) -> tuple[int, DashboardCounts]:
    """The background half (see tasks.py): plain data in, plain data out."""
    return seq, request_list.dashboard_counts(db, user_id, today)


class CountButton(QPushButton):
    """A big number over its caption: one button, so Tab reaches it and Space or Enter opens its list."""

    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.caption = caption
        self.setMinimumSize(150, 84)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        top = QHBoxLayout()
        self.icon_label = QLabel()
        self.icon_label.hide()
        self.number = QLabel("…")
        font = QFont(self.number.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.number.setFont(font)
        top.addWidget(self.icon_label)
        top.addWidget(self.number)
        top.addStretch(1)
        layout.addLayout(top)
        self.caption_label = QLabel(caption)
        self.caption_label.setWordWrap(True)
        layout.addWidget(self.caption_label)
        for label in (self.icon_label, self.number, self.caption_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName(caption)

    def set_count(self, count: int, alarm: str = "") -> None:
        """Show ``count``; ``alarm`` ("overdue" or "due_soon") adds the colour and the warning icon."""
        self.number.setText(f"{count:,}")
        self.setAccessibleName(f"{self.caption}: {count}")
        colour = DUE_COLOURS.get(alarm) if count else None
        style = f"color: {colour};" if colour else ""
        self.number.setStyleSheet(style)
        self.caption_label.setStyleSheet(style)
        if colour:
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.icon_label.setPixmap(icon.pixmap(24, 24))
        self.icon_label.setVisible(bool(colour))


class DashboardPage(QWidget):
    open_list = Signal(object)  # the RequestQuery behind the number clicked

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.counts: DashboardCounts | None = None
        self._seq = 0
        self._stale = True  # counts to fetch when next shown
        self._counted_on: date | None = None  # the day the counts are for (overdue moves at midnight)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Dashboard"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)

        self.buttons: dict[str, CountButton] = {}
        work = QGroupBox(self.tr("My work and deadlines"))
        row = QHBoxLayout(work)
        for key, caption in (("my_open", self.tr("My open requests")), ("due_today", self.tr("Due today")),
                             ("overdue", self.tr("Overdue"))):
            row.addWidget(self._button(key, caption))
        layout.addWidget(work)
        after = QGroupBox(self.tr("After the service"))
        row = QHBoxLayout(after)
        for key, caption in (("awaiting_feedback", self.tr("Awaiting feedback to the client")),
                             ("awaiting_return_visit", self.tr("Awaiting a return visit"))):
            row.addWidget(self._button(key, caption))
        layout.addWidget(after)
        by_status = QGroupBox(self.tr("Requests by status"))
        grid = QGridLayout(by_status)
        for n, status in enumerate(STATUSES):
            grid.addWidget(self._button(f"status:{status}", status_label(status)), n // STATUS_COLUMNS,
                           n % STATUS_COLUMNS)
        layout.addWidget(by_status)
        bottom = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.updated_label = QLabel()
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.updated_label)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        layout.addStretch(1)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.user_changed.connect(self._on_user_changed)  # "my open requests" are someone else's now

    def _button(self, key: str, caption: str) -> CountButton:
        button = CountButton(key, caption, self)
        button.clicked.connect(lambda: self._open(key))
        self.buttons[key] = button
        return button

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale or self._counted_on != local_today():
            self.refresh()

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.entity == "service_request":
            self._counts_changed()

    def _on_user_changed(self, _user: object) -> None:
        self._counts_changed()

    def _counts_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def refresh(self) -> None:
        if self.ctx.user is None:
            return
        self._stale = False
        self._seq += 1
        db, user, today, seq = self.ctx.db, self.ctx.user_id, local_today(), self._seq  # plain data only
        self._counted_on = today
        self.updated_label.setText(self.tr("Counting…"))
        self.ctx.tasks.run(lambda _h: _counts(db, user, today, seq), self._show_counts)

    def _show_counts(self, answer: tuple[int, DashboardCounts]) -> None:
        seq, counts = answer
        if seq != self._seq:
            return
        self.counts = counts
        for key, button in self.buttons.items():
            if key.startswith("status:"):
                button.set_count(counts.by_status.get(key[len("status:"):], 0))
            else:
                alarm = {"overdue": "overdue", "due_today": "due_soon"}.get(key, "")
                button.set_count(getattr(counts, key), alarm)
        self.updated_label.setText(self.tr("Counted at %1").replace("%1", datetime.now().strftime("%H:%M")))

    def _open(self, key: str) -> None:
        if self.ctx.user is not None:
            self.open_list.emit(request_list.dashboard_query(key, self.ctx.user_id, local_today()))
