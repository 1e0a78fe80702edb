"""查阅打印导出记录 (admins): who read an archived record, printed or exported client data, and when; a period and
a staff member to narrow it; an export to Excel (itself logged)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.archives import access_log
from desktop.models.archives.labels import ACCESS_ACTION_LABELS, ACCESS_DOCUMENT_LABELS
from desktop.models.archives.tables import AccessEntry
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time
from desktop.processes import ProcessJob
from desktop.views.shared.dates import date_edit, pydate, station_today
from desktop.views.shared.labels import label

ANYONE = -1


class AccessLogView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_message: QMessageBox | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("From")))
        today = station_today()
        self.date_from = date_edit(today.addMonths(-1))
        self.date_to = date_edit(today)
        self.date_to.setAccessibleName(self.tr("Until"))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.date_to)
        self.staff_box = QComboBox()
        self.staff_box.setAccessibleName(self.tr("Staff member"))
        self.staff_box.addItem(self.tr("Everyone"), ANYONE)
        bar.addWidget(self.staff_box)
        bar.addStretch(1)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("The entries of the period to Excel"))
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setHeaderLabels([self.tr("Time"), self.tr("Staff member"), self.tr("Action"), self.tr("Document"),
                                    self.tr("What"), self.tr("Records")])
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.header().setStretchLastSection(False)
        for column, width in enumerate((140, 110, 70, 160, 520, 60)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.refresh)
        self.staff_box.currentIndexChanged.connect(self.refresh)
        self.export_button.clicked.connect(self.export_file)
        ctx.data_changed.connect(self._on_changed)
        db = ctx.db
        from desktop.models.archives import archive_search

        ctx.tasks.run(lambda _h: archive_search.choices(db).staff, self._staff_read)

    def _staff_read(self, staff: list[tuple[int, str]]) -> None:
        if not isValid(self):
            return
        self.staff_box.blockSignals(True)
        for key, name in staff:
            self.staff_box.addItem(name, key)
        self.staff_box.blockSignals(False)

    def _filter(self) -> tuple[date, date, int | None]:
        staff = self.staff_box.currentData()
        return (pydate(self.date_from.date()), pydate(self.date_to.date()),
                None if staff in (ANYONE, None) else int(staff))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # records read and printed meanwhile

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(AccessEntry) and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        db, viewer = self.ctx.db, self.ctx.user_id
        start, end, staff = self._filter()
        self.count_label.setText(self.tr("Reading…"))
        self.ctx.tasks.run(lambda _h: access_log.entries(db, viewer, start, end, staff), self._read)

    def _read(self, answer: tuple[int, list[access_log.AccessRow]]) -> None:
        if not isValid(self):
            return
        count, rows = answer
        self.table.clear()
        for r in rows:
            item = QTreeWidgetItem([format_time(r.at), r.staff, label(ACCESS_ACTION_LABELS, r.action),
                                    label(ACCESS_DOCUMENT_LABELS, r.document), r.what, f"{r.records:,}"])
            item.setToolTip(4, r.what)
            item.setTextAlignment(5, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        text = self.tr("%n entries", "", count)
        if count > len(rows):
            text = self.tr("%1 (the newest %2 shown; the export has them all)").replace("%1", text).replace(
                "%2", f"{len(rows):,}")
        self.count_label.setText(text)

    def export_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export the access log"), "access-log.xlsx",
                                                "Excel (*.xlsx)")
        if not chosen:
            return
        path = Path(chosen if Path(chosen).suffix else chosen + ".xlsx")
        start, end, staff = self._filter()
        job = ProcessJob(access_log.export_job, (self.ctx.db.path, self.ctx.user_id, path, start, end, staff))
        self.ctx.tasks.run(job, lambda n: self._exported(n, path), self._failed,
                            progress_label=self.tr("Exporting the access log…"), parent=self)

    def _exported(self, count: int, path: Path) -> None:
        from desktop.views.shared.forms import plain_message

        if not isValid(self):
            return
        self.refresh()  # the export is an entry too
        text = self.tr("Exported %1 entries to %2.").replace("%1", f"{count:,}").replace("%2", str(path))
        self.last_message = plain_message(self, QMessageBox.Icon.Information, self.tr("Export the access log"), text)

    def _failed(self, exc: BaseException) -> None:
        from desktop.views.shared.documents import show_failure

        show_failure(self, exc)
