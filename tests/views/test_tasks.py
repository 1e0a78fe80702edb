"""The background runner: results, failures and progress arrive on the GUI thread; cancel reaches the work."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from desktop.tasks import TaskRunner


def test_success_failure_progress_on_the_gui_thread(qtbot, qapp) -> None:
    runner = TaskRunner()
    gui = QThread.currentThread()
    seen: dict[str, object] = {}
    worker_threads: list[int] = []

    def work(handle):  # type: ignore[no-untyped-def]
        worker_threads.append(threading.get_ident())
        for i in range(3):
            handle.progress(i + 1, 3)
        return 42

    def ok(value):  # type: ignore[no-untyped-def]
        seen["value"] = value
        seen["thread_ok"] = QThread.currentThread() is gui

    progress: list[tuple[int, int]] = []
    runner.run(work, ok, on_progress=lambda d, t: progress.append((d, t)))
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen == {"value": 42, "thread_ok": True}
    assert worker_threads and worker_threads[0] != threading.get_ident()
    qtbot.waitUntil(lambda: len(progress) == 3)
    assert progress == [(1, 3), (2, 3), (3, 3)]

    errors: list[BaseException] = []
    runner.run(lambda h: 1 / 0, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)
    qtbot.waitUntil(lambda: not runner.busy)


def test_cancel_reaches_the_work_and_the_gui_stays_responsive(qtbot, qapp) -> None:
    runner = TaskRunner()
    result: list[str] = []

    def slow(handle):  # type: ignore[no-untyped-def]
        for _ in range(500):
            if handle.cancelled:
                return "cancelled"
            time.sleep(0.01)
        return "finished"

    task = runner.run(slow, result.append)
    start = time.perf_counter()
    QApplication.processEvents()  # returns at once: the work is elsewhere
    assert time.perf_counter() - start < 0.5
    task.cancel()
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    assert result == ["cancelled"]


def test_a_failure_nobody_handles_reaches_the_excepthook(qtbot, qapp, monkeypatch) -> None:
    import sys

    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: seen.append(e))
    runner = TaskRunner()
    runner.run(lambda h: {}["missing"])
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert isinstance(seen[0], KeyError)


def test_the_error_reporter_logs_the_traceback_and_tells_the_user(qtbot, qapp, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop.views.shared import errors

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    log_file = errors.setup_logging(tmp_path)
    try:
        raise OSError(28, "No space left on device")
    except OSError as exc:
        errors.report(type(exc), exc, exc.__traceback__)
    assert "No space left on device" in shown[0] and str(log_file) in shown[0]
    import logging

    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and "No space left on device" in text


def test_only_work_with_a_progress_dialog_keeps_the_window_from_closing_quietly(qtbot, qapp) -> None:
    """``busy`` is what the main window asks before closing: an export counts, a background count does not."""
    runner = TaskRunner()
    release = threading.Event()
    runner.run(lambda h: release.wait(5))
    assert not runner.busy  # a background read: closing may drop its answer
    done: list[object] = []
    runner.run(lambda h: release.wait(5), done.append, progress_label="Exporting…")
    assert runner.busy
    release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    runner.wait()


def test_the_collector_steps_through_the_generations_as_cpython_would(qapp) -> None:  # type: ignore[no-untyped-def]
    """Young objects every step; the middle generation every threshold1 steps; everything only every
    threshold1 × threshold2 steps: a full collection is rare, and after freeze_start_up it is short."""
    import gc

    from desktop.app import GuiThreadCollector

    was_enabled, threshold = gc.isenabled(), gc.get_threshold()
    collector = GuiThreadCollector()
    collector.timer.stop()
    try:
        gc.set_threshold(threshold[0], 2, 2)
        gc.collect()  # every count back to zero
        assert [collector.collect() for _ in range(9)] == [0, 0, 1, 0, 0, 1, 0, 0, 2]
        collector.freeze_start_up()
        assert gc.get_freeze_count() > 1000  # the app's modules and objects, out of every later collection
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        if was_enabled:
            gc.enable()


def test_garbage_is_collected_on_the_gui_thread_only(qapp) -> None:  # type: ignore[no-untyped-def]
    import gc
    import weakref

    from PySide6.QtCore import QObject

    from desktop.app import GuiThreadCollector

    was_enabled = gc.isenabled()
    collector = GuiThreadCollector()
    try:
        assert not gc.isenabled()  # no collection in whichever thread allocates
        assert collector.timer.isActive()

        class Holder(QObject):
            pass

        a, b = Holder(), Holder()
        a.other, b.other = b, a  # type: ignore[attr-defined]  # a reference cycle, as closed dialogs make
        gone = weakref.ref(a)
        del a, b
        assert gone() is not None
        collector.collect()
        assert gone() is None
    finally:
        collector.timer.stop()
        if was_enabled:
            gc.enable()


def test_an_urgent_read_does_not_queue_behind_long_background_work(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner(max_threads=2)
    release = threading.Event()
    for _ in range(3):  # more long work than the pool has threads
        runner.run(lambda _h: release.wait(10))
    answers: list[int] = []
    runner.run(lambda _h: 7, answers.append, urgent=True)
    qtbot.waitUntil(lambda: answers == [7], timeout=5000)
    assert not release.is_set()  # the long work is still running
    release.set()
    assert runner.wait()
