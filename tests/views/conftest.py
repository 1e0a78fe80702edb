"""Fixtures for the widget tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from desktop.context import AppContext
from tests.support.widgets import set_up_station


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():  # type: ignore[no-untyped-def]
    """No automatic garbage collection during a test; collect here, on the GUI thread, after it.

    Python's cyclic GC runs on whichever thread happens to allocate. Left alone, a test's QObjects in
    reference cycles (an AppContext with its thread pool, a closed dialog) can be destroyed from a worker
    thread (one building a PDF, say), which crashes Qt. The app does the same (app.GuiThreadCollector).
    """
    import gc

    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


@pytest.fixture
def widgets() -> list[QWidget]:
    """Windows a test opens; closed and deleted before its station is (see ``ctx``)."""
    return []


@pytest.fixture
def ctx(tmp_path: Path, qapp: QApplication, widgets: list[QWidget]) -> Iterator[AppContext]:
    """A set-up station with the admin logged in. At the end its windows go first, then its background work,
    all on the GUI thread (left to the garbage collector, they could be destroyed on a worker thread)."""
    context = set_up_station(tmp_path / "station")
    yield context
    for widget in widgets:
        if isValid(widget):
            widget.close()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    context.tasks.cancel_all()
    context.close()
    QCoreApplication.processEvents()  # the queued ends of the last tasks
    context.tasks.wait()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
