"""The archive room's two lists: archived service requests and ended complaints, each found by number, client or
complainant, credit code (requests), period received, category, staff member and institution. They are the
requests' and complaints' own table models, held to the archived statuses; several rows can be selected for an
export. Enter or a double-click opens the record's file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.archives import archive_search
from desktop.models.archives.tables import RecordKind
from desktop.models.complaints.complaint_list import ComplaintQuery
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today
from desktop.models.core.db import Database
from desktop.models.requests.request_list import RequestQuery
from desktop.models.requests.tables import ServiceRequest
from desktop.views.complaints.complaint_table import ComplaintTableModel
from desktop.views.requests.request_table import RequestTableModel
from desktop.views.shared.dates import date_edit, pydate, station_today
from desktop.views.shared.lazy_table import Result
from desktop.views.shared.list_page import ListPage

ANY = -1


class ArchivedRequestsModel(RequestTableModel):
    """The requests' table, a credit code in the search turned into its client (``archive_search``)."""

    @staticmethod
    def run(db: Database, query: RequestQuery, today: date) -> Result:
        return RequestTableModel.run(db, archive_search.with_client_code(db, query), today)

    @staticmethod
    def page(db: Database, query: RequestQuery, result: Result, offset: int, limit: int, today: date) -> list[Any]:
        return RequestTableModel.page(db, archive_search.with_client_code(db, query), result, offset, limit, today)

    @staticmethod
    def page_by_key(db: Database, query: RequestQuery, result: Result, anchor_id: int, limit: int, backward: bool,
                    today: date) -> list[Any] | None:
        return RequestTableModel.page_by_key(db, archive_search.with_client_code(db, query), result, anchor_id,
                                             limit, backward, today)

    @staticmethod
    def position(db: Database, query: RequestQuery, row_id: int, today: date) -> int | None:
        return RequestTableModel.position(db, archive_search.with_client_code(db, query), row_id, today)


