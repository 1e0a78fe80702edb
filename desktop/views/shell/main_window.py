"""The main window: a navigation list of the areas that work, the pages, and a status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from desktop import __version__
from desktop.context import AppContext
from desktop.views.city_sync.sync_status import SyncController, SyncStatus
from desktop.views.shared.forms import plain_label
from desktop.views.shared.labels import role_label


class MainWindow(QMainWindow):
    painted = Signal()  # first paint, for the start-up benchmark
    logout_requested = Signal()

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
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self.sync = SyncController.of(ctx)  # the station's: shared by the Sync page, the menu and the status bar
        self._add_pages()
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentRow(0)
        self._menus()
        self.station_label = plain_label()
        self.user_label = plain_label()
        self.statusBar().addWidget(self.station_label)
        self.sync_status = SyncStatus(ctx, self.sync)
        self.sync_status.clicked.connect(lambda: self.show_page("sync"))
        self.statusBar().addPermanentWidget(self.sync_status)
        self.statusBar().addPermanentWidget(self.user_label)
        self.sync.start()
        self._update_status()
        ctx.user_changed.connect(self._user_changed)  # a bound method: disconnected when the window goes
        geometry = ctx.settings.value("ui/main_geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)

    # Only the pages that work are listed; later areas (visits, complaints, sync…) join as they are built.
    def _add_pages(self) -> None:
        from desktop.views.accounts.staff_page import StaffPage
        from desktop.views.catalogue.catalogue_page import CataloguePage
        from desktop.views.institutions.institutions_page import InstitutionsPage
        from desktop.views.requests.time_limits_page import TimeLimitsPage
        from desktop.views.shell.settings_page import SettingsPage

        admin = self.ctx.user is not None and self.ctx.user.is_admin
        entries: list[tuple[str, str, Callable[[], QWidget]]] = [
            ("dashboard", self.tr("Dashboard"), self._dashboard),
            ("requests", self.tr("Service requests"), self._requests_page),
            ("clients", self.tr("Clients"), self._clients_page),
            ("institutions", self.tr("Institutions and experts"), lambda: InstitutionsPage(self.ctx)),
        ]
        if admin:
            entries += [
                ("catalogue", self.tr("Service catalogue"), lambda: CataloguePage(self.ctx)),
                ("time_limits", self.tr("Time limits"), lambda: TimeLimitsPage(self.ctx)),
                ("staff", self.tr("Accounts"), lambda: StaffPage(self.ctx)),
            ]
        entries.append(("sync", self.tr("City platform sync"), self._sync_page))
        entries.append(("settings", self.tr("Settings"), lambda: SettingsPage(self.ctx)))
        for key, label, factory in entries:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self._factories[key] = factory

    def _dashboard(self) -> QWidget:
        from desktop.views.shell.dashboard_page import DashboardPage

        page = DashboardPage(self.ctx)
        page.open_list.connect(self.open_request_list)
        return page

    def _sync_page(self) -> QWidget:
        from desktop.views.city_sync.sync_page import SyncPage

        return SyncPage(self.ctx, self.sync)

    def end_of_day_sync(self) -> None:
        page = self.show_page("sync")
        page.start_sync()  # type: ignore[attr-defined]

    def _clients_page(self) -> QWidget:
        from desktop.views.clients.clients_page import ClientsPage

        page = ClientsPage(self.ctx)
        page.new_request_for_client.connect(self.new_request)
        return page

    def _requests_page(self) -> QWidget:
        from desktop.views.requests.requests_page import RequestsPage

        page = RequestsPage(self.ctx)
        page.open_request.connect(self.open_request)
        page.new_request_requested.connect(self.new_request)
        return page

    def open_request_list(self, query: object) -> None:
        page = self.show_page("requests")
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

    def new_visit(self, client_id: int | None = None) -> QDialog:
        """A company visit with no request yet (§7.1 企业走访): the intake form with the channel set to a
        company visit; once saved, the request opens with a new visit record to write."""
        from desktop.views.requests.request_dialog import RequestDialog

        dialog = RequestDialog(self.ctx, client_id=client_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(self.tr("New on-site visit: the request"))
        dialog.channel.setCurrentIndex(dialog.channel.findData("visit"))
        dialog.saved.connect(self._record_visit_for)
        dialog.open()
        dialog.offer_draft()
        return dialog

    def _record_visit_for(self, request_id: int) -> None:
        detail = self.open_request(request_id)
        detail.visits.new_visit()  # type: ignore[attr-defined]

    def open_request(self, request_id: int) -> QDialog:
        from desktop.views.requests.request_detail import RequestDetailDialog

        dialog = RequestDetailDialog(self.ctx, request_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_client.connect(self.open_client)
        dialog.show()
        return dialog

    def open_client(self, client_id: int) -> None:
        page = self.show_page("clients")
        page.select_client(client_id)  # type: ignore[attr-defined]

    def _show_page(self, row: int) -> None:
        item = self.nav.item(row)
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        page = self.pages.get(key)
        if page is None:  # pages are built when first opened: start-up pays only for the first one
            page = self.pages[key] = self._factories[key]()
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def show_page(self, key: str) -> QWidget:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
                return self.pages[key]
        raise KeyError(key)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_visit_action = QAction(self.tr("New on-site &visit…"), self)
        self.new_visit_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_visit_action.triggered.connect(lambda: self.new_visit())
        file_menu.addAction(self.new_visit_action)
        self.sync_action = QAction(self.tr("End-of-day &sync"), self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        self.sync_action.triggered.connect(self.end_of_day_sync)
        file_menu.addAction(self.sync_action)
        self.sync.status_changed.connect(self._sync_status_changed)
        file_menu.addSeparator()
        logout = QAction(self.tr("Log out"), self)
        logout.triggered.connect(self.logout_requested.emit)
        file_menu.addAction(logout)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self._documents_menu()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("About Quality Station"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _sync_status_changed(self) -> None:
        self.sync_action.setEnabled(self.sync.running is None)

    def _documents_menu(self) -> None:
        """Documents that are not tied to one request (a record's own PDF is printed from its request)."""
        menu = self.menuBar().addMenu(self.tr("&Documents"))

        def add(text: str, slot: Callable[[], object], keys: str = "") -> QAction:
            action = QAction(text, self)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.addAction(action)
            return action

        self.public_notice_action = add(self.tr("&Public service information…"), self.print_public_notice)
        self.blank_form_action = add(self.tr("&Blank on-site service record form…"), self.print_blank_form)
        menu.addSeparator()
        self.verify_action = add(self.tr("&Verify a printed record…"), self.verify_record, "Ctrl+Shift+V")
        self.export_action = add(self.tr("&Export signed records…"), self.export_records, "Ctrl+Shift+E")

    def print_public_notice(self) -> None:
        from desktop.views.shared.documents import preview_public_notice

        preview_public_notice(self, self.ctx)

    def print_blank_form(self) -> None:
        from desktop.views.shared.documents import preview_blank_form

        preview_blank_form(self, self.ctx)

    def verify_record(self) -> QDialog:
        from desktop.views.visits.verify_dialog import VerifyDialog

        return self._single(VerifyDialog)

    def export_records(self) -> QDialog:
        from desktop.views.visits.export_dialog import ExportDialog

        return self._single(ExportDialog)

    def _single(self, kind: Callable[[AppContext, QWidget], QDialog]) -> QDialog:
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

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About Quality Station"), self.tr(
            "Quality Station %1\nThe workstation of Liuzhou's one-stop quality-service platform, "
            "following DB 4502/T 《质量服务“一站式”平台服务规范》.").replace("%1", __version__))

    def _user_changed(self, _user: object) -> None:
        self._update_status()

    def _update_status(self) -> None:
        st = self.ctx.station
        self.station_label.setText(f"{st.code}  {st.name}" if st else "")
        user = self.ctx.user
        self.user_label.setText(
            self.tr("Logged in: %1 (%2)").replace("%1", user.name).replace("%2", role_label(user.role))
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
        self.sync.stop()  # no more probes; an automatic sync stops between batches
        self.ctx.settings.setValue("ui/main_geometry", self.saveGeometry())
        super().closeEvent(event)
