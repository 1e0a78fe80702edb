"""服务对象 (§4.3 建档): search, filter and sort the client registry; add, edit, import, export."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.messages import tr_field, tr_message
from desktop.models.clients import clients, clients_io
from desktop.models.clients.clients import ClientInput, ClientQuery
from desktop.models.clients.labels import CLIENT_SIZE_LABELS
from desktop.models.clients.tables import CLIENT_SIZES, Client, ClientContact
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.spreadsheets import BadFile
from desktop.models.core.standard import DISTRICTS
from desktop.processes import ProcessJob
from desktop.views.clients.client_dialog import ClientDialog
from desktop.views.clients.client_table import ClientTableModel
from desktop.views.shared.labels import label
from desktop.views.shared.list_page import ListPage


def read_industries(db: Database, _handle: object) -> list[str]:
    return clients.industries(db)


class ClientsPage(ListPage):
    new_request_for_client = Signal(int)  # client id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Search name, credit code, contact or phone"), parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
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
        actions.addWidget(self.count_label)
        layout.addLayout(actions)

        self.industries_loaded = False  # the industry filter's choices are in (they are read off the GUI thread)
        self._industries_asked = 0
        self._pending: tuple[int, bool] | None = None  # a client to select (and to reveal) once the list is in
        self.model = ClientTableModel(ctx.db, ctx.tasks, self)
        self.set_up_table((260, 170, 110, 120, 60, 80, 120, 90), 0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.table)

        self.new_button.clicked.connect(self.new_client)
        self.edit_button.clicked.connect(self.open_selected)
        self.request_button.clicked.connect(self._request_for_selected)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        ctx.data_changed.connect(self._on_data_changed)
        self._load_industries()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.search.setFocus()  # a clerk at the window starts by looking the client up

    # ---- filters ------------------------------------------------------------------------------------

    def _load_industries(self) -> None:
        """The industries the registry uses, read in the background (a scan of every client: 10-100 ms at 50,000);
        the filter keeps what it had until they are in."""
        self._industries_asked += 1
        asked = self._industries_asked
        self.ctx.tasks.run(partial(read_industries, self.ctx.db), lambda names: self._industries_read(asked, names))

    def _industries_read(self, asked: int, names: list[str]) -> None:
        if not isValid(self) or asked != self._industries_asked:  # an older answer, overtaken by a newer read
            return
        current = self.industry.currentData()
        self.industry.blockSignals(True)
        while self.industry.count() > 1:
            self.industry.removeItem(1)
        for name in names:
            self.industry.addItem(name, name)
        self.industry.setCurrentIndex(max(0, self.industry.findData(current)))
        self.industry.blockSignals(False)
        self.industries_loaded = True

    def current_query(self) -> ClientQuery:
        q = self.model.query
        return ClientQuery(self.search.text().strip(), self.district.currentData(), self.size_box.currentData(),
                           self.industry.currentData(), q.sort, q.descending)

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            self.model.request(query)
        self.update_count()

    def count_text(self, count: int) -> str:
        return self.tr("%n client(s)", "", count)

    def new_record(self) -> None:
        self.new_client()

    def open_record(self, record_id: int) -> None:
        self._open_dialog(record_id)

    def results_shown(self) -> None:
        if self._pending is not None:
            client_id, reveal = self._pending
            self._pending = None
            if reveal:
                self.select_client(client_id)
            else:
                self._select_client(client_id)

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(Client, ClientContact):
            self.model.refresh(locate=self.selected_id())  # the selection's row is found in the background too
            self._load_industries()  # a new industry typed in the dialog joins the filter at once
            self.update_count()

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
        client_id = self.selected_id()
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
        client_id = self.selected_id()
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
        self.select_row_of(client_id)

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import clients"), "", self.tr("Excel or CSV (*.xlsx *.csv);;Excel (*.xlsx);;CSV (*.csv)"))
        if path:
            self.run_import(Path(path))

    def run_import(self, path: Path) -> None:
        # in a worker process: openpyxl's parsing would hold the interpreter lock (and the window) on a thread
        job = ProcessJob(clients_io.import_job, (self.ctx.db.path, self.ctx.user_id, path))
        self.ctx.run_change(job, self._imported, self._io_failed, progress_label=self.tr("Importing clients…"),
                            parent=self)

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
        # .xlsx first: its cells are typed, so credit codes and phone numbers stay text; a spreadsheet opening
        # a CSV by double-click turns an 18-digit code into a number such as 9.14502220300642e+17
        filters = ";;".join((
            self.tr("Excel workbook, keeps credit codes and phone numbers exact (*.xlsx)"),
            self.tr("CSV UTF-8, spreadsheets may turn long codes into numbers such as 9.1E+17 (*.csv)")))
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export clients"), "clients.xlsx", filters)
        if path:
            if not Path(path).suffix:
                path += ".csv" if "csv" in chosen.lower() else ".xlsx"
            self.run_export(Path(path))

    def run_export(self, path: Path) -> None:
        query = self.model.query
        filtered = query != ClientQuery(sort=query.sort, descending=query.descending)
        job = ProcessJob(clients_io.export_job, (self.ctx.db.path, path, query if filtered else None, self.ctx.maker()))
        self.ctx.tasks.run(job, lambda n: self._exported(n, path), self._io_failed,
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
        if isinstance(exc, BadFile):
            text = tr_message(exc.message)
        elif isinstance(exc, OSError):
            text = self.tr("The file could not be read or written: %1").replace("%1", str(exc.strerror or exc))
        else:
            raise exc
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Clients"), text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.last_message = box
