"""Documents of the on-site visits that are not tied to one request: the blank 现场服务记录表 to fill in by hand, and
an archived signed record opened by its identity (from 核验)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop.context import AppContext
from desktop.models.archives.tables import AccessDocument
from desktop.models.core.errors import Refused
from desktop.models.core.station import StationInfo
from desktop.models.visits.records import RecordContent
from desktop.tasks import Task, TaskHandle
from desktop.views.shared.documents import Prepared, build_temporary, prepare_and_preview

translate = QCoreApplication.translate


def blank_record_content(station: StationInfo | None) -> RecordContent:
    """An empty record carrying only the station's facts: what the blank 现场服务记录表 is built from."""
    facts = {"code": "", "name": "", "level": "", "address": "", "complaint_phone": "", "complaint_email": ""}
    if station is not None:
        facts = {"code": station.code, "name": station.name, "level": station.level, "address": station.address,
                 "complaint_phone": station.complaint_phone, "complaint_email": station.complaint_email}
    return RecordContent(
        uuid="", status="draft", content_hash=None, amends_uuid=None, amends_hash=None, amendment_reason="",
        station=facts, request_uuid="", request_number="", items=(), client_name="", client_uscc="",
        client_address="", visited_at=datetime.now(UTC), place="", officers=(), attendees=(), work_done="",
        questions="", collected="", follow_ups=(), signatures=(), paper_scan_sha256=None, paper_scan_name="",
        locked_at=None)


def preview_blank_form(parent: QWidget | None, ctx: AppContext) -> Task:
    """The blank 现场服务记录表, to fill in by hand."""
    data_dir, content = ctx.data_dir, blank_record_content(ctx.station)
    suggested = translate("Documents", "Blank on-site service record form.pdf")

    def work(_handle: TaskHandle) -> Prepared:
        from desktop.printing.visit_record import build_visit_record

        warning: list[str] = []
        path = build_temporary(data_dir, lambda p: warning.append(build_visit_record(content, p, blank=True).warning))
        return Prepared(path, suggested, warning[0], True)

    return prepare_and_preview(parent, ctx, work, translate("Documents", "Blank on-site service record form"),
                               translate("Documents", "Making the form…"))


def preview_archived_record(parent: QWidget | None, ctx: AppContext, uuid: str) -> Task:
    """The archived PDF of the signed record ``uuid`` (made again from the sealed record if it went missing)."""
    db, data_dir = ctx.db, ctx.data_dir

    def work(_handle: TaskHandle) -> Prepared:
        from desktop.models.visits.records import visit_id_by_uuid
        from desktop.printing.archive import archive_signed_record
        from desktop.printing.fonts import NOT_EMBEDDED_WARNING

        visit_id = visit_id_by_uuid(db, uuid)
        if visit_id is None:
            raise Refused("No record with this identity is in this station's archive.")
        path, doc = archive_signed_record(db, data_dir, visit_id)
        # the copy may have been made earlier, on another font: its own font decides whether to warn
        return Prepared(path, path.name, NOT_EMBEDDED_WARNING if "NOT embedded" in doc.font else "", False,
                        AccessDocument.VISIT_RECORD, path.stem)

    return prepare_and_preview(parent, ctx, work, translate("Documents", "Archived on-site service record"),
                               translate("Documents", "Opening the archived record…"))
