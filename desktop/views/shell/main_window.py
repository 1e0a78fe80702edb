"""The main window: the navigation, the pages, the menus and the status bar.

What the window holds comes from the registered areas (``desktop.models.core.registry``): their pages (for the
roles that may see them), their menu entries and their status-bar parts. The window itself only adds the
dashboard first, the settings last, and the few things every area may ask of it: open a request, a client, a
new request, a page, a list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from desktop import __version__
from desktop.context import AppContext
from desktop.models.core.area import Page, resolve
from desktop.models.core.labels import ROLE_LABELS, Label
from desktop.models.core.registry import areas
from desktop.opening import IMPORT_LOCK, LATER_MODULES
from desktop.views.shared.forms import plain_label
from desktop.views.shared.labels import label, text

if TYPE_CHECKING:
    from desktop.views.requests.request_detail import RequestDetailDialog

DASHBOARD = Page("dashboard", Label("Dashboard", "工作台"), "desktop.views.shell.dashboard_page:DashboardPage", order=0,
                 connects=(("open_list", "open_list"),))
SETTINGS = Page("settings", Label("Settings", "设置"), "desktop.views.shell.settings_page:SettingsPage", order=1000)


class MainWindow(QMainWindow):
    painted = Signal()  # first paint, for the start-up benchmark
    logout_requested = Signal()
    closing = Signal()  # the window is about to close: areas stop their background work

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._painted = False
        station = ctx.station.name if ctx.station else ""
        self.setWindowTitle(self.tr("Quality Station") + (f" - {station}" if station else ""))
        self.nav = QListWidget()
        self.nav.setMaximumWidth(200)
        self.nav.setMinimumWidth(140)
        self.stack = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([160, 1040])
        self.setCentralWidget(splitter)
        self.pages: dict[str, QWidget] = {}
        self.menu_actions: dict[str, QAction] = {}
        self._entries: dict[str, Page] = {}
        self._add_pages()
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentRow(0)
        self._menus()
        self.station_label = plain_label()
        self.user_label = plain_label()
        self.statusBar().addWidget(self.station_label)
        for area in areas():
            if area.install:
                resolve(area.install)(self)
        self.statusBar().addPermanentWidget(self.user_label)
        self._update_status()
        ctx.user_changed.connect(self._user_changed)  # a bound method: disconnected when the window goes
        geometry = ctx.settings.value("ui/main_geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)

    # ---- pages ----------------------------------------------------------------------------------------

    def _visible(self, roles: tuple[str, ...]) -> bool:
        return self.ctx.user is not None and self.ctx.user.role in roles

    def _add_pages(self) -> None:
        pages = [DASHBOARD, SETTINGS, *(p for area in areas() for p in area.pages)]
        for page in sorted(pages, key=lambda p: p.order):
            if not self._visible(page.roles):
                continue
            item = QListWidgetItem(text(page.title))
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.nav.addItem(item)
            self._entries[page.key] = page

    def _build(self, page: Page) -> QWidget:
        with IMPORT_LOCK:  # not while the warm-up thread imports (desktop/opening.py)
            kind = resolve(page.view)
        widget: QWidget = kind(self.ctx)
        for signal, slot in page.connects:
            getattr(widget, signal).connect(getattr(self, slot))
        return widget

    def _show_page(self, row: int) -> None:
        item = self.nav.item(row)
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        page = self.pages.get(key)
        if page is None:  # pages are built when first opened: start-up pays only for the first one
            page = self.pages[key] = self._build(self._entries[key])
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def later_modules(self) -> list[str]:
        """The modules of the pages not built yet, in navigation order, then those of the first dialogs: what to
        import in the background once the window is up."""
        pages = [page.view.partition(":")[0] for key, page in self._entries.items() if key not in self.pages]
        return list(dict.fromkeys([*pages, *LATER_MODULES]))

    def show_page(self, key: str) -> QWidget:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
                return self.pages[key]
        raise KeyError(key)

    # ---- what the areas ask of the window -------------------------------------------------------------

    def open_list(self, page_key: str, query: object) -> None:
        """Show the list of ``page_key`` narrowed to ``query`` (a dashboard number's rows)."""
        page = self.show_page(page_key)
        page.set_query(query)  # type: ignore[attr-defined]

    def new_request(self, client_id: int | None = None) -> QDialog:
        """The intake form; once saved, the request opens so the next step can be taken at once."""
        from desktop.views.requests.request_dialog import RequestDialog

        dialog = RequestDialog(self.ctx, client_id=client_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.open_request)
        dialog.open()
        dialog.offer_draft()
        return dialog

    def open_request(self, request_id: int) -> RequestDetailDialog:
        from desktop.views.requests.request_detail import RequestDetailDialog

        dialog = RequestDetailDialog(self.ctx, request_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_client.connect(self.open_client)
        dialog.show()
        return dialog

    def open_client(self, client_id: int) -> None:
        page = self.show_page("clients")
        page.select_client(client_id)  # type: ignore[attr-defined]

    def single(self, kind: Callable[[AppContext, QWidget], QDialog]) -> QDialog:
        """The open dialog of ``kind`` brought to the front, or a new one (not modal: work goes on beside it)."""
        for dialog in self.findChildren(QDialog):
            if type(dialog) is kind and dialog.isVisible():
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        dialog = kind(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # ---- menus ----------------------------------------------------------------------------------------

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        documents = QMenu(self.tr("&Documents"), self)
        self._add_area_actions({"file": file_menu, "documents": documents})
        file_menu.addSeparator()
        logout = QAction(self.tr("Log out"), self)
        logout.triggered.connect(self.logout_requested.emit)
        file_menu.addAction(logout)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        if documents.actions():
            self.menuBar().addMenu(documents)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("About Quality Station"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _add_area_actions(self, menus: dict[str, QMenu]) -> None:
        for area in areas():
            for entry in area.menu:
                if not self._visible(entry.roles):
                    continue
                action = QAction(text(entry.text), self)
                if entry.shortcut:
                    action.setShortcut(QKeySequence(entry.shortcut))
                if entry.separate:
                    menus[entry.menu].addSeparator()
                run = entry.run
                action.triggered.connect(lambda _checked=False, run=run: resolve(run)(self))
                menus[entry.menu].addAction(action)
                self.menu_actions[entry.key] = action

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About Quality Station"), self.tr(
            "Quality Station %1\nThe workstation of Liuzhou's one-stop quality-service platform, "
            "following DB 4502/T 《质量服务“一站式”平台服务规范》.").replace("%1", __version__))

    # ---- status ---------------------------------------------------------------------------------------

    def _user_changed(self, _user: object) -> None:
        self._update_status()

    def _update_status(self) -> None:
        st = self.ctx.station
        self.station_label.setText(f"{st.code}  {st.name}" if st else "")
        user = self.ctx.user
        self.user_label.setText(
            self.tr("Logged in: %1 (%2)").replace("%1", user.name).replace("%2", label(ROLE_LABELS, user.role))
            if user else "")

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx.tasks.busy:
            answer = QMessageBox.question(
                self, self.tr("Work in progress"),
                self.tr("Work is still running in the background (an import, an export or a sync). Stop it and "
                        "close? What is already done is kept."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.ctx.tasks.cancel_all()
            self.ctx.tasks.wait()
        self.closing.emit()
        self.ctx.settings.setValue("ui/main_geometry", self.saveGeometry())
        super().closeEvent(event)
