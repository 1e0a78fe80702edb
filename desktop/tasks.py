"""The one way to run work off the GUI thread.

``TaskRunner.run(fn, ...)`` runs ``fn(handle)`` on a ``QThreadPool``. ``fn`` never touches widgets; it
may call ``handle.progress(done, total)`` and check ``handle.cancelled``. ``fn`` must capture plain data
only (the ``Database``, paths, ids), never a widget or the AppContext: the worker thread drops its
references when it is done, and a QObject whose last reference goes there is deleted on the wrong thread.
Success, failure and progress reach the GUI thread through queued signals. With ``progress_label`` a
modal progress dialog appears if the work lasts longer than ``SHOW_AFTER_MS``; its Cancel button sets
``handle.cancelled``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

SHOW_AFTER_MS = 500


class TaskHandle:
    """What the background function sees: progress reporting and the cancel flag. Thread-safe."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, done: int, total: int) -> None:
        self._task.progressed.emit(done, total)


class Task(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.handle = TaskHandle(self)

    def cancel(self) -> None:
        self.handle.cancel()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskHandle], Any], task: Task) -> None:
        super().__init__()
        self.fn = fn
        self.task = task

    def run(self) -> None:
        try:
            result = self.fn(self.task.handle)
        except BaseException as exc:  # delivered to the GUI thread, which decides what to show
            self.task.failed.emit(exc)
        else:
            self.task.succeeded.emit(result)
        finally:
            self.task.finished.emit()


def _unhandled(exc: BaseException) -> None:
    sys.excepthook(type(exc), exc, exc.__traceback__)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: set[Task] = set()
        self._shown: set[Task] = set()  # those with a progress dialog: work the user started and waits for
        self._finished: list[Task] = []

    @property
    def busy(self) -> bool:
        """Whether work the user is waiting for (an import, an export) is running. Background reads (counts,
        list queries) do not count: closing the window may simply drop their answers."""
        return bool(self._shown)

    def run(
        self,
        fn: Callable[[TaskHandle], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        progress_label: str | None = None,
        parent: QWidget | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Task:
        task = Task(self)
        queued = Qt.ConnectionType.QueuedConnection
        if on_success is not None:
            task.succeeded.connect(on_success, queued)
        # a failure nobody handles goes to sys.excepthook (logged and shown), never silently away
        task.failed.connect(on_failure if on_failure is not None else _unhandled, queued)
        if on_progress is not None:
            task.progressed.connect(on_progress, queued)
        if progress_label is not None:
            self._shown.add(task)
            self._progress_dialog(task, progress_label, parent)
        task.finished.connect(lambda: self._done(task), queued)
        self._running.add(task)
        self.pool.start(_Runnable(fn, task))
        return task

    def _progress_dialog(self, task: Task, label: str, parent: QWidget | None) -> None:
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.canceled.connect(task.cancel)

        def progressed(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))

        task.progressed.connect(progressed, Qt.ConnectionType.QueuedConnection)
        task.finished.connect(dialog.deleteLater, Qt.ConnectionType.QueuedConnection)
        task.finished.connect(dialog.close, Qt.ConnectionType.QueuedConnection)

    def _done(self, task: Task) -> None:
        self._running.discard(task)
        self._shown.discard(task)
        # A worker may still be returning from its last emit() on this task: delete finished tasks only
        # when no worker is running at all (the rest wait for a later turn, or for wait()).
        self._finished.append(task)
        if self.pool.activeThreadCount() == 0:
            self._delete_finished()

    def _delete_finished(self) -> None:
        for task in self._finished:
            task.deleteLater()
        self._finished.clear()

    def cancel_all(self) -> None:
        for task in self._running:
            task.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work has run (for shutdown and tests)."""
        done = self.pool.waitForDone(msecs)
        if done:
            self._delete_finished()
        return done
