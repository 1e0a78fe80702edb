"""Every item model passes Qt's model tester, with real data behind it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.demo import demo_clients
from desktop.models.accounts import staff
from desktop.models.clients import clients
from desktop.views.clients.client_table import PAGE, ClientTableModel
from desktop.views.shared.contacts_model import ContactsModel
from desktop.views.shared.list_model import ListTableModel
from tests.support.widgets import rows_in, set_up_station, shown


def test_client_table_model(qtbot, qtmodeltester, zh_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, PAGE * 2 + 17, ctx.user_id)
    model = shown(qtbot, ClientTableModel(ctx.db, ctx.tasks))
    qtmodeltester.check(model)
    assert model.rowCount() == PAGE * 2 + 17
    # rows across page borders come in name order, each once
    rows_in(qtbot, model)
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert names == sorted(names)
    ids = [model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    assert len(set(ids)) == len(ids)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    rows_in(qtbot, shown(qtbot, model))
    districts = [model.data(model.index(r, 2)) for r in range(model.rowCount())]
    assert districts == sorted(districts, reverse=True)
    model.sort(5)  # the contact column cannot be sorted: nothing changes
    assert model.query.sort == "district"
    model.request(clients.ClientQuery(district="柳江区"))
    qtmodeltester.check(shown(qtbot, model))
    rows_in(qtbot, model)
    assert all(model.data(model.index(r, 2)) == "柳江区" for r in range(model.rowCount()))
    assert model.headerData(0, Qt.Orientation.Horizontal) == "名称"
    ctx.close()


def test_a_lists_rows_come_off_the_gui_thread(qtbot, zh_app, tmp_path, monkeypatch
                                              ) -> None:  # type: ignore[no-untyped-def]
    """The first paint of a list reads nothing on the GUI thread: the first page comes with the count and ids;
    a later page is read off the GUI thread as the view reaches it (an empty row until then), then announced."""
    import threading

    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, PAGE * 2, ctx.user_id)
    threads: list[str] = []
    real = ClientTableModel.rows_by_id

    def watched(db, ids):  # type: ignore[no-untyped-def]
        threads.append("gui" if threading.current_thread() is threading.main_thread() else "worker")
        return real(db, ids)

    monkeypatch.setattr(ClientTableModel, "rows_by_id", staticmethod(watched))
    model = shown(qtbot, ClientTableModel(ctx.db, ctx.tasks))
    assert all(model.data(model.index(r, 0)) for r in range(PAGE)) and threads == ["worker"]
    with qtbot.waitSignal(model.dataChanged) as changed:
        assert model.data(model.index(PAGE + 1, 0)) is None  # not in yet: asked for
    assert [changed.args[0].row(), changed.args[1].row()] == [PAGE, PAGE * 2 - 1]
    assert model.data(model.index(PAGE + 1, 0)) and threads == ["worker", "worker"]
    ctx.close()


def test_contacts_model(qtmodeltester, zh_app) -> None:
    model = ContactsModel()
    model.set_contacts([clients.ContactInput("张三", "13812345678"), clients.ContactInput("李四", "0772-1234567")])
    qtmodeltester.check(model)
    row = model.add()
    assert row == 2 and model.rowCount() == 3
    assert model.setData(model.index(2, 1), "123")
    model.set_errors(clients.validate_client(clients.ClientInput("x", kind="person", contacts=model.contacts())))
    assert model.data(model.index(2, 1), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole) is None
    model.remove(0)
    assert [c.name for c in model.contacts()] == ["李四", ""]
    qtmodeltester.check(model)


def test_list_table_model(qtmodeltester, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    model = ListTableModel([("login", lambda s: s.login), ("name", lambda s: s.name)], dimmed=lambda s: not s.active)
    model.set_items(staff.list_staff(ctx.db))
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0)) == "admin"
    ctx.close()


def test_the_screen_and_the_export_name_a_status_alike(zh_app) -> None:  # type: ignore[no-untyped-def]
    """The UI's label and the .xlsx export's come from one table (they once said 待批示 and 待请示)."""
    from desktop.models.requests.labels import REQUEST_STATUS_LABELS
    from desktop.views.shared.labels import label, ui_language

    assert ui_language() == "zh_CN"
    for status in REQUEST_STATUS_LABELS:
        assert label(REQUEST_STATUS_LABELS, status) == REQUEST_STATUS_LABELS.zh(status)
    assert label(REQUEST_STATUS_LABELS, "awaiting_instruction") == "待批示"
