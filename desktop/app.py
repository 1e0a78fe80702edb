"""Builds the QApplication, the AppContext and the first window; nothing else."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop import APP_NAME, APP_ORG, __version__
from desktop.messages import DEFAULT_LANGUAGE, load_translator, tr_message
from desktop.models.core.errors import Refused
from desktop.opening import StationOpener, Warmer, peek_station_name
from desktop.paths import DataDirConflict, database_path, resolve_data_dir
from desktop.ui_settings import settings_language, ui_settings

if TYPE_CHECKING:  # loaded behind the first window (desktop.opening), not before it
    from desktop.context import AppContext


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Our strings, then Qt's own (standard buttons). Parented to the app, so they live as long as it."""
    installed: list[QTranslator] = []
    ours = load_translator(language, app)
    if ours is not None:
        app.installTranslator(ours)
        installed.append(ours)
        qt = QTranslator(app)
        if qt.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            installed.append(qt)
    QLocale.setDefault(QLocale(language))
    return installed


class Flow(QObject):
    """First run → set-up wizard; then log-in; then the main window. Log-out returns to the log-in.

    With an ``opener`` (a set-up station, as the app starts), the log-in window is up before the database has
    opened: the opener starts once that window has painted and ``ctx`` arrives while the clerk types. If the
    station cannot open, ``cannot_open`` says why (the app tells the user and ends).

    The next window is shown before the previous one goes away (so the app never has no window), and the
    previous one is kept referenced until the event loop is back: each hand-over happens inside one of
    its own slots (the wizard's accept, the dialog's log-in), and freeing it there crashes Qt.
    """

    opened = Signal(object)  # AppContext: the station is open
    cannot_open = Signal(object)  # the exception that stopped it

    def __init__(self, ctx: AppContext | None, login: str = "", opener: StationOpener | None = None,
                 station_name: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.login_name = login
        self.opener = opener
        self.station_name = station_name
        self.window: QWidget | None = None
        self.warmer: Warmer | None = None
        self._leaving: list[QWidget] = []

    def start(self) -> None:
        if self.ctx is None:
            assert self.opener is not None, "a Flow needs an open station or an opener"
            self.opener.opened.connect(self._opened)
            self.opener.failed.connect(self.cannot_open)
            self.show_login()
            _FirstPaint(self.window, self.opener.start)
        elif self.ctx.station is None:
            from desktop.views.shell.setup_wizard import SetupWizard

            wizard = SetupWizard(self.ctx)
            wizard.set_up.connect(self._after_setup)
            self._replace(wizard)
        else:
            self.show_login()

    def _opened(self, db: object) -> None:
        from desktop.context import AppContext

        assert self.opener is not None
        self.ctx = AppContext(self.opener.data_dir, db=db)  # type: ignore[arg-type]
        self.opener.result = None  # the context owns it now
        from desktop.views.shell.login_dialog import LoginDialog

        if isinstance(self.window, LoginDialog):
            self.window.set_context(self.ctx)
        self.opened.emit(self.ctx)

    def _replace(self, new: QWidget) -> None:
        old, self.window = self.window, new
        new.show()
        if old is not None:
            self._leaving.append(old)
            QTimer.singleShot(0, self._release)

    def _release(self) -> None:
        for old in self._leaving:
            old.close()
            old.deleteLater()
        self._leaving.clear()

    def _after_setup(self, admin_login: str) -> None:
        self.login_name = admin_login
        self.show_login()

    def show_login(self) -> None:
        from desktop.views.shell.login_dialog import LoginDialog

        dialog = LoginDialog(self.ctx, self.login_name, self.station_name)
        dialog.logged_in.connect(lambda _u: self.show_main())
        self._replace(dialog)

    def show_main(self) -> None:
        from desktop.views.shell.main_window import MainWindow

        assert self.ctx is not None
        window = MainWindow(self.ctx)
        window.logout_requested.connect(self._logout)
        self._replace(window)
        if self.warmer is None:  # the other pages' modules, imported in the background once the window is up
            self.warmer = Warmer(window.later_modules())
            _FirstPaint(window, self.warmer.start)

    def _logout(self) -> None:
        assert self.ctx is not None
        self.ctx.set_user(None)
        self.show_login()


class _FirstPaint(QObject):
    """Calls ``then`` once ``widget`` has painted (or after ``FALLBACK_MS`` if it never does: minimised)."""

    FALLBACK_MS = 1000

    def __init__(self, widget: QWidget | None, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self.then = then
        self.done = False
        if widget is not None:
            widget.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            QTimer.singleShot(0, self._fire)  # once this paint is on the screen
        return False

    def _fire(self) -> None:
        if not self.done:
            self.done = True
            self.then()


class GuiThreadCollector(QObject):
    """Python's cyclic garbage collector runs in whichever thread happens to allocate; a worker building a PDF
    could then destroy a closed dialog's QObjects off the GUI thread, which crashes Qt. So automatic collection
    is off while the app runs, and this collects on the GUI thread instead (as Anki does), the way CPython's own
    collector would but at a moment of its choosing: every half second the youngest generation (cheap: only
    what was made since), the middle one every ``threshold1`` of those, the oldest every ``threshold2`` of those.
    A full collection walks every object the process holds: ``freeze_start_up`` moves those alive once the app
    has started (modules, Qt's wrappers, the ORM's tables) out of its reach, so no collection freezes the window
    (bench/bench_gc.py measures it)."""

    INTERVAL_MS = 500

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(self.INTERVAL_MS)

    def collect(self) -> int:
        """One generational step; returns the generation collected."""
        _count0, count1, count2 = gc.get_count()  # allocations; young collections; middle collections since
        _threshold0, threshold1, threshold2 = gc.get_threshold()
        generation = 2 if count2 >= threshold2 and count1 >= threshold1 else 1 if count1 >= threshold1 else 0
        gc.collect(generation)
        return generation

    @staticmethod
    def freeze_start_up() -> None:
        """Collect once, then keep every object alive now out of later collections (``gc.freeze``): they live as
        long as the app does, and walking them is what made a full collection take over 100 ms."""
        gc.collect()
        gc.freeze()


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ORG)
    app.setApplicationVersion(__version__)
    return app


def _data_dir(args: argparse.Namespace) -> tuple[Path, str]:
    """The station's folder (the demo station's, set up if need be, with ``--demo``) and who logs in first."""
    if not args.demo:
        return resolve_data_dir(args.data_dir), ""
    from desktop.demo.demo_station import DEMO_LOGIN, ensure_demo_station

    data_dir = resolve_data_dir(args.data_dir) if args.data_dir else resolve_data_dir() / "demo"
    data_dir.mkdir(parents=True, exist_ok=True)
    ensure_demo_station(data_dir)
    return data_dir, DEMO_LOGIN


def run_gui(args: argparse.Namespace) -> int:
    app = create_application()
    from desktop.views.shared import errors

    data_dir: Path | None = None
    try:
        data_dir, login = _data_dir(args)
        errors.install(data_dir)
        app.setQuitOnLastWindowClosed(True)
        install_translators(app, args.lang or settings_language(ui_settings(data_dir)))
        collector = GuiThreadCollector(app)
        flow = first_window(data_dir, login)
    except (Refused, DataDirConflict) as exc:  # cannot open safely: say why and what to do, no traceback
        install_translators(app, args.lang or DEFAULT_LANGUAGE)
        errors.tell_fatal(tr_message(exc.message))
        return 1
    except Exception as exc:
        if data_dir is None or not _damaged(exc):
            raise
        return _offer_backup(data_dir)
    failed: list[BaseException] = []

    def cannot_open(exc: BaseException) -> None:
        failed.append(exc)
        if flow.window is not None:
            flow.window.hide()
        if isinstance(exc, Refused):  # the schema is damaged, an upgrade failed: what to do, no traceback
            errors.tell_fatal(tr_message(exc.message))
        elif _damaged(exc):  # the file itself: its latest good backup is offered
            _offer_backup(data_dir)
        else:
            errors.report(type(exc), exc, exc.__traceback__)
        app.exit(1)

    flow.cannot_open.connect(cannot_open)
    flow.opened.connect(lambda _ctx: QTimer.singleShot(0, collector.freeze_start_up))  # its objects live on too
    QTimer.singleShot(0, collector.freeze_start_up)  # once the first window is up
    code = app.exec()
    collector.timer.stop()
    if flow.opener is not None:
        flow.opener.wait()  # an upgrade under way is never cut off
        if flow.opener.result is not None:  # opened after the window had closed
            flow.opener.result.close()  # type: ignore[attr-defined]
    if flow.ctx is not None:
        flow.ctx.close()
    return 1 if failed else code


def _damaged(exc: BaseException) -> bool:
    from desktop.models.backups.recovery import damaged

    return damaged(exc)


def _offer_backup(data_dir: Path) -> int:
    """A damaged database: its latest good backup offered (exit code 0 when it was put in place)."""
    from desktop.views.backups.recover_dialog import offer_recovery

    return 0 if offer_recovery(data_dir) else 1


def first_window(data_dir: Path, login: str) -> Flow:
    """A set-up station: its log-in window at once, the database opening behind it. Otherwise (the first run, or
    a file the quick look cannot read) the database opens first, and the set-up wizard or the log-in follows."""
    name = peek_station_name(database_path(data_dir))
    if name is not None:
        flow = Flow(None, login, StationOpener(data_dir), name)
    else:
        from desktop.context import AppContext

        flow = Flow(AppContext(data_dir), login)
    flow.start()
    return flow
