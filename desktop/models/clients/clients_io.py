"""Import and export of the client registry as .xlsx or .csv. A CSV is read in UTF-8 or in the encoding WPS
and older Excel save (GB18030/GBK) and written as UTF-8 with BOM; ``core.spreadsheets`` says how cells stay data.

Columns (Chinese headers, any order): 名称, 统一社会信用代码, 所属区县, 地址, 行业, 规模, 联系人, 联系电话.
Several contacts of one client go in one cell each, separated by "；" (names and phones in the same order).

Import is all-or-nothing per row: each row is validated and written under its own savepoint, so a bad
row leaves nothing behind and the good rows around it are kept. A client already registered (same
USCC; for a person without one, same name and first phone) is skipped, so importing a file twice adds
nothing the second time.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.clients.clients import (
    ClientInput,
    ClientQuery,
    ContactInput,
    DuplicateClient,
    _apply,
    _check_unique,
    client_ids,
    count_clients,
    validate_client,
)
from desktop.models.clients.labels import CLIENT_SIZE_LABELS
from desktop.models.clients.tables import Client, ClientContact, ClientSize
from desktop.models.core import audit
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database, opened_in_worker
from desktop.models.core.errors import Invalid
from desktop.models.core.spreadsheets import (
    BadFile,
    RowProblem,
    UndecodableFile,
    cell_text,
    csv_cell,
    csv_uncell,
    read_csv,
    read_xlsx_rows,
    xlsx_text,
)
from desktop.models.core.validators import normalize_phone, normalize_uscc
from desktop.processes import Handle

HEADERS = ("名称", "统一社会信用代码", "所属区县", "地址", "行业", "规模", "联系人", "联系电话")
FIELDS = ("name", "uscc", "district", "address", "industry", "size", "contact", "phone")
# besides the size's name and code, a spreadsheet may say it like this
SIZE_SPELLINGS = {
    "微": ClientSize.MICRO, "小": ClientSize.SMALL, "中": ClientSize.MEDIUM, "大": ClientSize.LARGE,
    "微型企业": ClientSize.MICRO, "小型企业": ClientSize.SMALL, "中型企业": ClientSize.MEDIUM,
    "大型企业": ClientSize.LARGE,
}
SEPARATOR = re.compile(r"[；;、\n]")
BATCH = 500

Progress = Callable[[int, int], None]  # done, total
Cancelled = Callable[[], bool]


@dataclass
class ImportReport:
    added: int = 0
    skipped: int = 0  # already registered
    rejected: list[RowProblem] = field(default_factory=list)
    cancelled: bool = False

    @property
    def rejected_lines(self) -> int:
        return len({p.line for p in self.rejected})

    @property
    def changes(self) -> tuple[Changes, ...]:
        return (Changes(Client, "bulk"),) if self.added else ()


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]], int]:
    """Header, then (line number, cells) for each non-empty line, and the number of data lines."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            rows = read_csv(path)
        except UndecodableFile as exc:
            raise BadFile("The CSV file's character encoding was not recognised (neither UTF-8 nor GB18030/GBK): "
                          "save it from Excel or WPS as \"CSV UTF-8\" or as an .xlsx workbook.") from exc
    elif suffix in (".xlsx", ".xlsm"):
        rows = [[cell_text(v) for v in r] for r in read_xlsx_rows(path)]
    else:
        raise BadFile("Choose an .xlsx or .csv file.")
    if not rows:
        raise BadFile("The file is empty.")
    header = [cell_text(h) for h in rows[0]]
    data = [(n, [cell_text(c) for c in r]) for n, r in enumerate(rows[1:], start=2) if any(cell_text(c) for c in r)]
    return header, iter(data), len(data)


def _column_map(header: list[str]) -> dict[str, int]:
    where = {h: i for i, h in enumerate(header)}
    if "名称" not in where:
        raise BadFile("The first line must hold the column headers, with at least 名称.")
    return {f: where[h] for f, h in zip(FIELDS, HEADERS, strict=True) if h in where}


def row_to_input(cells: list[str], columns: dict[str, int], from_csv: bool = False) -> tuple[ClientInput,
                                                                                            list[RowProblem]]:
    def get(f: str) -> str:
        i = columns.get(f)
        value = cells[i].strip() if i is not None and i < len(cells) else ""
        return csv_uncell(value) if from_csv else value  # a CSV's apostrophe before a formula sign: csv_cell

    problems: list[RowProblem] = []
    size_text = get("size")
    size = (CLIENT_SIZE_LABELS.code_of(size_text, SIZE_SPELLINGS) or "") if size_text else ""
    if size_text and not size:
        problems.append(RowProblem(0, "size", "Size must be 微型, 小型, 中型 or 大型."))
    names = [n.strip() for n in SEPARATOR.split(get("contact")) if n.strip()]
    phones = [p.strip() for p in SEPARATOR.split(get("phone")) if p.strip()]
    if len(phones) > len(names):
        names += [""] * (len(phones) - len(names))  # a phone without a name is reported by validation
    contacts = tuple(ContactInput(n, phones[i] if i < len(phones) else "") for i, n in enumerate(names))
    uscc = normalize_uscc(get("uscc"))
    inp = ClientInput(name=get("name"), uscc=uscc, kind="enterprise" if uscc else "person",
                      district=get("district"), address=get("address"), industry=get("industry"),
                      size=size, contacts=contacts)
    return inp, problems


def _already_registered(s: Session, inp: ClientInput) -> bool:
    if inp.uscc:
        return s.scalar(select(Client.id).where(Client.uscc == inp.uscc)) is not None
    if not inp.contacts:
        return s.scalar(select(Client.id).where(Client.name == inp.name.strip(), Client.uscc.is_(None))) is not None
    phone = normalize_phone(inp.contacts[0].phone)
    return s.scalar(
        select(Client.id).join(ClientContact).where(
            Client.name == inp.name.strip(), Client.uscc.is_(None), ClientContact.phone == phone)
    ) is not None


