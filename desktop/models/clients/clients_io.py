"""Import and export of the client registry as .xlsx or .csv. A CSV is read in UTF-8 or in the encoding WPS
and older Excel save (GB18030/GBK) and written as UTF-8 with BOM; ``core.spreadsheets`` says how cells stay data.

Columns (Chinese headers, any order): 名称, 统一社会信用代码, 所属区县, 地址, 行业, 规模, 联系人, 联系电话.
Several contacts of one client go in one cell each, separated by "；" (names and phones in the same order).

Import is all-or-nothing per row: each row is validated before anything of it is written, so a bad row leaves
nothing behind and the good rows around it are kept (rows are written a batch at a time, in one transaction; a
batch the database refuses is written again row by row, each under its own savepoint). A client already registered (same
USCC; for a person without one, same name and first phone) is skipped, so importing a file twice adds
nothing the second time.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
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
    made_by,
    new_workbook,
    read_csv,
    read_xlsx_rows,
    xlsx_text,
)
from desktop.models.core.tables import AuditEntry
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
            _import_batch(s, actor_id, batch, columns, report, from_csv)
            audit.record_event(s, "client", {"import": path.name, "lines": [batch[0][0], batch[-1][0]]})
        done += len(batch)
        if progress:
            progress(done, total)
        if cancelled and cancelled():
            report.cancelled = bool(pending)
    return report


def _import_batch(s: Session, actor_id: int, batch: list[tuple[int, list[str]]], columns: dict[str, int],
                  report: ImportReport, from_csv: bool) -> None:
    """One batch's rows, with what ``_import_row`` would do for each in turn, but in a few statements: the rows
    already registered looked up together, the new ones inserted with Core (clients, contacts, and the audit
    entries the mapper events would write, in the same order). Should the database refuse any of it (a client
    saved by another window a moment ago), the batch is done again row by row, each under its savepoint."""
    part = ImportReport()
    try:
        with s.begin_nested():
            _insert_new(s, actor_id, _sorted_rows(s, batch, columns, part, from_csv))
    except (IntegrityError, Invalid):
        for line, cells in batch:
            _import_row(s, actor_id, line, cells, columns, report, from_csv)
        return
    report.added += part.added
    report.skipped += part.skipped
    report.rejected += part.rejected


def _sorted_rows(s: Session, batch: list[tuple[int, list[str]]], columns: dict[str, int], report: ImportReport,
                 from_csv: bool) -> list[ClientInput]:
    """The rows to add, in order; the others counted in ``report``, as ``_import_row`` would (a row is
    registered already when the station has it, or when an earlier row of the batch added it)."""
    valid: list[ClientInput] = []
    for line, cells in batch:
        inp, problems = row_to_input(cells, columns, from_csv)
        problems += [RowProblem(line, f, m) for f, m in validate_client(inp).items()]
        if problems:
            report.rejected += [RowProblem(line, p.field, p.message) for p in problems]
        else:
            valid.append(inp)
    usccs = set(s.scalars(select(Client.uscc).where(Client.uscc.in_({i.uscc for i in valid if i.uscc}))))
    names = {i.name.strip() for i in valid if not i.uscc}
    people = set(s.scalars(select(Client.name).where(Client.name.in_(names), Client.uscc.is_(None))))
    phones = {(name, phone) for name, phone in s.execute(select(Client.name, ClientContact.phone).join(
        ClientContact).where(Client.name.in_(names), Client.uscc.is_(None),
                             ClientContact.phone.in_({normalize_phone(i.contacts[0].phone) for i in valid
                                                      if i.contacts})))}
    new: list[ClientInput] = []
    for inp in valid:
        name = inp.name.strip()
        if inp.uscc:
            known = inp.uscc in usccs
        elif inp.contacts:
            known = (name, normalize_phone(inp.contacts[0].phone)) in phones
        else:
            known = name in people
        if known:
            report.skipped += 1
            continue
        new.append(inp)
        report.added += 1
        if inp.uscc:
            usccs.add(inp.uscc)
        else:
            people.add(name)
            phones.update((name, normalize_phone(c.phone)) for c in inp.contacts)
    return new


def _insert_new(s: Session, actor_id: int, new: list[ClientInput]) -> None:
    """``new`` as ``_apply`` and a flush would insert them, with their audit entries in the flush's order."""
    if not new:
        return
    conn = s.connection()
    rows = []
    for inp in new:
        row = Client(created_by=actor_id, updated_by=actor_id)
        _apply(row, inp)
        values = {k: getattr(row, k) for k in ("kind", "name", "uscc", "district", "address", "industry", "size",
                                                "search_text", "created_by", "updated_by")}
        rows.append((audit.with_defaults(Client, values), [
            {k: getattr(c, k) for k in ("position", "name", "phone", "title")} for c in row.contacts]))
    # the ids SQLite would give them one by one (no AUTOINCREMENT: one more than the largest; this transaction
    # holds the write lock), so that the inserts run as plain executemany, without RETURNING row by row
    first = (s.scalar(select(func.max(Client.id))) or 0) + 1
    added, contacts = [], []
    for client_id, (values, its) in enumerate(rows, start=first):
        values["id"] = client_id
        added.append(values)
        contacts.append([audit.with_defaults(ClientContact, {**c, "client_id": client_id}) for c in its])
    every_contact = [c for its in contacts for c in its]
    conn.execute(insert(Client), added)
    if every_contact:
        first = (s.scalar(select(func.max(ClientContact.id))) or 0) + 1
        for contact_id, c in enumerate(every_contact, start=first):
            c["id"] = contact_id
        conn.execute(insert(ClientContact), every_contact)
    entries = []  # as the mapper events write them: a client's entry, then its contacts'
    for values, its in zip(added, contacts, strict=True):
        entries += audit.created(Client, [values], actor_id) + audit.created(ClientContact, its, actor_id)
    conn.execute(insert(AuditEntry), entries)


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

            book = new_workbook()
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


def export_job(handle: Handle, db_path: Path, path: Path, query: ClientQuery | None,
               made: tuple[int, str] | None = None) -> int:
    """Export the clients ``query`` finds in its order (None: every client, by id); ``made``: who exports (an
    .xlsx says so, and the export is logged)."""
    with opened_in_worker(db_path) as db, made_by(made[1] if made else ""):
        ids = client_ids(db, query) if query is not None else None
        written = export_clients(db, path, ids, handle.progress, lambda: handle.cancelled)
        if made is not None and written >= 0:
            from desktop.models.archives import access_log

            access_log.note(db, made[0], "export", "clients", path.name, written)
        return written
