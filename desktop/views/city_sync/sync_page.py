"""The Sync page (同步): what waits for the city platform, the End-of-day sync, the records the city set aside
(admins retry or drop them), and the log of recent syncs.

Everything shown here is read from the local database (quick queries); the sync itself, and every other call
that may wait on the network, runs through the shared ``SyncController`` (desktop/views/sync_status.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.city_sync import outbox, sync_state
from desktop.models.city_sync.labels import (
    HUB_ANSWER_LABELS,
    OUTBOX_KIND_LABELS,
    SYNC_OUTCOME_LABELS,
    SYNC_TRIGGER_LABELS,
)
from desktop.models.city_sync.outbox import SetAside
from desktop.models.city_sync.sync_state import RunInfo, SyncSettings
from desktop.models.city_sync.tables import OutboxEntry, SyncState
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.requests.tables import ServiceRequest
from desktop.sync.engine import SyncSummary
from desktop.views.city_sync.sync_status import SyncController, failure_text, format_bytes, format_time
from desktop.views.shared.forms import apply_change, literal, plain_label
from desktop.views.shared.labels import label
from desktop.views.shared.list_model import ListTableModel

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate


def reason_text(r: SetAside) -> str:
    """Why the city set a record aside, explained in the UI language, then the hub's own words."""
    explained = {
        "kind": translate("sync", "The city does not take records of this kind."),
        "uuid": translate("sync", "The record's identity is not valid."),
        "version": translate("sync", "The record's version is not valid."),
        "too_large": translate("sync", "The record is too large for the city platform."),
        "hash_mismatch": translate("sync", "The record was damaged: its content no longer matches its checksum."),
        "validation": translate("sync", "The city platform does not accept a field of this record."),
        "wrong_station": translate("sync", "The record names another station than this device's."),
        "other_station": translate("sync", "The city holds this record for another station."),
        "conflict": translate("sync", "The city already holds a different version of this record under the same "
                                      "number (another computer of the station sent it)."),
    }.get(r.code, "")
    return f"{explained} ({r.reason})" if explained and r.reason else explained or r.reason


