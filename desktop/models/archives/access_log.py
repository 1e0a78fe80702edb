"""The access log (保密制度, §7.6.3): each reading of an archived record and each printing or export of client data,
with who and when. Written by the service that read or made the thing (in its own short transaction, so a
refused or failed reading is not logged as done); read and exported by admins only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from desktop.models.accounts.staff import require_role
from desktop.models.accounts.tables import Staff
from desktop.models.archives.tables import WHAT_LIMIT, AccessAction, AccessEntry
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.spreadsheets import BadFile, new_workbook, written_beside, xlsx_date, xlsx_text
from desktop.models.core.tables import Role
from desktop.models.core.types import utcnow
from desktop.models.core.validators import clean_text

SHOWN = 5000  # the newest entries a period shows; the export writes them all


@dataclass(frozen=True)
class AccessRow:
    id: int
    at: datetime
    staff: str
    action: str
    document: str
    what: str
    records: int


def note(db: Database, actor_id: int, action: AccessAction | str, document: str, what: str, records: int = 1,
         ) -> Changes:
    """Log that ``actor_id`` read, printed or exported ``what`` (a record's number, a list's filter)."""
    what = clean_text(what or "", multiline=False)
    if len(what) > WHAT_LIMIT:
        what = what[:WHAT_LIMIT - 1] + "…"
    with db.begin(actor_id) as s:
        require_role(s, actor_id)
        s.execute(insert(AccessEntry).values(at=utcnow(), staff_id=actor_id, action=str(action), document=document,
                                             what=what, records=max(0, records)))
    return Changes(AccessEntry, "created", ())


def entries(db: Database, viewer_id: int, start: date | None = None, end: date | None = None,
            staff_id: int | None = None, limit: int = SHOWN) -> tuple[int, list[AccessRow]]:
    """Admins: how many entries the filter has and the newest ``limit`` of them (station days, inclusive)."""
    from sqlalchemy import func

    from desktop.models.requests.request_list import local_day_start

    with db.read() as s:
        require_role(s, viewer_id, Role.ADMIN)
        where = []
        if start is not None:
            where.append(AccessEntry.at >= datetime.fromisoformat(local_day_start(start)))
        if end is not None:
            where.append(AccessEntry.at < datetime.fromisoformat(local_day_start(end + timedelta(days=1))))
        if staff_id is not None:
            where.append(AccessEntry.staff_id == staff_id)
        count = s.scalar(select(func.count()).select_from(AccessEntry).where(*where)) or 0
        rows = s.execute(select(AccessEntry.id, AccessEntry.at, Staff.name, AccessEntry.action, AccessEntry.document,
                                AccessEntry.what, AccessEntry.records)
                         .join(Staff, Staff.id == AccessEntry.staff_id).where(*where)
                         .order_by(AccessEntry.id.desc()).limit(limit)).all()
    return int(count), [AccessRow(*r) for r in rows]


EXPORT_HEADERS = ("时间", "人员", "操作", "文件", "内容", "记录数")


def export_entries(db: Database, viewer_id: int, path: Path, start: date | None = None, end: date | None = None,
                   staff_id: int | None = None) -> int:
    """Admins: the filter's entries, newest first, to the .xlsx ``path``; how many were written. The export is
    itself logged."""
    if path.suffix.lower() != ".xlsx":
        raise BadFile("Choose an .xlsx file.")

    from desktop.models.archives.labels import ACCESS_ACTION_LABELS, ACCESS_DOCUMENT_LABELS

    count, rows = entries(db, viewer_id, start, end, staff_id, limit=10_000_000)
    book = new_workbook()
    sheet = book.create_sheet("查阅打印导出记录")
    sheet.append(list(EXPORT_HEADERS))
    for r in rows:
        sheet.append([xlsx_date(sheet, r.at), xlsx_text(sheet, r.staff), ACCESS_ACTION_LABELS.zh(r.action),
                      ACCESS_DOCUMENT_LABELS.zh(r.document), xlsx_text(sheet, r.what), r.records])
    with written_beside(path) as tmp:
        book.save(tmp)
    note(db, viewer_id, AccessAction.EXPORT, "access_log", path.name, count)
    return count


def export_job(_handle: object, db_path: Path, viewer_id: int, path: Path, start: date | None, end: date | None,
               staff_id: int | None) -> int:
    """``export_entries`` for a worker process (openpyxl holds the interpreter lock)."""
    from desktop.models.core.db import opened_in_worker

    with opened_in_worker(db_path) as db:
        return export_entries(db, viewer_id, path, start, end, staff_id)
