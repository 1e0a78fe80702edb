"""Shared test set-up. Qt runs offscreen, and in Chinese (the default UI language)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
os.environ.pop("QUALITY_STATION_DATA_DIR", None)  # never a real profile

import pytest


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["quality-station-tests"]


@pytest.fixture(scope="session")
def zh_app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication with the zh_CN translation installed, as the app runs by default."""
    from desktop.app import install_translators

    install_translators(qapp, "zh_CN")
    return qapp


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
