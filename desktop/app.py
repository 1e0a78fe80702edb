"""Builds the QApplication, the AppContext and the first window; nothing else."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from desktop import APP_NAME, APP_ORG, __version__
from desktop.context import AppContext
from desktop.messages import DEFAULT_LANGUAGE, load_translator, tr_message
from desktop.models.core.schema import SchemaDamaged
from desktop.paths import DataDirConflict, resolve_data_dir


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

    The next window is shown before the previous one goes away (so the app never has no window), and the
    previous one is kept referenced until the event loop is back: each hand-over happens inside one of
    its own slots (the wizard's accept, the dialog's log-in), and freeing it there crashes Qt.
    """

    def __init__(self, ctx: AppContext, login: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.login_name = login
        self.window: QWidget | None = None
        self._leaving: list[QWidget] = []

    def start(self) -> None:
        if self.ctx.station is None:
            from desktop.views.shell.setup_wizard import SetupWizard

            wizard = SetupWizard(self.ctx)
            wizard.set_up.connect(self._after_setup)
            self._replace(wizard)
        else:
            self.show_login()

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

        dialog = LoginDialog(self.ctx, self.login_name)
        dialog.logged_in.connect(lambda _u: self.show_main())
        self._replace(dialog)

    def show_main(self) -> None:
        from desktop.views.shell.main_window import MainWindow

        window = MainWindow(self.ctx)
        window.logout_requested.connect(self._logout)
        self._replace(window)

    def _logout(self) -> None:
        self.ctx.set_user(None)
        self.show_login()


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

    try:
        data_dir, login = _data_dir(args)
        errors.install(data_dir)
        ctx = AppContext(data_dir)
    except (SchemaDamaged, DataDirConflict) as exc:  # cannot open safely: say why and what to do, no traceback
        install_translators(app, args.lang or DEFAULT_LANGUAGE)
        errors.tell_fatal(tr_message(exc.message))
        return 1
    install_translators(app, args.lang or ctx.language)
    app.setQuitOnLastWindowClosed(True)
    collector = GuiThreadCollector(app)
    flow = Flow(ctx, login)
    flow.start()
    QTimer.singleShot(0, collector.freeze_start_up)  # once the first window is up
    code = app.exec()
    collector.timer.stop()
    ctx.close()
    return code
