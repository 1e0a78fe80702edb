"""Work in a worker process: for CPU-heavy pure Python (spreadsheet parsing and writing) that, on a thread, holds
the interpreter lock long enough to freeze the window (openpyxl: 100–240 ms at a time).

A :class:`ProcessJob` names a module-level function and its arguments (plain, picklable data: paths, ids, query
dataclasses); ``TaskRunner.run`` sees one and runs ``fn(handle, *args)`` in a new process started with
``multiprocessing``'s "spawn" method (the same on Linux and Windows, and in the PyInstaller bundle thanks to
``multiprocessing.freeze_support()`` in ``desktop.__main__``). One process per job: starting one costs a few
hundred milliseconds (the interpreter and the model modules), next to the tens of seconds of an import, and a
process that ends with its job leaves nothing behind and no state between jobs.

The job's ``handle`` (:class:`ChildHandle`) has what ``desktop.tasks.TaskHandle`` has: ``progress(done, total)``
and ``cancelled``. Progress, the result and an exception travel back over a pipe; a thread of the GUI process
waits on that pipe (the wait releases the lock), forwards the progress and passes the cancel request on, so the
GUI side sees exactly what a thread job gives it: the same result, the same exception class and message.

This module imports no Qt (the worker process never loads it): the job's module is all the worker imports.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Protocol

POLL_S = 0.05  # how often the waiting thread looks at the cancel flag between messages


class Handle(Protocol):
    """What a job (thread or process) sees: ``desktop.tasks.TaskHandle`` or :class:`ChildHandle`."""

    @property
    def cancelled(self) -> bool: ...

    def progress(self, done: int, total: int) -> None: ...


@dataclass(frozen=True)
class ProcessJob:
    """``fn(handle, *args)`` to run in a worker process; ``fn`` a module-level function of a Qt-free module.

    Called directly (``job(handle)``) it runs where it is called: the thread path, for tests and the CLI."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()

    def __call__(self, handle: Handle) -> Any:
        return self.fn(handle, *self.args)


class ProcessEnded(RuntimeError):
    """The worker process ended without an answer (killed, out of memory, crashed in C)."""


class ChildHandle:
    """The handle inside the worker process: progress goes up the pipe, a cancel request comes down it."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        if not self._cancelled and self._conn.poll():
            self._cancelled = self._conn.recv() == "cancel"
        return self._cancelled

    def progress(self, done: int, total: int) -> None:
        self._conn.send(("progress", done, total))


def _child(conn: Connection, job: ProcessJob) -> None:
    """The worker process's whole life: run the job, send back its result or its exception."""
    lower_priority()
    _end_with_the_app()
    handle = ChildHandle(conn)
    try:
        result = job(handle)
    except BaseException as exc:  # the GUI side decides what to show, as for a thread job
        _send_exception(conn, exc)
    else:
        conn.send(("result", result))
    conn.close()


def lower_priority(niceness: int = 5) -> None:
    """Background work runs at a lower priority than the window: on a busy two-core PC the scheduler then gives
    the GUI thread the processor the moment it has something to do (a repaint, a click), instead of sharing it.
    ``niceness`` on POSIX; Windows has one class for it (below normal)."""
    with suppress(OSError, AttributeError):
        if sys.platform == "win32":
            import ctypes

            below_normal = 0x4000  # BELOW_NORMAL_PRIORITY_CLASS
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)
        else:
            os.nice(niceness)


def _end_with_the_app() -> None:
    """When the app ends without waiting for the job (killed, crashed), the job ends at once too, not at its next
    progress report: an unfinished transaction of the station's file is rolled back, never half kept."""
    app = multiprocessing.parent_process()
    if app is None:
        return

    def watch() -> None:
        app.join()
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="end-with-the-app").start()


def _send_exception(conn: Connection, exc: BaseException) -> None:
    """The exception itself when it survives pickling (an ``OSError`` with its file name does); else its class,
    ``args`` and attributes, rebuilt without calling ``__init__`` (unpickling calls it again with ``args``, which
    fails for ``Invalid(errors)`` and the like); else a ``RuntimeError`` naming it."""
    remote = "".join(traceback.format_exception(exc))
    payload: tuple[str, Any]
    try:
        copy = pickle.loads(pickle.dumps(exc))
        whole = type(copy) is type(exc) and str(copy) == str(exc) and vars(copy) == vars(exc)
    except Exception:
        whole = False
    if whole:
        payload = ("pickled", exc)
    else:
        payload = ("rebuilt", (type(exc), exc.args, dict(vars(exc))))
        try:
            _rebuilt(*pickle.loads(pickle.dumps(payload[1])))  # what the other side will do: it must work
        except Exception:  # an exception that does not travel: its class name and message still arrive
            payload = ("rebuilt", (RuntimeError, (f"{type(exc).__name__}: {exc}",), {}))
    conn.send(("error", payload, remote))


def _rebuilt(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    exc = cls.__new__(cls, *args)
    exc.args = args
    exc.__dict__.update(state)
    return exc


def run_job(job: ProcessJob, handle: Handle, progress: Callable[[int, int], None] | None = None) -> Any:
    """Run ``job`` in a new worker process and wait for it (on a thread of the GUI process, never the GUI
    thread): its progress is passed to ``progress`` (default: ``handle.progress``), ``handle.cancelled`` is
    passed on to the job, and its result is returned or its exception raised here. The process has ended when
    this returns."""
    report = progress or handle.progress
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=True)
    process = context.Process(target=_child, args=(theirs, job), daemon=True, name="quality-station-job")
    process.start()
    theirs.close()  # only the child holds its end now: when the child goes, recv() here ends
    cancel_sent = False
    try:
        while True:
            if not cancel_sent and handle.cancelled:
                cancel_sent = True
                with suppress(OSError):  # the job has just ended: its answer is on its way
                    ours.send("cancel")
            if not ours.poll(POLL_S):
                if not process.is_alive() and not ours.poll():
                    raise ProcessEnded(f"the worker process ended without an answer (exit code {process.exitcode})")
                continue
            try:
                message = ours.recv()
            except EOFError:
                process.join()
                raise ProcessEnded(
                    f"the worker process ended without an answer (exit code {process.exitcode})") from None
            kind = message[0]
            if kind == "progress":
                report(message[1], message[2])
            elif kind == "result":
                return message[1]
            else:
                how, what = message[1]
                exc = what if how == "pickled" else _rebuilt(*what)
                exc.add_note("In the worker process:\n" + message[2])
                raise exc
    finally:
        ours.close()
        process.join(5)
        if process.is_alive():  # an answer came but the process hangs on: it has nothing more to do
            process.kill()
            process.join()
        process.close()

