"""The 服务信息公示 (§4.1): the station, the catalogue, the process and the time limits, printed for the public."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop.context import AppContext
from desktop.models.core.clock import local_today
from desktop.tasks import Task, TaskHandle
from desktop.views.shared.documents import Prepared, build_temporary, prepare_and_preview

translate = QCoreApplication.translate


def preview_public_notice(parent: QWidget | None, ctx: AppContext, published: date | None = None) -> Task:
    """The 服务信息公示 (§4.1) with today's catalogue and time limits."""
    db, data_dir, station = ctx.db, ctx.data_dir, ctx.station
    day = published or local_today()
    suggested = translate("Documents", "Public service information %1.pdf").replace("%1", day.isoformat())

    def work(_handle: TaskHandle) -> Prepared:
        from desktop.models.catalogue.catalogue import list_catalogue
        from desktop.models.requests.workdays import category_limits
        from desktop.printing.public_notice import build_public_notice, public_notice_from

        data = public_notice_from(station, list_catalogue(db), category_limits(db), day)
        warning: list[str] = []
        path = build_temporary(data_dir, lambda p: warning.append(build_public_notice(data, p).warning))
        return Prepared(path, suggested, warning[0], True)

    return prepare_and_preview(parent, ctx, work, translate("Documents", "Public service information"),
                               translate("Documents", "Making the public service information…"))


def print_public_notice(window: QWidget) -> Task:
    """The Documents menu's entry."""
    return preview_public_notice(window, window.ctx)  # type: ignore[attr-defined]