class SyncTableModel(ListTableModel[T]):
    """A read-only list whose numeric columns are right-aligned and whose cells show their whole text as a tip
    (reasons and messages are long)."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[T], str]]], numeric: Iterable[int] = (),
                 parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.numeric = set(numeric)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.columns[index.column()][1](self.items[index.row()])
            return literal(text) if len(text) > 20 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def set_aside_model(parent: Any = None) -> SyncTableModel[SetAside]:
    return SyncTableModel([
        (translate("sync", "Request number"), lambda r: r.number),
        (translate("sync", "Client"), lambda r: r.client),
        (translate("sync", "Kind"), lambda r: label(OUTBOX_KIND_LABELS, r.kind)),
        (translate("sync", "City's answer"), lambda r: label(HUB_ANSWER_LABELS, r.outcome)),
        (translate("sync", "Reason"), reason_text),
        (translate("sync", "Answered"), lambda r: format_time(r.answered_at)),
    ], parent=parent)


def sync_log_model(parent: Any = None) -> SyncTableModel[RunInfo]:
    return SyncTableModel([
        (translate("sync", "Started"), lambda r: format_time(r.started_at)),
        (translate("sync", "How"), lambda r: label(SYNC_TRIGGER_LABELS, r.trigger)),
        (translate("sync", "Outcome"), lambda r: label(SYNC_OUTCOME_LABELS, r.outcome)),
        (translate("sync", "Accepted"), lambda r: str(r.accepted)),
        (translate("sync", "Already at the city"), lambda r: str(r.already_had)),
        (translate("sync", "Set aside"), lambda r: str(r.set_aside)),
        (translate("sync", "Decisions received"), lambda r: str(r.pulled)),
        (translate("sync", "Sent"), lambda r: format_bytes(r.bytes_sent)),
        (translate("sync", "Message"), lambda r: tr_message(r.message) if r.message else ""),
    ], numeric={3, 4, 5, 6, 7}, parent=parent)


def _table(model: SyncTableModel[Any], stretch: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


@dataclass(frozen=True)
class PageData:
    """What the page shows from the local database, read off the GUI thread (``read_page``)."""

    counts: outbox.QueueCounts
    set_aside: list[SetAside]
    runs: list[RunInfo]
    settings: SyncSettings
    last_success: datetime | None


def read_page(db: Database, _handle: object) -> PageData:
    return PageData(outbox.counts(db), outbox.set_aside_list(db), sync_state.recent_runs(db, 50),
                    sync_state.load_settings(db), sync_state.last_success(db))


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext, controller: SyncController | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        controller = controller or SyncController.of(ctx)
        self.ctx, self.controller = ctx, controller
        self.settings_dialog: QWidget | None = None
        self.result_box: QMessageBox | None = None
        self.data: PageData | None = None  # None: not read yet
        self.reading = False
        self._read_again = False
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_top())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_set_aside())
        splitter.addWidget(self._build_log())
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        controller.status_changed.connect(self._refresh_if_shown)
        # bound methods only: they are disconnected when the page goes, the controller and the context stay
        controller.sync_started.connect(self._sync_started)
        controller.sync_finished.connect(self._sync_finished)
        ctx.data_changed.connect(self._on_changed)
        ctx.user_changed.connect(self._apply_role)
        self._apply_role()
        self.refresh()

    # ---- building -----------------------------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        status_box = QGroupBox(self.tr("City platform"))
        status = QFormLayout(status_box)
        self.hub_label = plain_label()
        self.hub_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enrolment_label = plain_label()
        self.connection_label = plain_label()
        self.last_sync_label = plain_label()
        status.addRow(self.tr("Address"), self.hub_label)
        status.addRow(self.tr("This device"), self.enrolment_label)
        status.addRow(self.tr("Connection"), self.connection_label)
        status.addRow(self.tr("Last successful sync"), self.last_sync_label)
        self.settings_button = QPushButton(self.tr("City platform settings…"))
        self.settings_button.setToolTip(self.tr("The city platform's address, enrolling this device, the "
                                                "connection test (station admins)"))
        self.settings_button.clicked.connect(self.open_settings)
        status.addRow(self.settings_button)
        top.addWidget(status_box, 3)

        queue_box = QGroupBox(self.tr("Waiting to be sent"))
        queue = QFormLayout(queue_box)
        self.escalations_label = plain_label()
        self.archive_label = plain_label()
        self.set_aside_label = plain_label()
        queue.addRow(self.tr("Escalations"), self.escalations_label)
        queue.addRow(self.tr("Archive records"), self.archive_label)
        queue.addRow(self.tr("Set aside by the city"), self.set_aside_label)
        top.addWidget(queue_box, 2)

        action = QVBoxLayout()
        self.sync_button = QPushButton(self.tr("End-of-day sync"))
        self.sync_button.setToolTip(self.tr("Send what waits to the city platform and receive its decisions "
                                            "(Ctrl+Shift+Y)"))
        font = QFont(self.sync_button.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.sync_button.setFont(font)
        self.sync_button.setMinimumSize(220, 64)
        self.sync_button.clicked.connect(self.start_sync)
        self.result_label = plain_label()
        self.result_label.setWordWrap(True)
        self.result_label.setMaximumWidth(320)
        action.addWidget(self.sync_button)
        action.addWidget(self.result_label)
        action.addStretch(1)
        top.addLayout(action, 2)
        return top

    def _build_set_aside(self) -> QGroupBox:
        box = QGroupBox(self.tr("Records set aside by the city"))
        layout = QVBoxLayout(box)
        note = QLabel(self.tr("The city could not take these records. They no longer hold up the others. Once the "
                              "cause is fixed, a station admin retries a record (it is sent with the next sync) or "
                              "drops it; both are recorded in the audit log."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.set_aside_model = set_aside_model(self)
        self.set_aside_table = _table(self.set_aside_model, 4)
        layout.addWidget(self.set_aside_table)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setToolTip(self.tr("Put the selected record back in the queue for the next sync"))
        self.drop_button = QPushButton(self.tr("Drop…"))
        self.drop_button.setToolTip(self.tr("Give up the selected record: it is never sent"))
        bar.addWidget(self.retry_button)
        bar.addWidget(self.drop_button)
        layout.addLayout(bar)
        self.retry_button.clicked.connect(self.retry_selected)
        self.drop_button.clicked.connect(self.drop_selected)
        self.set_aside_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        return box

    def _build_log(self) -> QGroupBox:
        box = QGroupBox(self.tr("Recent syncs"))
        layout = QVBoxLayout(box)
        self.log_model = sync_log_model(self)
        self.log_table = _table(self.log_model, 8)
        layout.addWidget(self.log_table)
        return box

    def _apply_role(self, _user: object = None) -> None:
        admin = self.ctx.user is not None and self.ctx.user.is_admin
        for widget in (self.settings_button, self.retry_button, self.drop_button):
            widget.setVisible(admin)
        self._update_buttons()

    # ---- reading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Everything again, from the local database (no network), read in the background: counting what waits
        grows with the station (3 s at a million requests with older records not queued yet)."""
        if self.reading:
            self._read_again = True  # something changed while a read was out: read once more after it
            return
        self.reading = True
        self.ctx.tasks.run(partial(read_page, self.ctx.db), self._page_read, self._page_read_failed)

    def _page_read(self, data: PageData) -> None:
        self.reading = False
        if not isValid(self):
            return
        if self._read_again:
            self._read_again = False
            self.refresh()
        self.data = data
        counts = data.counts
        self.escalations_label.setText(str(counts.escalation))
        self.archive_label.setText(str(counts.archive))
        self.set_aside_label.setText(str(counts.set_aside))
        current = self.selected()
        self.set_aside_model.set_items(data.set_aside)
        row = self.set_aside_model.row_where(lambda r: r.id == current.id) if current else None
        if row is not None:
            self.set_aside_table.selectRow(row)
        self.log_model.set_items(data.runs)
        self.refresh_status()

    def _page_read_failed(self, exc: BaseException) -> None:
        self.reading = self._read_again = False
        raise exc  # unexpected: to sys.excepthook, logged and shown

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()  # a sync from the command line, say, announces nothing to this window
        super().showEvent(event)

    def refresh_status(self) -> None:
        """What the controller knows now (and the address and last sync as last read)."""
        c = self.controller
        configured = bool(c.configured)
        settings = self.data.settings if self.data is not None else None
        self.hub_label.setText(settings.hub_url if settings is not None and settings.hub_url
                               else self.tr("Not set up yet"))
        if not configured:
            enrolment = self.tr("Not enrolled (set the city platform's address first)")
        elif c.enrolled is None:
            enrolment = self.tr("Checking…")
        else:
            enrolment = self.tr("Enrolled") if c.enrolled else self.tr(
                "Not enrolled: enrol it with the one-time code from the city")
        self.enrolment_label.setText(enrolment)
        if c.running:
            connection = self.tr("Syncing…")
        elif not configured:
            connection = "—"
        elif c.online is None:
            connection = self.tr("Checking…")
        else:
            connection = self.tr("Online") if c.online else self.tr("Offline: the city platform does not answer")
        self.connection_label.setText(connection)
        last = self.data.last_success if self.data is not None else None  # the page's own read (see refresh)
        self.last_sync_label.setText(format_time(last) if last else self.tr("Never"))
        self.sync_button.setEnabled(c.running is None)
        self.sync_button.setText(self.tr("Syncing…") if c.running else self.tr("End-of-day sync"))
        self._update_buttons()

    def selected(self) -> SetAside | None:
        index = self.set_aside_table.currentIndex()
        if not index.isValid() or not self.set_aside_table.selectionModel().isRowSelected(index.row()):
            return None
        return self.set_aside_model.item(index.row())

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.retry_button.setEnabled(chosen)
        self.drop_button.setEnabled(chosen)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(OutboxEntry, SyncState, ServiceRequest):
            self._refresh_if_shown()

    def _refresh_if_shown(self) -> None:
        if self.isVisible():  # a hidden page catches up when it is shown again
            self.refresh_status()
            self.refresh()

    # ---- syncing -----------------------------------------------------------------------------------

    def start_sync(self) -> bool:
        """The End-of-day sync, with its progress dialog (Cancel stops between batches)."""
        started = self.controller.start_sync("manual", self.window())
        if started:
            self.result_label.setText("")
        return started

    def _sync_started(self, _trigger: str) -> None:
        self.refresh_status()
        self.refresh()

    def _sync_finished(self, trigger: str, result: object) -> None:
        self.refresh_status()
        self.refresh()
        if isinstance(result, SyncSummary):
            title, text = self.summary_text(result)
            icon = QMessageBox.Icon.Information
            if result.cancelled or result.set_aside or result.files_missing or result.history_changed:
                icon = QMessageBox.Icon.Warning
        else:
            title = self.tr("The sync did not complete")
            text = failure_text(result if isinstance(result, BaseException) else Exception(str(result)))
            summary = getattr(result, "summary", None)
            if isinstance(summary, SyncSummary):
                text += "\n\n" + "\n".join(self.count_lines(summary))
            text += "\n\n" + self.tr("Nothing is lost: what was not sent waits for the next sync.")
            icon = QMessageBox.Icon.Warning
        self.result_label.setText(title)
        if trigger == "manual":
            self.show_result(icon, title, text)

    def count_lines(self, s: SyncSummary) -> list[str]:
        lines = [self.tr("Accepted by the city: {n}").format(n=s.accepted),
                 self.tr("Already at the city: {n}").format(n=s.already_had),
                 self.tr("Set aside by the city: {n}").format(n=s.set_aside),
                 self.tr("Still waiting to be sent: {n}").format(n=s.remaining),
                 self.tr("Decisions received: {pulled}, applied here: {applied}").format(
                     pulled=s.pulled, applied=s.applied)]
        if s.files_missing:
            lines.append(self.tr("Attached files not on this computer: {n}").format(n=len(s.files_missing)))
        if s.history_changed:
            lines.append(self.tr("The city platform found this station's history changed since the last sync "
                                 "({chains}). Tell the station admin: run 'quality-station check'.").format(
                chains=", ".join(s.history_changed)))
        lines.append(self.tr("Sent: {size}").format(size=format_bytes(s.bytes_sent)))
        return lines

    def summary_text(self, s: SyncSummary) -> tuple[str, str]:
        if s.cancelled:
            title = self.tr("The sync was cancelled")
            head = self.tr("What was sent is kept; the rest waits for the next sync.")
        else:
            title = self.tr("The sync is complete")
            if s.remaining:
                head = self.tr("Some records are still waiting; they go with the next sync.")
            elif s.set_aside:
                head = self.tr("Everything was sent, but the city set some records aside: they are listed on this "
                               "page with the city's reason.")
            else:
                head = self.tr("Everything was sent.")
        return title, "\n".join([head, "", *self.count_lines(s)])

    def show_result(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        """One message box, reused, opened window-modal (never blocking the caller)."""
        if self.result_box is None:
            self.result_box = QMessageBox(self)
            self.result_box.setTextFormat(Qt.TextFormat.PlainText)
            self.result_box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.result_box.setWindowTitle(self.tr("End-of-day sync"))
        self.result_box.setIcon(icon)
        self.result_box.setText(title)
        self.result_box.setInformativeText(text)
        self.result_box.open()

    # ---- set-aside records (admin) -------------------------------------------------------------------

    def retry_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        db, actor = self.ctx.db, self.ctx.user_id
        apply_change(self, self.ctx, lambda: outbox.retry(db, actor, row.id))

    def drop_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        question = self.tr("Drop this record ({kind}) of request {number}, {client}? It will never be sent to the "
                           "city. This is recorded in the audit log.").format(
            kind=label(OUTBOX_KIND_LABELS, row.kind), number=row.number, client=row.client)
        answer = QMessageBox.question(self, self.tr("Drop a set-aside record"), literal(question),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            db, actor = self.ctx.db, self.ctx.user_id
            apply_change(self, self.ctx, lambda: outbox.drop(db, actor, row.id))

    # ---- settings (admin) ----------------------------------------------------------------------------

    def open_settings(self) -> QWidget:
        from desktop.views.city_sync.sync_settings import SyncSettingsDialog

        if self.settings_dialog is None:
            self.settings_dialog = SyncSettingsDialog(self.ctx, self.controller, self)
        dialog = self.settings_dialog
        assert isinstance(dialog, SyncSettingsDialog)
        dialog.load()
        dialog.open()
        return dialog
