"""The requests list as a clerk uses it: the lazy table (model tester, due dates that stand out), filter
widgets that change the query, a dashboard's query shown in the widgets, opening a request by double-click
or Enter, sorting, selection kept across a refresh, export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush

from desktop.context import AppContext
from desktop.models.catalogue.tables import CatalogueItem
from desktop.models.core.changes import Changes
from desktop.models.requests import intake, request_dashboard, request_list
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.labels import DUE_LABELS, REQUEST_STATUS_LABELS
from desktop.models.requests.request_list import OPEN_STATUSES, RequestQuery
from desktop.models.requests.tables import ServiceRequest
from desktop.views.requests import requests_page
from desktop.views.requests.request_table import RequestTableModel
from desktop.views.requests.requests_page import RequestsPage
from desktop.views.shared import lazy_table
from desktop.views.shared.labels import label
from tests.support.samples import CAT1, CAT1_ITEM, TODAY, Sample, at, build
from tests.support.widgets import rows_in, set_up_station, shown, type_text


@pytest.fixture
def station(tmp_path: Path, zh_app, monkeypatch) -> Iterator[tuple[AppContext, Sample]]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(requests_page, "local_today", lambda: TODAY)  # the page's "today" is pinned
    ctx = set_up_station(tmp_path / "station")
    yield ctx, build(ctx.db, ctx.user_id)
    ctx.close()


def make_page(qtbot, ctx: AppContext) -> RequestsPage:  # type: ignore[no-untyped-def]
    page = RequestsPage(ctx)
    qtbot.addWidget(page)
    settle(qtbot, page)  # the first list too comes from off the GUI thread
    return page


def settle(qtbot, page: RequestsPage) -> None:  # type: ignore[no-untyped-def]
    """Let the list update that runs off the GUI thread arrive."""
    qtbot.waitUntil(lambda: not page.searching, timeout=5000)


def shown_ids(page: RequestsPage) -> list[int | None]:
    return [page.model.request_id(r) for r in range(page.model.rowCount())]


def test_request_table_model(qtbot, qtmodeltester, station) -> None:  # type: ignore[no-untyped-def]
    ctx, sample = station
    model = shown(qtbot, RequestTableModel(ctx.db, ctx.tasks, today=lambda: TODAY))
    qtmodeltester.check(model)
    assert model.rowCount() == 8 and model.columnCount() == 10
    due = model.COLUMNS.index("due")
    rows = {model.request_id(r): r for r in range(model.rowCount())}
    overdue = model.index(rows[sample.r[1]], due)
    assert model.data(overdue) == f"2026-11-24 {label(DUE_LABELS, 'overdue')}"  # words, not colour alone
    assert model.data(overdue, Qt.ItemDataRole.DecorationRole) is not None  # and a warning icon
    assert isinstance(model.data(overdue, Qt.ItemDataRole.ForegroundRole), QBrush)
    soon = model.index(rows[sample.r[2]], due)
    assert model.data(soon) == f"2026-11-26 {label(DUE_LABELS, 'due_soon')}"
    assert model.data(soon, Qt.ItemDataRole.DecorationRole) is not None
    later = model.index(rows[sample.r[5]], due)
    assert model.data(later) == ""
    assert model.data(later, Qt.ItemDataRole.DecorationRole) is None
    status = model.index(rows[sample.r[1]], model.COLUMNS.index("status"))
    assert model.data(status) == label(REQUEST_STATUS_LABELS, "received")
    assert model.data(model.index(rows[sample.r[1]], 0), Qt.ItemDataRole.UserRole) == sample.r[1]
    tip = model.data(model.index(rows[sample.r[1]], 1), Qt.ItemDataRole.ToolTipRole)
    assert "咨询电子秤检定周期" in tip and tip.startswith("<qt>")  # the description, shown as typed
    model.sort(model.COLUMNS.index("categories"))  # cannot be sorted: nothing changes
    assert model.query.sort == "received_at"
    model.sort(model.COLUMNS.index("due"), Qt.SortOrder.AscendingOrder)
    assert shown(qtbot, model).query.sort == "due_on"
    assert model.request_id(0) == sample.r[4]
    model.request(RequestQuery(category_id=CAT1))
    qtmodeltester.check(shown(qtbot, model))
    assert model.rowCount() == 4


def test_pages_of_a_large_list(qtbot, qtmodeltester, station, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx, sample = station
    monkeypatch.setattr(request_list, "ID_WINDOW", 3)  # no id list: offset pages of 2 rows
    monkeypatch.setattr(lazy_table, "PAGE", 2)
    model = shown(qtbot, RequestTableModel(ctx.db, ctx.tasks, today=lambda: TODAY))
    qtmodeltester.check(model)
    rows_in(qtbot, model)  # read by key from the page before each, off the GUI thread
    assert [model.request_id(r) for r in range(model.rowCount())] == request_list.request_ids(
        ctx.db, RequestQuery(), TODAY)
    fresh = shown(qtbot, RequestTableModel(ctx.db, ctx.tasks, today=lambda: TODAY))  # nothing cached: found
    # by position_of
    assert fresh.row_of(sample.r[7]) == 7
    assert fresh.row_of(10_000) is None


def test_filter_widgets_change_the_query(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    ctx, sample = station
    page = make_page(qtbot, ctx)
    assert page.model.rowCount() == 8 and page.model.query == RequestQuery() and not page.searching
    header = page.table.horizontalHeader()
    assert page.model.COLUMNS[header.sortIndicatorSection()] == "received"

    def pick(combo, data) -> None:  # type: ignore[no-untyped-def]
        combo.setCurrentIndex(combo.findData(data))
        settle(qtbot, page)

    pick(page.status_box, "received")
    assert page.model.query.statuses == ("received",)
    assert set(shown_ids(page)) == sample.ids(1, 8)
    pick(page.status_box, ",".join(OPEN_STATUSES))
    assert page.model.query.statuses == OPEN_STATUSES
    pick(page.channel_box, "phone")
    assert set(shown_ids(page)) == sample.ids(2, 8)
    pick(page.district_box, "柳北区")
    pick(page.handler_box, sample.clerk)
    assert page.model.query == RequestQuery(statuses=OPEN_STATUSES, channel="phone", district="柳北区",
                                            handler_id=sample.clerk)
    assert shown_ids(page) == [sample.r[2]]
    assert "1" in page.count_label.text()
    page.clear_filters()
    settle(qtbot, page)
    assert page.model.query == RequestQuery() and page.model.rowCount() == 8
    assert page.status_box.currentIndex() == 0 and page.handler_box.currentIndex() == 0
    pick(page.category_box, CAT1)
    assert set(shown_ids(page)) == sample.ids(1, 3, 5, 7)
    pick(page.due_box, "overdue")
    assert page.model.query.due == "overdue" and shown_ids(page) == [sample.r[1]]
    page.clear_filters()
    settle(qtbot, page)
    page.date_from.setDate(QDate(2026, 11, 23))
    page.date_to.setDate(QDate(2026, 11, 23))
    assert page.model.query.received_from is None  # the range applies once ticked
    page.date_check.setChecked(True)
    settle(qtbot, page)
    assert set(shown_ids(page)) == sample.ids(1, 2)
    page.date_check.setChecked(False)
    settle(qtbot, page)
    type_text(page.search, "金桥")  # Chinese, as an input method types it; the search waits for a pause
    qtbot.waitUntil(lambda: page.model.query.text == "金桥" and not page.searching, timeout=5000)
    assert set(shown_ids(page)) == sample.ids(2, 5, 8)


def test_set_query_shows_the_filter(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    ctx, sample = station
    page = make_page(qtbot, ctx)
    q = request_dashboard.dashboard_query("my_open", sample.admin, TODAY)
    page.set_query(q)
    assert page.status_box.currentData() == ",".join(OPEN_STATUSES)
    assert page.handler_box.currentData() == sample.admin
    settle(qtbot, page)
    assert page.model.query == q
    assert page.current_query() == q  # the widgets say exactly what the list shows
    overdue = request_dashboard.dashboard_query("overdue", sample.admin, TODAY)
    page.set_query(overdue)
    settle(qtbot, page)
    assert page.due_box.currentData() == "overdue" and page.status_box.currentIndex() == 0
    header = page.table.horizontalHeader()
    assert page.model.COLUMNS[header.sortIndicatorSection()] == "due"
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert shown_ids(page) == [sample.r[4], sample.r[1]]
    full = RequestQuery(text="检定", statuses=("completed", "withdrawn"), category_id=CAT1, channel="onsite",
                        district="柳北区", received_from=TODAY.replace(day=1), received_to=TODAY,
                        client_id=sample.clients["jinqiao"])
    page.set_query(full)
    settle(qtbot, page)
    assert page.search.text() == "检定" and page.channel_box.currentData() == "onsite"
    assert page.date_check.isChecked() and page.date_from.date() == QDate(2026, 11, 1)
    assert page.more_label.isVisibleTo(page) and page.more_label.text()
    assert page.current_query() == full
    assert shown_ids(page) == [sample.r[5]]


def test_double_click_or_enter_opens_the_request(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    ctx, sample = station
    page = make_page(qtbot, ctx)
    page.resize(1400, 700)
    page.show()
    qtbot.waitExposed(page)
    row = page.model.row_of(sample.r[4])
    assert row is not None
    page.table.scrollTo(page.model.index(row, 1))
    rect = page.table.visualRect(page.model.index(row, 1))
    with qtbot.waitSignal(page.open_request) as opened:  # QTest's double-click needs the click before it
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [sample.r[4]]
    page.table.setFocus()
    page.table.selectRow(0)
    with qtbot.waitSignal(page.open_request) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [page.model.request_id(0)]
    with qtbot.waitSignal(page.new_request_requested):
        page.new_button.click()


def test_sorting_by_a_column(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    ctx, sample = station
    page = make_page(qtbot, ctx)
    header = page.table.horizontalHeader()
    header.setSortIndicator(page.model.COLUMNS.index("status"), Qt.SortOrder.AscendingOrder)
    settle(qtbot, page)
    assert page.model.query.sort == "status" and not page.model.query.descending
    assert shown_ids(page)[:2] == [sample.r[1], sample.r[8]]
    header.setSortIndicator(page.model.COLUMNS.index("categories"), Qt.SortOrder.AscendingOrder)
    assert page.model.COLUMNS[header.sortIndicatorSection()] == "status"  # the arrow stays where sorted
    assert page.model.query.sort == "status"


def test_a_refresh_keeps_the_selection(qtbot, station) -> None:  # type: ignore[no-untyped-def]
    ctx, sample = station
    page = make_page(qtbot, ctx)
    assert page.select_request(sample.r[4])
    row_before = page.table.currentIndex().row()
    inp = RequestInput(sample.clients["wei"], "phone", (CAT1_ITEM,), "新的咨询")
    new_id = intake.create_request(ctx.db, ctx.user_id, inp, now=at(TODAY, 16)).ids[0]
    ctx.announce(Changes(ServiceRequest, "created", (new_id,)))
    settle(qtbot, page)
    assert page.model.rowCount() == 9 and page.model.request_id(0) == new_id  # newest first
    assert page.selected_id() == sample.r[4] and page.table.currentIndex().row() == row_before + 1
    ctx.announce(Changes(CatalogueItem, "updated", (1,)))  # not about requests: nothing to do
    assert not page.searching


def test_export_the_list_shown(qtbot, station, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, _sample = station
    page = make_page(qtbot, ctx)
    page.set_query(RequestQuery(statuses=("received",)))
    settle(qtbot, page)
    path = tmp_path / "received.xlsx"
    page.run_export(path)
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=10_000)
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert len(rows) == 3 and {r[2] for r in rows[1:]} == {"已受理"}
    page.run_export(tmp_path / "bad.csv")  # the model refuses; the page says why
    qtbot.waitUntil(lambda: page.last_message is not None and "xlsx" in page.last_message.text(), timeout=10_000)


def test_a_refresh_finds_the_selected_row_off_the_gui_thread(qtbot, station, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """In a list too large for its ids to come with it, the row of the selection kept across a refresh is counted
    with the query in the background, not by the page on the GUI thread (seconds at a million requests)."""
    import threading

    ctx, _sample = station
    monkeypatch.setattr(request_list, "ID_WINDOW", 2)  # every list is "large" here: pages by offset
    monkeypatch.setattr(lazy_table, "PAGE", 2)  # and the first page that comes with a result holds two rows
    gui = threading.get_ident()
    counted_on: list[bool] = []
    real = request_list.position_of

    def position_of(*args):  # type: ignore[no-untyped-def]
        counted_on.append(threading.get_ident() == gui)
        return real(*args)

    monkeypatch.setattr(request_list, "position_of", position_of)
    page = make_page(qtbot, ctx)
    assert page.model.result is not None and page.model.result.ids is None
    deep = rows_in(qtbot, page.model).request_id(5)
    assert page.select_request(deep)
    counted_on.clear()
    ctx.announce(Changes(ServiceRequest, "updated", (deep,)))
    settle(qtbot, page)
    assert page.selected_id() == deep and page.table.currentIndex().row() == 5
    assert counted_on == [False]  # counted once, with the query, off the GUI thread


def test_keyboard_to_the_end_of_a_large_list_and_back(qtbot, station, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+End, Up, Ctrl+Home and PgDn in a list whose pages are read as they are reached: the row moved to
    shows, and its id comes with its page, read off the GUI thread."""
    ctx, _sample = station
    monkeypatch.setattr(request_list, "ID_WINDOW", 2)
    monkeypatch.setattr(lazy_table, "PAGE", 2)
    page = make_page(qtbot, ctx)
    page.resize(1000, 400)
    page.show()
    qtbot.waitExposed(page)
    expected = request_list.request_ids(ctx.db, RequestQuery(), TODAY)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert page.table.currentIndex().row() == len(expected) - 1
    qtbot.waitUntil(lambda: page.selected_id() == expected[-1])
    qtbot.waitUntil(lambda: page.model.data(page.model.index(len(expected) - 1, 0)) is not None)
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: page.selected_id() == expected[-2])
    qtbot.keyClick(page.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert page.selected_id() == expected[0]
    qtbot.keyClick(page.table, Qt.Key.Key_PageDown)
    row = page.table.currentIndex().row()
    assert row > 0
    qtbot.waitUntil(lambda: page.selected_id() == expected[row])
    assert page.select_request(expected[5]) and page.table.currentIndex().row() == 5


def test_the_filters_lists_are_read_off_the_gui_thread_and_keep_a_filter_set_before(qtbot, station, monkeypatch
                                                                                   ) -> None:  # type: ignore[no-untyped-def]
    """Opening the page reads the categories and staff of its filters in the background; a handler asked for
    before they are in (a dashboard number's list) is kept, shown once they are."""
    import threading

    from desktop.models.accounts import staff
    from desktop.models.catalogue import catalogue

    ctx, sample = station
    threads: list[bool] = []
    real_catalogue, real_staff = catalogue.list_catalogue, staff.list_staff

    def list_catalogue(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return real_catalogue(*args, **kwargs)

    def list_staff(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return real_staff(*args, **kwargs)

    monkeypatch.setattr(catalogue, "list_catalogue", list_catalogue)
    monkeypatch.setattr(staff, "list_staff", list_staff)
    page = RequestsPage(ctx)
    qtbot.addWidget(page)
    page.set_query(RequestQuery(statuses=OPEN_STATUSES, handler_id=sample.clerk))
    settle(qtbot, page)
    assert threads == [False, False]
    assert page.handler_box.currentData() == sample.clerk and page.category_box.count() > 1
    page.channel_box.setCurrentIndex(page.channel_box.findData("phone"))
    settle(qtbot, page)
    assert page.model.query.handler_id == sample.clerk and page.model.query.channel == "phone"
