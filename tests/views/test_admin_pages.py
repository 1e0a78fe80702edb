"""The admin pages driven through their widgets: accounts and the service catalogue."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop.models.accounts import staff
from desktop.models.catalogue import catalogue
from desktop.views.accounts.staff_page import StaffPage
from desktop.views.catalogue.catalogue_page import CataloguePage
from tests.support.widgets import set_up_station, type_text


def test_accounts_add_disable_reset(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    ctx = set_up_station(tmp_path)
    page = StaffPage(ctx)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.keyClicks(dialog.login, "Bad Name")
    type_text(dialog.name, "外勤乙")
    dialog.role.setCurrentIndex(dialog.role.findData("field_officer"))
    qtbot.keyClicks(dialog.password, "field-pass-1")
    dialog.save()  # the password is hashed off the GUI thread: Save is disabled meanwhile
    qtbot.waitUntil(lambda: "用户名为 2–32 位" in dialog.form.errors["login"].text())
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    dialog.login.clear()
    qtbot.keyClicks(dialog.login, "waiqin2")
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "12345678")  # long enough, too easy to guess: said at the field, in Chinese
    dialog.save()
    qtbot.waitUntil(lambda: "太容易被猜到" in dialog.form.errors["password"].text(), timeout=10_000)
    assert not dialog.form.errors["login"].isVisible()
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "field-pass-1")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    assert [s.login for s in page.model.items] == ["admin", "waiqin2"]  # the page refreshed by itself
    assert page.model.data(page.model.index(1, 2)) == "外勤人员"

    page.table.selectRow(1)
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert page.model.data(page.model.index(1, 3)) == "已停用"
    assert page.model.data(page.model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert page.model.data(page.model.index(1, 3)) == "在用"

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("aaaaaaaaaaaa", True))
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)  # a weak temporary password is refused
    qtbot.waitUntil(lambda: len(warnings) == 1 and "太容易被猜到" in warnings[0], timeout=10_000)
    warnings.clear()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("temporary-kapok-9", True))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown == ["密码已重置。"], timeout=10_000)
    user = staff.authenticate(ctx.db, "waiqin2", "temporary-kapok-9")
    assert user.must_change_password

    # an admin cannot disable themself: the refusal is shown, nothing changes
    page.table.selectRow(0)
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert warnings == ["不能停用自己的账户。"]
    assert staff.get_staff(ctx.db, ctx.user_id).active
    ctx.close()


def test_catalogue_add_and_retire(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    page = CataloguePage(ctx)
    qtbot.addWidget(page)
    seeded = page.model.rowCount()
    assert seeded == 24
    assert page.model.data(page.model.index(0, 0)) == "5.1.1"
    assert page.model.data(page.model.index(0, 1)) == "计量技术服务"
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.category.setCurrentIndex(dialog.category.findData(
        next(c.id for c in catalogue.list_catalogue(ctx.db) if c.clause == "5.10")))
    type_text(dialog.title, "食品小作坊登记咨询")
    dialog.save()
    assert not dialog.isVisible()
    assert page.model.rowCount() == seeded + 1
    row = next(r for r in range(page.model.rowCount())
               if page.model.data(page.model.index(r, 2)) == "食品小作坊登记咨询")
    assert page.model.data(page.model.index(row, 1)) == "食品安全技术服务"
    page.table.selectRow(row)
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert page.model.data(page.model.index(row, 4)) == "已停用"
    ctx.close()


def test_catalogue_selection_survives_a_reload(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    page = CataloguePage(ctx)
    qtbot.addWidget(page)
    page.table.selectRow(5)
    clause = page.model.data(page.model.index(5, 0))
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)  # second click acts on the same item
    assert page.model.data(page.model.index(page.table.currentIndex().row(), 0)) == clause
    assert page.model.data(page.model.index(5, 4)) == "使用中"
    ctx.close()


def test_after_a_reset_the_user_must_choose_a_new_password(qtbot, zh_app, tmp_path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.views.accounts.password_dialog import ChangePasswordDialog
    from desktop.views.shell.login_dialog import LoginDialog

    ctx = set_up_station(tmp_path)
    clerk = staff.create_staff(ctx.db, ctx.user_id, "clerk1", "窗口甲", "clerk", "first-pass-1").ids[0]
    staff.reset_password(ctx.db, ctx.user_id, clerk, "temporary-kapok-9")
    ctx.set_user(None)
    login = LoginDialog(ctx, "clerk1")
    qtbot.addWidget(login)
    seen: list[str] = []

    def choose_new_password() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ChangePasswordDialog):
            QTimer.singleShot(50, choose_new_password)
            return
        seen.append(dialog.findChildren(type(login.message))[0].text())
        dialog.old.setText("temporary-kapok-9")
        dialog.new.setText("temporary-kapok-9")  # the same again: refused at the field
        dialog.confirm.setText("temporary-kapok-9")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.form.errors["password"].isVisible(), timeout=10_000)
        seen.append(dialog.form.errors["password"].text())
        dialog.new.setText("my-own-pass-2")
        dialog.confirm.setText("my-own-pass-2")
        dialog.save()

    QTimer.singleShot(50, choose_new_password)
    login.password.setText("temporary-kapok-9")
    with qtbot.waitSignal(login.logged_in, timeout=20_000):
        login.try_login()
    assert seen == ["您的密码已由站点管理员重置，请设置新密码。", "新密码不能与原密码相同。"]
    assert not staff.authenticate(ctx.db, "clerk1", "my-own-pass-2").must_change_password
    ctx.close()
