"""The Sync page driven through its widgets, against the real hub on loopback (its own process, SQLite) and a
real station: settings and enrolment, the End-of-day sync with its summary, cancelling it, records the city
set aside (retry, drop), and what a non-admin may do."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget
from sqlalchemy import text

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.accounts import staff
from desktop.models.city_sync import outbox, sync_state
from desktop.models.city_sync.outbox import SetAside
from desktop.models.city_sync.sync_state import RunInfo, SyncSettings
from desktop.models.clients import clients
from desktop.models.core import station
from desktop.paths import database_path
from desktop.sync import service
from desktop.views.city_sync.sync_page import SyncPage, set_aside_model, sync_log_model
from desktop.views.city_sync.sync_settings import SyncSettingsDialog
from desktop.views.city_sync.sync_status import SyncController, format_bytes
from tests.support.fault_proxy import FaultProxy
from tests.support.hub_process import HubProcess, running_hub
from tests.support.requests import Station, drive
from tests.support.stations import LUOSIFEN

pytestmark = pytest.mark.timeout(90)
CLICK = Qt.MouseButton.LeftButton
HUB_STATION_NAME = "LZ-YF01 质量服务站"  # what HubProcess.code names the station at the hub


# ---- helpers (test_sync_status.py uses them too) -----------------------------------------------------------

@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One hub for the module: every test's station is another device of LZ-YF01, with requests of its own."""
    folder = tmp_path_factory.mktemp("hub")
    with running_hub(f"sqlite:///{folder / 'hub.sqlite3'}", folder / "hub.log") as process:
        yield process


def escalate(ctx: AppContext, n: int) -> list[int]:
    """``n`` requests escalated to the city through the real service calls (each writes its outbox record)."""
    with ctx.db.read() as s:
        client_id = s.execute(text("SELECT min(id) FROM client")).scalar()
    if client_id is None:
        client_id = clients.create_client(ctx.db, ctx.user_id, LUOSIFEN).ids[0]
    st = Station(ctx.db, {"admin": ctx.user_id}, client_id, 0, database_path(ctx.data_dir))
    return [drive(st, "escalated") for _ in range(n)]


def connect(ctx: AppContext, hub: HubProcess, url: str | None = None, batch_size: int = 100) -> None:
    """Point the station at the hub (or at ``url``, a proxy in front of it) and enrol this device."""
    sync_state.save_settings(ctx.db, ctx.user_id, SyncSettings(url or hub.url, "", batch_size))
    service.enrol(ctx.db, hub.code("LZ-YF01"))


def make_page(ctx: AppContext, widgets: list[QWidget], **controller_args: int) -> tuple[SyncPage, SyncController]:
    controller = SyncController(ctx, **controller_args)
    page = SyncPage(ctx, controller)
    controller.setParent(page)
    widgets.append(page)
    page.resize(1100, 700)
    page.show()
    return page, controller


def settled(qtbot, page: SyncPage) -> SyncPage:  # type: ignore[no-untyped-def]
    """``page`` once what it shows has been read (off the GUI thread)."""
    qtbot.waitUntil(lambda: page.data is not None and not page.reading, timeout=10_000)
    return page


def sent_records(ctx: AppContext) -> list[tuple[str, str, int]]:
    with ctx.db.read() as s:
        return sorted(tuple(r) for r in s.execute(text("SELECT kind, record_uuid, version FROM outbox "
                                                       "WHERE state = 'sent'")))


def at_hub(hub: HubProcess, ctx: AppContext) -> list[tuple[str, str, int]]:
    """The records the hub holds from this station's requests (the module's hub holds other tests' too)."""
    with ctx.db.read() as s:
        mine = set(s.execute(text("SELECT uuid FROM service_request")).scalars())
    return [r for r in hub.held() if r[1] in mine]


