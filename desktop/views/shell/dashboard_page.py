"""工作台: what needs doing now, in big numbers; each opens the list behind it.

The numbers are the registered areas' dashboard sections (``Area.dashboard``). Each section's count function runs
off the GUI thread (a million requests: about 0.1 s), when the page is shown and whenever a table a section
watches changes while it is visible. Overdue and due today stand out by colour, a warning icon and their words,
never by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.models.core.area import DashboardSection, resolve
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_now, local_today
from desktop.models.core.db import Database
from desktop.models.core.registry import areas
from desktop.views.shared.forms import ALARM_COLOURS
from desktop.views.shared.labels import text


def _counts(db: Database, user_id: int, today: date, seq: int, functions: tuple[str, ...]
            ) -> tuple[int, dict[str, int]]:
    """The background half (see tasks.py): plain data in, plain data out; each count function runs once."""
    numbers: dict[str, int] = {}
    for function in functions:
        numbers.update(resolve(function)(db, user_id, today))
    return seq, numbers


class CountButton(QPushButton):
    """A big number over its caption: one button, so Tab reaches it and Space or Enter opens its list."""

    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.caption = caption
        self.alarm = ""  # what makes it stand out (``Counter.alarm``)
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
        for part in (self.icon_label, self.number, self.caption_label):
            part.setTextFormat(Qt.TextFormat.PlainText)
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName(caption)

    def set_count(self, count: int, alarm: str = "") -> None:
        """Show ``count``; ``alarm`` ("overdue" or "due_soon") adds the colour and the warning icon."""
        self.number.setText(f"{count:,}")
        self.setAccessibleName(f"{self.caption}: {count}")
        colour = ALARM_COLOURS.get(alarm) if count else None
        style = f"color: {colour};" if colour else ""
        self.number.setStyleSheet(style)
        self.caption_label.setStyleSheet(style)
        if colour:
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.icon_label.setPixmap(icon.pixmap(24, 24))
        self.icon_label.setVisible(bool(colour))


class DashboardPage(QWidget):
    open_list = Signal(str, object)  # the page that lists a number's rows, and the query behind the number

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.counts: Mapping[str, int] | None = None
        self._seq = 0
        self._stale = True  # counts to fetch when next shown
        self._counted_on: date | None = None  # the day the counts are for (overdue moves at midnight)
        self.sections: tuple[DashboardSection, ...] = tuple(s for area in areas() for s in area.dashboard)
        self._functions = tuple(dict.fromkeys(s.count for s in self.sections))
        self._watches = {table for s in self.sections for table in s.watches}
        # the sections scroll: with every area's numbers they are taller than a 1366×768 screen's window
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        title = QLabel(self.tr("Dashboard"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)

        self.buttons: dict[str, CountButton] = {}
        self._section_of: dict[str, DashboardSection] = {}
        for section in self.sections:
            layout.addWidget(self._section(section))
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

    def _section(self, section: DashboardSection) -> QGroupBox:
        box = QGroupBox(text(section.title))
        grid = QGridLayout(box)
        for n, counter in enumerate(section.counters):
            button = CountButton(counter.key, text(counter.caption), self)
            button.alarm = counter.alarm
            button.clicked.connect(lambda _checked=False, key=counter.key: self._open(key))
            self.buttons[counter.key] = button
            self._section_of[counter.key] = section
            row, column = divmod(n, section.columns) if section.columns else (0, n)
            grid.addWidget(button, row, column)
        return box

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale or self._counted_on != local_today():
            self.refresh()

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(*self._watches):
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
        functions = self._functions
        self._counted_on = today
        self.updated_label.setText(self.tr("Counting…"))
        self.ctx.tasks.run(lambda _h: _counts(db, user, today, seq, functions), self._show_counts)

    def _show_counts(self, answer: tuple[int, dict[str, int]]) -> None:
        seq, counts = answer
        if seq != self._seq:
            return
        self.counts = counts
        for key, button in self.buttons.items():
            button.set_count(counts.get(key, 0), button.alarm)
        self.updated_label.setText(self.tr("Counted at %1").replace("%1", local_now().strftime("%H:%M")))

    def _open(self, key: str) -> None:
        if self.ctx.user is not None:
            section = self._section_of[key]
            self.open_list.emit(section.page, resolve(section.query)(key, self.ctx.user_id, local_today()))
