"""The dashboard: counts computed off the GUI thread match a hand-made set of requests, overdue stands out
with words and an icon as well as colour, every number is a keyboard-reachable button that opens its list,
and the counts follow changes (at once when shown, on showing when hidden)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.context import AppContext
from desktop.models.clients.tables import Client
from desktop.models.core.changes import Changes
from desktop.models.requests import intake, request_dashboard
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.tables import STATUSES, ServiceRequest
from desktop.views.shell import dashboard_page
from desktop.views.shell.dashboard_page import DashboardPage
from tests.support.samples import CAT1_ITEM, TODAY, Sample, at, build
from tests.support.widgets import set_up_station


@pytest.fixture
def station(tmp_path: Path, zh_app, monkeypatch) -> Iterator[tuple[AppContext, Sample]]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dashboard_page, "local_today", lambda: TODAY)
    ctx = set_up_station(tmp_path / "station")
    yield ctx, build(ctx.db, ctx.user_id)
    ctx.close()


def shown(qtbot, ctx: AppContext) -> DashboardPage:  # type: ignore[no-untyped-def]
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.counts is not None, timeout=5000)
    return page


def test_counts_match_the_requests(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    ctx, _sample = station
    page = shown(qtbot, ctx)
    expected = request_dashboard.dashboard_numbers(ctx.db, ctx.user_id, TODAY)  # the requests' numbers (other areas
    assert page.counts is not None and {k: page.counts[k] for k in expected} == expected  # may add theirs)
    b = page.buttons
    numbers = {key: b[key].number.text() for key in request_dashboard.DASHBOARD_KEYS}
    assert numbers == {"my_open": "5", "due_today": "1", "overdue": "2", "awaiting_feedback": "1",
                       "awaiting_return_visit": "1"}
    assert b["status:received"].number.text() == "2" and b["status:archived"].number.text() == "0"
    assert len([k for k in b if k.startswith("status:")]) == len(STATUSES)
    # overdue: red, with its warning icon and its words; a plain count has neither
    assert b["overdue"].icon_label.isVisibleTo(b["overdue"]) and b["overdue"].caption_label.text()
    assert "#b3261e" in b["overdue"].number.styleSheet()
    assert b["due_today"].icon_label.isVisibleTo(b["due_today"])
    assert not b["my_open"].icon_label.isVisibleTo(b["my_open"]) and not b["my_open"].number.styleSheet()
    assert b["overdue"].accessibleName().endswith(": 2")


def test_each_number_opens_its_list(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    ctx, _sample = station
    page = shown(qtbot, ctx)
    for key in (*request_dashboard.DASHBOARD_KEYS, "status:escalated"):
        with qtbot.waitSignal(page.open_list) as opened:
            qtbot.mouseClick(page.buttons[key], Qt.MouseButton.LeftButton)
        assert opened.args == ["requests", request_dashboard.dashboard_query(key, ctx.user_id, TODAY)], key
    button = page.buttons["overdue"]
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable with Tab
    button.setFocus()
    with qtbot.waitSignal(page.open_list) as opened:
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert opened.args[1].due == "overdue"


def test_counts_follow_changes(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    ctx, sample = station
    page = shown(qtbot, ctx)

    def add_request() -> None:
        inp = RequestInput(sample.clients["wei"], "phone", (CAT1_ITEM,), "新的咨询")
        rid = intake.create_request(ctx.db, ctx.user_id, inp, now=at(TODAY, 16)).ids[0]
        ctx.announce(Changes(ServiceRequest, "created", (rid,)))

    add_request()  # shown: counted again at once
    qtbot.waitUntil(lambda: page.buttons["status:received"].number.text() == "3", timeout=5000)
    assert page.buttons["my_open"].number.text() == "6"
    page.hide()
    add_request()  # hidden: counted when shown again
    assert page.buttons["status:received"].number.text() == "3"
    page.show()
    qtbot.waitUntil(lambda: page.buttons["status:received"].number.text() == "4", timeout=5000)
    ctx.announce(Changes(Client, "updated", (1,)))  # not about requests
    assert page.updated_label.text() != page.tr("Counting…")
