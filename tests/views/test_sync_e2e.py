"""The issue's "done when", through the real widgets and the real hub process: a clerk escalates a request, the
end-of-day sync (File menu, Ctrl+Shift+Y) sends it, the city answers at the hub's command line, and after the
next sync the answer is in the request's window, which was left open all along."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from cityhub import cli as hub_cli
from desktop.context import AppContext
from desktop.models.clients import clients
from desktop.models.requests import lifecycle, request_detail
from desktop.views.requests.request_detail import RequestDetailDialog
from desktop.views.shell.main_window import MainWindow
from tests.support.hub_process import HubProcess, running_hub
from tests.support.stations import LUOSIFEN

from .test_request_e2e import _step, _take_request
from .test_sync_page import connect


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    with running_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "hub.log") as process:
        yield process


def _end_of_day(qtbot, window: MainWindow) -> QMessageBox:  # type: ignore[no-untyped-def]
    window.menu_actions["sync"].trigger()
    page = window.pages["sync"]
    qtbot.waitUntil(lambda: page.result_box is not None and page.result_box.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy)
    box = page.result_box
    assert box is not None
    return box


def test_escalated_sent_decided_at_the_city_and_the_answer_is_back(qtbot, ctx: AppContext, widgets, hub,  # type: ignore[no-untyped-def]
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    clients.create_client(ctx.db, ctx.user_id, LUOSIFEN)
    request_id = _take_request(qtbot, ctx)
    lifecycle.register(ctx.db, ctx.user_id, request_id, "请带营业执照复印件")
    detail = RequestDetailDialog(ctx, request_id)
    widgets.append(detail)
    detail.show()
    _step(qtbot, detail, "escalate")  # offline all day: nothing needs the hub yet
    connect(ctx, hub)
    window = MainWindow(ctx)
    widgets.append(window)
    window.show()

    first = _end_of_day(qtbot, window)
    assert "Accepted by the city: 1" in first.informativeText()
    first.done(QMessageBox.StandardButton.Ok)
    [(kind, uuid, _version)] = hub.held()
    assert (kind, uuid) == ("escalation", request_detail.get_request(ctx.db, request_id).uuid)

    number = request_detail.get_request(ctx.db, request_id).number
    assert hub_cli.main(["decide", number, "--answer", "市计量院已安排上门检定", "--db", hub.db_url]) == 0
    capsys.readouterr()
    second = _end_of_day(qtbot, window)
    assert "Decisions received: 1, applied here: 1" in second.informativeText()
    second.done(QMessageBox.StandardButton.Ok)

    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.status == "completed")  # refreshed itself
    assert detail.detail is not None and detail.detail.result == "市计量院已安排上门检定"
    last = detail.timeline.topLevelItem(detail.timeline.topLevelItemCount() - 1)
    texts = " ".join(last.text(c) for c in range(detail.timeline.columnCount()))
    assert "市计量院已安排上门检定" in texts
