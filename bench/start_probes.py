"""The start-up benchmark's child processes (bench_requests.py runs them): each prints one line of JSON.

    python bench/start_probes.py empty | main DIR | login DIR

- empty: the baseline, a fresh process painting an empty ``QMainWindow``;
- main: the main window on the station (log-in skipped), then the requests list, searches, a scroll to the end;
- login: the app as a clerk starts it, the log-in window first, then the main window once the station is open.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_requests import PASSWORD


def probe_empty() -> int:
    """The baseline child: a fresh process painting an empty QMainWindow."""
    from common import peak_rss_mb
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    class Empty(QMainWindow):
        def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
            super().paintEvent(event)
            if not hasattr(self, "painted_at"):
                self.painted_at = time.time()
                QTimer.singleShot(0, QApplication.quit)

    app = QApplication(sys.argv[:1])
    window = Empty()
    window.resize(1366, 738)
    window.show()
    app.exec()
    print(json.dumps({"window_painted": window.painted_at, "peak_rss_mb": peak_rss_mb()}))
    return 0


def probe(data_dir: Path) -> int:
    """The app child: the main window on the station, then the requests list, searches, a scroll to the end."""
    from common import peak_rss_mb
    from PySide6.QtCore import QEvent, QObject, QTimer

    from desktop.app import create_application, install_translators
    from desktop.context import AppContext
    from desktop.models.accounts import staff
    from desktop.views.shell.main_window import MainWindow

    class PaintWatch(QObject):
        painted_at: float | None = None

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.painted_at is None:
                self.painted_at = time.time()
            return False

    app = create_application()
    ctx = AppContext(data_dir)
    install_translators(app, ctx.language)
    ctx.set_user(next(s for s in staff.list_staff(ctx.db) if s.role == "admin" and s.active))
    window = MainWindow(ctx)
    window_painted: list[float] = []
    window.painted.connect(lambda: window_painted.append(time.time()))
    window.show()
    state: dict[str, object] = {}

    def step() -> None:
        if not window_painted:
            QTimer.singleShot(1, step)
            return
        if "page" not in state:  # the main window is up: open the requests list
            watch = PaintWatch()
            state["opened"] = time.time()
            page = window.show_page("requests")
            page.table.viewport().installEventFilter(watch)  # type: ignore[attr-defined]
            state.update(page=page, watch=watch)
        page, watch = state["page"], state["watch"]
        assert isinstance(watch, PaintWatch)
        if watch.painted_at is None or page.model.searching:  # type: ignore[attr-defined]
            QTimer.singleShot(1, step)
            return
        if "searched" not in state:
            state["searched"] = True
            for text in ("螺蛳粉", "柳", "商标注册"):
                page.search.setText(text)  # type: ignore[attr-defined]
                page.apply_filters()  # type: ignore[attr-defined]
            QTimer.singleShot(1, step)
            return
        page.search.setText("")  # type: ignore[attr-defined]
        page.apply_filters()  # type: ignore[attr-defined]
        page.table.scrollToBottom()  # type: ignore[attr-defined]
        app.processEvents()
        print(json.dumps({"window_painted": window_painted[0], "requests_opened": state["opened"],
                          "requests_painted": watch.painted_at, "peak_rss_mb": peak_rss_mb()}))
        app.quit()

    QTimer.singleShot(0, step)
    app.exec()
    ctx.close()
    return 0


def probe_login(data_dir: Path) -> int:
    """The app child as a clerk starts it: the log-in window painted (the database opens behind it), then, once
    the station is open, the password entered and the main window painted."""
    from common import peak_rss_mb
    from PySide6.QtCore import QEvent, QObject

    from desktop.app import create_application, first_window, install_translators
    from desktop.ui_settings import settings_language, ui_settings

    app = create_application()
    install_translators(app, settings_language(ui_settings(data_dir)))
    flow = first_window(data_dir, "admin")
    seen: dict[str, float] = {}

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "login_painted" not in seen:
                seen["login_painted"] = time.time()
            return False

    watch = Watch()
    assert flow.window is not None
    flow.window.installEventFilter(watch)

    def opened(_ctx: object) -> None:
        seen["opened"] = time.time()
        login = flow.window
        login.password.setText(PASSWORD)  # type: ignore[union-attr]
        # the flow's own handler (connected first) has made and shown the main window when this one runs
        login.logged_in.connect(lambda _u: flow.window.painted.connect(done))  # type: ignore[union-attr]
        seen["ok"] = time.time()
        login.try_login()  # type: ignore[union-attr]

    def done() -> None:
        seen["main_painted"] = time.time()
        print(json.dumps({**seen, "peak_rss_mb": peak_rss_mb()}))
        app.quit()

    flow.opened.connect(opened)
    app.exec()
    assert flow.ctx is not None
    flow.ctx.close()
    return 0


def main() -> int:
    kind = sys.argv[1]
    if kind == "empty":
        return probe_empty()
    return {"main": probe, "login": probe_login}[kind](Path(sys.argv[2]))


if __name__ == "__main__":
    sys.exit(main())
