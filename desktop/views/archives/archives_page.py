"""档案管理 (clerks and admins): the archived requests and the ended complaints, each record's file, printing a
file (cover, contents list, documents) and exporting records as a checked bundle; for admins, the access log.
Printing and exporting run in a worker process; who made a copy and when is printed on it and logged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTabWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.core.tables import Role
from desktop.models.core.types import utcnow
from desktop.processes import ProcessJob
from desktop.views.archives.archive_file_window import ArchiveFileWindow
from desktop.views.archives.archive_lists import ArchivedComplaints, ArchivedRequests, ArchiveList
from desktop.views.shared.documents import Prepared, open_preview, show_failure, temp_folder
from desktop.views.shared.forms import plain_message

translate = QCoreApplication.translate


class ArchivesPage(QWidget):
    open_request = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_message: QMessageBox | None = None
        self.windows: dict[tuple[str, int], QWidget] = {}
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.requests = ArchivedRequests(ctx)
        self.complaints = ArchivedComplaints(ctx)
        self.lists: tuple[ArchiveList, ...] = (self.requests, self.complaints)
        self.tabs.addTab(self.requests, self.tr("Service requests"))
        self.tabs.addTab(self.complaints, self.tr("Complaints"))
        for archive in self.lists:
            archive.open_file.connect(self.open_file)
            archive.print_file.connect(self.print_file)
            archive.export.connect(self.export_records)
        self.access_log: QWidget | None = None
        self.retention: QWidget | None = None
        if ctx.user is not None and ctx.user.role == Role.ADMIN:
            from desktop.views.archives.access_log_view import AccessLogView
            from desktop.views.archives.retention_view import RetentionView

            self.access_log = AccessLogView(ctx)
            self.tabs.addTab(self.access_log, self.tr("Access log (查阅打印导出记录)"))
            self.retention = RetentionView(ctx)
            self.tabs.addTab(self.retention, self.tr("Retention and disposal (保管期限与销毁)"))
        layout.addWidget(self.tabs)

    def _asking(self) -> QWidget:
        """The window that asked (a file's window, or this page): the progress and the preview go over it."""
        sender = self.sender()
        return sender.window() if isinstance(sender, ArchiveFileWindow) else self

    def _who(self) -> str:
        return self.ctx.user.name if self.ctx.user is not None else ""

    # ---- a record's file ------------------------------------------------------------------------------------

    def open_file(self, kind: str, record_id: int) -> QWidget:
        window = self.windows.get((kind, record_id))
        if window is not None and isValid(window) and window.isVisible():
            window.raise_()
            window.activateWindow()
            return window
        window = ArchiveFileWindow(self.ctx, kind, record_id, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda _o=None, key=(kind, record_id): self.windows.pop(key, None))
        window.open_request.connect(self.open_request)
        window.print_file.connect(self.print_file)
        window.export.connect(self.export_records)
        self.windows[(kind, record_id)] = window
        window.show()
        return window

    def print_file(self, kind: str, record_id: int) -> None:
        from desktop.printing.archive_jobs import print_file_job

        parent = self._asking()
        job = ProcessJob(print_file_job, (self.ctx.db.path, self.ctx.data_dir, self.ctx.user_id, kind, record_id,
                                          self._who(), utcnow(), temp_folder(self.ctx.data_dir)))
        self.ctx.tasks.run(job, lambda made: self._printed(parent, made), lambda exc: show_failure(parent, exc),
                           progress_label=self.tr("Making the archive file…"), parent=parent)

    def _printed(self, parent: QWidget, made: tuple[Path, str, int]) -> None:
        path, number, _pages = made
        if not isValid(parent):
            path.unlink(missing_ok=True)
            return
        name = self.tr("Archive file %1.pdf").replace("%1", number)
        open_preview(parent, self.ctx, Prepared(path, name, "", True), self.tr("Archive file %1").replace("%1", number))

    # ---- export ---------------------------------------------------------------------------------------------

    def export_records(self, kind: str, ids: list[int]) -> None:
        from desktop.printing.archive_jobs import export_bundle_job

        parent = self._asking()
        chosen, _ = QFileDialog.getSaveFileName(parent, self.tr("Export archived records"), "archive.zip",
                                                self.tr("Archive bundle (*.zip)"))
        if not chosen:
            return
        path = Path(chosen if Path(chosen).suffix else chosen + ".zip")
        refs = [(kind, i) for i in ids]
        job = ProcessJob(export_bundle_job, (self.ctx.db.path, self.ctx.data_dir, self.ctx.user_id, refs, path,
                                             self._who(), utcnow()))
        self.ctx.tasks.run(job, lambda n: self._exported(parent, n, path), lambda exc: show_failure(parent, exc),
                           progress_label=self.tr("Exporting archived records…"), parent=parent)

    def _exported(self, parent: QWidget, count: int, path: Path) -> None:
        if not isValid(parent):
            return
        text = (self.tr("The export was cancelled; no file was written.") if count < 0 else
                self.tr("Exported %1 records to %2. 'quality-station verify' checks the file against its manifest "
                        "and the station's records.").replace("%1", str(count)).replace("%2", str(path)))
        self.last_message = plain_message(parent, QMessageBox.Icon.Information, self.tr("Export archived records"),
                                          text)
