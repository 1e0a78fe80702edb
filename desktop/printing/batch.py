"""Building many documents on every core: worker processes ("spawn", below normal priority) that each run one
function per document, fed a few documents ahead so none waits, their results handed back as they finish.

A worker process has its own interpreter, so building PDFs there never holds the lock the GUI thread needs
(reportlab holds it for tens of milliseconds at a time). Starting a worker costs about a second (it imports
reportlab and loads the font), so a few documents are built in the calling thread instead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any

from desktop.processes import lower_priority

PARALLEL_FROM = 8  # fewer documents to build than this: built in the calling thread
AHEAD = 2  # documents handed to each worker before waiting for one to finish
LOWER_PRIORITY = True  # workers below normal priority (a benchmark on a shared machine may compare at equal)


def worker_count(asked: int | None, documents: int) -> int:
    """How many worker processes to use for ``documents`` (1: none, build here). ``asked`` None: one per core
    when there are at least ``PARALLEL_FROM`` documents."""
    if asked is None:
        asked = (os.cpu_count() or 1) if documents >= PARALLEL_FROM else 1
    return max(1, min(asked, documents))


def _lower_priority() -> None:
    """A worker yields the processor to the window and to everything the clerk does meanwhile."""
    lower_priority(niceness=10)


def _start_worker(lower_priority: bool, setup: Callable[..., object] | None, args: tuple[Any, ...]) -> None:
    if lower_priority:
        _lower_priority()
    from desktop.printing.fonts import cjk_font

    cjk_font()  # found and loaded once per worker, before the first document
    if setup is not None:
        setup(*args)
    # what was loaded lives as long as the worker: out of the garbage collector's walks, which otherwise cross
    # the font's tables and every module for each document (the app does the same for its own start-up)
    gc.collect()
    gc.freeze()


class Builder:
    """``submit(*args)`` runs ``here(*args)`` in this thread (one worker) or ``remote(*args)`` in the pool, and
    returns the results that have finished meanwhile (waiting only when every worker already has ``AHEAD``
    documents); ``drain()`` waits for the rest. A failure is raised from ``submit`` or ``drain``, except that
    when the workers cannot start or one dies, what was theirs is done here instead; leaving the ``with`` block
    stops the workers. ``remote`` and ``setup`` (run once in each worker with ``args``) are
    module-level functions, which a spawned process can import."""

    def __init__(self, workers: int, here: Callable[..., Any], remote: Callable[..., Any],
                 setup: Callable[..., object] | None = None, args: tuple[Any, ...] = ()) -> None:
        self.here, self.remote, self.setup, self.args = here, remote, setup, args
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[Future[Any], tuple[Any, ...]] = {}  # what each was asked to do

    def __enter__(self) -> Builder:
        if self.workers > 1:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_start_worker,
                                            initargs=(LOWER_PRIORITY, self.setup, self.args))
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, *args: Any) -> list[Any]:
        if self.pool is None:
            return [self.here(*args)]
        try:
            self.pending[self.pool.submit(self.remote, *args)] = args
        except BrokenProcessPool:
            return self._without_workers([args])
        if len(self.pending) >= self.workers * AHEAD:
            return self._collect(wait(self.pending, return_when=FIRST_COMPLETED).done)
        return self._collect({f for f in self.pending if f.done()})

    def drain(self) -> list[Any]:
        return self._collect(wait(self.pending).done)

    def _collect(self, finished: set[Future[Any]]) -> list[Any]:
        results = []
        for future in finished:
            args = self.pending.pop(future)
            try:
                results.append(future.result())
            except BrokenProcessPool:  # a worker could not start or died: the rest is done here
                return results + self._without_workers([args])
        return results

    def _without_workers(self, asked: list[tuple[Any, ...]]) -> list[Any]:
        asked += self.pending.values()
        self.pending.clear()
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
        return [self.here(*args) for args in asked]
