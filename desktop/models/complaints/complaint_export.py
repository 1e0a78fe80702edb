"""Export of a complaints list (the rows of a query, in its order) to .xlsx, for the station's analysis (§7.5.5).

Chinese headers and labels; the due state spelled out; complainants only as the exporting staff member may see
them (``complaint_list.rows_by_id``); text cells are data, never formulas. openpyxl's write-only mode keeps memory
flat; rows are read in chunks by id; the file appears under its name only when complete.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from desktop.models.complaints import complaint_list
from desktop.models.complaints.complaint_list import ComplaintQuery, ComplaintRow, complaint_ids
from desktop.models.complaints.labels import (
    COMPLAINANT_KIND_LABELS,
    COMPLAINT_CHANNEL_LABELS,
    COMPLAINT_STATUS_LABELS,
)
from desktop.models.core.db import Database, opened_in_worker
from desktop.models.core.spreadsheets import BadFile, made_by, new_workbook, xlsx_date, xlsx_text
from desktop.models.requests.labels import DUE_LABELS
from desktop.models.requests.request_export import CHUNK, MAX_ROWS, Handle

HEADERS = ("编号", "状态", "期限", "期限状态", "投诉人", "投诉对象", "服务类别", "渠道", "受理时间", "调查人",
           "有效投诉", "投诉内容")


def _subject(row: ComplaintRow) -> str:
    parts = [row.about_request, row.about_staff, row.about_institution, "本站" if row.about_station else ""]
    return "；".join(p for p in parts if p)


def row_cells(sheet: Any, row: ComplaintRow, today: date) -> list[Any]:
    complainant = row.complainant or (COMPLAINANT_KIND_LABELS.zh(row.complainant_kind)
                                      if row.complainant_kind == "anonymous" else "")
    valid = "" if row.valid is None else ("是" if row.valid else "否")
    due = DUE_LABELS.zh(complaint_list.due_state(row.due_on, row.status, today))
    return [xlsx_text(sheet, row.number), xlsx_text(sheet, COMPLAINT_STATUS_LABELS.zh(row.status)),
            xlsx_date(sheet, row.due_on), xlsx_text(sheet, due), xlsx_text(sheet, complainant),
            xlsx_text(sheet, _subject(row)), xlsx_text(sheet, row.category),
            xlsx_text(sheet, COMPLAINT_CHANNEL_LABELS.zh(row.channel)), xlsx_date(sheet, row.received_at),
            xlsx_text(sheet, row.assignee), xlsx_text(sheet, valid), xlsx_text(sheet, row.what_happened, True)]


def _rows(db: Database, viewer_id: int, ids: Sequence[int]) -> Iterator[ComplaintRow]:
    for start in range(0, len(ids), CHUNK):
        yield from complaint_list.rows_by_id(db, viewer_id, ids[start:start + CHUNK])


def export_complaints(db: Database, viewer_id: int, path: Path, ids: Sequence[int], today: date,
                      handle: Handle | None = None) -> int:
    """Write the complaints ``ids`` (in that order) to the .xlsx ``path``; how many were written, -1 when
    cancelled (then no file is left under that name)."""
    if path.suffix.lower() != ".xlsx":
        raise BadFile("Choose an .xlsx file.")
    if len(ids) > MAX_ROWS:
        raise BadFile("An Excel sheet holds at most 1,048,575 rows: narrow the list with a filter first.")

    tmp = path.with_name(path.name + ".part")
    written, cancelled = 0, False
    try:
        book = new_workbook()
        sheet = book.create_sheet("投诉")
        try:
            sheet.append(list(HEADERS))
            for row in _rows(db, viewer_id, ids):
                sheet.append(row_cells(sheet, row, today))
                written += 1
                if written % CHUNK == 0 and handle is not None:
                    handle.progress(written, len(ids))
                    if handle.cancelled:
                        cancelled = True
                        break
        finally:
            book.save(tmp)
        if cancelled:
            tmp.unlink(missing_ok=True)
            return -1
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if handle is not None:
        handle.progress(written, len(ids))
    return written


def export_job(handle: Handle, db_path: Path, path: Path, query: ComplaintQuery, today: date,
               made: tuple[int, str] | None = None) -> int:
    """``export_complaints`` of the list ``query`` shows, as a job for a worker process (desktop.processes);
    ``made``: who exports (the file says so, and the export is logged)."""
    with opened_in_worker(db_path) as db, made_by(made[1] if made else ""):
        written = export_complaints(db, query.viewer_id, path, complaint_ids(db, query, today), today, handle)
        if made is not None and written >= 0:
            from desktop.models.archives import access_log

            access_log.note(db, made[0], "export", "complaints", path.name, written)
        return written
