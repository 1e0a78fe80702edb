"""Hostile text (tests/support/hostile.py) through the rules, the database, the services, import and export.

Every string is either refused with a message for its field (and by the database), or stored exactly and
exported as data: never a formula in a spreadsheet, never SQL.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import String, Text

from desktop.models.clients import clients, clients_io
from desktop.models.clients.clients import ClientInput, ClientQuery, ContactInput
from desktop.models.core import validators
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid
from desktop.models.core.registry import metadata
from desktop.models.core.types import ISODate, UTCDateTime
from tests.models.test_clients_io import write_csv, write_xlsx
from tests.support.hostile import KEPT, LONG, MULTI_LINE_ONLY, REFUSED, Hostile, ids
from tests.support.stations import make_uscc

# ---- the rule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("h", REFUSED, ids=ids(REFUSED))
def test_control_characters_are_refused_everywhere(h: Hostile) -> None:
    for multiline in (False, True):
        message = validators.check_length(h.text, 100, multiline=multiline)
        assert message and ("control character" in message or "one line" in message), (h.key, multiline)
        assert validators.check_required(h.text, 100, multiline=multiline) == message


@pytest.mark.parametrize("h", MULTI_LINE_ONLY, ids=ids(MULTI_LINE_ONLY))
def test_tab_and_newline_only_in_multi_line_fields(h: Hostile) -> None:
    assert validators.check_text(h.text) == "This field is one line: remove the line break or tab."
    assert validators.check_text(h.text, multiline=True) is None


@pytest.mark.parametrize("h", KEPT, ids=ids(KEPT))
def test_other_hostile_text_is_allowed(h: Hostile) -> None:
    assert validators.check_length(h.text, 100) is None
    assert validators.check_length(h.text, 100, multiline=True) is None


def test_the_message_names_the_character() -> None:
    assert validators.check_text("柳州\x00公司") == (
        "Remove the invisible control character (U+0000) from this text; it cannot be stored.")
    assert "U+0085" in str(validators.check_text("a\x85b", multiline=True))
    assert validators.check_length(LONG, 200) == "Too long: at most 200 characters."


def test_clean_text() -> None:
    assert validators.clean_text("柳州\x00公司\x07") == "柳州公司"
    assert validators.clean_text("a\r\nb\tc") == "a b c"
    assert validators.clean_text("a\r\nb\rc\td\x1b", multiline=True) == "a\nb\nc\td"
    for h in (*REFUSED, *MULTI_LINE_ONLY):
        assert validators.check_text(validators.clean_text(h.text)) is None
        assert validators.check_text(validators.clean_text(h.text, multiline=True), multiline=True) is None
    for h in KEPT:
        assert validators.clean_text(h.text) == h.text


# ---- the database ------------------------------------------------------------------------------------

# columns that hold codes, hashes, JSON or derived text the app writes itself (never typed by anyone)
NOT_TYPED = {"uuid", "kind", "role", "status", "level", "channel", "size", "state", "outcome", "trigger",
             "search_text", "sha256", "content_hash", "canonical", "strokes", "body", "blobs", "data",
             "changes", "password_hash", "number", "day", "clause", "from_status", "to_status", "city_status",
             "told_via", "visit_method", "evaluator_type", "reason_code", "record_uuid", "entity",
             "entity_uuid", "login", "code", "uscc", "phone", "contact_phone", "complaint_phone",
             "paper_scan_sha256", "font", "hostname", "key", "value", "message", "last_error", "reason",
             "source", "time_zone", "complainant_kind", "severity", "urgency", "likelihood", "external_route",
             "stage", "complainant_phone"}
SYSTEM_TABLES = {"audit_log", "outbox", "sync_state", "sync_run", "device", "request_counter",
                 "applied_decision", "complaint_counter",
                 "request_figures", "request_day_figures", "request_figures_state",  # derived by triggers
                 "backup_run", "access_log", "chain_link", "disposed_entry", "disposal_item", "disposal_list"}


def _typed_columns() -> set[tuple[str, str]]:
    out = set()
    for table in metadata().sorted_tables:
        if table.name in SYSTEM_TABLES:
            continue
        for col in table.columns:
            if (isinstance(col.type, String | Text) and not isinstance(col.type, UTCDateTime | ISODate)
                    and col.name not in NOT_TYPED):
                out.add((table.name, col.name))
    return out


def test_every_typed_column_is_guarded(raw: sqlite3.Connection) -> None:
    sql = dict(raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_text_%'"))
    columns = _typed_columns()
    assert len(columns) >= 50
    for table, column in sorted(columns):
        assert f"NEW.{column} " in sql.get(f"{table}_text_insert", ""), (table, column)
        assert f"NEW.{column} IS NOT OLD.{column}" in sql.get(f"{table}_text_update", ""), (table, column)


T = "2026-01-01T00:00:00.000000+00:00"


def _insert_client(raw: sqlite3.Connection, name: str, address: str = "") -> None:
    raw.execute("INSERT INTO client (uuid, kind, name, district, address, industry, search_text, created_at,"
                " updated_at) VALUES (lower(hex(randomblob(16))), 'person', ?, '', ?, '', '', ?, ?)",
                (name, address, T, T))


@pytest.mark.parametrize("h", [*REFUSED, *MULTI_LINE_ONLY], ids=ids((*REFUSED, *MULTI_LINE_ONLY)))
def test_the_database_refuses_control_characters(db: Database, raw: sqlite3.Connection, h: Hostile) -> None:
    with pytest.raises(sqlite3.IntegrityError, match=r"control characters are not allowed in client\.name"):
        _insert_client(raw, h.text)
    _insert_client(raw, "柳州好人")
    with pytest.raises(sqlite3.IntegrityError, match=r"client\.address"):
        raw.execute("UPDATE client SET address = ? WHERE name = '柳州好人'", (h.text,))
    raw.rollback()


def test_multi_line_columns_keep_tab_and_newline(admin_id: int, raw: sqlite3.Connection) -> None:
    raw.execute("INSERT INTO institution (uuid, kind, name, contact_name, phone, email, address, note, active,"
                " created_at, updated_at) VALUES ('u1', 'expert', '专家', '', NULL, NULL, '', ?, 1, ?, ?)",
                ("第一行\n\t第二行", T, T))
    with pytest.raises(sqlite3.IntegrityError, match=r"institution\.note"):
        raw.execute("UPDATE institution SET note = ? WHERE uuid = 'u1'", ("a\x00b",))
    with pytest.raises(sqlite3.IntegrityError, match=r"institution\.name"):
        raw.execute("UPDATE institution SET name = ? WHERE uuid = 'u1'", ("a\nb",))


@pytest.mark.parametrize("h", KEPT, ids=ids(KEPT))
def test_the_database_keeps_other_text(db: Database, raw: sqlite3.Connection, h: Hostile) -> None:
    _insert_client(raw, h.text, h.text)
    assert raw.execute("SELECT name, address FROM client").fetchone() == (h.text, h.text)


# ---- the client service ------------------------------------------------------------------------------

FIELDS = ("name", "address", "industry", "contacts.0.name", "contacts.0.title")


def _client_with(field: str, value: str, n: int) -> ClientInput:
    contact = ContactInput(value if field == "contacts.0.name" else "覃春梅", "13912345678",
                           value if field == "contacts.0.title" else "")
    return ClientInput(value if field == "name" else f"柳州测试{n}有限公司", make_uscc(n),
                       address=value if field == "address" else "",
                       industry=value if field == "industry" else "", contacts=(contact,))


@pytest.mark.parametrize("field", FIELDS)
def test_client_fields_refuse_or_keep_exactly(db: Database, admin_id: int, field: str) -> None:
    for n, h in enumerate((*KEPT, *REFUSED, *MULTI_LINE_ONLY, Hostile("long", LONG)), start=1):
        inp = _client_with(field, h.text, n)
        if h in KEPT and not (field == "industry" and len(h.text) > 50):
            cid = clients.create_client(db, admin_id, inp).ids[0]
            detail = clients.get_client(db, cid)
            stored = {"name": detail.name, "address": detail.address, "industry": detail.industry,
                      "contacts.0.name": detail.contacts[0].name, "contacts.0.title": detail.contacts[0].title}
            assert stored[field] == h.text.strip() == h.text, h.key
        else:
            with pytest.raises(Invalid) as info:
                clients.create_client(db, admin_id, inp)
            assert set(info.value.errors) == {field}, h.key
    assert clients.count_clients(db) == len(KEPT)


# ---- import and export -------------------------------------------------------------------------------

def _rows(items: tuple[Hostile, ...]) -> list[list[str]]:
    return [[h.text, "", "鱼峰区", h.text, "", "", "", ""] for h in items]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_refuses_control_characters_with_the_line(db: Database, admin_id: int, tmp_path: Path,
                                                          fmt: str) -> None:
    # openpyxl cannot even write most C0 characters into a workbook; the others can be in one
    refused = REFUSED if fmt == "csv" else tuple(h for h in REFUSED if h.key in ("del", "c1_nel", "c1_csi"))
    rows = _rows((*KEPT, *refused))
    path = write_csv(tmp_path / "hostile.csv", rows) if fmt == "csv" else _text_xlsx(tmp_path / "hostile.xlsx", rows)
    report = clients_io.import_clients(db, admin_id, path)
    refused_lines = {n + 2 for n in range(len(KEPT), len(rows))}
    assert {p.line for p in report.rejected} == refused_lines
    assert all(p.field in ("name", "address") for p in report.rejected)
    assert all("control character" in p.message or "one line" in p.message for p in report.rejected)
    assert report.added == len(KEPT)
    names = {clients.get_client(db, i).name for i in clients.client_ids(db, ClientQuery())}
    expected = {h.text for h in KEPT}
    if fmt == "csv":  # a CSV's leading apostrophe before a formula sign is the export's escape
        expected = {t[1:] if t.startswith("'=") else t for t in expected}
    assert names == expected


def _text_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """A workbook whose cells are all text, as a spreadsheet program saves what people typed."""
    write_xlsx(path, [])
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value).data_type = "s"
    book.save(path)
    return path


def _load_clients_export(db: Database, admin_id: int, tmp_path: Path) -> list[int]:
    for n, h in enumerate(KEPT, start=1):
        clients.create_client(db, admin_id, ClientInput(h.text, make_uscc(n), address=h.text))
    return clients.client_ids(db, ClientQuery(sort="name"))


def test_xlsx_export_stores_hostile_text_as_text_cells(db: Database, admin_id: int, tmp_path: Path) -> None:
    ids_ = _load_clients_export(db, admin_id, tmp_path)
    path = tmp_path / "out.xlsx"
    assert clients_io.export_clients(db, path, ids_) == len(KEPT)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    cells = [row for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for row in cells for c in row if c.value is not None)  # never a formula
    assert {row[0].value for row in cells} == {h.text for h in KEPT}  # exactly as stored: no apostrophe
    formula_like = [row[0] for row in cells if str(row[0].value)[:1] in "=+-@"]
    assert formula_like and all(c.quotePrefix for c in formula_like)  # shown as text when edited too
    book.close()
    fresh = tmp_path / "again.sqlite3"
    from tests.support.stations import open_station

    again, again_admin = open_station(fresh)
    try:
        assert clients_io.import_clients(again, again_admin, path).added == len(KEPT)
        assert ({clients.get_client(again, i).name for i in clients.client_ids(again, ClientQuery())}
                == {h.text for h in KEPT})
    finally:
        again.close()


def test_exports_clean_text_stored_before_the_rule(db: Database, admin_id: int, raw: sqlite3.Connection,
                                                   tmp_path: Path) -> None:
    raw.execute("DROP TRIGGER client_text_insert")  # as a row stored by an older version
    _insert_client(raw, "柳州\x00坏\x07字\x1b公司", "文昌路\n88号")
    raw.commit()
    xlsx, csv_path = tmp_path / "old.xlsx", tmp_path / "old.csv"
    assert clients_io.export_clients(db, xlsx) == 1
    book = openpyxl.load_workbook(xlsx)
    row = [c.value for c in next(book.worksheets[0].iter_rows(min_row=2))]
    book.close()
    assert row[0] == "柳州坏字公司" and row[3] == "文昌路 88号"
    assert clients_io.export_clients(db, csv_path) == 1
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh))[1][0] == "柳州坏字公司"
