"""统计分析 (§4.4, §7.6.4): the figures of a period under the list's filters, worked out off the GUI thread, each a
table whose rows open the requests list they count (docs/statistics.md: every figure reconciles with its list).

Charts over the tables come next (issue 14): the tables are the figures' record and what a report prints.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.catalogue import catalogue
from desktop.models.core.clock import local_today
from desktop.models.requests.labels import CHANNEL_LABELS, REQUEST_STATUS_LABELS, SCORE_LABELS
from desktop.models.statistics.intake_figures import Cell, IntakeFigures, StatsQuery, intake
from desktop.models.statistics.satisfaction_figures import SatisfactionFigures, satisfaction
from desktop.views.shared.dates import pydate, qdate
from desktop.views.shared.labels import label

ANY = -1


def period_of(kind: str, today: date) -> tuple[date, date]:
    """The period a choice names, ending with the month ``today`` is in (a year: the last twelve months)."""
    first = today.replace(day=1)
    end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    start = first
    for _ in range(months - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    return start, end


class StatisticsPage(QWidget):
    open_list = Signal(str, object)  # the page that lists a cell's rows, and the query behind the cell

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.figures: IntakeFigures | None = None
        self._asked = 0
        self.loading = False
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.period_box = QComboBox()
        self.period_box.setAccessibleName(self.tr("Period"))
        for caption, key in ((self.tr("This month"), "month"), (self.tr("Last 3 months"), "quarter"),
                             (self.tr("Last 6 months"), "half"), (self.tr("Last 12 months"), "year"),
                             (self.tr("From – to"), "custom")):
            self.period_box.addItem(caption, key)
        self.period_box.setCurrentIndex(self.period_box.findData("year"))
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.category_box = QComboBox()
        self.category_box.setAccessibleName(self.tr("Category"))
        self.category_box.addItem(self.tr("All categories"), ANY)  # the categories come in the background
        db = ctx.db
        ctx.tasks.run(lambda _h: [(f"{c.clause} {c.name}", c.id)
                                  for c in catalogue.list_catalogue(db, include_retired=False)],
                      self._categories_read)
        self.channel_box = QComboBox()
        self.channel_box.setAccessibleName(self.tr("Channel"))
        self.channel_box.addItem(self.tr("All channels"), "")
        for code in CHANNEL_LABELS.codes:
            self.channel_box.addItem(label(CHANNEL_LABELS, code), str(code))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        for widget in (self.period_box, self.date_from, QLabel(self.tr("to")), self.date_to, self.category_box,
                       self.channel_box, self.refresh_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.summary = QLabel()
        outer.addLayout(bar)
        outer.addWidget(self.summary)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        content = QWidget()
        grid = QGridLayout(content)
        self.tables: dict[str, QTreeWidget] = {}
        for n, (key, title) in enumerate((("by_month", self.tr("Received by month")),
                                          ("by_category", self.tr("Received by service category")),
                                          ("by_channel", self.tr("Received by channel")),
                                          ("by_district", self.tr("Received by district")),
                                          ("by_outcome", self.tr("What happened to them")),
                                          ("by_status", self.tr("Where they stand now")))):
            box = QGroupBox(title)
            layout = QVBoxLayout(box)
            table = QTreeWidget()
            table.setRootIsDecorated(False)
            table.setHeaderLabels([self.tr("Item"), self.tr("Requests")])
            table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            table.setMinimumHeight(170)
            table.itemActivated.connect(lambda item, _c: self._open(item))
            layout.addWidget(table)
            grid.addWidget(box, n // 2, n % 2)
            self.tables[key] = table
        box = QGroupBox(self.tr("Satisfaction (§8.1.1): the return-visit evaluations of these requests"))
        layout = QVBoxLayout(box)
        self.satisfaction_table = QTreeWidget()
        self.satisfaction_table.setRootIsDecorated(False)
        self.satisfaction_table.setHeaderLabels([self.tr("Item"), self.tr("Average (1–5)"), self.tr("Satisfied (4–5)"),
                                                 self.tr("Dissatisfied (1–2)")])
        self.satisfaction_table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.satisfaction_table.setMinimumHeight(190)
        self.satisfaction_table.itemActivated.connect(lambda item, _c: self._open(item))
        layout.addWidget(self.satisfaction_table)
        grid.addWidget(box, 3, 0, 1, 2)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        self._set_period()
        self.period_box.currentIndexChanged.connect(self._set_period)
        self.refresh_button.clicked.connect(self.refresh)
        for combo in (self.category_box, self.channel_box):
            combo.currentIndexChanged.connect(self.refresh)
        self.date_from.dateChanged.connect(self._custom_dates)
        self.date_to.dateChanged.connect(self._custom_dates)

    def _categories_read(self, categories: list[tuple[str, int]]) -> None:
        if not isValid(self):
            return
        self.category_box.blockSignals(True)
        for name, key in categories:
            self.category_box.addItem(name, key)
        self.category_box.blockSignals(False)

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
            self.refresh()

    def query(self) -> StatsQuery:
        start, end = pydate(self.date_from.date()), pydate(self.date_to.date())
        category = self.category_box.currentData()
        return StatsQuery(min(start, end), max(start, end), None if category in (ANY, None) else int(category),
                          self.channel_box.currentData() or "")

    def refresh(self) -> None:
        """Work the figures out in the background; an older answer than the newest asked for is dropped."""
        self._asked += 1
        self.loading = True
        self.summary.setText(self.tr("Counting…"))
        db, q, asked = self.ctx.db, self.query(), self._asked
        self.ctx.tasks.run(lambda _h: (asked, intake(db, q), satisfaction(db, q)), self._shown, urgent=True)

    def _shown(self, answer: tuple[int, IntakeFigures, SatisfactionFigures]) -> None:
        asked, figures, satisfied = answer
        if not isValid(self) or asked != self._asked:
            return
        self.loading = False
        self.figures = figures
        q = self.query()
        self.summary.setText(self.tr("%1 requests received from %2 to %3").replace("%1", f"{figures.received:,}")
                             .replace("%2", q.start.isoformat()).replace("%3", q.end.isoformat()))
        names: dict[str, Callable[[str], str]] = {
            "by_channel": lambda k: label(CHANNEL_LABELS, k), "by_status": lambda k: label(REQUEST_STATUS_LABELS, k),
            "by_outcome": self._outcome}
        for key, table in self.tables.items():
            table.clear()
            for cell in getattr(figures, key):
                shown = names[key](cell.key) if key in names else f"{cell.key} {cell.name}".strip()
                item = QTreeWidgetItem([shown, f"{cell.count:,}"])
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(0, Qt.ItemDataRole.UserRole, cell)
                item.setToolTip(0, self.tr("Enter or double-click: the list of these requests"))
                table.addTopLevelItem(item)
        self._show_satisfaction(satisfied)

    def _show_satisfaction(self, f: SatisfactionFigures) -> None:
        table = self.satisfaction_table
        table.clear()

        def share(value: float | None) -> str:
            return "" if value is None else f"{value:.0%}"

        for d in f.dimensions:
            average = "" if d.average is None else f"{d.average:.2f}"
            table.addTopLevelItem(QTreeWidgetItem([label(SCORE_LABELS, d.key), average, share(d.satisfied),
                                                   share(d.dissatisfied)]))
        rate = share(f.return_visit_rate)
        for cell, caption in ((f.evaluated, self.tr("Requests evaluated (return-visit rate %1)").replace("%1", rate)),
                              (f.dissatisfied, self.tr("Requests with a score of 1–2"))):
            item = QTreeWidgetItem([caption, f"{cell.count:,}", "", ""])
            item.setData(0, Qt.ItemDataRole.UserRole, cell)
            item.setToolTip(0, self.tr("Enter or double-click: the list of these requests"))
            table.addTopLevelItem(item)

    def _outcome(self, key: str) -> str:
        return {"answered": self.tr("Answered on the spot"), "referred": self.tr("Referred to an institution"),
                "escalated": self.tr("Escalated to the city"), "completed": self.tr("Completed"),
                "withdrawn": self.tr("Withdrawn")}.get(key, key)

    def _open(self, item: QTreeWidgetItem) -> None:
        cell = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(cell, Cell):
            self.open_list.emit("requests", cell.query)
