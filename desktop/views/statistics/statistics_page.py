"""统计分析 (§4.4, §7.6.4): the figures of a period under optional filters, counted off the GUI thread with
progress, each a chart over its table (``printing.statistics_tables``: the rows and drawings the printed report
has too). A bar, or a count in a table, opens the list it counts (docs/statistics.md: every figure reconciles
with its list). This module, and the charting it brings (reportlab's), loads only when the page first opens.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

if TYPE_CHECKING:  # the charting (reportlab.graphics) loads with the first counting, on its worker thread
    from desktop.printing.statistics_tables import Figures, FigureTable

from desktop.context import AppContext
from desktop.models.accounts.staff import list_staff
from desktop.models.catalogue import catalogue
from desktop.models.core.clock import local_today
from desktop.models.core.db import Database
from desktop.models.core.standard import DISTRICTS
from desktop.models.core.tables import Role
from desktop.models.requests.labels import CHANNEL_LABELS
from desktop.models.statistics.intake_figures import Cell, StatsQuery
from desktop.models.statistics.labels import REPORT_TITLES
from desktop.printing.statistics_jobs import export_job, report_job
from desktop.processes import ProcessJob
from desktop.tasks import TaskHandle
from desktop.views.shared.dates import date_edit, pydate, qdate
from desktop.views.shared.documents import Prepared, open_preview, show_failure, temp_folder
from desktop.views.shared.forms import export_failure, plain_message
from desktop.views.shared.labels import label, ui_language
from desktop.views.statistics.figure_box import FigureBox
from desktop.views.statistics.suggestions_box import SuggestionsBox

ANY = -1
COLUMNS = 2
DATES_REST_MS = 400


def period_of(kind: str, today: date) -> tuple[date, date]:
    """The period a choice names, ending with the month ``today`` is in (a year: the last twelve months)."""
    first = today.replace(day=1)
    end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    start = first
    for _ in range(months - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    return start, end


def _count_and_draw(db: Database, viewer_id: int, q: StatsQuery, today: date, language: str,
                    handle: TaskHandle) -> tuple[Figures, list[FigureTable], list[bytes]]:
    """The background work: count, lay the tables out, draw the charts (SVG made here, not on the GUI thread)."""
    from desktop.printing.statistics_tables import Tables, count_all

    figures = count_all(db, viewer_id, q, today, handle.progress)
    tables = Tables(language).all(figures)
    return figures, tables, [t.chart.svg() if t.chart else b"" for t in tables]


class StatisticsPage(QWidget):
    open_list = Signal(str, object)  # the page that lists a cell's rows, and the query behind the cell

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.figures: Figures | None = None
        self.tables: list[FigureTable] = []
        self._asked = 0
        self.loading = False
        self.last_message: QMessageBox | None = None
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.period_box = QComboBox()
        self.period_box.setAccessibleName(self.tr("Period"))
        for caption, key in ((self.tr("This month"), "month"), (self.tr("Last 3 months"), "quarter"),
                             (self.tr("Last 6 months"), "half"), (self.tr("Last 12 months"), "year"),
                             (self.tr("From – to"), "custom")):
            self.period_box.addItem(caption, key)
        self.period_box.setCurrentIndex(self.period_box.findData("year"))
        self.date_from, self.date_to = date_edit(), date_edit()
        self.category_box = QComboBox()
        self.category_box.setAccessibleName(self.tr("Category"))
        self.category_box.addItem(self.tr("All categories"), ANY)  # the categories and staff come in the background
        self.channel_box = QComboBox()
        self.channel_box.setAccessibleName(self.tr("Channel"))
        self.channel_box.addItem(self.tr("All channels"), "")
        for code in CHANNEL_LABELS.codes:
            self.channel_box.addItem(label(CHANNEL_LABELS, code), str(code))
        self.district_box = QComboBox()
        self.district_box.setAccessibleName(self.tr("District"))
        self.district_box.addItem(self.tr("All districts"), "")
        for district in DISTRICTS:
            self.district_box.addItem(district, district)
        self.handler_box = QComboBox()
        self.handler_box.setAccessibleName(self.tr("Handler"))
        self.handler_box.addItem(self.tr("All handlers"), ANY)
        db = ctx.db
        ctx.tasks.run(lambda _h: ([(f"{c.clause} {c.name}", c.id)
                                   for c in catalogue.list_catalogue(db, include_retired=False)],
                                  [(p.name, p.id) for p in list_staff(db)]), self._choices_read)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.report_button = QPushButton(self.tr("Report…"))
        report_menu = QMenu(self.report_button)
        for key, caption in (("statistics", self.tr("Statistics report (统计分析报告)")),
                             ("evaluation", self.tr("Evaluation report (服务评价报告)")),
                             ("complaints", self.tr("Complaints report (投诉统计分析报告)")),
                             ("improvement", self.tr("Improvement report (持续改进报告)"))):
            report_menu.addAction(caption).setData(key)
        report_menu.triggered.connect(lambda entry: self.print_report(str(entry.data())))
        self.report_button.setMenu(report_menu)
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.clicked.connect(self.export_tables)
        for widget in (self.period_box, self.date_from, QLabel(self.tr("to")), self.date_to, self.category_box,
                       self.channel_box, self.district_box, self.handler_box, self.refresh_button,
                       self.report_button, self.export_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        status = QHBoxLayout()
        self.summary = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        status.addWidget(self.summary, 1)
        status.addWidget(self.progress)
        outer.addLayout(bar)
        outer.addLayout(status)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.content = QWidget()
        self.grid = QGridLayout(self.content)
        for column in range(COLUMNS):
            self.grid.setColumnStretch(column, 1)
        self.boxes: list[FigureBox] = []
        admin = ctx.user is not None and ctx.user.role == Role.ADMIN
        self.suggestions = SuggestionsBox(admin)
        self.suggestions.plan_asked.connect(lambda start: self.open_list.emit("improvement", start))
        self.grid.addWidget(self.suggestions, 0, 0, 1, COLUMNS)
        scroll.setWidget(self.content)
        outer.addWidget(scroll, 1)
        self._set_period()
        self.period_box.currentIndexChanged.connect(self._set_period)
        self.refresh_button.clicked.connect(self.refresh)
        for combo in (self.category_box, self.channel_box, self.district_box, self.handler_box):
            combo.currentIndexChanged.connect(self.refresh)
        self._dates_timer = QTimer(self)
        self._dates_timer.setSingleShot(True)
        self._dates_timer.setInterval(DATES_REST_MS)
        self._dates_timer.timeout.connect(self.refresh)
        self.date_from.dateChanged.connect(self._custom_dates)
        self.date_to.dateChanged.connect(self._custom_dates)

    def _choices_read(self, choices: tuple[list[tuple[str, int]], list[tuple[str, int]]]) -> None:
        if not isValid(self):
            return
        for combo, items in zip((self.category_box, self.handler_box), choices, strict=True):
            combo.blockSignals(True)
            for name, key in items:
                combo.addItem(name, key)
            combo.blockSignals(False)

    # ---- the query -------------------------------------------------------------------------------------

    def _set_period(self) -> None:
        kind = self.period_box.currentData()
        custom = kind == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if not custom:
            start, end = period_of(kind, local_today())
            for edit, day in ((self.date_from, start), (self.date_to, end)):
                edit.blockSignals(True)
                edit.setDate(qdate(day))
                edit.blockSignals(False)
        self.refresh()

    def _custom_dates(self, _d: QDate) -> None:
        if self.period_box.currentData() == "custom":
            self._dates_timer.start()  # typing a date changes it digit by digit: count once it rests

    def query(self) -> StatsQuery:
        start, end = pydate(self.date_from.date()), pydate(self.date_to.date())
        category, handler = self.category_box.currentData(), self.handler_box.currentData()
        return StatsQuery(min(start, end), max(start, end), None if category in (ANY, None) else int(category),
                          self.channel_box.currentData() or "", self.district_box.currentData() or "",
                          None if handler in (ANY, None) else int(handler))

    def refresh(self) -> None:
        """Count in the background; an older answer than the newest asked for is dropped."""
        self._asked += 1
        self.loading = True
        self.summary.setText(self.tr("Counting…"))
        self.progress.setValue(0)
        self.progress.show()
        db, q, asked, user, language = self.ctx.db, self.query(), self._asked, self.ctx.user_id, ui_language()
        today = local_today()
        self.ctx.tasks.run(lambda h: (asked, _count_and_draw(db, user, q, today, language, h)), self._shown,
                           self._failed, on_progress=lambda done, total: self._progressed(asked, done, total),
                           urgent=True)

    def _progressed(self, asked: int, done: int, total: int) -> None:
        if isValid(self) and asked == self._asked:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.loading = False
        self.progress.hide()
        self.summary.setText(self.tr("The figures could not be counted: %1").replace("%1", str(exc)))

    def _shown(self, answer: tuple[int, tuple[Figures, list[FigureTable], list[bytes]]]) -> None:
        asked, (figures, tables, svgs) = answer
        if not isValid(self) or asked != self._asked:
            return
        self.figures, self.tables = figures, tables
        q = figures.query
        self.summary.setText(self.tr("%1 requests received from %2 to %3").replace("%1", f"{figures.intake.received:,}")
                             .replace("%2", q.start.isoformat()).replace("%3", q.end.isoformat()))
        while len(self.boxes) < len(tables):
            box = FigureBox()
            box.open_cell.connect(self._open)
            n = len(self.boxes)
            self.grid.addWidget(box, 1 + n // COLUMNS, n % COLUMNS)  # under the suggestions
            self.boxes.append(box)
        self._fill(asked, 0, svgs)

    def _fill(self, asked: int, n: int, svgs: list[bytes]) -> None:
        """Show figure ``n``, then the next at the event loop's next turn: the window paints and answers in
        between (sixteen tables and charts at once held it for 40–70 ms)."""
        if not isValid(self) or asked != self._asked:
            return  # a newer count is on its way
        if n < len(self.tables):
            self.boxes[n].show_figure(self.tables[n], svgs[n])
            QTimer.singleShot(0, lambda: self._fill(asked, n + 1, svgs))
            return
        assert self.figures is not None
        self.suggestions.show_suggestions(self.figures.suggestions)
        self.loading = False
        self.progress.hide()

    # ---- the written reports ------------------------------------------------------------------------------

    def print_report(self, kind: str) -> None:
        """The report ``kind`` of the period and filters shown, made in a worker process, then previewed."""
        folder = temp_folder(self.ctx.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix="report-", suffix=".pdf", dir=folder)
        os.close(handle)
        target, q = Path(name), self.query()
        station = self.ctx.station.name if self.ctx.station else ""
        suggested = f"{REPORT_TITLES[kind]}-{q.start.isoformat()}-{q.end.isoformat()}.pdf"
        job = ProcessJob(report_job, (self.ctx.db.path, self.ctx.user_id, kind, q, local_today(), station, target))

        def made(warning: str) -> None:
            open_preview(self, self.ctx, Prepared(target, suggested, warning, True), REPORT_TITLES[kind])

        def failed(exc: BaseException) -> None:
            target.unlink(missing_ok=True)
            show_failure(self, exc)

        self.ctx.tasks.run(job, made, failed, progress_label=self.tr("Making the report…"), parent=self)

    def export_tables(self) -> None:
        q = self.query()
        suggested = f"统计分析-{q.start.isoformat()}-{q.end.isoformat()}.xlsx"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export to Excel"), suggested, "Excel (*.xlsx)")
        if not name:
            return
        path = Path(name if Path(name).suffix else name + ".xlsx")
        job = ProcessJob(export_job, (self.ctx.db.path, self.ctx.user_id, "statistics", q, local_today(), path))
        self.ctx.tasks.run(job, lambda _n: self._said(self.tr("Exported to %1.").replace("%1", str(path))),
                           lambda exc: self._said(export_failure(exc), QMessageBox.Icon.Warning),
                           progress_label=self.tr("Exporting…"), parent=self)

    def _said(self, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        if isValid(self):
            self.last_message = plain_message(self, icon, self.tr("Statistics"), text)

    def box(self, figure: str) -> FigureBox:
        """The box of a figure (``labels.Figure``)."""
        return next(b for b in self.boxes if b.figure is not None and b.figure.figure == figure)

    def _open(self, cell: object) -> None:
        if isinstance(cell, Cell):
            self.open_list.emit(cell.page, cell.query)
