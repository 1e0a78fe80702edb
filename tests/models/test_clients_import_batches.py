"""The client import writes each batch in a few statements (``clients_io._import_batch``): what it leaves in the
station (clients, contacts, the report, the audit trail in its order) is what importing the rows one by one, each
under its savepoint through the ORM (``_import_row``), leaves; and when the database refuses the batch, the rows
are imported one by one after all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from desktop.models.clients import clients, clients_io
from desktop.models.clients.clients import ClientInput, ContactInput
from desktop.models.clients.tables import Client, ClientContact
from desktop.models.core.db import Database
from tests.models.test_clients_io import ROWS, write_csv
from tests.support.stations import audit_entries, make_uscc, open_station

VOLATILE = {"uuid", "created_at", "updated_at"}  # a new uuid and the time, in either way


def _rows() -> list[list[str]]:
    """Three batches' worth: good and bad rows, enterprises and people, repeats inside a batch and across
    batches, namesakes, people known by their first phone, and clients the station already has."""
    rows: list[list[str]] = []
    for n in range(1, 1200):
        kind = n % 7
        if kind == 0:  # a person with contacts; every 5th repeats an earlier one (same name, same first phone)
            m = n - 7 if n % 5 == 0 and n > 7 else n
            rows.append([f"个人{m}", "", "柳北区", "", "", "", f"甲{m}；乙{m}", f"1380000{m:04d}；1390000{m:04d}"])
        elif kind == 1:  # a person without contacts; names repeat every 49 rows
            rows.append([f"无联系人{n % 49}", "", "", "", "", "", "", ""])
        elif kind == 2:  # an enterprise repeated across batches (n - 600) or inside its batch (n - 14)
            m = n - 600 if n > 600 else (n - 14 if n % 3 == 0 and n > 14 else n)
            rows.append([f"企业{m}", make_uscc(m).lower(), "鱼峰区", f"地址{m}", "机械装备", "小型",
                         f"联系人{m}", f"0772-{2_000_000 + m}"])
        elif kind == 3:
            rows.append(ROWS[(n // 7) % len(ROWS)])  # the other tests' rows: some good, some bad
        elif kind == 4:  # the second phone of a person above as a first phone: another person
            rows.append([f"个人{n - 4}", "", "", "", "", "", f"丙{n}", f"1390000{n - 4:04d}"])
        elif kind == 5:  # a bad phone, or a client the station has already (below)
            rows.append([f"坏{n}", make_uscc(100_000 + n), "", "", "", "", "丁", "123"] if n % 2 else
                        [f"已有{n}", make_uscc(200_000 + n), "", "", "", "", "", ""])
        else:  # someone the station has as a person, by name and first phone
            rows.append([f"老客户{n % 3}", "", "", "", "", "", "老", f"1350000000{n % 3}"])
    return rows


def _existing(db: Database, admin_id: int) -> None:
    for n in range(5, 1200, 14):
        clients.create_client(db, admin_id, ClientInput(f"已有{n}", make_uscc(200_000 + n)))
    for n in range(3):
        clients.create_client(db, admin_id, ClientInput(f"老客户{n}", kind="person",
                                                          contacts=(ContactInput("老", f"1350000000{n}"),)))


def _station(db: Database) -> dict[str, Any]:
    with db.read() as s:
        table = [dict(r._mapping) for r in s.execute(select(Client).order_by(Client.id).with_only_columns(
            *(c for c in Client.__table__.columns if c.key not in VOLATILE)))]
        contacts = [dict(r._mapping) for r in s.execute(select(ClientContact).order_by(ClientContact.id)
                    .with_only_columns(*(c for c in ClientContact.__table__.columns if c.key not in VOLATILE)))]
        found = s.execute(text("SELECT count(*) FROM client_fts WHERE client_fts MATCH '企业1'")).scalar()
    entries = []
    for e in audit_entries(db):
        changes = e["changes"]
        if e["action"] == "create":
            changes = {k: v for k, v in changes.items() if k not in VOLATILE}
        entries.append((e["id"], e["actor_id"], e["action"], e["entity"], e["entity_id"], changes))
    return {"clients": table, "contacts": contacts, "fts": found, "audit": entries}


def _import(path: Path, station: Path, slow: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    station.parent.mkdir()
    db, admin_id = open_station(station)
    try:
        _existing(db, admin_id)
        with monkeypatch.context() as m:
            if slow:  # the rows one by one, each under its savepoint, through the ORM and its mapper events
                def one_by_one(s: Any, actor: int, batch: list[tuple[int, list[str]]], columns: dict[str, int],
                               report: clients_io.ImportReport, from_csv: bool) -> None:
                    for line, cells in batch:
                        clients_io._import_row(s, actor, line, cells, columns, report, from_csv)
                m.setattr(clients_io, "_import_batch", one_by_one)
            report = clients_io.import_clients(db, admin_id, path)
        return report, _station(db)
    finally:
        db.close()


def test_a_batch_leaves_what_the_rows_one_by_one_leave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_csv(tmp_path / "名单.csv", _rows())
    fast_report, fast = _import(path, tmp_path / "fast" / "station.sqlite3", False, monkeypatch)
    slow_report, slow = _import(path, tmp_path / "slow" / "station.sqlite3", True, monkeypatch)
    assert fast_report.added > 300 and fast_report.skipped > 300 and fast_report.rejected  # all kinds are there
    assert fast_report == slow_report
    assert fast["clients"] == slow["clients"]
    assert fast["contacts"] == slow["contacts"]
    assert fast["fts"] == slow["fts"] > 0
    assert fast["audit"] == slow["audit"]
    # the second import finds every row registered, both ways
    db = Database(tmp_path / "fast" / "station.sqlite3")
    try:
        again = clients_io.import_clients(db, 1, path)
    finally:
        db.close()
    assert (again.added, again.skipped) == (0, fast_report.added + fast_report.skipped)


def test_a_batch_the_database_refuses_is_imported_row_by_row(db: Database, admin_id: int, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the batch's statements fail part-way (a constraint the validation does not know), nothing of them
    stays and the rows go in one by one, each under its savepoint, as before."""
    rows = [[f"企业{n}", make_uscc(n), "", "", "", "", "联系人", "13800001111"] for n in range(1, 6)]
    insert_new = clients_io._insert_new

    def refused(s: Any, actor: int, new: list[ClientInput]) -> None:
        insert_new(s, actor, new)
        raise IntegrityError("INSERT", {}, Exception("refused"))

    monkeypatch.setattr(clients_io, "_insert_new", refused)
    report = clients_io.import_clients(db, admin_id, write_csv(tmp_path / "c.csv", rows))
    assert (report.added, report.skipped, report.rejected) == (5, 0, [])
    assert clients.count_clients(db) == 5
    assert len(audit_entries(db, "client", "create")) == 5
    assert len(audit_entries(db, "client_contact", "create")) == 5
