"""Jobs for the worker-process tests (desktop.processes): module-level functions of a module without Qt, as the
worker process imports the job's module and nothing else of the app."""

from __future__ import annotations

import os
import sys
import time
from typing import Any


def where_and_what(handle: Any, steps: int) -> dict[str, Any]:
    for n in range(steps):
        handle.progress(n + 1, steps)
    return {"pid": os.getpid(), "qt": sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))}


def until_cancelled(handle: Any, seconds: float) -> str:
    handle.progress(0, 1)  # started: the test cancels now
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if handle.cancelled:
            return "cancelled"
        time.sleep(0.01)
    return "finished"


class Refused(Exception):
    def __init__(self, message: str, changes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.changes = changes


def refuse(handle: Any, message: str) -> None:
    raise Refused(message, ("half-way",))


class Unpicklable(Exception):
    def __init__(self) -> None:
        super().__init__("cannot travel")
        self.lock = __import__("threading").Lock()


def raise_unpicklable(handle: Any) -> None:
    raise Unpicklable


def die(handle: Any) -> None:
    os._exit(3)  # as a crash in C or the out-of-memory killer would end it: no answer


def invalid(handle: Any) -> None:
    from desktop.models.core.errors import Invalid

    raise Invalid({"name": "Required.", "uscc": "The check character is wrong."})


def tell_pid_then_work(handle: Any, seconds: float) -> None:
    handle.progress(os.getpid(), 0)
    time.sleep(seconds)  # never looks at the cancel flag


def orphan_maker() -> None:
    """A stand-in for the app: starts a job, prints the worker's pid, and dies without waiting for it."""
    import threading

    from desktop.processes import ProcessJob, run_job

    class Handle:
        cancelled = False

        def progress(self, done: int, total: int) -> None:
            print(done, flush=True)
            os._exit(0)

    threading.Thread(target=run_job, args=(ProcessJob(tell_pid_then_work, (60.0,)), Handle())).start()
    time.sleep(60)


if __name__ == "__main__":
    orphan_maker()
