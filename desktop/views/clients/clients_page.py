"""服务对象 (§4.3 建档): search, filter and sort the client registry; add, edit, import, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.messages import tr_field, tr_message
from desktop.models.clients import clients, clients_io
from desktop.models.clients.clients import ClientInput, ClientQuery
from desktop.models.clients.labels import CLIENT_SIZE_LABELS
from desktop.models.clients.tables import CLIENT_SIZES, Client, ClientContact
from desktop.models.core.changes import Changes
from desktop.models.core.standard import DISTRICTS
from desktop.tasks import TaskHandle
from desktop.views.clients.client_dialog import ClientDialog
from desktop.views.clients.client_table import ClientTableModel
from desktop.views.shared.labels import label

SEARCH_DELAY_MS = 250
FILE_FILTER = "Excel (*.xlsx);;CSV UTF-8 (*.csv)"


class ClientsPage(QWidget):
    new_request_for_client = Signal(int)  # client id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, credit code, contact or phone"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(100)
        bar.addWidget(self.search, 3)
        self.district = QComboBox()
        self.district.addItem(self.tr("All districts"), "")
        for d in DISTRICTS:
            self.district.addItem(d, d)
        self.size_box = QComboBox()
        self.size_box.addItem(self.tr("All sizes"), "")
        for s in CLIENT_SIZES:
            self.size_box.addItem(label(CLIENT_SIZE_LABELS, s), s)
        self.industry = QComboBox()
        self.industry.addItem(self.tr("All industries"), "")
        for combo in (self.district, self.size_box, self.industry):
            bar.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self.apply_filters)
        layout.addLayout(bar)

        actions = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New client"))
        self.new_button.setToolTip(self.tr("Register a new client (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("Open"))
        self.request_button = QPushButton(self.tr("New request for this client"))
        self.import_button = QPushButton(self.tr("Import…"))
        self.export_button = QPushButton(self.tr("Export…"))
        for b in (self.new_button, self.edit_button, self.request_button, self.import_button, self.export_button):
            actions.addWidget(b)
        actions.addStretch(1)
        self.count_label = QLabel()
        actions.addWidget(self.count_label)
        layout.addLayout(actions)

        self._pending: tuple[int, bool] | None = None  # a client to select (and to reveal) once the list is in
        self.model = ClientTableModel(ctx.db, ctx.tasks, self)
        self.model.results_shown.connect(self._results_shown)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # the arrow first: enabling sorting sorts by it, which is then the order already loaded (the other
        # way round ran the query twice more, by name descending and back)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((260, 170, 110, 120, 60, 80, 120, 90)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        layout.addWidget(self.table)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_filters)
        self.new_button.clicked.connect(self.new_client)
        self.edit_button.clicked.connect(self.open_selected)
        self.request_button.clicked.connect(self._request_for_selected)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.table.activated.connect(self._activated)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_client)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        to_results = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, self._focus_results)
        to_results.setContext(Qt.ShortcutContext.WidgetShortcut)
        ctx.data_changed.connect(self._on_data_changed)
        self._load_industries()
        self._update_count()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.search.setFocus()  # a clerk at the window starts by looking the client up

    # ---- filters ------------------------------------------------------------------------------------

    def _load_industries(self) -> None:
        current = self.industry.currentData()
        self.industry.blockSignals(True)
        while self.industry.count() > 1:
            self.industry.removeItem(1)
        for name in clients.industries(self.ctx.db):
            self.industry.addItem(name, name)
        self.industry.setCurrentIndex(max(0, self.industry.findData(current)))
        self.industry.blockSignals(False)

    def current_query(self) -> ClientQuery:
        q = self.model.query
        return ClientQuery(self.search.text().strip(), self.district.currentData(), self.size_box.currentData(),
                           self.industry.currentData(), q.sort, q.descending)

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            self.model.request(query)
        self._update_count()

    @property
    def searching(self) -> bool:
        """Whether a list update is still on its way."""
        return self.model.searching

    def _update_count(self) -> None:
        if self.model.searching:
            self.count_label.setText(self.tr("Searching…"))
        else:
            self.count_label.setText(self.tr("%n client(s)", "", self.model.rowCount()))

    def _results_shown(self) -> None:
        self._update_count()
        if self._pending is not None:
            client_id, reveal = self._pending
            self._pending = None
            if reveal:
                self.select_client(client_id)
            else:
                self._select_client(client_id)

    def _focus_results(self) -> None:
        """Down in the search box moves to the results, on the first row: Enter then opens it."""
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        """Columns that cannot be sorted (contact, phone) must not take the sort arrow."""
        if self.model.COLUMNS[column] not in self.model.SORT_KEYS:
            current = self.model.COLUMNS.index(self.model.query.sort)
            order = Qt.SortOrder.DescendingOrder if self.model.query.descending else Qt.SortOrder.AscendingOrder
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(current, order)
            header.blockSignals(False)

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(Client, ClientContact):
            self.model.refresh()
            self._load_industries()  # a new industry typed in the dialog joins the filter at once
            self._update_count()

    # ---- actions ------------------------------------------------------------------------------------

    def new_client(self) -> None:
        """A new client; after a search that found nothing, the form starts with what was searched for."""
        text = self.search.text().strip()
        start = None
        if text and self.model.rowCount() == 0 and len(text.split()) == 1:
            looks_like_code = len(text) == 18 and text.isalnum() and text.isascii()
            start = ClientInput(name="", uscc=text.upper()) if looks_like_code else ClientInput(name=text)
        self._open_dialog(None, start)

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._activated(index)

    def _activated(self, index: QModelIndex) -> None:
        client_id = self.model.client_id(index.row())
        if client_id is not None:
            self._open_dialog(client_id)

    def _open_dialog(self, client_id: int | None, start_with: ClientInput | None = None) -> None:
        dialog = ClientDialog(self.ctx, client_id, self, start_with)
        dialog.offer_draft()
        dialog.saved.connect(self._select_client)
        dialog.open_client.connect(lambda cid: QTimer.singleShot(0, lambda: self._open_dialog(cid)))
        dialog.finished.connect(dialog.deleteLater)  # a clerk opens hundreds a day: none may linger
        dialog.open()
        self.dialog = dialog  # kept for tests and so it is not collected while open

    def _request_for_selected(self) -> None:
        index = self.table.currentIndex()
        client_id = self.model.client_id(index.row()) if index.isValid() else None
        if client_id is not None:
            self.new_request_for_client.emit(client_id)

    def select_client(self, client_id: int) -> None:
        """Show ``client_id``: the search and filters are cleared if they hide it."""
        self.table.setFocus()
        if self.model.searching:
            self._pending = (client_id, True)
            return
        if self.model.row_of(client_id) is None and self.model.query != ClientQuery(
                sort=self.model.query.sort, descending=self.model.query.descending):
            self.search.clear()
            for combo in (self.district, self.size_box, self.industry):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.apply_filters()
        self._select_client(client_id)

    def _select_client(self, client_id: int) -> None:
        """Select ``client_id`` in the list, now or when the result on its way is shown."""
        if self.model.searching:
            self._pending = (client_id, False)
            return
        row = self.model.row_of(client_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import clients"), "", FILE_FILTER)
        if path:
            self.run_import(Path(path))

    def run_import(self, path: Path) -> None:
        db, user = self.ctx.db, self.ctx.user_id  # captured instead of self: see tasks.py
        self.ctx.run_change(
            lambda h: clients_io.import_clients(db, user, path, h.progress, lambda: h.cancelled),
            self._imported, self._io_failed, progress_label=self.tr("Importing clients…"), parent=self)

    def _imported(self, report: clients_io.ImportReport) -> None:
        lines = [self.tr("Added %1, already registered %2, rejected %3.")
                 .replace("%1", str(report.added)).replace("%2", str(report.skipped))
                 .replace("%3", str(report.rejected_lines))]
        if report.cancelled:
            lines.append(self.tr("The import was cancelled; the rows before that point were kept."))
        for p in report.rejected[:30]:
            reason = f"{tr_field(p.field)}: {tr_message(p.message)}" if p.field else tr_message(p.message)
            lines.append(self.tr("Line %1: %2").replace("%1", str(p.line)).replace("%2", reason))
        if len(report.rejected) > 30:
            lines.append("…")
        box = QMessageBox(QMessageBox.Icon.Warning if report.rejected else QMessageBox.Icon.Information,
                          self.tr("Import clients"), lines[0], QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if len(lines) > 1:
            box.setDetailedText("\n".join(lines[1:]))
        box.open()
        self.last_message = box

    def export_file(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export clients"), "clients.xlsx", FILE_FILTER)
        if path:
            if not Path(path).suffix:
                path += ".csv" if "csv" in chosen.lower() else ".xlsx"
            self.run_export(Path(path))

    def run_export(self, path: Path) -> None:
        db, query = self.ctx.db, self.model.query  # captured instead of self: see tasks.py
        filtered = query != ClientQuery(sort=query.sort, descending=query.descending)

        def work(h: TaskHandle) -> int:
            ids = clients.client_ids(db, query) if filtered else None
            return clients_io.export_clients(db, path, ids, h.progress, lambda: h.cancelled)

        self.ctx.tasks.run(work, lambda n: self._exported(n, path), self._io_failed,
                           progress_label=self.tr("Exporting clients…"), parent=self)

    def _exported(self, count: int, path: Path) -> None:
        if count < 0:
            text = self.tr("The export was cancelled; no file was written.")
        else:
            text = self.tr("Exported %1 clients to %2.").replace("%1", str(count)).replace("%2", str(path))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export clients"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.last_message = box

    def _io_failed(self, exc: BaseException) -> None:
        if isinstance(exc, clients_io.BadFile):
            text = tr_message(exc.message)
        elif isinstance(exc, OSError):
            text = self.tr("The file could not be read or written: %1").replace("%1", str(exc.strerror or exc))
        else:
            raise exc
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Clients"), text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.last_message = box
