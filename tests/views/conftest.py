"""Fixtures for the widget tests."""

from __future__ import annotations

import pytest


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
