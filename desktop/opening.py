"""Opening a set-up station behind its log-in window.

The log-in window is the first thing a clerk sees, and it needs only the station's name: ``peek_station_name``
reads it with the standard library. The database itself (the ORM's import, an upgrade when the file is older than
the app, the schema check) opens on a thread of its own while the clerk types; ``StationOpener`` hands the open
``Database`` back to the GUI thread, which builds the ``AppContext`` around it. Nothing here imports the ORM at
module level: the app must be able to paint its first window before it has loaded.
"""

from __future__ import annotations

import importlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.paths import database_path

# what the main window needs, imported while the clerk types, so logging in does not wait for it (and then
# ``warm_areas``: the areas' declarations and what they install in the window)
WARM_MODULES = ("desktop.context", "desktop.views.shell.main_window", "desktop.views.shell.dashboard_page")
# imported after the main window is up, besides its pages' modules: what the first sync, the first request
# opened and the first dialogs need (imported inside functions, so start-up does not pay for them)
LATER_MODULES = ("desktop.sync.service", "desktop.sync.client", "desktop.sync.credentials", "desktop.sync.engine",
                 "desktop.views.requests.request_dialog", "desktop.views.requests.request_detail")
IMPORT_LOCK = threading.RLock()


def peek_station_name(path: Path) -> str | None:
    """The set-up station's name, read-only with the standard library; None when the file is not there, is not
    set up or cannot be read (the full open then runs first and says why)."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT name FROM station WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row and row[0] else None


class StationOpener(QObject):
    """Opens the database in ``data_dir`` on a thread of its own; ``opened`` (a ``Database``) or ``failed`` (the
    exception) arrives on the GUI thread. ``wait`` joins the thread (before the app exits: an upgrade is never cut
    off by the window closing)."""

    opened = Signal(object)  # Database
    failed = Signal(object)  # BaseException

    def __init__(self, data_dir: Path, warm: Sequence[str] = WARM_MODULES, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.path = database_path(data_dir)
        self.warm = tuple(warm)
        self._thread: threading.Thread | None = None
        self.result: object = None  # the Database, once opened (closed by whoever takes it)

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._open, name="open-station")
            self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _open(self) -> None:
        try:
            from desktop.models.core.db import Database

            db = Database(self.path)
        except BaseException as exc:  # told on the GUI thread, whatever it is
            self.failed.emit(exc)
            return
        self.result = db
        for name in self.warm:
            try:
                importlib.import_module(name)
            except Exception:  # the GUI thread imports it again and reports what is wrong
                continue
        if self.warm:
            warm_areas()
        self.opened.emit(db)


def warm_areas() -> None:
    """Import the areas' declarations (their labels and lifecycles come with them) and the modules they install
    in the main window (status-bar parts): the main window's building reads them (66 ms of imports on the GUI
    thread otherwise)."""
    try:
        from desktop.models.core.registry import areas

        modules = [area.install.partition(":")[0] for area in areas() if area.install]
    except Exception:  # the GUI thread meets it again and reports it
        return
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            continue


def _zone_names() -> object:
    from desktop.models.core.clock import zone_names

    return zone_names()  # cached: the IANA database listed once (slow on Windows, from the tzdata package)


LATER_CALLS: tuple[Callable[[], object], ...] = (_zone_names,)


class Warmer:
    """Imports ``modules`` (then runs ``calls``) on a thread of its own, one at a time under ``IMPORT_LOCK``;
    ``done`` once finished. A module that fails to import is left to the GUI thread, which reports it."""

    def __init__(self, modules: Sequence[str], calls: Sequence[Callable[[], object]] = LATER_CALLS) -> None:
        self.modules = tuple(modules)
        self.calls = tuple(calls)
        self._thread = threading.Thread(target=self._run, name="warm-modules", daemon=True)
        self._finished = threading.Event()

    def start(self) -> None:
        if not self._thread.is_alive() and not self._finished.is_set():
            self._thread.start()

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._finished.wait(timeout)

    def _run(self) -> None:
        try:
            for name in self.modules:
                with IMPORT_LOCK:
                    try:
                        importlib.import_module(name)
                    except Exception:  # the GUI thread imports it again and reports what is wrong
                        continue
            for call in self.calls:
                try:
                    call()
                except Exception:  # asked again where it is needed, and reported there
                    continue
        finally:
            self._finished.set()
