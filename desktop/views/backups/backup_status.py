"""The backups in the status bar: when the last one was made, or a warning when none is set up, the last one failed
or it is over a day old; clicking it opens the backups page (admins). While the app runs, a backup is made by itself
when one is due (a folder chosen, none in the last day), in a worker process; one at a time. When the window
closes and the last good backup is over an hour old, one more is made by ``quality-station backup`` in a process
of its own, so that the window closes at once (the backup is recorded like any other; killed, it leaves the
earlier ones whole)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QStyle, QWidget
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.backups.backups import BackupState
from desktop.models.backups.labels import BACKUP_STATE_LABELS
from desktop.models.backups.tables import BackupRun, BackupSetting
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time
from desktop.processes import ProcessJob
from desktop.views.shared.labels import label

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow

CHECK_EVERY_MS = 10 * 60 * 1000  # is a backup due?
AT_CLOSE_AFTER = timedelta(hours=1)  # a backup at close unless one was made this recently
WARN = "QPushButton { color: #a15c00; font-weight: bold; text-align: left; }"


class BackupStatus(QPushButton):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state: BackupState | None = None
        self.last_ok: datetime | None = None  # when the last good backup finished (as last read)
        self.tried_at: datetime | None = None  # when this window last started one by itself
        self.running = False  # a backup of ours is under way
        self.auto = True  # make one by itself when due
        self._seq = 0
        self.setFlat(True)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        ctx.user_changed.connect(self._on_user_changed)
        ctx.data_changed.connect(self._on_changed)

    def _on_user_changed(self, _user: object) -> None:
        self.check()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(BackupSetting, BackupRun):
            self.check()

    def check(self) -> None:
        """Read how the backups stand (in the background), then show it, and start one if it is due."""
        if self.ctx.user is None:
            return
        from desktop.models.backups import backups

        self._seq += 1
        db, seq = self.ctx.db, self._seq
        self.ctx.tasks.run(lambda _h: (seq, *backups.state(db)), self._answer)

    def _answer(self, answer: tuple[int, BackupState, BackupRun | None]) -> None:
        seq, state, last = answer
        if not isValid(self) or seq != self._seq:
            return
        self.state = state
        self.last_ok = last.finished_at if last is not None and last.ok else self.last_ok
        text = label(BACKUP_STATE_LABELS, state)
        if last is not None:
            text += " " + format_time(last.finished_at)
        self.setText(text)
        self.setToolTip(last.message if last is not None and not last.ok else "")
        warn = state != BackupState.OK
        self.setStyleSheet(WARN if warn else "")
        self.setIcon(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning) if warn
                     else QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.setAccessibleName(text)
        tried_lately = self.tried_at is not None and datetime.now(UTC) - self.tried_at < AT_CLOSE_AFTER
        if self.auto and state in (BackupState.NEVER, BackupState.OVERDUE) and not tried_lately:
            self.back_up()

    def back_up(self) -> None:
        """A backup now, in a worker process (none if one of ours is running)."""
        if self.running:
            return
        from desktop.models.backups.jobs import backup_job

        self.running = True
        self.tried_at = datetime.now(UTC)  # not again within the hour, whatever became of it
        self.setText(self.tr("Backing up…"))
        job = ProcessJob(backup_job, (self.ctx.db.path, self.ctx.data_dir))
        self.ctx.run_change(job, self._done, self._done)  # announced: the backups page reads again

    def at_close(self) -> list[str] | None:
        """When the window closes: a backup in a process of its own if one is due (its command line), else None."""
        due = self.state not in (None, BackupState.UNSET) and not self.running and (
            self.last_ok is None or datetime.now(UTC) - self.last_ok > AT_CLOSE_AFTER)
        if not due:
            return None
        command = [*app_command(), "backup", "--data-dir", str(self.ctx.data_dir)]
        options: dict[str, object] = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL,
                                      "stderr": subprocess.DEVNULL, "close_fds": True}
        if os.name == "nt":
            options["creationflags"] = (subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
                                        | subprocess.CREATE_NO_WINDOW)  # type: ignore[attr-defined]
        else:
            options["start_new_session"] = True  # not stopped with the app's terminal or session
        subprocess.Popen(command, **options)  # type: ignore[call-overload]
        return command

    def _done(self, _result: object) -> None:
        if not isValid(self):
            return
        self.running = False
        self.check()  # recorded, made or failed


def app_command() -> list[str]:
    """How to run this app's command line: the installed program itself, or Python with the package."""
    return [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "desktop"]


def install(window: MainWindow) -> None:
    status = BackupStatus(window.ctx, window)
    window.closing.connect(status.at_close)
    status.clicked.connect(lambda: window.show_page("backups") if window.ctx.user and window.ctx.user.is_admin
                           else None)
    window.statusBar().addWidget(status)
    window.backup_status = status  # type: ignore[attr-defined]  # for tests
    status.check()
