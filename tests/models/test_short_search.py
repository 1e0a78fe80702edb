"""1–2 character search through the character indexes (migration 0012) finds exactly what a scan finds.

The oracle is the plain scan search used before the index: instr() over ``search_text`` (with ASCII letters,
``lower()`` on both sides), in the list's order, written out here in SQL. The indexed path is the one the pages
use (``run_query`` and the first page). Terms: CJK, ASCII in every case, digits, punctuation, FTS5 syntax,
combining marks, astral characters, and characters and pairs taken at random from the rows themselves.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module

import pytest
from sqlalchemy import text

from desktop.demo import demo_clients, demo_requests
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientInput, ClientQuery, ContactInput
from desktop.models.core import chars
from desktop.models.core.db import Database, alembic_config, make_engine, migrate
from desktop.models.requests import intake, request_list
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.request_list import RequestQuery
from tests.support.hostile import KEPT, MULTI_LINE_ONLY
from tests.support.requests import NOW, Station, make_station
from tests.support.stations import raw_connect

TODAY = date(2026, 11, 23)
FIXED_TERMS = (
    "柳", "覃", "张伟", "螺蛳", "桂中", "电梯", "计量", "检验", "州", "公司", "粉", "没", "龍",
    "a", "A", "ab", "AB", "Ab", "aB", "lz", "LZ", "z", "1", "12", "0", "07", "9C", "c", "x", "w", "W",
    "-", "--", "%", "_", "'", '"', "''", '""', "*", "(", ")", ":", "^", "+", "=", "<", ">", "/", "\\", "{0}",
    "OR", "or", "NOT", "AND", "ne", "é", "É", "e\u0301", "\u0301", "ä", "Ä", "İ", "i", "\u212a", "k",
    "😀", "🍜", "𠀀", "𪚥", "Ａ", "ａ", "１", "（", "\u200b", "柳\u200b", "\ufeff", "\u202e", "ß", "ﬀ", "Σ", "σ",
)
COMBINED = ("柳 电梯", "柳 螺蛳粉", "a 1", "桂 公司 州", "电梯 电梯", "LZ 20", "覃 没有这家", "柳州市 1")


def _hostile_names() -> list[str]:
    names = [f"{h.text}柳州" for h in KEPT] + ["ABC贸易 abc有限公司", "Äpfel Straße GmbH", "İstanbul ΣΟΦΙΑ Ltd",
                                               "\u212aelvin K仪器", "ＡＢＣ１２３柳州", "柳州 OR 公司", "x*y 电梯"]
    return [n[:100] for n in names]


@dataclass
class Loaded:
    st: Station
    terms: list[str]

    @property
    def db(self) -> Database:
        return self.st.db


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    st = make_station(tmp_path_factory.mktemp("short") / "station.sqlite3")
    db, admin = st.db, st.admin
    demo_clients.generate_clients(db, 300, admin)
    kept, demo_requests.OPTIMIZE_AFTER = demo_requests.OPTIMIZE_AFTER, 500  # as a large load ends: one segment
    try:
        demo_requests.generate_requests(db, 700, admin, now=NOW, batch=300)
    finally:
        demo_requests.OPTIMIZE_AFTER = kept
    for n, name in enumerate(_hostile_names()):
        cid = clients.create_client(db, admin, ClientInput(name, kind="person", contacts=(
            ContactInput("覃Ab", f"1391234{n:04d}"),))).ids[0]
        description = f"咨询{name}{MULTI_LINE_ONLY[n % len(MULTI_LINE_ONLY)].text}"
        intake.create_request(db, admin, RequestInput(cid, "window", (1,), description, contact_name="Zoë Ab"),
                              now=NOW - timedelta(hours=n))
    rng = random.Random(12)
    with db.read() as s:
        texts = [t for (t,) in s.execute(text("SELECT search_text FROM client UNION ALL "
                                              "SELECT search_text FROM service_request"))]
    picked: list[str] = []
    for source in rng.sample(texts, 150):
        start = rng.randrange(len(source))
        word = source[start:start + rng.choice((1, 2))]
        if word.strip() == word and word:
            picked.append("".join(ch.swapcase() if rng.random() < 0.3 else ch for ch in word))
    yield Loaded(st, [*FIXED_TERMS, *COMBINED, *picked])
    db.close()


def _scan(column: str, term: str) -> tuple[str, str]:
    """The plain search of one term, as it was before the index."""
    if any(ch.isascii() and ch.isalpha() for ch in term):
        return f"instr(lower({column}), ?) > 0", term.lower()
    return f"instr({column}, ?) > 0", term


def _oracle(raw: sqlite3.Connection, table: str, order: str, query: str) -> list[int]:
    clauses, params = [], []
    for term in query.split():
        if len(term) >= 3:  # 3+ characters: the trigram index, as the app searches them
            fts = "client_fts" if table == "client" else "request_fts"
            clauses.append(f"id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)")
            params.append('"' + term.replace('"', '""') + '"')
        else:
            clause, value = _scan("search_text", term)
            clauses.append(clause)
            params.append(value)
    sql = f"SELECT id FROM {table} WHERE {' AND '.join(clauses)} ORDER BY {order}"
    return [i for (i,) in raw.execute(sql, params)]


@pytest.fixture(params=["as shipped", "small windows"])
def windows(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The limits that choose plans, as shipped and so small that the large-result plans run too."""
    if request.param == "small windows":
        monkeypatch.setattr(clients, "ID_WINDOW", 20)
        monkeypatch.setattr(clients, "BROAD_MATCHES", 15)
        monkeypatch.setattr(request_list, "ID_WINDOW", 20)
        monkeypatch.setattr(request_list, "NARROW", 15)
    return str(request.param)


