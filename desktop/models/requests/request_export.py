"""Export of a requests list (the rows of a query, in its order) to .xlsx.

The file is for people and for the station's periodic analysis (§7.6.4): Chinese headers and labels, the
due state spelled out (已逾期 / 即将到期) so it survives printing in black and white. openpyxl's write-only
mode keeps memory flat however long the list; rows are read in chunks by id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from desktop.models.core.db import Database, opened_in_worker
from desktop.models.core.spreadsheets import BadFile, made_by, new_workbook, xlsx_date, xlsx_text
from desktop.models.requests import request_list
from desktop.models.requests.labels import CHANNEL_LABELS, DUE_LABELS, REQUEST_STATUS_LABELS
from desktop.models.requests.request_list import RequestQuery, RequestRow

HEADERS = ("编号", "服务对象", "状态", "服务类别", "渠道", "所属区县", "受理时间", "经办人", "办理期限", "期限状态",
           "服务机构", "需求描述")
MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header
CHUNK = 1000

Progress = Callable[[int, int], None]  # done, total


class Handle(Protocol):
    """What export needs of a ``desktop.tasks.TaskHandle`` (any object with these two will do)."""

    @property
    def cancelled(self) -> bool: ...

    def progress(self, done: int, total: int) -> None: ...


def row_cells(sheet: Any, row: RequestRow, today: date) -> list[Any]:
    """The cells of one request: text cells (data, never formulas), the two dates as date cells."""
    text = [row.number, row.client_name, REQUEST_STATUS_LABELS.zh(row.status), row.categories,
            CHANNEL_LABELS.zh(row.channel), row.district]
    return [*(xlsx_text(sheet, c) for c in text), xlsx_date(sheet, row.received_at), xlsx_text(sheet, row.handler),
            xlsx_date(sheet, row.due_on), xlsx_text(sheet, DUE_LABELS.zh(request_list.due_state(row.due_on, today))),
            xlsx_text(sheet, row.institution), xlsx_text(sheet, row.description, multiline=True)]


def _rows(db: Database, ids: Sequence[int]) -> Iterator[RequestRow]:
    for start in range(0, len(ids), CHUNK):
        yield from request_list.rows_by_id(db, ids[start:start + CHUNK])


def export_requests(db: Database, path: Path, ids: Sequence[int], today: date, handle: Handle | None = None) -> int:
    """Write the requests ``ids`` (in that order) to the .xlsx ``path``; how many were written, or -1 when
    cancelled. The file is written beside the target and moved into place at the end, so a cancelled or
    failed export never leaves a half-written file under the chosen name."""
    if path.suffix.lower() != ".xlsx":
        raise BadFile("Choose an .xlsx file.")
    if len(ids) > MAX_ROWS:
        raise BadFile("An Excel sheet holds at most 1,048,575 rows: narrow the list with a filter first.")

    total = len(ids)
    tmp = path.with_name(path.name + ".part")
    written = 0
    cancelled = False
    try:
        book = new_workbook()
        sheet = book.create_sheet("服务需求")
        try:
            sheet.append(list(HEADERS))
            for row in _rows(db, ids):
                sheet.append(row_cells(sheet, row, today))
                written += 1
                if written % CHUNK == 0 and handle is not None:
                    handle.progress(written, total)
                    if handle.cancelled:
                        cancelled = True
                        break
        finally:
            book.save(tmp)  # also on cancel: saving closes openpyxl's temporary worksheet file
        if cancelled or (handle is not None and handle.cancelled):
            tmp.unlink(missing_ok=True)
            return -1
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if handle is not None:
        handle.progress(written, total)
    return written


def export_job(handle: Handle, db_path: Path, path: Path, query: RequestQuery, today: date,
               made: tuple[int, str] | None = None) -> int:
    """``export_requests`` of the list ``query`` shows, as a job for a worker process (desktop.processes);
    ``made``: who exports (the file says so, and the export is logged)."""
    with opened_in_worker(db_path) as db, made_by(made[1] if made else ""):
        written = export_requests(db, path, request_list.request_ids(db, query, today), today, handle)
        if made is not None and written >= 0:
            from desktop.models.archives import access_log

            access_log.note(db, made[0], "export", "requests", path.name, written)
        return written