def wait_result(qtbot, page: SyncPage) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.result_box is not None and page.result_box.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: not page.ctx.tasks.busy)  # the progress dialog gone too (closing would ask otherwise)
    settled(qtbot, page)  # and the page read again
    box = page.result_box
    assert box is not None
    return box


def close_result(page: SyncPage) -> None:
    assert page.result_box is not None
    page.result_box.done(QMessageBox.StandardButton.Ok)


# ---- models ------------------------------------------------------------------------------------------------

def test_the_set_aside_and_log_models(qtmodeltester) -> None:
    aside = set_aside_model()
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    aside.set_items([SetAside(3, "escalation", "LZ-YF01-20261123-0003", "柳州螺蛳粉有限公司", 2, "rejected",
                              "content_hash does not match the body", now),
                     SetAside(7, "archive", "LZ-YF01-20261123-0007", "某企业", 5, "conflict", "different hash", None,
                              "conflict"),
                     SetAside(9, "archive", "LZ-YF01-20261123-0009", "某企业", 5, "rejected", "new rule", None,
                              "hash_mismatch")])
    qtmodeltester.check(aside)
    assert aside.data(aside.index(0, 4)) == "content_hash does not match the body"  # no code: the hub's words
    assert aside.data(aside.index(1, 4)).startswith("The city already holds a different version")
    assert aside.data(aside.index(2, 4)) == ("The record was damaged: its content no longer matches its checksum. "
                                             "(new rule)")  # explained, then the hub's words
    assert aside.data(aside.index(1, 5)) == ""  # not answered: no time
    log = sync_log_model()
    log.set_items([RunInfo(2, now, now, "automatic", "ok", 3, 1, 0, 2, 2_500_000, ""),
                   RunInfo(1, now, None, "manual", "failed", 0, 0, 0, 0, 0, "Interrupted: the program stopped "
                           "during this sync.")])
    qtmodeltester.check(log)
    assert log.data(log.index(0, 7)) == "2.4 MB"
    assert log.data(log.index(0, 3), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert log.data(log.index(1, 2)) == "Failed"


def test_sizes_are_shown_in_kb_and_mb() -> None:
    assert [format_bytes(n) for n in (0, 1023, 1536, 5 * 1024 * 1024)] == ["0 B", "1023 B", "1.5 KB", "5.0 MB"]


# ---- settings and enrolment ---------------------------------------------------------------------------------

def test_an_invalid_address_is_shown_at_its_field_and_nothing_is_saved(qtbot, ctx, widgets) -> None:  # type: ignore[no-untyped-def]
    page, _controller = make_page(ctx, widgets)
    dialog = page.open_settings()
    assert isinstance(dialog, SyncSettingsDialog)
    for address, message in (
            ("ftp://sync.example.cn", "Enter the city platform's address, e.g. https://sync.example.cn"),
            ("http://sync.example.cn", "The city platform must be reached over https (http only on this computer).")):
        dialog.hub_url.clear()
        qtbot.keyClicks(dialog.hub_url, address)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), CLICK)
        error = dialog.form.errors["hub_url"]
        assert error.isVisible() and error.text() == tr_message(message)
        assert dialog.isVisible()
        assert sync_state.load_settings(ctx.db) == SyncSettings()
    dialog.hub_url.clear()
    qtbot.keyClicks(dialog.hub_url, "https://sync.example.cn/")
    dialog.batch_size.setValue(20)
    assert not dialog.form.errors["hub_url"].isVisible()  # typing clears the message
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), CLICK)
    assert not dialog.isVisible()
    assert sync_state.load_settings(ctx.db) == SyncSettings("https://sync.example.cn", "", 20)
    settled(qtbot, page)
    assert page.hub_label.text() == "https://sync.example.cn"


