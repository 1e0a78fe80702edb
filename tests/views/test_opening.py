"""A set-up station's log-in window comes first; the database opens behind it while the clerk types."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.app import Flow
from desktop.models.core.errors import Refused
from desktop.opening import StationOpener, Warmer, peek_station_name
from desktop.paths import database_path
from desktop.views.shared.forms import ERROR_STYLE
from desktop.views.shell.login_dialog import LoginDialog
from desktop.views.shell.main_window import MainWindow
from tests.support.hub_process import ROOT
from tests.support.widgets import ADMIN_PASSWORD, set_up_station

CHILD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from PySide6.QtCore import QEvent, QObject, QTimer
    from desktop.app import create_application, first_window, install_translators

    app = create_application()
    install_translators(app, "zh_CN")
    flow = first_window(Path(sys.argv[1]), "admin")
    seen = {"window": type(flow.window).__name__}

    class Watch(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and "orm_at_first_paint" not in seen:
                seen["orm_at_first_paint"] = "sqlalchemy" in sys.modules
                seen["heading"] = flow.window.findChildren(type(flow.window.message))[0].text()
            return False

    watch = Watch()
    flow.window.installEventFilter(watch)

    def opened(_ctx):
        seen["orm_when_opened"] = "sqlalchemy" in sys.modules
        flow.window.password.setText(sys.argv[2])
        flow.window.logged_in.connect(lambda _u: QTimer.singleShot(0, done))
        flow.window.try_login()

    def done():
        seen["after_log_in"] = type(flow.window).__name__
        print(json.dumps(seen))
        app.quit()

    flow.opened.connect(opened)
    QTimer.singleShot(30_000, app.quit)
    app.exec()
    flow.ctx.close()
""")


def _station(tmp_path: Path, qapp) -> Path:  # type: ignore[no-untyped-def]
    ctx = set_up_station(tmp_path / "station")
    ctx.close()
    return tmp_path / "station"


def test_the_log_in_window_paints_before_the_database_has_loaded(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    """In a fresh process, as the app starts: the ORM is not loaded when the log-in window first paints."""
    data_dir = _station(tmp_path, qapp)
    out = subprocess.run([sys.executable, "-c", CHILD, str(data_dir), ADMIN_PASSWORD], cwd=ROOT, text=True,
                         capture_output=True, timeout=60, env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
                                                               "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["window"] == "LoginDialog"
    assert seen["orm_at_first_paint"] is False
    assert seen["heading"] == "鱼峰区质量服务站"  # the station's name, read without the ORM
    assert seen["orm_when_opened"] is True
    assert seen["after_log_in"] == "MainWindow"


def test_a_log_in_asked_for_while_the_station_opens_is_checked_once_it_has(qtbot, zh_app, tmp_path: Path) -> None:
    data_dir = _station(tmp_path, zh_app)
    flow = Flow(None, "admin", StationOpener(data_dir), "鱼峰区质量服务站")
    flow.start()
    login = flow.window
    assert isinstance(login, LoginDialog) and login.ctx is None
    assert not flow.opener.started  # type: ignore[union-attr]  # it waits for the window's first paint
    qtbot.keyClicks(login.password, ADMIN_PASSWORD)
    qtbot.mouseClick(login.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert login.message.text() == "正在打开本站数据…"
    assert login.message.styleSheet() != ERROR_STYLE  # news, not an error
    assert not login.buttons.isEnabled()
    with qtbot.waitSignal(login.logged_in, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: isinstance(flow.window, MainWindow), timeout=10_000)
    assert flow.ctx is not None and flow.ctx.user is not None and flow.ctx.user.login == "admin"
    window = flow.window
    assert isinstance(window, MainWindow)
    # once the window is up, what its other pages need is imported in the background
    later = window.later_modules()
    assert "desktop.views.city_sync.sync_page" in later and "desktop.sync.client" in later
    assert "desktop.views.shell.dashboard_page" not in later  # built already: the first page
    assert flow.warmer is not None
    qtbot.waitUntil(lambda: flow.warmer is not None and flow.warmer.done, timeout=20_000)
    assert all(name in sys.modules for name in later)
    window.close()
    window.deleteLater()
    flow.opener.wait()  # type: ignore[union-attr]
    flow.ctx.tasks.wait()
    flow.ctx.close()


def test_a_station_that_cannot_open_says_why(qtbot, zh_app, tmp_path: Path) -> None:
    data_dir = _station(tmp_path, zh_app)
    conn = sqlite3.connect(database_path(data_dir))
    conn.executescript("DROP TRIGGER request_fts_au; DROP TABLE request_fts;")  # cannot be put back safely
    conn.close()
    assert peek_station_name(database_path(data_dir)) == "鱼峰区质量服务站"
    flow = Flow(None, "admin", StationOpener(data_dir), "鱼峰区质量服务站")
    with qtbot.waitSignal(flow.cannot_open, timeout=20_000) as blocker:
        flow.start()
    assert isinstance(blocker.args[0], Refused) and "request_fts" in blocker.args[0].message
    assert flow.ctx is None
    flow.opener.wait()  # type: ignore[union-attr]
    flow.window.close()  # type: ignore[union-attr]
    flow.window.deleteLater()  # type: ignore[union-attr]


def test_the_quick_look_finds_no_station_where_there_is_none(tmp_path: Path) -> None:
    assert peek_station_name(tmp_path / "absent.sqlite3") is None
    sqlite3.connect(tmp_path / "empty.sqlite3").close()
    assert peek_station_name(tmp_path / "empty.sqlite3") is None  # a new file: the set-up wizard comes first
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database at all" * 100)
    assert peek_station_name(tmp_path / "junk.sqlite3") is None  # the full open says what is wrong


def test_what_went_wrong_is_in_the_error_colour_and_what_happens_is_not(qtbot, zh_app, tmp_path: Path) -> None:
    ctx = set_up_station(tmp_path / "station")
    try:
        login = LoginDialog(ctx, "admin")
        qtbot.addWidget(login)
        login.try_login()  # no password
        assert login.message.text() == "请输入用户名和密码。" and login.message.styleSheet() == ERROR_STYLE
        login.password.setText("wrong-password")
        login.try_login()
        assert login.message.text() == "正在验证…" and login.message.styleSheet() != ERROR_STYLE
        qtbot.waitUntil(lambda: login.buttons.isEnabled(), timeout=10_000)
        assert login.message.styleSheet() == ERROR_STYLE and login.message.text() != "正在验证…"
        assert login.password.text() == ""
    finally:
        ctx.tasks.wait()
        ctx.close()


def test_the_warm_up_goes_on_past_a_module_that_fails_and_runs_its_calls() -> None:
    called: list[str] = []
    warmer = Warmer(["desktop.no_such_module", "json"], [lambda: called.append("call"), lambda: 1 / 0,
                                                         lambda: called.append("after")])
    assert not warmer.done
    warmer.start()
    assert warmer.wait(10)
    assert warmer.done and called == ["call", "after"]
