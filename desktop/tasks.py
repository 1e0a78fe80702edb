"""The one way to run work off the GUI thread.

``TaskRunner.run(fn, ...)`` runs ``fn(handle)`` on a ``QThreadPool``. ``fn`` never touches widgets; it
may call ``handle.progress(done, total)`` and check ``handle.cancelled``. ``fn`` must capture plain data
only (the ``Database``, paths, ids), never a widget or the AppContext: the worker thread drops its
references when it is done, and a QObject whose last reference goes there is deleted on the wrong thread.
Success, failure and progress reach the GUI thread through queued signals of one long-lived QObject per
runner (the hub), tagged with the task's number: a task itself is a plain Python object, so no QObject is
ever made per task or deleted later (per-task QObjects deleted with ``deleteLater`` crashed PySide now and
then, in the destructor, when the deferred deletion ran). With ``progress_label`` a modal progress dialog
appears if the work lasts longer than ``SHOW_AFTER_MS``; its Cancel button sets ``handle.cancelled``.

CPU-heavy pure Python (spreadsheet parsing and writing) holds the interpreter lock long enough, even on a worker
thread, to freeze the window: given a ``desktop.processes.ProcessJob`` instead of a function, the runner runs it in
a worker process, and a pool thread waits for it; progress, cancel, the result and a failure reach the same
callbacks in the same way (see ``desktop/processes.py``).

``urgent=True`` runs a short read that the clerk is looking at (a list's rows, a search's result) on threads of
its own: it never queues behind background work that takes long (the status bar's counts at a million requests
took 28 s under load, and held both threads of the pool while a list waited for its rows).
"""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.processes import ProcessJob, run_job

SHOW_AFTER_MS = 500


class _Hub(QObject):
    """Lives on the GUI thread; workers emit here, the runner's slots receive on the GUI thread."""

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, int, int)
    finished = Signal(int)


class TaskHandle:
    """What the background function sees: progress reporting and the cancel flag. Thread-safe."""

    def __init__(self, hub: _Hub, number: int) -> None:
        self._hub = hub
        self._number = number
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, done: int, total: int) -> None:
        self._hub.progressed.emit(self._number, done, total)


@dataclass(eq=False)
class Task:
    """A piece of work handed to the runner: cancel it, or let it finish."""

    number: int
    handle: TaskHandle
    on_success: Callable[[Any], None] | None = None
    on_failure: Callable[[BaseException], None] | None = None
    on_progress: Callable[[int, int], None] | None = None
    dialog: QProgressDialog | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self.handle.cancel()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskHandle], Any], hub: _Hub, number: int, handle: TaskHandle) -> None:
        super().__init__()
        self.fn, self.hub, self.number, self.handle = fn, hub, number, handle

    def run(self) -> None:
        try:
            result = self.fn(self.handle)
        except BaseException as exc:  # delivered to the GUI thread, which decides what to show
            self.hub.failed.emit(self.number, exc)
        else:
            self.hub.succeeded.emit(self.number, result)
        finally:
            self.hub.finished.emit(self.number)
            self.fn = None  # type: ignore[assignment]  # let go of the work's data here, not later


def _unhandled(exc: BaseException) -> None:
    sys.excepthook(type(exc), exc, exc.__traceback__)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.urgent_pool = QThreadPool(self)  # short reads the clerk waits to see (``run(urgent=True)``)
        self.urgent_pool.setMaxThreadCount(max_threads)
        self._hub = _Hub(self)
        queued = Qt.ConnectionType.QueuedConnection
        self._hub.succeeded.connect(self._succeeded, queued)
        self._hub.failed.connect(self._failed, queued)
        self._hub.progressed.connect(self._progressed, queued)
        self._hub.finished.connect(self._finished, queued)
        self._numbers = itertools.count(1)
        self._running: dict[int, Task] = {}
        self.use_processes = True  # False: a ProcessJob runs on a pool thread like any function

    @property
    def busy(self) -> bool:
        """Whether work the user is waiting for (an import, an export) is running. Background reads (counts,
        list queries) do not count: closing the window may simply drop their answers."""
        return any(task.dialog is not None for task in self._running.values())

    def run(
        self,
        fn: Callable[[TaskHandle], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        progress_label: str | None = None,
        parent: QWidget | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        urgent: bool = False,
    ) -> Task:
        number = next(self._numbers)
        handle = TaskHandle(self._hub, number)
        # a failure nobody handles goes to sys.excepthook (logged and shown), never silently away
        task = Task(number, handle, on_success, on_failure or _unhandled, on_progress)
        if progress_label is not None:
            task.dialog = self._progress_dialog(task, progress_label, parent)
        self._running[number] = task
        if isinstance(fn, ProcessJob) and self.use_processes:
            fn = partial(run_job, fn)
        (self.urgent_pool if urgent else self.pool).start(_Runnable(fn, self._hub, number, handle))
        return task

    def _progress_dialog(self, task: Task, label: str, parent: QWidget | None) -> QProgressDialog:
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.canceled.connect(task.handle.cancel)
        return dialog

    # ---- on the GUI thread ----------------------------------------------------------------------------

    def _succeeded(self, number: int, result: object) -> None:
        task = self._running.get(number)
        if task is not None and task.on_success is not None:
            task.on_success(result)

    def _failed(self, number: int, exc: object) -> None:
        task = self._running.get(number)
        if task is not None and task.on_failure is not None and isinstance(exc, BaseException):
            task.on_failure(exc)

    def _progressed(self, number: int, done: int, total: int) -> None:
        task = self._running.get(number)
        if task is None:
            return
        if task.dialog is not None:
            task.dialog.setMaximum(max(total, 1))
            task.dialog.setValue(min(done, max(total, 1)))
        if task.on_progress is not None:
            task.on_progress(done, total)

    def _finished(self, number: int) -> None:
        task = self._running.pop(number, None)
        if task is None or task.dialog is None:
            return
        dialog, task.dialog = task.dialog, None
        dialog.close()
        if dialog.parent() is not None:  # owned by its window: give it back now rather than with the window
            dialog.setParent(None)
        # the last reference goes here, on the GUI thread: Python deletes the dialog now, no deferred delete

    def cancel_all(self) -> None:
        for task in self._running.values():
            task.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work has run (for shutdown and tests)."""
        done = self.pool.waitForDone(msecs)
        return self.urgent_pool.waitForDone(msecs) and done
