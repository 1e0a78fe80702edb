"""服务需求 (§7): every request of the station, searched, filtered, sorted and exported.

Every query of the list (the first one too, filters, search, sorting) runs off the GUI thread in the table model
(``LazyTableModel``): over a million requests a 1–2 character search or several filters at once can take longer
than a frame should. The pages met while scrolling load on the GUI thread by id (a few ms each).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.accounts import staff
from desktop.models.accounts.tables import Staff
from desktop.models.catalogue import catalogue
from desktop.models.clients.tables import Client
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today
from desktop.models.core.standard import DISTRICTS
from desktop.models.requests import request_export
from desktop.models.requests.labels import CHANNEL_LABELS, REQUEST_STATUS_LABELS
from desktop.models.requests.request_list import OPEN_STATUSES, RequestQuery
from desktop.models.requests.tables import CHANNELS, STATUSES, ServiceRequest
from desktop.processes import ProcessJob
from desktop.views.requests.request_table import RequestTableModel
from desktop.views.shared.dates import date_edit, pydate, station_today
from desktop.views.shared.forms import export_failure, plain_label, plain_message
from desktop.views.shared.labels import label
from desktop.views.shared.list_page import ListPage

ANY = -1  # "all" in the combo boxes whose values are ids


def _statuses_key(statuses: tuple[str, ...]) -> str:
    return ",".join(statuses)


class RequestsPage(ListPage):
    open_request = Signal(int)  # a request id: double-click or Enter on a row
    new_request_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Search number, client, description or contact"), parent)
        self._select_when_shown: int | None = None
        self._asked = RequestQuery()  # the query asked for last
        self._choices_reading = 0  # reads of the categories and staff of the filters on their way
        self._choices_in = False  # whether they have come in once
        self.last_message: QMessageBox | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._first_bar())
        layout.addLayout(self._second_bar())

        self.model = RequestTableModel(ctx.db, ctx.tasks, self, today=local_today)
        self.set_up_table((170, 230, 100, 130, 90, 90, 125, 80, 150, 160), self.model.sort_column(),
                          Qt.SortOrder.DescendingOrder)
        header = self.table.horizontalHeader()
        # the due date where the eye is, beside the status (the model's column order is unchanged)
        header.moveSection(header.visualIndex(self.model.COLUMNS.index("due")), 3)
        layout.addWidget(self.table)

        for combo in (self.status_box, self.due_box, self.category_box, self.channel_box, self.district_box,
                      self.handler_box):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.date_check.toggled.connect(self._date_toggled)
        self.date_from.dateChanged.connect(self.apply_filters)
        self.date_to.dateChanged.connect(self.apply_filters)
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_request_requested.emit)
        self.export_button.clicked.connect(self.export_file)
        ctx.data_changed.connect(self._on_data_changed)

    # ---- building -----------------------------------------------------------------------------------

    def _first_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        self.status_box = QComboBox()
        self.status_box.setAccessibleName(self.tr("Status"))
        self.status_box.addItem(self.tr("All statuses"), "")
        self.status_box.addItem(self.tr("Open (still being worked on)"), _statuses_key(OPEN_STATUSES))
        for s in STATUSES:
            self.status_box.addItem(label(REQUEST_STATUS_LABELS, s), s)
        bar.addWidget(self.status_box, 1)
        self.due_box = QComboBox()
        self.due_box.setAccessibleName(self.tr("Due date"))
        for caption, key in ((self.tr("Any due date"), ""), (self.tr("Overdue"), "overdue"),
                             (self.tr("Due today"), "due_today"), (self.tr("Due today or tomorrow"), "due_soon")):
            self.due_box.addItem(caption, key)
        bar.addWidget(self.due_box, 1)
        self.new_button = QPushButton(self.tr("New request"))
        self.new_button.setToolTip(self.tr("Take a new service request (Ctrl+N)"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Export the requests listed, as filtered, to Excel"))
        bar.addWidget(self.new_button)
        bar.addWidget(self.export_button)
        return bar

    def _second_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.category_box = QComboBox()
        self.category_box.setAccessibleName(self.tr("Category"))
        self.category_box.addItem(self.tr("All categories"), ANY)  # the categories come in the background
        self.channel_box = QComboBox()
        self.channel_box.setAccessibleName(self.tr("Channel"))
        self.channel_box.addItem(self.tr("All channels"), "")
        for ch in CHANNELS:
            self.channel_box.addItem(label(CHANNEL_LABELS, ch), ch)
        self.district_box = QComboBox()
        self.district_box.setAccessibleName(self.tr("District"))
        self.district_box.addItem(self.tr("All districts"), "")
        for d in DISTRICTS:
            self.district_box.addItem(d, d)
        self.handler_box = QComboBox()
        self.handler_box.setAccessibleName(self.tr("Handler"))
        self.handler_box.addItem(self.tr("All staff"), ANY)
        self._load_choices()
        for combo in (self.category_box, self.channel_box, self.district_box, self.handler_box):
            bar.addWidget(combo, 1)
        self.date_check = QCheckBox(self.tr("Received from"))
        today = station_today()
        self.date_from = date_edit(today.addMonths(-1))
        self.date_to = date_edit(today)
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(False)
        self.date_to.setAccessibleName(self.tr("Received until"))
        bar.addWidget(self.date_check)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.date_to)
        self.more_label = plain_label()
        self.more_label.hide()
        bar.addWidget(self.more_label)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        bar.addWidget(self.clear_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        return bar

    def _load_choices(self, categories: bool = True) -> None:
        """The categories and the staff of the filters, read in the background (the first opening of the page
        read them on the GUI thread: 0.1-0.6 s at a million requests under load)."""
        self._choices_reading += 1
        db = self.ctx.db

        def work(_handle: object) -> tuple[list[tuple[str, int]] | None, list[tuple[str, bool, int]]]:
            found = [(f"{c.clause} {c.name}", c.id) for c in catalogue.list_catalogue(db, include_retired=False)
                     ] if categories else None
            return found, [(s.name, s.active, s.id) for s in staff.list_staff(db)]

        self.ctx.tasks.run(work, self._choices_read, self._choices_failed, urgent=True)

    def _choices_read(self, answer: tuple[list[tuple[str, int]] | None, list[tuple[str, bool, int]]]) -> None:
        if not isValid(self):
            return
        self._choices_reading -= 1
        found, people = answer
        q = self.current_query()  # what the filters say now (the query asked for, until the lists are in)
        named = [(name if active else self.tr("%1 (disabled)").replace("%1", name), i) for name, active, i in people]
        boxes = [(self.handler_box, self.tr("All staff"), q.handler_id, named)]
        if found is not None:
            boxes.append((self.category_box, self.tr("All categories"), q.category_id, found))
        for box, anything, current, items in boxes:
            box.blockSignals(True)
            box.clear()
            box.addItem(anything, ANY)
            for text, data in items:
                box.addItem(text, data)
            box.setCurrentIndex(max(0, box.findData(ANY if current is None else current)))
            box.blockSignals(False)
        self._choices_in = True
        self.update_count()

    def _choices_failed(self, exc: BaseException) -> None:
        if isValid(self):
            self._choices_reading -= 1
        raise exc  # unexpected: to sys.excepthook, logged and shown

    @property
    def searching(self) -> bool:
        """Whether a list update, or the filters' categories and staff, are still on their way."""
        return self.model.searching or self._choices_reading > 0

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.model.today != local_today():  # left open overnight: overdue counts from the new day
            self.run_query(self.model.query, self.selected_id())
        self.search.setFocus()

    # ---- the query and the filter widgets -----------------------------------------------------------

    def current_query(self) -> RequestQuery:
        """The query the widgets show (sort, client and institution kept from the list shown)."""
        q = self.model.query
        statuses = tuple(s for s in str(self.status_box.currentData() or "").split(",") if s)
        category = self.category_box.currentData() if self._choices_in else self._asked.category_id
        handler = self.handler_box.currentData() if self._choices_in else self._asked.handler_id
        dated = self.date_check.isChecked()
        return RequestQuery(
            text=self.search.text().strip(), statuses=statuses,
            category_id=None if category in (ANY, None) else int(category),
            channel=self.channel_box.currentData() or "", district=self.district_box.currentData() or "",
            received_from=pydate(self.date_from.date()) if dated else None,
            received_to=pydate(self.date_to.date()) if dated else None,
            handler_id=None if handler in (ANY, None) else int(handler), due=self.due_box.currentData() or "",
            client_id=q.client_id, institution_id=q.institution_id, sort=q.sort, descending=q.descending,
            outcome=q.outcome, industry=q.industry, client_size=q.client_size)

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            self.run_query(query)

    def set_query(self, q: RequestQuery) -> None:
        """Show the requests of ``q`` (a dashboard number's list), with its filter in the widgets."""
        self._search_timer.stop()
        widgets = (self.search, self.status_box, self.due_box, self.category_box, self.channel_box,
                   self.district_box, self.handler_box, self.date_check, self.date_from, self.date_to)
        for w in widgets:
            w.blockSignals(True)
        self.search.setText(q.text)
        self.status_box.setCurrentIndex(self._status_index(q.statuses))
        for combo, value in ((self.due_box, q.due), (self.channel_box, q.channel), (self.district_box, q.district),
                             (self.category_box, ANY if q.category_id is None else q.category_id),
                             (self.handler_box, ANY if q.handler_id is None else q.handler_id)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        dated = q.received_from is not None or q.received_to is not None
        self.date_check.setChecked(dated)
        if q.received_from is not None:
            self.date_from.setDate(QDate(q.received_from.year, q.received_from.month, q.received_from.day))
        if q.received_to is not None:
            self.date_to.setDate(QDate(q.received_to.year, q.received_to.month, q.received_to.day))
        self._date_toggled(dated, apply=False)
        for w in widgets:
            w.blockSignals(False)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        column = next(n for n, c in enumerate(self.model.COLUMNS) if self.model.SORT_KEYS.get(c) == q.sort)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if q.descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        self.run_query(q)

    def _status_index(self, statuses: tuple[str, ...]) -> int:
        key = _statuses_key(statuses)
        found = self.status_box.findData(key)
        if found < 0:  # a set no item offers (from another page): shown as such, kept until changed
            self.status_box.addItem(", ".join(label(REQUEST_STATUS_LABELS, s) for s in statuses), key)
            found = self.status_box.count() - 1
        return found

    def clear_filters(self) -> None:
        q = self.model.query
        self.set_query(RequestQuery(sort=q.sort, descending=q.descending))

    def _date_toggled(self, on: bool, apply: bool = True) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        if apply:
            self.apply_filters()

    def run_query(self, query: RequestQuery, select: int | None = None) -> None:
        """Update the list to ``query`` in the background; ``select``: the request to select afterwards."""
        self._select_when_shown = select
        self._asked = query
        self.model.request(query, locate=select)  # its row is found in the background too
        self.update_count()

    def count_text(self, count: int) -> str:
        return self.tr("%n request(s)", "", count)

    def new_record(self) -> None:
        self.new_request_requested.emit()

    def open_record(self, record_id: int) -> None:
        self.open_request.emit(record_id)

    def results_shown(self) -> None:
        self._show_extra_filters(self.model.query)
        if self._select_when_shown is not None and not self.model.searching:
            request_id, self._select_when_shown = self._select_when_shown, None
            self.select_request(request_id)

    def _show_extra_filters(self, q: RequestQuery) -> None:
        """Filters set by another page (one client's or one institution's requests) have no widget here."""
        parts = []
        if q.client_id is not None:
            parts.append(self.tr("one client only"))
        if q.institution_id is not None:
            parts.append(self.tr("one institution only"))
        if q.industry:
            parts.append(self.tr("clients of one industry only"))
        if q.client_size:
            parts.append(self.tr("clients of one size only"))
        if q.outcome:
            parts.append(self.tr("one outcome only (from the statistics)"))
        self.more_label.setText(", ".join(parts))
        self.more_label.setVisible(bool(parts))

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ServiceRequest, Client):
            self.run_query(self.model.query, self.selected_id())
        elif changes.touches(Staff):
            self._load_choices(categories=False)

    # ---- selection and opening ------------------------------------------------------------------------

    def select_request(self, request_id: int) -> bool:
        """Select (and scroll to) ``request_id`` if the list shows it."""
        return self.select_row_of(request_id)

    def export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export requests"), "requests.xlsx", "Excel (*.xlsx)")
        if path:
            self.run_export(Path(path if Path(path).suffix else path + ".xlsx"))

    def run_export(self, path: Path) -> None:
        # in a worker process: openpyxl's writing would hold the interpreter lock (and the window) on a thread
        job = ProcessJob(request_export.export_job, (self.ctx.db.path, path, self.model.query, self.model.today,
                                                     self.ctx.maker()))
        self.ctx.tasks.run(job, lambda n: self._exported(n, path), self._export_failed,
                           progress_label=self.tr("Exporting requests…"), parent=self)

    def _exported(self, count: int, path: Path) -> None:
        if count < 0:
            text = self.tr("The export was cancelled; no file was written.")
        else:
            text = self.tr("Exported %1 requests to %2.").replace("%1", str(count)).replace("%2", str(path))
        self._message(QMessageBox.Icon.Information, text)

    def _export_failed(self, exc: BaseException) -> None:
        self._message(QMessageBox.Icon.Warning, export_failure(exc))

    def _message(self, icon: QMessageBox.Icon, text: str) -> None:
        self.last_message = plain_message(self, icon, self.tr("Export requests"), text)