def test_enrol_with_the_city_code_and_test_the_connection(qtbot, ctx, widgets, hub) -> None:  # type: ignore[no-untyped-def]
    page, controller = make_page(ctx, widgets)
    settled(qtbot, page)
    assert "Not enrolled" in page.enrolment_label.text()
    dialog = page.open_settings()
    assert isinstance(dialog, SyncSettingsDialog)
    qtbot.keyClicks(dialog.hub_url, hub.url)
    qtbot.mouseClick(dialog.test_button, CLICK)
    qtbot.waitUntil(lambda: "answers" in dialog.test_result.text(), timeout=10_000)

    qtbot.keyClicks(dialog.code, "NOT-A-REAL-CODE")
    qtbot.mouseClick(dialog.enrol_button, CLICK)
    qtbot.waitUntil(lambda: "failed" in dialog.enrol_result.text(), timeout=10_000)
    result = dialog.enrol_result.text()
    assert "did not accept this enrolment code" in result and "ask the city for a new one" in result
    assert sync_state.load_settings(ctx.db).hub_url == hub.url  # enrolling saved the address first
    assert not service.is_enrolled(ctx.db)

    dialog.code.clear()
    qtbot.keyClicks(dialog.code, hub.code("LZ-YF01"))
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: HUB_STATION_NAME in dialog.enrol_result.text(), timeout=10_000)
    assert service.is_enrolled(ctx.db) and dialog.code.text() == ""
    qtbot.waitUntil(lambda: controller.enrolled is True and controller.online is True, timeout=10_000)
    assert page.enrolment_label.text() == "Enrolled"
    assert page.connection_label.text() == "Online"
    assert dialog.enrolment_state.text() == "This device is enrolled."


def test_the_connection_test_says_when_nobody_answers(qtbot, ctx, widgets) -> None:  # type: ignore[no-untyped-def]
    from tests.support.hub_process import free_port

    page, _controller = make_page(ctx, widgets)
    dialog = page.open_settings()
    assert isinstance(dialog, SyncSettingsDialog)
    qtbot.keyClicks(dialog.hub_url, f"http://127.0.0.1:{free_port()}")
    qtbot.mouseClick(dialog.test_button, CLICK)
    qtbot.waitUntil(lambda: "No answer" in dialog.test_result.text(), timeout=10_000)
    assert "cannot be reached" in dialog.test_result.text()  # and why: the connection was refused
    assert sync_state.load_settings(ctx.db) == SyncSettings()  # a test saves nothing


def test_a_non_admin_syncs_but_cannot_change_settings_or_set_aside_records(  # type: ignore[no-untyped-def]
        qtbot, ctx, widgets, monkeypatch) -> None:
    clerk = staff.create_staff(ctx.db, ctx.user_id, "clerk", "窗口 甲", "clerk", "pass-word-1").ids[0]
    ctx.set_user(staff.get_staff(ctx.db, clerk))
    page, _controller = make_page(ctx, widgets)
    assert page.sync_button.isVisible() and page.sync_button.isEnabled()
    assert not page.settings_button.isVisible()
    assert not page.retry_button.isVisible() and not page.drop_button.isVisible()
    # and the service says no too, should the dialog be reached some other way
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message, *a: refused.append(message))
    dialog = page.open_settings()
    assert isinstance(dialog, SyncSettingsDialog)
    qtbot.keyClicks(dialog.hub_url, "https://sync.example.cn")
    assert not dialog.save()
    assert refused == [tr_message("Only a station admin can change the city platform's settings.")]
    assert sync_state.load_settings(ctx.db) == SyncSettings()


def test_a_sync_that_is_not_set_up_says_so(qtbot, ctx, widgets) -> None:  # type: ignore[no-untyped-def]
    page, _controller = make_page(ctx, widgets)
    qtbot.mouseClick(page.sync_button, CLICK)
    box = wait_result(qtbot, page)
    assert box.text() == "The sync did not complete"
    assert tr_message("The city platform's address is not set (City platform sync → City platform settings, "
                      "or --hub-url).") in box.informativeText()
    close_result(page)


# ---- the End-of-day sync ------------------------------------------------------------------------------------