def import_clients(db: Database, actor_id: int, path: Path, progress: Progress | None = None,
                   cancelled: Cancelled | None = None) -> ImportReport:
    header, rows, total = read_rows(path)
    columns = _column_map(header)
    from_csv = path.suffix.lower() == ".csv"
    report = ImportReport()
    done = 0
    pending = list(rows)
    while pending and not report.cancelled:
        batch, pending = pending[:BATCH], pending[BATCH:]
        with db.begin(actor_id) as s:
            require_role(s, actor_id)
            for line, cells in batch:
                _import_row(s, actor_id, line, cells, columns, report, from_csv)
            audit.record_event(s, "client", {"import": path.name, "lines": [batch[0][0], batch[-1][0]]})
        done += len(batch)
        if progress:
            progress(done, total)
        if cancelled and cancelled():
            report.cancelled = bool(pending)
    return report


def _import_row(s: Session, actor_id: int, line: int, cells: list[str], columns: dict[str, int],
                report: ImportReport, from_csv: bool = False) -> None:
    inp, problems = row_to_input(cells, columns, from_csv)
    errors = validate_client(inp)
    problems += [RowProblem(line, f, m) for f, m in errors.items()]
    if problems:
        report.rejected += [RowProblem(line, p.field, p.message) for p in problems]
        return
    if _already_registered(s, inp):
        report.skipped += 1
        return
    try:
        with s.begin_nested():
            _check_unique(s, inp.uscc or None, None)
            row = Client(created_by=actor_id, updated_by=actor_id)
            _apply(row, inp)
            s.add(row)
            s.flush()
    except DuplicateClient:
        report.skipped += 1
    except Invalid as exc:
        report.rejected += [RowProblem(line, f, m) for f, m in exc.errors.items()]
    else:
        report.added += 1


# ---- export ----------------------------------------------------------------------------------------

def _export_rows(db: Database, ids: list[int] | None) -> Iterator[list[str]]:
    """Spreadsheet rows, read in chunks (all clients by id, or ``ids`` in their order)."""
    chunk = 2000
    last = 0
    remaining = list(ids) if ids is not None else None
    while True:
        with db.read() as s:
            if remaining is None:
                batch = list(s.scalars(select(Client).where(Client.id > last).order_by(Client.id).limit(chunk)))
            else:
                part, remaining = remaining[:chunk], remaining[chunk:]
                order = {i: n for n, i in enumerate(part)}
                batch = sorted(s.scalars(select(Client).where(Client.id.in_(part))), key=lambda c: order[c.id])
            contacts: dict[int, list[tuple[str, str]]] = {}
            if batch:
                query = (select(ClientContact.client_id, ClientContact.name, ClientContact.phone)
                         .where(ClientContact.client_id.in_([c.id for c in batch])).order_by(ClientContact.position))
                for client_id, name, phone in s.execute(query):
                    contacts.setdefault(client_id, []).append((name, phone))
            rows = [[c.name, c.uscc or "", c.district, c.address, c.industry, CLIENT_SIZE_LABELS.zh(c.size or ""),
                     "；".join(n for n, _ in contacts.get(c.id, [])), "；".join(p for _, p in contacts.get(c.id, []))]
                    for c in batch]
            last = batch[-1].id if batch else last
        yield from rows
        if not batch or (remaining is not None and not remaining):
            return


def export_clients(db: Database, path: Path, ids: list[int] | None = None, progress: Progress | None = None,
                   cancelled: Cancelled | None = None) -> int:
    """Write the clients (all, or ``ids`` in that order) to ``path``; returns how many were written.

    The file is written beside the target and moved into place at the end, so a cancelled or failed
    export never leaves a half-written file under the chosen name.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BadFile("Choose an .xlsx or .csv file.")
    total = len(ids) if ids is not None else count_clients(db)
    tmp = path.with_name(path.name + ".part")
    written = 0

    def rows() -> Iterator[list[str]]:
        nonlocal written
        for row in _export_rows(db, ids):
            yield row
            written += 1
            if written % 1000 == 0:
                if progress:
                    progress(written, total)
                if cancelled and cancelled():
                    raise _Cancelled

    try:
        if suffix == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(HEADERS)
                writer.writerows([csv_cell(v) for v in row] for row in rows())
        else:
            import openpyxl

            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet("服务对象")
            try:
                sheet.append(list(HEADERS))
                for row in rows():
                    sheet.append([xlsx_text(sheet, v) for v in row])
            finally:
                book.save(tmp)  # also on cancel: saving closes openpyxl's temporary worksheet file
        if cancelled and cancelled():
            raise _Cancelled
        tmp.replace(path)
    except _Cancelled:
        tmp.unlink(missing_ok=True)
        return -1
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress:
        progress(written, total)
    return written


class _Cancelled(Exception):
    pass


# ---- the same, as jobs for a worker process (desktop.processes: openpyxl would hold the GUI's lock) ----------

def import_job(handle: Handle, db_path: Path, actor_id: int, path: Path) -> ImportReport:
    with opened_in_worker(db_path) as db:
        return import_clients(db, actor_id, path, handle.progress, lambda: handle.cancelled)


def export_job(handle: Handle, db_path: Path, path: Path, query: ClientQuery | None) -> int:
    """Export the clients ``query`` finds in its order (None: every client, by id)."""
    with opened_in_worker(db_path) as db:
        ids = client_ids(db, query) if query is not None else None
        return export_clients(db, path, ids, handle.progress, lambda: handle.cancelled)
