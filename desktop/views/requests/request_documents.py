"""The documents printed for one request: the 一次性告知书 (§7.2.3) once it is registered with its notice, and
the 服务转办单 (§7.2.4) for each referral. Made off the GUI thread, shown in the print preview."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from desktop.context import AppContext
from desktop.models.archives.tables import AccessDocument
from desktop.models.requests import request_detail
from desktop.models.requests.request_detail import RequestDetail
from desktop.tasks import Task, TaskHandle
from desktop.views.shared.documents import Prepared, build_temporary, prepare_and_preview


def preview_one_time_notice(parent: QWidget | None, ctx: AppContext, request_id: int) -> Task:
    db, data_dir, station = ctx.db, ctx.data_dir, ctx.station

    def work(_handle: TaskHandle) -> Prepared:
        from desktop.models.requests import workdays
        from desktop.printing.notices import build_one_time_notice, notice_from_request

        detail = request_detail.get_request(db, request_id)
        data = notice_from_request(detail, station, workdays.category_limits(db))
        warning: list[str] = []
        path = build_temporary(data_dir, lambda p: warning.append(build_one_time_notice(data, p).warning))
        name = QCoreApplication.translate("RequestDocuments", "One-time notice %1.pdf").replace("%1", detail.number)
        return Prepared(path, name, warning[0], True, AccessDocument.NOTICE, detail.number)

    return prepare_and_preview(parent, ctx, work, QCoreApplication.translate("RequestDocuments", "One-time notice"),
                               QCoreApplication.translate("RequestDocuments", "Making the one-time notice…"))


def preview_referral_slip(parent: QWidget | None, ctx: AppContext, request_id: int, referral_id: int) -> Task:
    db, data_dir, station = ctx.db, ctx.data_dir, ctx.station

    def work(_handle: TaskHandle) -> Prepared:
        from desktop.models.institutions import institutions
        from desktop.printing.notices import build_referral_slip, referral_from_request

        detail = request_detail.get_request(db, request_id)
        referral = next(r for r in detail.referrals if r.id == referral_id)
        data = referral_from_request(detail, station, referral_id,
                                     institutions.get_institution(db, referral.institution_id))
        warning: list[str] = []
        path = build_temporary(data_dir, lambda p: warning.append(build_referral_slip(data, p).warning))
        name = QCoreApplication.translate("RequestDocuments", "Referral slip %1.pdf").replace("%1", detail.number)
        return Prepared(path, name, warning[0], True, AccessDocument.REFERRAL_SLIP, detail.number)

    return prepare_and_preview(parent, ctx, work, QCoreApplication.translate("RequestDocuments", "Referral slip"),
                               QCoreApplication.translate("RequestDocuments", "Making the referral slip…"))


class PrintButton(QPushButton):
    """"Print" with a menu of what this request has to print; disabled while there is nothing."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(QCoreApplication.translate("RequestDocuments", "&Print documents"), parent)
        self.ctx = ctx
        self.setToolTip(QCoreApplication.translate("RequestDocuments", "Print the one-time notice or a referral slip"))
        self.setMenu(QMenu(self))
        self.actions_by_kind: dict[str, QAction] = {}

    def fill(self, d: RequestDetail) -> None:
        menu = self.menu()
        menu.clear()
        self.actions_by_kind.clear()
        window = self.window()
        if d.notice.strip():
            action = menu.addAction(QCoreApplication.translate("RequestDocuments", "One-time notice (一次性告知书)…"))
            action.triggered.connect(lambda: preview_one_time_notice(window, self.ctx, d.id))
            self.actions_by_kind["notice"] = action
        for ref in d.referrals:
            label = QCoreApplication.translate("RequestDocuments", "Referral slip to %1 (服务转办单)…")
            label = label.replace("%1", ref.institution)
            action = menu.addAction(label)
            action.triggered.connect(lambda _=False, rid=ref.id: preview_referral_slip(window, self.ctx, d.id, rid))
            self.actions_by_kind[f"referral:{ref.id}"] = action
        self.setEnabled(bool(self.actions_by_kind))
