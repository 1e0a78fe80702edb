"""保管期限与销毁 (admins): the years each kind of archived record is kept (never fewer than two), and the disposal
lists (销毁清册): prepare one of the records whose period has ended, print it for approval, then confirm it
(the records and their files are destroyed) or cancel it. Every step runs in the background and is audited."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.archives import retention
from desktop.models.archives.labels import DISPOSAL_STATUS_LABELS, RECORD_KIND_LABELS
from desktop.models.archives.tables import MAX_YEARS, MIN_YEARS, DisposalList, DisposalStatus, RecordKind
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time
from desktop.models.core.types import utcnow
from desktop.tasks import TaskHandle
from desktop.views.shared.documents import Prepared, build_temporary, prepare_and_preview, show_failure
from desktop.views.shared.forms import Form, apply_change_in_background, plain_message
from desktop.views.shared.labels import label


class RetentionView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_message: QMessageBox | None = None
        self.rows: list[retention.ListRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        box = QGroupBox(self.tr("Retention period (years after archiving, at least %1)").replace("%1", str(MIN_YEARS)))
        form_layout = QFormLayout(box)
        self.form = Form(form_layout)
        self.years: dict[str, QSpinBox] = {}
        for kind in (RecordKind.REQUEST, RecordKind.COMPLAINT):
            spin = QSpinBox()
            spin.setRange(MIN_YEARS, MAX_YEARS)
            spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("000 年") + 60)
            spin.setSuffix(self.tr(" years"))
            self.years[kind] = spin
            self.form.add(kind, label(RECORD_KIND_LABELS, kind), spin)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form_layout.addRow("", save_row)
        layout.addWidget(box)
        actions = QHBoxLayout()
        self.prepare_buttons: dict[str, QPushButton] = {}
        for kind, caption in ((RecordKind.REQUEST, self.tr("Prepare a disposal list of requests…")),
                              (RecordKind.COMPLAINT, self.tr("Prepare a disposal list of complaints…"))):
            button = QPushButton(caption)
            button.clicked.connect(lambda _=False, k=kind: self.prepare(k))
            self.prepare_buttons[kind] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.print_button = QPushButton(self.tr("Print list…"))
        self.confirm_button = QPushButton(self.tr("Confirm disposal…"))
        self.confirm_button.setObjectName("destructive")
        self.confirm_button.setStyleSheet("QPushButton#destructive { color: #b00020; }")
        self.cancel_button = QPushButton(self.tr("Cancel list"))
        for button, slot in ((self.print_button, self.print_list), (self.confirm_button, self.confirm),
                             (self.cancel_button, self.cancel)):
            button.clicked.connect(slot)
            actions.addWidget(button)
        layout.addLayout(actions)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("List"), self.tr("Kind"), self.tr("State"), self.tr("Records"),
                                    self.tr("Prepared by"), self.tr("Prepared"), self.tr("Disposed of")])
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentItemChanged.connect(lambda *_: self._enable())
        layout.addWidget(self.table, 1)
        note = QLabel(self.tr("A record leaves the station only through a confirmed disposal list, after its period; "
                              "the list stays, and the city platform's copies are not touched."))
        note.setWordWrap(True)
        layout.addWidget(note)
        ctx.data_changed.connect(self._on_changed)
        self._enable()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(DisposalList) and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        db, admin = self.ctx.db, self.ctx.user_id
        self.ctx.tasks.run(lambda _h: (retention.rules(db), retention.lists(db, admin)), self._read)

    def _read(self, answer: tuple[dict[str, int], list[retention.ListRow]]) -> None:
        if not isValid(self):
            return
        kept = self.selected()  # the list selected stays selected
        years, self.rows = answer
        for kind, spin in self.years.items():
            spin.setValue(years.get(kind, MIN_YEARS))
        self.table.clear()
        for r in self.rows:
            item = QTreeWidgetItem([r.number, label(RECORD_KIND_LABELS, r.kind),
                                    label(DISPOSAL_STATUS_LABELS, r.status), f"{r.records:,}", r.prepared_by,
                                    format_time(r.prepared_at), format_time(r.confirmed_at) if r.confirmed_at else ""])
            item.setData(0, Qt.ItemDataRole.UserRole, r.id)
            self.table.addTopLevelItem(item)
            if kept is not None and r.id == kept.id:
                self.table.setCurrentItem(item)
        self._enable()

    def selected(self) -> retention.ListRow | None:
        item = self.table.currentItem()
        wanted = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return next((r for r in self.rows if r.id == wanted), None)

    def _enable(self) -> None:
        row = self.selected()
        prepared = row is not None and row.status == DisposalStatus.PREPARED
        self.print_button.setEnabled(row is not None)
        self.confirm_button.setEnabled(prepared)
        self.cancel_button.setEnabled(prepared)

    # ---- the rules ------------------------------------------------------------------------------------------

    def save(self) -> None:
        db, admin = self.ctx.db, self.ctx.user_id
        chosen = {kind: spin.value() for kind, spin in self.years.items()}

        def work() -> Changes:
            for kind, years in chosen.items():
                retention.set_years(db, admin, kind, years)
            return Changes(DisposalList, "updated", ())

        apply_change_in_background(self, self.ctx, work, self.form, lambda _c: self.form.show_errors({}),
                                   busy=[self.save_button])

    # ---- the lists ------------------------------------------------------------------------------------------

    def prepare(self, kind: str) -> None:
        db, admin = self.ctx.db, self.ctx.user_id
        self.ctx.tasks.run(lambda _h: retention.due(db, admin, kind), lambda due: self._due_read(kind, due),
                           lambda exc: show_failure(self, exc))

    def _due_read(self, kind: str, due: list[retention.Due]) -> None:
        if not isValid(self):
            return
        if not due:
            self._say(QMessageBox.Icon.Information, self.tr("No archived record of this kind has passed its "
                                                            "retention period."))
            return
        text = self.tr("%1 records have passed their retention period (the oldest archived on %2). Prepare a "
                       "disposal list of them? Nothing is destroyed until the list is confirmed.")
        answer = QMessageBox.question(self, self.tr("Disposal list"), text.replace("%1", f"{len(due):,}").replace(
            "%2", format_time(due[0].archived_at)))
        if answer == QMessageBox.StandardButton.Yes:
            self.make_list(kind, [d.id for d in due])

    def make_list(self, kind: str, ids: list[int]) -> None:
        db, admin = self.ctx.db, self.ctx.user_id
        self.ctx.run_change(lambda _h: retention.prepare(db, admin, kind, ids), lambda _c: self.refresh(),
                            lambda exc: show_failure(self, exc))

    def print_list(self) -> None:
        row = self.selected()
        if row is None:
            return
        db, admin, data_dir, station = self.ctx.db, self.ctx.user_id, self.ctx.data_dir, self.ctx.station
        who = self.ctx.user.name if self.ctx.user else ""

        def work(_handle: TaskHandle) -> Prepared:
            from desktop.printing.disposal_list import DisposalData, build_disposal_list

            data = DisposalData(station.name if station else "", row, retention.items(db, admin, row.id),
                                retention.rules(db)[row.kind], who, utcnow())
            warning: list[str] = []
            path = build_temporary(data_dir, lambda p: warning.append(build_disposal_list(data, p).warning))
            return Prepared(path, f"档案销毁清册 {row.number}.pdf", warning[0], True)

        prepare_and_preview(self, self.ctx, work, self.tr("Disposal list %1").replace("%1", row.number),
                            self.tr("Making the disposal list…"))

    def confirm(self) -> None:
        row = self.selected()
        if row is None or row.status != DisposalStatus.PREPARED:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Confirm disposal"),
                          self.tr("The %1 records of list %2 and everything of them (timelines, visit records, "
                                  "attachments) will be destroyed on this computer. This cannot be undone; the "
                                  "backups keep them until they are pruned.").replace("%1", f"{row.records:,}")
                          .replace("%2", row.number), QMessageBox.StandardButton.Cancel, self)
        destroy = box.addButton(self.tr("Destroy %1 records").replace("%1", f"{row.records:,}"),
                                QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is destroy:
            self.dispose(row.id)

    def dispose(self, list_id: int) -> None:
        """Carry the list out (asked and answered already), in the background, then remove the files."""
        db, admin, data_dir = self.ctx.db, self.ctx.user_id, self.ctx.data_dir

        def work(_handle: TaskHandle) -> retention.Disposed:
            done = retention.confirm(db, admin, list_id)
            retention.remove_files(data_dir, done.files)
            return done

        self.ctx.run_change(work, self._disposed, lambda exc: show_failure(self, exc),
                            progress_label=self.tr("Destroying the records…"), parent=self)

    def _disposed(self, done: retention.Disposed) -> None:
        if isValid(self):
            self.refresh()
            self._say(QMessageBox.Icon.Information, self.tr("%1 records were destroyed; the list is kept.")
                      .replace("%1", f"{done.records:,}"))

    def cancel(self) -> None:
        row = self.selected()
        if row is None:
            return
        db, admin = self.ctx.db, self.ctx.user_id
        self.ctx.run_change(lambda _h: retention.cancel(db, admin, row.id), lambda _c: self.refresh(),
                            lambda exc: show_failure(self, exc))

    def _say(self, icon: QMessageBox.Icon, text: str) -> None:
        self.last_message = plain_message(self, icon, self.tr("Disposal list"), text)

