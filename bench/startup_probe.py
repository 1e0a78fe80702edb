"""Child process of bench_clients.py: start the app's main window on a station, report when it painted.

Prints one line of JSON: the wall-clock time the client table first painted, the time the main window
first painted, and the peak RSS after also running searches and scrolling to the last row.
It logs in the station's first admin directly (the login dialog waits for a person; Argon2id itself is
measured separately by the benchmark).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer

from desktop.app import create_application, install_translators
from desktop.context import AppContext
from desktop.models.accounts import staff
from desktop.views.shell.main_window import MainWindow


def peak_rss_mb() -> float:
    """This process's own peak RSS. (getrusage's ru_maxrss would include the parent's peak before exec.)"""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PaintWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted_at: float | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.time()
        return False


def main() -> int:
    data_dir = Path(sys.argv[1])
    app = create_application()
    ctx = AppContext(data_dir)
    install_translators(app, ctx.language)
    admin = next(s for s in staff.list_staff(ctx.db) if s.role == "admin" and s.active)
    ctx.set_user(admin)
    window = MainWindow(ctx)
    page = window.show_page("clients")  # the main window opens on the dashboard; this probe measures the clients
    watch = PaintWatch()
    page.table.viewport().installEventFilter(watch)  # type: ignore[attr-defined]
    window_painted: list[float] = []
    window.painted.connect(lambda: window_painted.append(time.time()))
    window.show()

    def finish() -> None:
        if watch.painted_at is None or not window_painted:
            QTimer.singleShot(1, finish)
            return
        for text in ("螺蛳粉", "柳", "张伟", "金桥鑫源"):
            page.search.setText(text)  # type: ignore[attr-defined]
            page.apply_filters()  # type: ignore[attr-defined]
        page.search.setText("")  # type: ignore[attr-defined]
        page.apply_filters()  # type: ignore[attr-defined]
        page.table.scrollToBottom()  # type: ignore[attr-defined]
        app.processEvents()
        rss_mb = peak_rss_mb()
        print(json.dumps({"window_painted": window_painted[0], "table_painted": watch.painted_at,
                          "peak_rss_mb": rss_mb, "rows": page.model.rowCount()}))  # type: ignore[attr-defined]
        app.quit()

    QTimer.singleShot(0, finish)
    app.exec()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
