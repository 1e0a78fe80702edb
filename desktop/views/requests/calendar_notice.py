"""The warning an admin sees from 1 December while next year has no holidays in the calendar: in the main
window's status bar (from log-in on) and on the time-limits page. Non-blocking: a flat button with a warning
icon and words that opens the calendar. The check runs off the GUI thread; ``today`` is injectable for tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QPushButton, QStyle, QWidget
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today
from desktop.models.requests import workdays
from desktop.models.requests.tables import CalendarDay

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow


class NextYearWarning(QPushButton):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: Callable[[], date] = local_today) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.year: int | None = None
        self._seq = 0
        self.checking = False  # a check is under way
        self.setFlat(True)
        self.setIcon(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        self.setStyleSheet("QPushButton { color: #a15c00; font-weight: bold; text-align: left; }")
        self.hide()
        ctx.user_changed.connect(self._on_user_changed)  # bound methods: disconnected when the widget goes
        ctx.data_changed.connect(self._on_changed)

    def _on_user_changed(self, _user: object) -> None:
        self.check()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(CalendarDay):
            self.check()

    def check(self) -> None:
        """Ask (in the background) whether to warn: admins only, from December, next year empty."""
        self._seq += 1
        user = self.ctx.user
        if user is None or user.role != "admin":
            self._show(self._seq, None)
            return
        db, today, seq = self.ctx.db, self.today(), self._seq  # plain data only (see tasks.py)
        self.checking = True
        self.ctx.tasks.run(lambda _h: (seq, workdays.missing_year(db, today)), self._answer)

    def _answer(self, answer: tuple[int, int | None]) -> None:
        if isValid(self):  # the window it was in may have closed while the check ran (a log-out)
            self._show(*answer)

    def _show(self, seq: int, year: int | None) -> None:
        if seq != self._seq:
            return
        self.checking = False
        self.year = year
        if year is not None:
            self.setText(self.tr("No holidays for %1 in the calendar yet").replace("%1", str(year)))
            self.setToolTip(self.tr(
                "Due dates in %1 count only weekends as days off until its holidays and make-up workdays are in "
                "the calendar. Import the State Council's schedule, enter it under Time limits, or wait for the "
                "city platform to publish it at a sync.").replace("%1", str(year)))
            self.setAccessibleName(self.text())
        self.setVisible(year is not None)


def install(window: MainWindow) -> None:
    """The status-bar warning; clicking it opens the calendar (the time-limits page)."""
    warning = NextYearWarning(window.ctx, window)
    warning.clicked.connect(lambda: window.show_page("time_limits"))
    window.statusBar().addWidget(warning)
    window.next_year_warning = warning  # type: ignore[attr-defined]  # for tests
    warning.check()
