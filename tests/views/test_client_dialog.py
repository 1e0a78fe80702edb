"""The client dialog: messages at each field, Save gating, duplicate USCC, Esc on a dirty form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.demo.demo_clients import make_uscc
from desktop.models.clients import clients
from desktop.views.clients.client_dialog import ClientDialog
from tests.support.widgets import set_up_station, type_text


def _existing(ctx, name="柳州市壶城汽车配件有限公司", n=777):  # type: ignore[no-untyped-def]
    uscc = make_uscc("城中区", n)
    change = clients.create_client(ctx.db, ctx.user_id, clients.ClientInput(
        name, uscc, district="城中区", contacts=(clients.ContactInput("黄伟", "0772-3123456"),)))
    return change.ids[0], uscc


def test_each_bad_field_has_its_own_message(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    dialog = ClientDialog(ctx)
    qtbot.addWidget(dialog)
    type_text(dialog.name, "测试")
    dialog.name.clear()
    assert dialog.form.errors["name"].text() == "此项为必填项。"
    qtbot.keyClicks(dialog.uscc, "91450200ABC")
    assert dialog.form.errors["uscc"].text() == "统一社会信用代码为 18 位。"
    type_text(dialog.address, "路" * 201)
    assert dialog.form.errors["address"].text() == "内容过长：最多 200 个字符。"
    assert not dialog.save_button.isEnabled()
    # a person needs no USCC; fixing the fields enables Save
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
    dialog.uscc.clear()
    dialog.address.clear()
    type_text(dialog.name, "韦建国")
    assert dialog.save_button.isEnabled()
    assert not any(e.isVisible() for e in dialog.form.errors.values())
    ctx.close()


def test_duplicate_uscc_is_refused_and_offers_the_existing_client(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    existing_id, uscc = _existing(ctx)
    dialog = ClientDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.name, "另一家公司")
    qtbot.keyClicks(dialog.uscc, uscc.lower())  # lower case is normalized, and still a duplicate
    assert dialog.form.errors["uscc"].text() == "已有其他服务对象使用该统一社会信用代码。"
    assert dialog.open_existing.isVisible()
    assert not dialog.save_button.isEnabled()
    dialog._saved_state = dialog.value()  # nothing to discard: go straight to the other client
    with qtbot.waitSignal(dialog.open_client) as blocker:
        qtbot.mouseClick(dialog.open_existing, Qt.MouseButton.LeftButton)
    assert blocker.args == [existing_id]
    # editing the existing client itself does not count as a duplicate
    edit = ClientDialog(ctx, existing_id)
    qtbot.addWidget(edit)
    assert edit.name.text() == "柳州市壶城汽车配件有限公司"
    assert edit.contacts.rowCount() == 1
    assert edit.save_button.isEnabled()
    assert not edit.open_existing.isVisible()
    ctx.close()


def test_escape_on_a_dirty_form_asks_before_discarding(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    ctx = set_up_station(tmp_path)
    dialog = ClientDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    asked: list[str] = []

    def answer(choice):  # type: ignore[no-untyped-def]
        def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(text)
            return choice
        return question

    # clean form: Esc closes without asking
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and asked == []

    dialog = ClientDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.name, "未保存的企业")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and asked == ["该服务对象有未保存的修改，确定放弃吗？"]
    assert dialog.name.text() == "未保存的企业"  # nothing lost
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert clients.count_clients(ctx.db) == 0
    ctx.close()


def test_edit_changes_contacts_and_is_saved(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    existing_id, _ = _existing(ctx)
    dialog = ClientDialog(ctx, existing_id)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.add_contact, Qt.MouseButton.LeftButton)
    dialog.contacts.setData(dialog.contacts.index(1, 0), "莫丽")
    dialog.contacts.setData(dialog.contacts.index(1, 1), "13977123456")
    dialog.contacts_view.setCurrentIndex(dialog.contacts.index(0, 0))
    qtbot.mouseClick(dialog.remove_contact, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    detail = clients.get_client(ctx.db, existing_id)
    assert [(c.name, c.phone) for c in detail.contacts] == [("莫丽", "13977123456")]
    ctx.close()


def test_ctrl_s_inside_a_contact_cell_saves_what_was_typed(qtbot, zh_app, tmp_path) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    ctx = set_up_station(tmp_path)
    existing_id, _ = _existing(ctx)
    dialog = ClientDialog(ctx, existing_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # shortcuts go to the active window
    index = dialog.contacts.index(0, 1)
    dialog.contacts_view.setCurrentIndex(index)
    dialog.contacts_view.edit(index)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "13999998888")
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [c.phone for c in clients.get_client(ctx.db, existing_id).contacts] == ["13999998888"]
    ctx.close()
