"""Broad searches take a different SQL plan (index walk with instr) than narrow ones (FTS join);
both must give the same rows in the same order, page by page."""

from __future__ import annotations

from desktop.demo import demo_clients
from desktop.models.clients import clients
from desktop.models.core import station
from desktop.models.core.db import Database


def test_broad_and_narrow_plans_agree(tmp_path, monkeypatch) -> None:
    db = Database(tmp_path / "s.sqlite3")
    admin = station.setup(db, station.StationInput("LZ-T01", "测试站", "district", "鱼峰区"), "admin", "管理员",
                          "kapok-river-1987")
    demo_clients.generate_clients(db, 1500, admin)
    monkeypatch.setattr(clients, "BROAD_MATCHES", 10)  # make "broad" reachable with a small station
    for text in ("有限公司", "柳州市", "汽车 配件", "螺蛳粉"):
        q = clients.ClientQuery(text=text)
        n = clients.count_matching(db, q)
        assert n > 10, text
        for offset in (0, 200, max(0, n - 50)):
            broad = [r.id for r in clients.client_page(db, q, offset, 200, matches=n)]
            narrow = [r.id for r in clients.client_page(db, q, offset, 200)]
            assert broad == narrow, (text, offset)
        everything = [r.id for r in clients.client_page(db, q, 0, n + 10, matches=n)]
        assert len(everything) == n
    db.close()


def test_run_query_gives_the_exact_count_and_order_on_both_sides_of_the_window(tmp_path, monkeypatch) -> None:
    db = Database(tmp_path / "s.sqlite3")
    admin = station.setup(db, station.StationInput("LZ-T01", "测试站", "district", "鱼峰区"), "admin", "管理员",
                          "kapok-river-1987")
    demo_clients.generate_clients(db, 1200, admin)
    monkeypatch.setattr(clients, "ID_WINDOW", 150)
    queries = [clients.ClientQuery(), clients.ClientQuery(text="有限公司"), clients.ClientQuery(text="柳州市 桂"),
               clients.ClientQuery(text="王"), clients.ClientQuery(district="柳江区", sort="size", descending=True),
               clients.ClientQuery(text="金桥鑫源"), clients.ClientQuery(text="没有这家")]
    for q in queries:
        expected = clients.client_ids(db, q)
        result = clients.run_query(db, q)
        assert result.count == len(expected) == clients.count_matching(db, q), q
        if len(expected) <= 150:
            assert result.ids == expected, q
            assert [r.id for r in clients.rows_by_id(db, expected[:40])] == expected[:40]
        else:
            assert result.ids is None, q
    db.close()


def test_table_model_pages_agree_with_the_full_list(qtbot, tmp_path, monkeypatch) -> None:
    from desktop.tasks import TaskRunner
    from desktop.views.clients import client_table
    from desktop.views.shared import lazy_table
    from tests.support.widgets import rows_in, shown

    db = Database(tmp_path / "s.sqlite3")
    admin = station.setup(db, station.StationInput("LZ-T01", "测试站", "district", "鱼峰区"), "admin", "管理员",
                          "kapok-river-1987")
    demo_clients.generate_clients(db, 700, admin)
    monkeypatch.setattr(clients, "ID_WINDOW", 300)
    monkeypatch.setattr(lazy_table, "PAGE", 64)
    tasks = TaskRunner()
    model = client_table.ClientTableModel(db, tasks)
    for q in (clients.ClientQuery(), clients.ClientQuery(text="有限"), clients.ClientQuery(text="螺蛳粉")):
        model.request(q)
        rows_in(qtbot, shown(qtbot, model))  # pages by key (the first by offset: no row before it), off the GUI thread
        rows = [model.client_id(r) for r in range(model.rowCount())]
        assert rows == clients.client_ids(db, q), q
    tasks.wait()
    db.close()


def test_request_sorts_by_status_and_due_date_walk_an_index(tmp_path) -> None:
    """Sorting a million requests by status or due date must not sort them all (migration 0003's expression
    indexes): the plan walks an index, with no temporary B-tree for ORDER BY."""
    from sqlalchemy import text

    from desktop.models.requests.request_list import SORT_ORDERS

    db = Database(tmp_path / "s.sqlite3")
    try:
        for key in ("status", "due_on", "received_at"):
            for descending in (False, True):
                order = ", ".join(c + (" DESC" if descending else "") for c in SORT_ORDERS[key])
                with db.read() as s:
                    plan = " | ".join(str(r[-1]) for r in s.execute(text(
                        f"EXPLAIN QUERY PLAN SELECT r.id FROM service_request r ORDER BY {order} LIMIT 200")))
                assert "TEMP B-TREE" not in plan, (key, descending, plan)
                assert "INDEX" in plan, (key, descending, plan)
    finally:
        db.close()