def test_end_of_day_sync_sends_everything_and_says_what_happened(qtbot, ctx, widgets, hub) -> None:  # type: ignore[no-untyped-def]
    escalate(ctx, 3)
    connect(ctx, hub)
    page, controller = make_page(ctx, widgets)
    settled(qtbot, page)
    assert (page.escalations_label.text(), page.archive_label.text(), page.set_aside_label.text()) == ("3", "0", "0")
    assert page.last_sync_label.text() == "Never"
    qtbot.mouseClick(page.sync_button, CLICK)
    assert not page.sync_button.isEnabled() and controller.running == "manual"
    assert not controller.start_sync("automatic")  # one sync at a time
    box = wait_result(qtbot, page)
    assert box.text() == "The sync is complete"
    info = box.informativeText()
    for line in ("Accepted by the city: 3", "Already at the city: 0", "Set aside by the city: 0",
                 "Still waiting to be sent: 0", "Decisions received: 0, applied here: 0"):
        assert line in info
    assert "Sent: " in info and "KB" in info
    close_result(page)
    assert len(at_hub(hub, ctx)) == 3 and at_hub(hub, ctx) == sent_records(ctx)
    assert (page.escalations_label.text(), page.archive_label.text(), page.set_aside_label.text()) == ("0", "0", "0")
    assert page.sync_button.isEnabled() and controller.running is None
    assert page.last_sync_label.text() not in ("", "Never")
    assert page.log_model.rowCount() == 1
    assert [page.log_model.data(page.log_model.index(0, c)) for c in (1, 2, 3)] == ["End-of-day sync", "Completed",
                                                                                    "3"]


def test_cancel_stops_between_batches_and_loses_nothing(qtbot, ctx, widgets, hub) -> None:  # type: ignore[no-untyped-def]
    escalate(ctx, 20)
    proxy = FaultProxy(hub.port)
    release = threading.Event()
    try:
        connect(ctx, hub, proxy.url, batch_size=5)
        # the second batch is held at the proxy until the test has pressed Cancel
        proxy.rule = lambda _m, p, n: (lambda: release.wait(20)) if p == "/v1/push" and n == 2 else "pass"
        page, controller = make_page(ctx, widgets)
        page.window().activateWindow()
        qtbot.mouseClick(page.sync_button, CLICK)
        task = controller.task
        assert task is not None and task.dialog is not None
        dialog = task.dialog
        assert isinstance(dialog, QProgressDialog)
        qtbot.waitUntil(dialog.isVisible, timeout=5_000)  # shown once the sync takes longer than a moment
        qtbot.waitUntil(lambda: "Sending records: 5 of 20" in dialog.labelText(), timeout=10_000)
        assert " KB sent" in dialog.labelText() or " B sent" in dialog.labelText()
        cancel = dialog.findChild(QPushButton)
        assert cancel is not None
        qtbot.mouseClick(cancel, CLICK)
        release.set()
        box = wait_result(qtbot, page)
        assert box.text() == "The sync was cancelled"
        assert "Accepted by the city: 10" in box.informativeText()
        assert "Still waiting to be sent: 10" in box.informativeText()
        close_result(page)
        assert page.escalations_label.text() == "10"
        assert page.log_model.data(page.log_model.index(0, 2)) == "Cancelled"

        qtbot.mouseClick(page.sync_button, CLICK)  # the next sync drains the rest
        box = wait_result(qtbot, page)
        assert box.text() == "The sync is complete" and "Accepted by the city: 10" in box.informativeText()
        close_result(page)
    finally:
        release.set()
        proxy.close()
    held = at_hub(hub, ctx)
    assert len(held) == 20 and len(set(held)) == 20 and held == sent_records(ctx)
    assert page.escalations_label.text() == "0"


# ---- records set aside --------------------------------------------------------------------------------------

