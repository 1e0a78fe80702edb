"""备份与恢复 (admins): where the backups go and how many are kept, a backup now, the backups made (when, result,
size), a check of the station's data, and a restore of a backup into a new folder. The work runs in a worker
process with progress; the window stays free."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
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
from desktop.messages import tr_message
from desktop.models.backups import backups
from desktop.models.backups.tables import MAX_KEEP, BackupRun
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time
from desktop.models.core.errors import Refused
from desktop.processes import ProcessJob
from desktop.views.shared.forms import Form, apply_change_in_background, line_edit


class BackupsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_message: QMessageBox | None = None
        layout = QVBoxLayout(self)
        where = QGroupBox(self.tr("Where the backups go"))
        form_layout = QFormLayout(where)
        self.form = Form(form_layout)
        self.folder = line_edit(1000)
        self.folder.setPlaceholderText(self.tr("A USB drive or a network share, for example E:\\备份"))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.form.add("folder", self.tr("Folder"), holder)
        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setMaximumWidth(self.keep.fontMetrics().horizontalAdvance("0000") + 60)
        self.form.add("keep", self.tr("Backups kept"), self.keep)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save_setting)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form_layout.addRow("", save_row)
        layout.addWidget(where)

        actions = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.clicked.connect(self.back_up)
        self.check_button = QPushButton(self.tr("Check the station's data"))
        self.check_button.clicked.connect(self.check_data)
        self.restore_button = QPushButton(self.tr("Restore a backup into a new folder…"))
        self.restore_button.clicked.connect(self.choose_restore)
        for button in (self.backup_button, self.check_button, self.restore_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.note = QLabel(self.tr("A backup is also made by itself once a day while the app runs. Each one is "
                                   "checked after it is written; a file already in the folder is not copied "
                                   "again."))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("Made"), self.tr("Result"), self.tr("Size"), self.tr("Files"),
                                    self.tr("Backup"), self.tr("Folder")])
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        ctx.data_changed.connect(self._on_changed)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # a backup made by itself meanwhile

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(BackupRun):
            self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        self.ctx.tasks.run(lambda _h: (backups.setting(db), backups.runs(db)), self._read)

    def _read(self, answer: tuple[backups.Setting, list[BackupRun]]) -> None:
        if not isValid(self):
            return
        setting, runs = answer
        if not self.folder.isModified():
            self.folder.setText(setting.folder)
            self.keep.setValue(setting.keep)
        self.table.clear()
        for run in runs:
            item = QTreeWidgetItem([format_time(run.finished_at), self.tr("Verified") if run.ok else
                                    self.tr("Failed: %1").replace("%1", tr_message(run.message)),
                                    f"{run.size / 1e6:,.1f} MB" if run.ok else "", f"{run.files:,}" if run.ok else "",
                                    run.generation, run.folder])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)

    # ---- the setting -----------------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Where the backups go"), self.folder.text())
        if chosen:
            self.folder.setText(str(Path(chosen)))
            self.folder.setModified(True)

    def save_setting(self) -> None:
        db, actor, folder, keep = self.ctx.db, self.ctx.user_id, self.folder.text(), self.keep.value()
        apply_change_in_background(self, self.ctx, lambda: backups.set_setting(db, actor, folder, keep), self.form,
                                   lambda _c: self._saved(), busy=[self.save_button])

    def _saved(self) -> None:
        self.folder.setModified(False)
        self.form.show_errors({})
        self.refresh()

    # ---- the work ---------------------------------------------------------------------------------------------

    def back_up(self) -> None:
        from desktop.models.backups.jobs import backup_job

        job = ProcessJob(backup_job, (self.ctx.db.path, self.ctx.data_dir))
        self.backup_button.setEnabled(False)
        self.ctx.run_change(job, self._backed_up, self._backup_failed, progress_label=self.tr("Backing up…"),
                            parent=self)

    def _backed_up(self, made: backups.Made) -> None:
        self._finished(self.tr("Backed up to %1 (%2 files, %3 MB), verified.").replace("%1", made.folder)
                       .replace("%2", f"{made.files:,}").replace("%3", f"{made.size / 1e6:,.1f}"))

    def _backup_failed(self, exc: BaseException) -> None:
        self._finished(_failure(exc), QMessageBox.Icon.Warning)

    def _finished(self, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        if not isValid(self):
            return
        self.backup_button.setEnabled(True)
        self._say(text, icon)

    def check_data(self) -> None:
        from desktop.models.backups.jobs import check_job

        job = ProcessJob(check_job, (self.ctx.data_dir,))
        self.ctx.tasks.run(job, self._checked, progress_label=self.tr("Checking the station's data…"), parent=self)

    def _checked(self, problems: list[str]) -> None:
        if not isValid(self):
            return
        if problems:
            self._say("\n".join(tr_message(p) for p in problems[:30]), QMessageBox.Icon.Warning)
        else:
            self._say(self.tr("Nothing wrong found: the database, its protections and every stored file are as "
                              "they were written."))

    def choose_restore(self) -> None:
        backup = QFileDialog.getExistingDirectory(self, self.tr("The backup to restore (a backup's folder)"))
        if not backup:
            return
        target = QFileDialog.getExistingDirectory(self, self.tr("A new, empty folder to restore into"))
        if target:
            self.restore(Path(backup), Path(target))

    def restore(self, backup: Path, target: Path) -> None:
        from desktop.models.backups.jobs import restore_job

        self.ctx.tasks.run(ProcessJob(restore_job, (backup, target)), lambda done: self._restored(target, done),
                           self._restore_failed, progress_label=self.tr("Restoring…"), parent=self)

    def _restored(self, target: Path, done: tuple[str, int]) -> None:
        if isValid(self):
            self._say(self.tr("The backup of %1 is restored into %2 (%3 files). To work in it, start the app with "
                              "--data-dir %2.").replace("%1", done[0]).replace("%2", str(target))
                      .replace("%3", f"{done[1]:,}"))

    def _restore_failed(self, exc: BaseException) -> None:
        if isValid(self):
            self._say(_failure(exc), QMessageBox.Icon.Warning)

    def _say(self, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        box = QMessageBox(icon, self.window().windowTitle(), text, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.last_message = box
        box.open()


def _failure(exc: BaseException) -> str:
    """Why a backup or a restore failed, with what its verification found; an unexpected error is raised on (to
    the log and the error box)."""
    if not isinstance(exc, Refused | OSError):
        raise exc
    problems = getattr(exc, "problems", [])
    text = tr_message(exc.message) if isinstance(exc, Refused) else str(exc.strerror or exc)
    return "\n".join([text, *(tr_message(p) for p in problems[:20])])
