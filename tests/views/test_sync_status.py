"""The status bar's sync indicator and the automatic sync: offline while the hub is down, online once it answers,
and then what waits goes by itself, without a dialog. Also the main window's wiring (page, menu, status bar)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from desktop.context import AppContext
from desktop.models.accounts import staff
from desktop.models.city_sync import outbox, sync_state
from desktop.models.core import station
from desktop.sync.credentials import DeviceCredential
from desktop.views.city_sync.sync_page import SyncPage
from desktop.views.city_sync.sync_status import SyncController, SyncStatus
from desktop.views.shell.main_window import MainWindow
from tests.support.hub_process import HubProcess, running_hub
from tests.views.test_sync_page import connect, escalate, wait_result

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A hub of this test's own, started (the test may stop and start it again)."""
    with running_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "hub.log") as process:
        yield process


def make_status(ctx: AppContext, widgets: list[QWidget], interval_ms: int = 200) -> tuple[SyncStatus, SyncController]:
    controller = SyncController(ctx, probe_interval_ms=interval_ms, first_probe_ms=0)
    status = SyncStatus(ctx, controller)
    controller.setParent(status)
    widgets.append(status)
    status.show()
    return status, controller


def modal_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and isinstance(w, QDialog | QMessageBox)]


def test_not_set_up(qtbot, ctx, widgets) -> None:  # type: ignore[no-untyped-def]
    status, controller = make_status(ctx, widgets)
    controller.start()
    qtbot.waitUntil(lambda: controller.queue is not None)  # what waits, counted off the GUI thread
    assert status.state == "not_set_up"
    assert status.text.text() == "City platform: not set up · 0 waiting · never synced"
    assert controller.enrolled is False
    controller.stop()


def test_offline_then_online_and_what_waits_goes_by_itself(qtbot, ctx, widgets, hub) -> None:  # type: ignore[no-untyped-def]
    connect(ctx, hub)
    escalate(ctx, 3)
    hub.stop()
    status, controller = make_status(ctx, widgets)
    controller.start()
    qtbot.waitUntil(lambda: status.state == "offline", timeout=10_000)
    assert status.text.text().startswith("City platform: offline · 3 waiting")
    assert status.icon.pixmap() is not None and not status.icon.pixmap().isNull()
    assert controller.enrolled is True and controller.running is None

    started: list[str] = []
    shown: list[str] = []
    controller.sync_started.connect(started.append)
    controller.status_changed.connect(lambda: shown.append(status.text.text()))  # connected after the status's own
    hub.start()  # the hub comes back (on the same port): the next probe finds it and the queue drains
    qtbot.waitUntil(lambda: started == ["automatic"], timeout=10_000)
    qtbot.waitUntil(lambda: controller.running is None, timeout=20_000)
    assert any(t.startswith("City platform: syncing… · 3 waiting") for t in shown)
    assert status.state == "online"
    assert outbox.counts(ctx.db).pending == 0 and len(hub.held()) == 3
    # what waits is counted again off the GUI thread once the sync has told what it changed
    qtbot.waitUntil(lambda: status.text.text().startswith("City platform: online · 0 waiting · last sync "))
    assert "never" not in status.text.text()
    assert modal_windows() == []  # no box for an automatic sync
    [run] = sync_state.recent_runs(ctx.db)
    assert (run.trigger, run.outcome, run.accepted) == ("automatic", "ok", 3)
    probes = [controller.checked_at]
    controller.status_changed.connect(lambda: probes.append(controller.checked_at))
    qtbot.waitUntil(lambda: len(set(probes)) >= 3, timeout=10_000)  # two more probes (every 200 ms here)
    assert status.state == "online" and started == ["automatic"]  # online stays online; nothing waits, no sync
    controller.stop()


def test_an_automatic_failure_shows_in_the_status_not_in_a_box(qtbot, ctx, widgets, hub) -> None:  # type: ignore[no-untyped-def]
    connect(ctx, hub)
    escalate(ctx, 1)
    info = station.get_station(ctx.db)
    assert info is not None
    DeviceCredential(hub.url, info.device_uuid).set("not-a-token")  # the city no longer knows this credential
    status, controller = make_status(ctx, widgets, interval_ms=60_000)
    controller.start()
    qtbot.waitUntil(lambda: controller.last_error != "", timeout=10_000)
    qtbot.waitUntil(lambda: controller.running is None)
    assert status.state == "failed"
    assert status.text.text().startswith("City platform: online, the last sync failed · 1 waiting")
    tip = html.unescape(status.toolTip())
    assert "refused this device's credential" in tip and "new enrolment code" in tip
    assert modal_windows() == []
    assert sync_state.recent_runs(ctx.db)[0].outcome == "failed"
    controller.stop()


def test_the_main_window_has_the_page_the_menu_and_the_status(qtbot, ctx, widgets, hub) -> None:  # type: ignore[no-untyped-def]
    connect(ctx, hub)
    escalate(ctx, 2)
    clerk = staff.create_staff(ctx.db, ctx.user_id, "clerk", "窗口 甲", "clerk", "pass-word-1").ids[0]
    ctx.set_user(staff.get_staff(ctx.db, clerk))  # every role syncs
    window = MainWindow(ctx)
    widgets.append(window)
    window.show()
    (status,) = window.statusBar().findChildren(SyncStatus)
    assert window.menu_actions["sync"].shortcut() == QKeySequence("Ctrl+Shift+Y")
    keys = [window.nav.item(r).data(Qt.ItemDataRole.UserRole) for r in range(window.nav.count())]
    assert "sync" in keys
    window.menu_actions["sync"].trigger()
    page = window.pages["sync"]
    assert isinstance(page, SyncPage) and window.stack.currentWidget() is page
    assert not page.sync_button.isEnabled() and not window.menu_actions["sync"].isEnabled()
    box = wait_result(qtbot, page)
    assert "Accepted by the city: 2" in box.informativeText()
    box.done(QMessageBox.StandardButton.Ok)
    assert window.menu_actions["sync"].isEnabled()
    assert "0 waiting" in status.text.text()
    window.close()
    controller = SyncController.of(ctx)
    assert not controller.timer.isActive() and not controller.alive()


def test_one_controller_per_open_station_so_a_sync_outlives_a_log_out(ctx, widgets) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(ctx)
    widgets.append(first)
    (controller,) = ctx.findChildren(SyncController)  # the window's indicator made the station's controller
    assert SyncController.of(ctx) is controller and controller.parent() is ctx
    first.close()  # log-out: the window goes, its timers stop
    assert not controller.timer.isActive()
    second = MainWindow(ctx)
    widgets.append(second)
    assert ctx.findChildren(SyncController) == [controller] and controller.timer.isActive() and controller.alive()
    second.close()
