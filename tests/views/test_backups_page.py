"""The backups page and the status bar, driven through their widgets: an admin chooses the folder, backs up now
(in a worker process), sees it listed and verified, checks the data and restores into a new folder; the status bar
warns until there is a backup, and makes one by itself when one is due."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.models.backups import backups, store
from desktop.models.backups.backups import BackupState
from desktop.paths import database_path
from desktop.views.backups.backups_page import BackupsPage
from tests.support.widgets import set_up_station


def _message(qtbot, page):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.last_message is not None and page.last_message.isVisible(), timeout=60_000)
    box, page.last_message = page.last_message, None
    text = box.text()
    box.close()
    return text


def test_back_up_check_and_restore_from_the_page(qtbot, zh_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = set_up_station(tmp_path / "station")
    page = BackupsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    usb = tmp_path / "usb"
    page.folder.setText("relative")  # not a whole path: said at the field
    page.folder.setModified(True)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form.errors["folder"].isVisible(), timeout=10_000)
    assert "完整路径" in page.form.errors["folder"].text()
    page.folder.setText(str(usb))
    page.keep.setValue(3)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: backups.setting(ctx.db).folder == str(usb), timeout=10_000)
    assert backups.setting(ctx.db).keep == 3
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    assert "已校验" in _message(qtbot, page)
    qtbot.waitUntil(lambda: page.table.topLevelItemCount() == 1, timeout=10_000)
    assert page.table.topLevelItem(0).text(1) == "已校验"
    generation = store.generations(usb / "LZ-YF01")[0].path
    assert page.table.topLevelItem(0).text(4) == generation.name
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert "未发现问题" in _message(qtbot, page)
    page.restore(generation, tmp_path / "restored")
    text = _message(qtbot, page)
    assert str(tmp_path / "restored") in text and database_path(tmp_path / "restored").is_file()
    page.restore(generation, tmp_path / "restored")  # not empty now: refused, said
    assert "不是空的" in _message(qtbot, page)
    ctx.close()


def test_the_status_bar_warns_then_backs_up_by_itself(qtbot, zh_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.views.shell.main_window import MainWindow

    ctx = set_up_station(tmp_path / "station")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    status = window.backup_status
    qtbot.waitUntil(lambda: status.state == BackupState.UNSET, timeout=10_000)
    assert status.text() == "备份：尚未选择文件夹"
    backups.set_setting(ctx.db, ctx.user_id, str(tmp_path / "usb"), 2)
    ctx.set_user(ctx.user)  # as at log-in: the backup is due (none yet) and is made by itself
    qtbot.waitUntil(lambda: status.state == BackupState.OK, timeout=60_000)
    assert status.text().startswith("已备份")
    assert len(backups.runs(ctx.db)) == 1 and backups.runs(ctx.db)[0].ok
    qtbot.mouseClick(status, Qt.MouseButton.LeftButton)  # opens the page (an admin)
    assert isinstance(window.stack.currentWidget(), BackupsPage)
    window.close()
    ctx.close()


def test_a_failed_backup_shows_in_the_status_bar(qtbot, zh_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.views.shell.main_window import MainWindow

    ctx = set_up_station(tmp_path / "station")
    blocked = tmp_path / "usb"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    backups.set_setting(ctx.db, ctx.user_id, str(blocked), 2)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    status = window.backup_status
    ctx.set_user(ctx.user)
    qtbot.waitUntil(lambda: status.state == BackupState.FAILED, timeout=60_000)
    assert "失败" in status.text() and status.toolTip()
    window.close()
    ctx.close()


def test_closing_the_window_backs_up_in_a_process_of_its_own(qtbot, zh_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """At close, with the last good backup over an hour old, ``quality-station backup`` runs on after the window
    has gone; with a recent one, nothing runs."""
    import time
    from datetime import UTC, datetime, timedelta

    from desktop.views.shell.main_window import MainWindow

    ctx = set_up_station(tmp_path / "station")
    backups.set_setting(ctx.db, ctx.user_id, str(tmp_path / "usb"), 3)
    backups.run_backup(ctx.db, tmp_path / "station")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    status = window.backup_status
    qtbot.waitUntil(lambda: status.state == BackupState.OK, timeout=10_000)
    assert status.at_close() is None  # made a moment ago
    status.last_ok = datetime.now(UTC) - timedelta(hours=2)
    window.close()  # ``closing``: the backup starts in a process of its own
    deadline = time.monotonic() + 60
    while len(backups.runs(ctx.db)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    runs = backups.runs(ctx.db)
    assert len(runs) == 2 and runs[0].ok
    assert len(store.generations(tmp_path / "usb" / "LZ-YF01")) == 2
    ctx.close()


def test_at_start_a_damaged_station_is_offered_its_latest_backup(qtbot, zh_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import _damaged
    from desktop.models.core.db import Database
    from desktop.views.backups.recover_dialog import offer_recovery

    ctx = set_up_station(tmp_path / "station")
    backups.set_setting(ctx.db, ctx.user_id, str(tmp_path / "usb"), 3)
    backups.run_backup(ctx.db, tmp_path / "station")
    ctx.close()
    path = database_path(tmp_path / "station")
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with path.open("r+b") as f:
        f.write(b"\x00damaged" * 4096)
    try:
        Database(path)
    except Exception as exc:  # what the opener hands the app
        assert _damaged(exc)
    else:
        raise AssertionError("a damaged file opened")
    assert offer_recovery(tmp_path / "station", ask=False)
    reopened = Database(path)  # the app opens it at its next start
    reopened.close()
    assert any(p.name.startswith("station.damaged-") for p in tmp_path.iterdir())
