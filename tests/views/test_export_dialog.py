"""导出已签字记录 through the dialog: the period's records are counted, exported into the chosen folder with a
summary, the folder opens; Cancel in the progress dialog stops between two records."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton, QWidget
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from desktop.context import AppContext
from desktop.models.clients import clients
from desktop.models.visits import records
from desktop.printing import archive
from desktop.views.visits import export_dialog
from desktop.views.visits.export_dialog import ExportDialog
from tests.support.requests import MONDAY, Station, add_institution
from tests.support.stations import LUOSIFEN
from tests.support.visits import signed_visit

# the records are signed on MONDAY, 23 November 2026 (tests/models/_requests_helpers.py)


@pytest.fixture
def signed(ctx: AppContext) -> list[int]:
    client_id = clients.create_client(ctx.db, ctx.user_id, LUOSIFEN).ids[0]
    st = Station(ctx.db, {"admin": ctx.user_id, "field_officer": ctx.user_id}, client_id,
                 add_institution(ctx.db, ctx.user_id), ctx.db.path)
    return [signed_visit(st) for _ in range(3)]


def open_dialog(qtbot: QtBot, ctx: AppContext, widgets: list[QWidget], monkeypatch: MonkeyPatch,
                folder: Path) -> ExportDialog:
    dialog = ExportDialog(ctx, today=MONDAY)  # "this month" is November 2026
    widgets.append(dialog)
    dialog.show()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.folder_edit.text() == str(folder)
    return dialog


def test_the_months_records_are_exported(qtbot: QtBot, monkeypatch: MonkeyPatch, ctx: AppContext,
                                         widgets: list[QWidget], signed: list[int], tmp_path: Path) -> None:
    out = tmp_path / "export"
    dialog = open_dialog(qtbot, ctx, widgets, monkeypatch, out)
    assert dialog.period() == (date(2026, 11, 1), date(2026, 11, 30))  # the month of "today"
    qtbot.waitUntil(lambda: dialog.count == 3)
    assert dialog.count_label.text() == "3"
    assert dialog.export_button.isEnabled()

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_of_export is not None)
    names = sorted(p.name for p in out.glob("*.pdf"))
    expected = sorted(f"{d.request_number}_{d.uuid}.pdf" for d in (records.get_visit(ctx.db, v) for v in signed))
    assert names == expected
    for name in names:  # each the archive's own copy
        assert (out / name).read_bytes() == (archive.archive_dir(ctx.data_dir) / name).read_bytes()
    assert dialog.summary_label.text() == f"Records exported: 3, into {out}."
    assert ctx.settings.value("ui/export_folder") == str(out)

    opened: list[QUrl] = []
    monkeypatch.setattr(export_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert dialog.open_folder_button.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened] == [out]


def test_a_period_without_records_cannot_be_exported(qtbot: QtBot, monkeypatch: MonkeyPatch, ctx: AppContext,
                                                     widgets: list[QWidget], signed: list[int], tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, ctx, widgets, monkeypatch, tmp_path / "export")
    qtbot.waitUntil(lambda: dialog.count == 3)
    dialog.start_edit.setDate(QDate(2026, 11, 24))  # the day after they were signed
    qtbot.waitUntil(lambda: dialog.count == 0)
    assert dialog.count_label.text() == "0"
    assert not dialog.export_button.isEnabled()

    dialog.start_edit.setDate(QDate(2026, 12, 5))  # after the end date
    qtbot.waitUntil(lambda: "after the end date" in dialog.count_label.text())
    assert dialog.count is None and not dialog.export_button.isEnabled()

    dialog.start_edit.setDate(QDate(2026, 11, 23))  # the day itself counts, and so does the last day
    dialog.end_edit.setDate(QDate(2026, 11, 23))
    qtbot.waitUntil(lambda: dialog.count == 3)
    assert dialog.export_button.isEnabled()


def test_cancel_stops_between_records(qtbot: QtBot, monkeypatch: MonkeyPatch, ctx: AppContext, widgets: list[QWidget],
                                      signed: list[int], tmp_path: Path) -> None:
    real = archive.export_signed_records

    def held_after_the_first(db: Any, data_dir: Path, ids: Sequence[int], folder: Path,
                             progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        def progressed(done: int, total: int) -> None:
            progress(done, total)
            deadline = time.monotonic() + 20
            while done == 1 and not cancelled() and time.monotonic() < deadline:  # until the user cancels
                time.sleep(0.01)

        return real(db, data_dir, ids, folder, progressed, cancelled)

    monkeypatch.setattr(archive, "export_signed_records", held_after_the_first)
    out = tmp_path / "export"
    dialog = open_dialog(qtbot, ctx, widgets, monkeypatch, out)
    qtbot.waitUntil(lambda: dialog.count == 3)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.export_button.isEnabled() and not dialog.start_edit.isEnabled()

    def progress_shown() -> bool:
        return any(d.isVisible() for d in dialog.findChildren(QProgressDialog))

    qtbot.waitUntil(progress_shown, timeout=10_000)
    qtbot.waitUntil(lambda: "Exported 1 of 3" in dialog.summary_label.text())
    progress = next(d for d in dialog.findChildren(QProgressDialog) if d.isVisible())
    assert "1 of 3" in progress.labelText()
    cancel = progress.findChild(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_of_export is not None)
    result = dialog.result_of_export
    assert result is not None and result.cancelled and (result.written, result.total) == (1, 3)
    assert len(list(out.glob("*.pdf"))) == 1
    assert dialog.summary_label.text().startswith("Stopped after 1 of 3 records.")
    assert dialog.export_button.isEnabled()  # the rest can be exported again


def test_the_records_are_built_by_worker_processes(qtbot: QtBot, monkeypatch: MonkeyPatch, ctx: AppContext,
                                                   widgets: list[QWidget], signed: list[int], tmp_path: Path) -> None:
    """From a few records on (here 2), the missing PDFs are built on every core; the dialog reports the same."""
    from desktop.printing import batch

    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    out = tmp_path / "export"
    dialog = open_dialog(qtbot, ctx, widgets, monkeypatch, out)
    qtbot.waitUntil(lambda: dialog.count == 3)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_of_export is not None, timeout=60_000)
    result = dialog.result_of_export
    assert result is not None and (result.written, result.total, result.cancelled) == (3, 3, False)
    assert len(list(out.glob("*.pdf"))) == 3
    for name in (p.name for p in out.glob("*.pdf")):
        assert (out / name).read_bytes() == (archive.archive_dir(ctx.data_dir) / name).read_bytes()
    assert dialog.summary_label.text() == f"Records exported: 3, into {out}."


def test_progress_reaches_the_window_at_most_every_tenth_of_a_second(monkeypatch: MonkeyPatch) -> None:
    """Worker processes' records are noted ten or so at a time: the window gets the first, the last, and one
    count per 0.1 s in between, not a burst of updates."""
    clock = [100.0]
    monkeypatch.setattr(export_dialog.time, "monotonic", lambda: clock[0])
    shown: list[tuple[int, int]] = []
    progress = export_dialog._at_most_every(0.1, lambda done, total: shown.append((done, total)))
    for done in range(1, 11):  # a batch of ten at once
        progress(done, 30)
    assert shown == [(1, 30)]
    clock[0] += 0.25
    for done in range(11, 21):
        progress(done, 30)
    assert shown == [(1, 30), (11, 30)]
    for done in range(21, 31):
        progress(done, 30)
    assert shown == [(1, 30), (11, 30), (30, 30)]  # the last always