def test_clients_found_by_the_index_are_those_the_scan_finds(loaded: Loaded, windows: str) -> None:
    raw = raw_connect(loaded.db.path)
    try:
        indexed = 0
        for term in loaded.terms:
            q = ClientQuery(text=term)
            expected = _oracle(raw, "client", "name, id", term)
            result = clients.run_query(loaded.db, q)
            assert result.count == len(expected) == clients.count_matching(loaded.db, q), (term, windows)
            assert result.ids in (None, expected), (term, windows)
            page = [r.id for r in clients.client_page(loaded.db, q, 0, 40, result.count)]
            assert page == expected[:40], (term, windows)
            assert clients.client_ids(loaded.db, q) == expected, (term, windows)
            indexed += any(len(t) < 3 and chars.indexed(t) for t in term.split())
        assert indexed > 100
    finally:
        raw.close()


def test_requests_found_by_the_index_are_those_the_scan_finds(loaded: Loaded, windows: str) -> None:
    raw = raw_connect(loaded.db.path)
    try:
        for term in loaded.terms:
            for sort, order in (("received_at", "received_at DESC, id DESC"), ("number", "number")):
                q = RequestQuery(text=term, sort=sort, descending=sort == "received_at")
                expected = _oracle(raw, "service_request", order, term)
                result = request_list.run_query(loaded.db, q, TODAY)
                assert result.count == len(expected) == request_list.count_matching(loaded.db, q, TODAY), term
                assert result.ids in (None, expected), (term, windows)
                page = [r.id for r in request_list.request_page(loaded.db, q, 0, 40, TODAY, result.large)]
                assert page == expected[:40], (term, sort, windows)
                later = [r.id for r in request_list.request_page(loaded.db, q, 25, 40, TODAY)]
                assert later == expected[25:65], (term, sort, windows)
    finally:
        raw.close()


