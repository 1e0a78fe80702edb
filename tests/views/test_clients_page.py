"""The client page as a clerk uses it: keyboard, selection after saving, sorting, lifetimes, markup."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.demo import demo_clients
from desktop.models.clients import clients
from desktop.views.clients.clients_page import ClientsPage
from desktop.views.shell.main_window import MainWindow
from tests.support.widgets import set_up_station, shown, type_text


def test_a_saved_client_is_selected_even_deep_in_a_large_list(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(clients, "ID_WINDOW", 50)  # the list counts as large: no id list, offset pages
    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, 600, ctx.user_id)
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    shown(qtbot, page.model)
    page.new_client()
    dialog = page.dialog
    type_text(dialog.name, "柳州市鱼峰区中段企业")  # sorts into the middle of 600 names starting 柳州市
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save()
    qtbot.waitUntil(lambda: page.table.currentIndex().row() > 0)  # once the refreshed list is in
    row = page.table.currentIndex().row()
    assert row > 0
    qtbot.waitUntil(lambda: page.model.client_id(row) is not None)  # its page is read off the GUI thread
    assert page.model.client_id(row) == saved.args[0]
    assert page.model.data(page.model.index(row, 0)) == "柳州市鱼峰区中段企业"
    ctx.close()


def test_keyboard_from_search_to_results(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, 30, ctx.user_id)
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    shown(qtbot, page.model)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    assert QApplication.focusWidget() is page.search  # the page opens ready to look a client up
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.table
    assert page.table.currentIndex().row() == 0
    ctx.close()


def test_unsortable_columns_do_not_take_the_sort_arrow(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    shown(qtbot, page.model)
    header = page.table.horizontalHeader()
    header.setSortIndicator(2, Qt.SortOrder.DescendingOrder)
    shown(qtbot, page.model)
    assert page.model.query.sort == "district" and page.model.query.descending
    header.setSortIndicator(5, Qt.SortOrder.AscendingOrder)  # the contact column
    assert header.sortIndicatorSection() == 2 and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert page.model.query.sort == "district"
    ctx.close()


def test_user_text_in_tooltips_is_shown_literally(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    clients.create_client(ctx.db, ctx.user_id, clients.ClientInput("<h1>A&B</h1>", kind="person"))
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    shown(qtbot, page.model)
    tip = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip == "<qt>&lt;h1&gt;A&amp;B&lt;/h1&gt;</qt>"
    assert page.model.data(page.model.index(0, 0)) == "<h1>A&B</h1>"
    ctx.close()


def test_closed_dialogs_are_deleted(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    shown(qtbot, page.model)
    page.new_client()
    dialog = page.dialog
    dialog.reject()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    ctx.close()


def test_closing_during_an_import_asks_and_cancels(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    import threading

    ctx = set_up_station(tmp_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    release = threading.Event()
    seen_cancel: list[bool] = []

    def slow(handle):  # type: ignore[no-untyped-def]
        while not handle.cancelled and not release.wait(0.01):
            pass
        seen_cancel.append(handle.cancelled)

    ctx.tasks.run(slow, lambda _r: None, progress_label="导入中…", parent=window)  # as an import runs
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    try:
        window.close()
        assert window.isVisible() and ctx.tasks.busy  # "No": nothing stopped, nothing closed
        window.close()
        assert not window.isVisible()
        assert seen_cancel == [True]
    finally:
        release.set()  # never leave the worker running: the test process would not exit
        ctx.close()


def test_new_client_starts_with_what_the_search_did_not_find(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    shown(qtbot, page.model)
    type_text(page.search, "柳州市三江茶业有限公司")
    page.apply_filters()
    assert shown(qtbot, page.model).rowCount() == 0
    page.new_client()
    assert page.dialog.name.text() == "柳州市三江茶业有限公司"
    page.dialog.reject()  # nothing typed in the dialog itself: closes without asking
    uscc = demo_clients.make_uscc("三江侗族自治县", 77)
    page.search.setText(uscc.lower())
    page.apply_filters()
    shown(qtbot, page.model)
    page.new_client()
    assert page.dialog.uscc.text() == uscc and page.dialog.name.text() == ""
    ctx.close()


def test_opening_the_page_queries_the_registry_once(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    from desktop.models.clients import clients as clients_module

    ctx = set_up_station(tmp_path)
    calls: list[object] = []
    real = clients_module.run_query
    monkeypatch.setattr(clients_module, "run_query", lambda db, q: calls.append(q) or real(db, q))
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    shown(qtbot, page.model)
    assert len(calls) == 1 and page.model.query.sort == "name" and not page.model.query.descending
    ctx.close()
