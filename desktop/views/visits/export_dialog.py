"""导出已签字记录: copy the archived PDFs of the records signed in a period into a folder (for the city, an
auditor, a USB stick). Counting and copying run in the background; Cancel stops between two records."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.core.clock import local_start, local_today
from desktop.models.core.db import Database
from desktop.tasks import Task, TaskHandle
from desktop.views.shared.dates import date_edit
from desktop.views.shared.documents import show_failure
from desktop.views.shared.forms import plain_label

if TYPE_CHECKING:
    from desktop.printing.archive import ExportResult


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _ids(db: Database, start: datetime, end: datetime) -> list[int]:
    from desktop.printing import archive  # reportlab loads with it: in the background, when first used

    return archive.signed_visit_ids(db, start, end)


PROGRESS_EVERY_S = 0.1


def _at_most_every(seconds: float, report: Callable[[int, int], None]) -> Callable[[int, int], None]:
    """``report(done, total)`` at most every ``seconds``, the first and the last always: an export on worker
    processes notes its records a batch at a time, and a signal for each would reach the GUI thread as a burst
    of progress-dialog updates (each a repaint) between two of its timer ticks."""
    last = [-seconds]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done <= 1 or done >= total or now - last[0] >= seconds:
            last[0] = now
            report(done, total)

    return progress


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.count: int | None = None  # signed records in the period, once counted
        self.result_of_export: ExportResult | None = None
        self.export_task: Task | None = None
        self._serial = 0
        self.setWindowTitle(self.tr("Export signed records"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Copies the archived PDF of every on-site service record signed in the "
                                        "period into a folder. Files already there are not overwritten."),
                                wordWrap=True))
        form = QFormLayout()
        first, last = month_of(today or local_today())
        self.start_edit, self.end_edit = self._date_edit(first), self._date_edit(last)
        form.addRow(self.tr("Signed &from:"), self.start_edit)
        form.addRow(self.tr("&To (inclusive):"), self.end_edit)
        self.count_label = plain_label()
        form.addRow(self.tr("Signed records:"), self.count_label)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(ctx.settings.value("ui/export_folder") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)))
        self.folder_edit.setAccessibleName(self.tr("Folder"))
        self.folder_edit.textChanged.connect(self._update_buttons)
        self.choose_button = QPushButton(self.tr("&Choose…"))
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        folder_label = QLabel(self.tr("Fol&der:"))
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        layout.addLayout(form)
        self.summary_label = plain_label()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        layout.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(self.tr("&Export"))
        self.open_folder_button = QPushButton(self.tr("&Open folder"))
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_folder_button.setVisible(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.export_button.setDefault(True)

        self._count_timer = QTimer(self, singleShot=True, interval=150)  # typing a date: count once it settles
        self._count_timer.timeout.connect(self.recount)
        self.start_edit.dateChanged.connect(self._period_changed)
        self.end_edit.dateChanged.connect(self._period_changed)
        self.recount()
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())

    def _date_edit(self, day: date) -> QDateEdit:
        edit = date_edit(day)
        return edit

    def period(self) -> tuple[date, date]:
        return self.start_edit.date().toPython(), self.end_edit.date().toPython()  # type: ignore[return-value]

    def _bounds(self) -> tuple[datetime, datetime] | None:
        first, last = self.period()
        return None if first > last else (local_start(first), local_start(last + timedelta(days=1)))

    def _period_changed(self) -> None:
        self.count = None
        self._update_buttons()
        self._count_timer.start()

    def recount(self) -> None:
        """Count the signed records of the period in the background."""
        self._serial += 1
        serial = self._serial
        bounds = self._bounds()
        self.count = None
        if bounds is None:
            self.count_label.setText(self.tr("The start date is after the end date."))
            self._update_buttons()
            return
        self.count_label.setText(self.tr("Counting…"))
        db = self.ctx.db

        def counted(ids: list[int]) -> None:
            if isValid(self) and serial == self._serial:
                self.count = len(ids)
                self.count_label.setText(str(len(ids)))
                self._update_buttons()

        def failed(exc: BaseException) -> None:
            if isValid(self) and serial == self._serial:
                self.count_label.setText(self.tr("The records could not be counted."))
            show_failure(self, exc)

        self.ctx.tasks.run(lambda _handle: _ids(db, *bounds), counted, failed)
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.export_task is not None
        self.export_button.setEnabled(not running and bool(self.count) and bool(self.folder_edit.text().strip()))
        for widget in (self.start_edit, self.end_edit, self.folder_edit, self.choose_button):
            widget.setEnabled(not running)

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Export into folder"), self.folder_edit.text())
        if name:
            self.folder_edit.setText(name)

    def export(self) -> None:
        bounds, folder_text = self._bounds(), self.folder_edit.text().strip()
        if bounds is None or not folder_text or self.export_task is not None:
            return
        folder = Path(folder_text)
        self.ctx.settings.setValue("ui/export_folder", str(folder))
        db, data_dir = self.ctx.db, self.ctx.data_dir

        def work(handle: TaskHandle) -> ExportResult:
            from desktop.printing import archive

            ids = _ids(db, *bounds)
            progress = _at_most_every(PROGRESS_EVERY_S, handle.progress)
            return archive.export_signed_records(db, data_dir, ids, folder, progress, lambda: handle.cancelled)

        self.summary_label.setText("")
        self.open_folder_button.setVisible(False)
        self.export_task = self.ctx.tasks.run(work, self._finished, self._failed, parent=self,
                                              progress_label=self.tr("Exporting signed records…"),
                                              on_progress=self._progressed)
        self._update_buttons()

    def _progressed(self, done: int, total: int) -> None:
        if not isValid(self):
            return
        text = self.tr("Exported %1 of %2 records…").replace("%1", str(done)).replace("%2", str(total))
        self.summary_label.setText(text)
        for dialog in self.findChildren(QProgressDialog):  # the runner's progress dialog: records, not percent
            dialog.setLabelText(text)

    def _finished(self, result: ExportResult) -> None:
        if not isValid(self):
            return
        self.export_task = None
        self.result_of_export = result
        folder = str(result.folder)
        if result.cancelled:
            text = self.tr("Stopped after %1 of %2 records. The files exported so far are in %3.")
            text = text.replace("%1", str(result.written)).replace("%2", str(result.total)).replace("%3", folder)
        else:
            text = self.tr("Records exported: %1, into %2.").replace("%1", str(result.written)).replace("%2", folder)
        self.summary_label.setText(text)
        self.open_folder_button.setVisible(True)
        self.open_folder_button.setFocus()
        self._update_buttons()
        self.exported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.export_task = None
        self.summary_label.setText(self.tr("The export stopped with an error."))
        self._update_buttons()
        show_failure(self, exc)

    def open_folder(self) -> None:
        folder = self.result_of_export.folder if self.result_of_export else Path(self.folder_edit.text().strip())
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def reject(self) -> None:
        if self.export_task is not None:  # the progress dialog's Cancel stops it; closing waits for that
            return
        super().reject()
