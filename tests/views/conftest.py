"""Fixtures for the widget tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():  # type: ignore[no-untyped-def]
    """Collect reference cycles here, on the GUI thread, after each test.

    Python's cyclic GC runs on whichever thread happens to allocate. Left alone, a finished test's
    QObjects (an AppContext with its thread pool, pages, dialogs) can be destroyed from a worker thread
    of the next test, which crashes Qt. The app itself keeps those objects for its whole life.
    """
    yield
    import gc

    gc.collect()