class ArchiveList(ListPage):
    """What both lists share: the filters, the buttons, several rows selectable."""

    kind: str
    open_file = Signal(str, int)  # kind, record id
    print_file = Signal(str, int)
    export = Signal(str, list)  # kind, record ids

    def __init__(self, ctx: AppContext, placeholder: str, staff_caption: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, placeholder, parent)
        self.box = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        first = QHBoxLayout()
        first.addWidget(self.search, 3)
        self.category_box = self._combo(self.tr("All categories"), self.tr("Service category"))
        self.staff_box = self._combo(staff_caption, self.tr("Staff member"))
        self.institution_box = self._combo(self.tr("All institutions"), self.tr("Institution"))
        for combo in (self.category_box, self.staff_box, self.institution_box):
            first.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self.apply_filters)
        layout.addLayout(first)
        second = QHBoxLayout()
        self.date_check = QCheckBox(self.tr("Received from"))
        today = station_today()
        self.date_from = date_edit(today.addYears(-1))
        self.date_to = date_edit(today)
        self.date_to.setAccessibleName(self.tr("Received until"))
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(False)
            edit.dateChanged.connect(self.apply_filters)
        self.date_check.toggled.connect(self._date_toggled)
        second.addWidget(self.date_check)
        second.addWidget(self.date_from)
        second.addWidget(QLabel(self.tr("to")))
        second.addWidget(self.date_to)
        self.open_button = QPushButton(self.tr("Open file"))
        self.open_button.setToolTip(self.tr("The record's whole file (Enter)"))
        self.print_button = QPushButton(self.tr("Print file…"))
        self.print_button.setToolTip(self.tr("Cover, contents list and documents as one PDF"))
        self.export_button = QPushButton(self.tr("Export selected…"))
        self.export_button.setToolTip(self.tr("The selected records as a zip with a manifest that "
                                              "'quality-station verify' checks"))
        second.addStretch(1)
        for button in (self.open_button, self.print_button, self.export_button):
            second.addWidget(button)
        second.addWidget(self.count_label)
        layout.addLayout(second)
        self.open_button.clicked.connect(self._open_selected)
        self.print_button.clicked.connect(self._print_selected)
        self.export_button.clicked.connect(self._export_selected)
        db = ctx.db
        ctx.tasks.run(lambda _h: archive_search.choices(db), self._choices_read)

    def _combo(self, everything: str, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem(everything, ANY)
        return combo

    def finish(self, widths: Sequence[int]) -> None:
        self.set_up_table(widths, self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.box.addWidget(self.table)
        self.ctx.data_changed.connect(self._on_data_changed)
        self.run_query(self.current_query())

    def _choices_read(self, found: archive_search.Choices) -> None:
        if not isValid(self):
            return
        for combo, items in ((self.category_box, found.categories), (self.staff_box, found.staff),
                             (self.institution_box, found.institutions)):
            combo.blockSignals(True)
            for key, name in items:
                combo.addItem(name, key)
            combo.blockSignals(False)

    def chosen(self, combo: QComboBox) -> int | None:
        value = combo.currentData()
        return None if value in (ANY, None) else int(value)

    def period(self) -> tuple[date | None, date | None]:
        if not self.date_check.isChecked():
            return None, None
        return pydate(self.date_from.date()), pydate(self.date_to.date())

    def _date_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def current_query(self) -> Any:
        raise NotImplementedError

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            self.run_query(query)

    def run_query(self, query: Any) -> None:
        self.model.request(query)
        self.update_count()

    def new_record(self) -> None:
        """Nothing is registered in the archive room."""

    def open_record(self, record_id: int) -> None:
        self.open_file.emit(self.kind, record_id)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def _open_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is not None:
            self.open_record(record_id)

    def _print_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is not None:
            self.print_file.emit(self.kind, record_id)

    def _export_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.export.emit(self.kind, ids)

    def _on_data_changed(self, changes: Changes) -> None:
        if self.watched(changes):
            self.run_query(self.model.query)

    def watched(self, changes: Changes) -> bool:
        raise NotImplementedError


class ArchivedRequests(ArchiveList):
    kind = RecordKind.REQUEST

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Search number, client, credit code or description"), self.tr("All handlers"),
                         parent)
        self.model = ArchivedRequestsModel(ctx.db, ctx.tasks, self, today=local_today)
        self.model.query = RequestQuery(statuses=archive_search.ARCHIVED_REQUESTS)
        self.finish((205, 200, 80, 160, 90, 90, 130, 90, 80, 160))

    def current_query(self) -> RequestQuery:
        start, end = self.period()
        q: RequestQuery = self.model.query
        return replace(q, text=self.search.text().strip(), statuses=archive_search.ARCHIVED_REQUESTS,
                       category_id=self.chosen(self.category_box), handler_id=self.chosen(self.staff_box),
                       institution_id=self.chosen(self.institution_box), received_from=start, received_to=end)

    def count_text(self, count: int) -> str:
        return self.tr("%n archived request(s)", "", count)

    def watched(self, changes: Changes) -> bool:
        return changes.touches(ServiceRequest)


class ArchivedComplaints(ArchiveList):
    kind = RecordKind.COMPLAINT

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Search number, complainant or what happened"),
                         self.tr("About any staff member"), parent)
        self.model = ComplaintTableModel(ctx.db, ctx.tasks, ctx.user_id, self, today=local_today)
        self.model.query = ComplaintQuery(ctx.user_id, statuses=archive_search.ENDED_COMPLAINTS)
        self.finish((205, 110, 165, 140, 175, 100, 70, 125, 80, 200))

    def current_query(self) -> ComplaintQuery:
        start, end = self.period()
        q: ComplaintQuery = self.model.query
        return replace(q, text=self.search.text().strip(), statuses=archive_search.ENDED_COMPLAINTS,
                       category_id=self.chosen(self.category_box), about_staff_id=self.chosen(self.staff_box),
                       about_institution_id=self.chosen(self.institution_box), received_from=start,
                       received_to=end)

    def count_text(self, count: int) -> str:
        return self.tr("%n ended complaint(s)", "", count)

    def watched(self, changes: Changes) -> bool:
        from desktop.models.complaints.tables import Complaint

        return changes.touches(Complaint)