def damage_record(ctx: AppContext, row: int) -> None:
    """A record damaged on disk: its body no longer matches its hash, so the hub rejects it."""
    con = sqlite3.connect(database_path(ctx.data_dir))
    try:
        con.execute("DROP TRIGGER IF EXISTS outbox_record_fixed")
        con.execute("UPDATE outbox SET body = replace(body, '上报市平台', '上报省平台') WHERE id = ?", (row,))
        con.commit()
    finally:
        con.close()


def audited(ctx: AppContext) -> list[str]:
    with ctx.db.read() as s:
        rows = s.execute(text("SELECT changes FROM audit_log WHERE entity = 'outbox' ORDER BY id")).scalars()
        return [json.loads(r)["action"] for r in rows]


def test_a_record_set_aside_is_listed_retried_and_dropped(qtbot, ctx, widgets, hub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    escalate(ctx, 3)
    connect(ctx, hub)
    damage_record(ctx, 2)
    page, _controller = make_page(ctx, widgets)
    qtbot.mouseClick(page.sync_button, CLICK)
    box = wait_result(qtbot, page)
    assert "Accepted by the city: 2" in box.informativeText() and "Set aside by the city: 1" in box.informativeText()
    assert box.icon() == QMessageBox.Icon.Warning
    close_result(page)
    assert page.set_aside_label.text() == "1" and page.set_aside_model.rowCount() == 1
    [row] = page.set_aside_model.items
    number = page.set_aside_model.data(page.set_aside_model.index(0, 0))
    assert number == row.number and row.number.startswith("LZ-YF01")
    assert page.set_aside_model.data(page.set_aside_model.index(0, 3)) == "Rejected"
    assert "hash" in page.set_aside_model.data(page.set_aside_model.index(0, 4))
    assert not page.retry_button.isEnabled()  # nothing chosen yet

    page.set_aside_table.selectRow(0)
    assert page.retry_button.isEnabled()
    qtbot.mouseClick(page.retry_button, CLICK)
    settled(qtbot, page)
    assert page.set_aside_model.rowCount() == 0
    assert (page.escalations_label.text(), page.set_aside_label.text()) == ("1", "0")

    qtbot.mouseClick(page.sync_button, CLICK)  # nothing was fixed: the city rejects it again
    box = wait_result(qtbot, page)
    assert "Set aside by the city: 1" in box.informativeText()
    close_result(page)
    page.set_aside_table.selectRow(0)
    questions: list[str] = []

    def answer(choice: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        return lambda _p, _t, question, *a: questions.append(question) or choice

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(page.drop_button, CLICK)
    settled(qtbot, page)
    assert page.set_aside_model.rowCount() == 1  # not confirmed: kept
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(page.drop_button, CLICK)
    assert row.number in questions[-1]
    settled(qtbot, page)
    assert page.set_aside_model.rowCount() == 0
    assert outbox.counts(ctx.db) == outbox.QueueCounts(0, 0, 0)
    assert (page.escalations_label.text(), page.set_aside_label.text()) == ("0", "0")
    assert audited(ctx) == ["retry", "drop"]
    assert len(at_hub(hub, ctx)) == 2


def test_the_page_in_chinese(qtbot, ctx, widgets, hub, zh_app, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A look at the page with data (set SYNC_PAGE_SHOT=path to keep a picture of it)."""
    import os

    escalate(ctx, 4)
    connect(ctx, hub)
    damage_record(ctx, 4)
    page, controller = make_page(ctx, widgets)
    qtbot.mouseClick(page.sync_button, CLICK)
    wait_result(qtbot, page)
    close_result(page)
    escalate(ctx, 2)
    controller.probe()  # online already (the sync reached the hub): no automatic sync, the two stay waiting
    qtbot.waitUntil(lambda: controller.checked_at is not None, timeout=10_000)
    assert controller.running is None
    settled(qtbot, page)
    assert page.escalations_label.text() == "2" and page.set_aside_model.rowCount() == 1
    assert station.get_station(ctx.db) is not None
    shot = os.environ.get("SYNC_PAGE_SHOT")
    if shot:
        page.grab().save(shot)
