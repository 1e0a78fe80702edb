"""The visits area's menu entries (declared in ``desktop.models.visits.area``): a new on-site visit, the blank
form, verification and the export of signed records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog

from desktop.tasks import Task

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow


def new_visit(window: MainWindow, client_id: int | None = None) -> QDialog:
    """A company visit with no request yet (§7.1 企业走访): the intake form with the channel set to a company
    visit; once saved, the request opens with a new visit record to write."""
    from desktop.views.requests.request_dialog import RequestDialog

    dialog = RequestDialog(window.ctx, client_id=client_id, parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(QCoreApplication.translate("MainWindow", "New on-site visit: the request"))
    dialog.channel.setCurrentIndex(dialog.channel.findData("visit"))
    dialog.saved.connect(lambda request_id: window.open_request(request_id).visits.new_visit())
    dialog.open()
    dialog.offer_draft()
    return dialog


def print_blank_form(window: MainWindow) -> Task:
    from desktop.views.visits.documents import preview_blank_form

    return preview_blank_form(window, window.ctx)


def verify_record(window: MainWindow) -> QDialog:
    from desktop.views.visits.verify_dialog import VerifyDialog

    return window.single(VerifyDialog)


def export_records(window: MainWindow) -> QDialog:
    from desktop.views.visits.export_dialog import ExportDialog

    return window.single(ExportDialog)