def test_a_status_filter_with_a_short_term_agrees_with_the_scan(loaded: Loaded, windows: str) -> None:
    raw = raw_connect(loaded.db.path)
    try:
        for term in ("柳", "覃", "电梯", "ab", "1"):
            q = RequestQuery(text=term, statuses=("archived", "withdrawn"))
            clause, value = _scan("search_text", term)
            expected = [i for (i,) in raw.execute(
                f"SELECT id FROM service_request WHERE {clause} AND status IN ('archived', 'withdrawn') "
                "ORDER BY received_at DESC, id DESC", (value,))]
            result = request_list.run_query(loaded.db, q, TODAY)
            assert result.count == len(expected), (term, windows)
            page = [r.id for r in request_list.request_page(loaded.db, q, 0, 40, TODAY, result.large)]
            assert page == expected[:40], (term, windows)
    finally:
        raw.close()


def test_the_sql_document_is_the_python_document(loaded: Loaded) -> None:
    """The triggers and the view work the document out in SQL; bulk writers use ``chars.document``."""
    raw = raw_connect(loaded.db.path)
    try:
        for table, index in (("client", "client_chars"), ("service_request", "request_chars")):
            rows = raw.execute(f"SELECT t.search_text, coalesce(v.doc, '') FROM {table} t "
                               f"JOIN {index}_doc v ON v.id = t.id").fetchall()
            assert len(rows) > 300
            for search_text, doc in rows:
                assert doc == chars.document(search_text), search_text
            raw.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
        migration = import_module("desktop.models.migrations.versions.0012_character_index")
        for h in (*KEPT, *MULTI_LINE_ONLY):
            for sql in (migration.document_sql(":t"), migration.view_document_sql(":t")):  # trigger's, view's
                assert raw.execute(f"SELECT {sql}", {"t": h.text}).fetchone()[0] == chars.document(h.text), h.key
    finally:
        raw.close()


def test_writes_keep_the_index(tmp_path) -> None:  # type: ignore[no-untyped-def]
    st = make_station(tmp_path / "s.sqlite3", roles=())
    db = st.db

    def found(term: str) -> set[int]:
        return {r.id for r in clients.client_page(db, ClientQuery(text=term), 0, 100)}

    def requests_found(term: str) -> set[int]:
        q = RequestQuery(text=term)
        return set(request_list.request_ids(db, q, TODAY))

    cid = clients.create_client(db, st.admin, ClientInput("覃氏Ab商行", kind="person")).ids[0]
    assert cid in found("覃") and cid in found("aB") and cid in found("氏a")
    rid = intake.create_request(db, st.admin, RequestInput(cid, "window", (1,), "电梯年检"), now=NOW).ids[0]
    assert requests_found("电梯") == {rid} and rid in requests_found("覃")
    clients.update_client(db, st.admin, cid, ClientInput("韦氏商行", kind="person"))
    assert cid not in found("覃") and cid in found("韦")
    assert rid not in requests_found("覃") and rid in requests_found("韦氏")  # the rename reached the request
    gone = clients.create_client(db, st.admin, ClientInput("蓝氏商行", kind="person")).ids[0]
    assert gone in found("蓝")
    with db.begin(st.admin) as s:
        s.execute(text("DELETE FROM client WHERE id = :c"), {"c": gone})
    assert gone not in found("蓝")
    raw = raw_connect(db.path)
    try:
        for index in ("client_chars", "request_chars"):
            raw.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
    finally:
        raw.close()
    db.close()


def test_the_upgrade_indexes_the_rows_already_there(loaded: Loaded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Migration 0012 on a station with rows: its Python fill gives the documents the triggers would."""
    from alembic import command

    path = tmp_path / "copy.sqlite3"
    source, target = sqlite3.connect(loaded.db.path), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    engine = make_engine(path)
    try:
        command.downgrade(alembic_config(engine), "0011")
        migrate(engine)
    finally:
        engine.dispose()
    raw = raw_connect(path)
    try:
        for table, index in (("client", "client_chars"), ("service_request", "request_chars")):
            raw.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")  # the index is its view's
            n = raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert raw.execute(f"SELECT count(*) FROM {index} WHERE {index} MATCH ?", (chars.match(["柳"]),)
                               ).fetchone()[0] == raw.execute(
                f"SELECT count(*) FROM {table} WHERE instr(search_text, '柳') > 0").fetchone()[0] > n / 2
    finally:
        raw.close()