def test_a_due_filter_leads_with_the_due_index_whatever_else_is_filtered(tmp_path) -> None:
    """Only open requests have a due date: the due index finds the few thousand of a million, where the
    received-order or district index would walk them all (650 ms and 230 ms at a million requests)."""
    from datetime import date

    from sqlalchemy import text

    from desktop.models.requests import request_list as rl

    db = Database(tmp_path / "s.sqlite3")
    try:
        for q in (rl.RequestQuery(due="overdue"), rl.RequestQuery(due="due_soon", district="柳南区"),
                  rl.RequestQuery(due="overdue", channel="window", statuses=("registered",), category_id=1),
                  rl.RequestQuery(due="due_today", text="螺蛳粉", handler_id=1, sort="client")):
            sql, params = rl._select_ids(q, date(2026, 11, 20), frozenset())
            with db.read() as s:
                plan = " | ".join(str(r[-1]) for r in s.execute(text(f"EXPLAIN QUERY PLAN {sql}"), params))
            assert "SEARCH r USING INDEX ix_service_request_due" in plan, (q, plan)
    finally:
        db.close()


def test_a_number_typed_from_its_start_is_a_range_of_the_number_index(tmp_path) -> None:
    """Every number shares the station code's trigrams (a million FTS entries to read); the number index
    finds a day's numbers at once. A phone number that looks like a day is still searched as text."""
    from datetime import date

    from sqlalchemy import text

    from desktop.models.requests import request_list as rl

    db = Database(tmp_path / "s.sqlite3")
    try:
        for term, by_number in (("LZ-YF01-20261118", True), ("lz-yf01-20261118-00", True),
                                ("0772-20261118", False), ("LZ-YF01-2026", False)):
            sql, params = rl._select_ids(rl.RequestQuery(text=term), date(2026, 11, 20), frozenset())
            with db.read() as s:
                plan = " | ".join(str(r[-1]) for r in s.execute(text(f"EXPLAIN QUERY PLAN {sql}"), params))
            assert ("(number>? AND number<?)" in plan) == by_number, (term, plan)
    finally:
        db.close()


def test_short_terms_count_in_the_character_index_and_a_large_result_walks_the_list_order(tmp_path) -> None:
    """A 1–2 character term is counted by the character index alone (柳 matches most of a million requests:
    no row is read); a rare term's few hits are read from it and sorted; a large result's page walks the
    received-order index and tests each row (no sort of every hit, no set of a million ids built)."""
    from datetime import date

    from sqlalchemy import text

    from desktop.models.requests import request_list as rl

    today = date(2026, 11, 20)
    db = Database(tmp_path / "s.sqlite3")
    try:
        def plan(sql: str, params: dict[str, object]) -> str:
            with db.read() as s:
                return " | ".join(str(r[-1]) for r in s.execute(text(f"EXPLAIN QUERY PLAN {sql}"), params))

        q = rl.RequestQuery(text="柳")
        assert rl._sets(q) == {"chars"} and not rl._has_row_filter(q)  # counted as the set's size
        narrow_sql, narrow_params = rl._select_ids(q, today, frozenset())  # a rare term: the set leads
        narrow = plan(narrow_sql, narrow_params)
        assert "request_chars VIRTUAL TABLE INDEX" in narrow and "instr" not in narrow_sql, narrow
        large_sql, large_params = rl._select_ids(q, today, frozenset({"chars"}))  # a large one: walk and test
        large = plan(large_sql, large_params)
        assert "request_chars" not in large_sql and "instr(r.search_text" in large_sql
        assert "TEMP B-TREE" not in large and "INDEX" in large, large
        from desktop.models.clients import clients

        where, params = clients._where(clients.ClientQuery(text="柳"), broad_chars=True)
        walk = plan(f"SELECT c.id FROM client c{where} ORDER BY c.name, c.id LIMIT 40", params)
        assert "TEMP B-TREE" not in walk and "ix_client_name_search" in walk, walk
        assert clients.INDEX_COUNTS[frozenset(clients._where(clients.ClientQuery(text="柳 覃"))[1])].startswith(
            "SELECT count(*) FROM client_chars")
    finally:
        db.close()
