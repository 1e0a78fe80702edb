"""End to end through real widgets: set up a station, log in, register a client typed in Chinese, find it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWizard

from desktop.app import Flow
from desktop.context import AppContext
from desktop.demo.demo_clients import make_uscc
from desktop.models.clients import clients
from desktop.models.core import station
from desktop.views.clients.client_dialog import ClientDialog
from desktop.views.clients.clients_page import ClientsPage
from desktop.views.shell.dashboard_page import DashboardPage
from desktop.views.shell.login_dialog import LoginDialog
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.setup_wizard import SetupWizard
from tests.support.widgets import shown, type_text


def test_setup_login_register_and_find_a_client(qtbot, zh_app, tmp_path: Path) -> None:
    ctx = AppContext(tmp_path)
    flow = Flow(ctx)
    flow.start()

    # ---- first run: the set-up wizard, in Chinese --------------------------------------------------
    wizard = flow.window
    assert isinstance(wizard, SetupWizard)
    qtbot.addWidget(wizard)
    assert wizard.station_page.title() == "本站"
    page = wizard.station_page
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # nothing filled in yet
    qtbot.keyClicks(page.code, "LZ-LN01")
    type_text(page.name, "柳南区质量服务站")
    page.district.setCurrentIndex(page.district.findData("柳南区"))
    type_text(page.address, "柳州市柳南区航生路 8 号")
    qtbot.keyClicks(page.phone, "0772-123")  # incomplete: the field says so, Next stays disabled
    assert page.form.errors["complaint_phone"].isVisible()
    assert "区号" in page.form.errors["complaint_phone"].text()
    assert not next_button.isEnabled()
    qtbot.keyClicks(page.phone, "4567")
    assert not page.form.errors["complaint_phone"].isVisible()
    qtbot.keyClicks(page.email, "zlfw@liunan.example.cn")
    assert next_button.isEnabled()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    admin = wizard.admin_page
    assert wizard.currentPage() is admin
    qtbot.keyClicks(admin.login, "wangfang")
    type_text(admin.full_name, "王芳")
    qtbot.keyClicks(admin.password, "short")
    assert "至少 8 位" in admin.form.errors["admin_password"].text()
    admin.password.clear()
    qtbot.keyClicks(admin.password, "Password1")  # long enough, but the first a guesser tries: said as one types
    assert "太容易被猜到" in admin.form.errors["admin_password"].text()
    admin.password.clear()
    qtbot.keyClicks(admin.password, "wangfang2026")  # the admin's own user name
    assert "用户名" in admin.form.errors["admin_password"].text()
    admin.password.clear()
    qtbot.keyClicks(admin.password, "liunan2026")
    qtbot.keyClicks(admin.confirm, "liunan2026")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    info = station.get_station(ctx.db)
    assert info is not None and info.code == "LZ-LN01" and info.name == "柳南区质量服务站"
    assert info.complaint_phone == "0772-1234567" and info.district == "柳南区"

    # ---- log in: a wrong password first ---------------------------------------------------------
    login = flow.window
    assert isinstance(login, LoginDialog)
    qtbot.addWidget(login)
    assert login.login.text() == "wangfang"
    qtbot.keyClicks(login.password, "wrong-password")
    qtbot.mouseClick(login.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: login.message.text() == "用户名或密码错误。", timeout=10_000)
    assert login.password.text() == ""
    qtbot.keyClicks(login.password, "liunan2026")
    with qtbot.waitSignal(login.logged_in, timeout=10_000):
        qtbot.mouseClick(login.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    # ---- the main window opens on the client page; status bar names station and user -------------
    window = flow.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert "柳南区质量服务站" in window.station_label.text()
    assert "王芳" in window.user_label.text() and "站点管理员" in window.user_label.text()
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert nav == ["工作台", "服务需求", "服务对象", "服务机构与专家", "服务目录", "投诉管理", "持续改进", "统计分析",
                   "档案管理", "时限设置", "账户管理", "市级平台同步", "备份与恢复", "设置"]
    assert isinstance(window.stack.currentWidget(), DashboardPage)  # the day starts on the dashboard
    page = window.show_page("clients")
    assert isinstance(page, ClientsPage)
    assert shown(qtbot, page.model).rowCount() == 0

    # ---- register a client typed in Chinese -------------------------------------------------------
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ClientDialog)
    assert not dialog.save_button.isEnabled()
    type_text(dialog.name, "柳州市螺蛳香食品有限公司")
    uscc = make_uscc("柳南区", 4_321_987)
    qtbot.keyClicks(dialog.uscc, uscc[:-1] + ("0" if uscc[-1] != "0" else "1"))  # mistyped check character
    assert "校验码" in dialog.form.errors["uscc"].text()
    assert not dialog.save_button.isEnabled()
    dialog.uscc.clear()
    qtbot.keyClicks(dialog.uscc, uscc)
    assert not dialog.form.errors["uscc"].isVisible()
    dialog.district.setCurrentIndex(dialog.district.findData("柳南区"))
    dialog.size_box.setCurrentIndex(dialog.size_box.findData("small"))
    dialog.industry.setCurrentText("螺蛳粉产业")
    qtbot.mouseClick(dialog.add_contact, Qt.MouseButton.LeftButton)
    dialog.contacts.setData(dialog.contacts.index(0, 0), "覃小红")
    dialog.contacts.setData(dialog.contacts.index(0, 1), "1387720")  # too short
    assert not dialog.save_button.isEnabled()
    assert "联系人 1" in dialog.contact_errors.text()
    dialog.contacts.setData(dialog.contacts.index(0, 1), "13877201234")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    # ---- the table shows it, and search finds it by a Chinese substring and by phone --------------
    assert shown(qtbot, page.model).rowCount() == 1
    assert "1 个服务对象" in page.count_label.text()
    type_text(page.search, "螺蛳香")
    qtbot.waitUntil(lambda: page.model.query.text == "螺蛳香", timeout=2000)
    assert shown(qtbot, page.model).rowCount() == 1
    assert page.model.data(page.model.index(0, 0)) == "柳州市螺蛳香食品有限公司"
    page.search.clear()
    type_text(page.search, "香食")  # two characters: the fallback path
    page.apply_filters()
    assert shown(qtbot, page.model).rowCount() == 1
    page.search.clear()
    qtbot.keyClicks(page.search, "7720123")
    page.apply_filters()
    assert shown(qtbot, page.model).rowCount() == 1
    assert page.model.data(page.model.index(0, 6)) == "13877201234"
    page.search.clear()
    type_text(page.search, "不存在的企业")
    page.apply_filters()
    assert shown(qtbot, page.model).rowCount() == 0

    stored = clients.get_client(ctx.db, clients.find_by_uscc(ctx.db, uscc) or -1)
    assert stored.created_by == "王芳"
    window.close()
    ctx.close()


def test_log_out_returns_to_the_login_and_a_clerk_sees_no_admin_pages(qtbot, zh_app, tmp_path: Path) -> None:
    from desktop.models.accounts import staff

    ctx = AppContext(tmp_path)
    admin_id = station.setup(ctx.db, station.StationInput("LZ-LB01", "柳北区质量服务站", "district", "柳北区"),
                             "admin", "管理员", "kapok-river-1987")
    staff.create_staff(ctx.db, admin_id, "clerk1", "窗口甲", "clerk", "clerk-pass-1")
    ctx.refresh_station()
    flow = Flow(ctx, "clerk1")
    flow.start()
    login = flow.window
    assert isinstance(login, LoginDialog)
    qtbot.addWidget(login)
    qtbot.keyClicks(login.password, "clerk-pass-1")
    with qtbot.waitSignal(login.logged_in, timeout=10_000):
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
    window = flow.window
    assert isinstance(window, MainWindow)
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    # no catalogue, time limits or accounts pages for a window clerk
    assert nav == ["工作台", "服务需求", "服务对象", "服务机构与专家", "投诉管理", "持续改进", "统计分析",
                   "档案管理", "市级平台同步", "设置"]
    assert "窗口人员" in window.user_label.text()
    window.logout_requested.emit()
    assert isinstance(flow.window, LoginDialog) and flow.window.isVisible()
    qtbot.addWidget(flow.window)
    assert ctx.user is None
    ctx.close()


def test_user_text_is_never_markup(qtbot, zh_app, tmp_path: Path) -> None:
    from desktop.models.accounts import staff

    ctx = AppContext(tmp_path)
    admin_id = station.setup(ctx.db, station.StationInput("LZ-X01", "<b>站</b><img src='x'>", "park", "柳东新区"),
                             "admin", "<i>管理员</i>", "kapok-river-1987")
    ctx.refresh_station()
    ctx.set_user(staff.get_staff(ctx.db, admin_id))
    login = LoginDialog(ctx)
    qtbot.addWidget(login)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    labels = [window.station_label, window.user_label]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    assert "<b>站</b>" in window.station_label.text() and "<i>管理员</i>" in window.user_label.text()
    from PySide6.QtWidgets import QLabel

    heading = next(w for w in login.findChildren(QLabel) if "<b>站</b>" in w.text())
    assert heading.textFormat() == Qt.TextFormat.PlainText
    ctx.close()
