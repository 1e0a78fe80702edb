"""Demo data: realistic, valid clients in bulk, searchable like any others."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select, text

from desktop.demo import demo_clients
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientInput, ClientQuery
from desktop.models.clients.tables import Client, ClientContact
from desktop.models.core.db import Database
from desktop.models.core.standard import DISTRICT_CODES, DISTRICTS, INDUSTRIES
from desktop.models.core.validators import check_phone, check_uscc
from tests.support.stations import audit_entries


def _all(db: Database) -> tuple[list[Row[Any]], list[Row[Any]]]:
    """Every client and contact row (plain rows: ORM objects expire when the read session rolls back)."""
    with db.read() as s:
        return (s.execute(select(Client.__table__).order_by(Client.id)).all(),
                s.execute(select(ClientContact.__table__).order_by(ClientContact.id)).all())


def test_generate_500(db: Database, admin_id: int) -> None:
    seen: list[tuple[int, int]] = []
    assert demo_clients.generate_clients(db, 500, admin_id, progress=lambda d, t: seen.append((d, t))) == 500
    assert seen[-1] == (500, 500)
    rows, contacts = _all(db)
    assert len(rows) == 500 == clients.count_clients(db)
    assert len({r.uscc for r in rows}) == 500
    for r in rows:
        assert check_uscc(r.uscc) is None, r.uscc
        assert r.district in DISTRICTS
        assert r.uscc[2:8] == DISTRICT_CODES.get(r.district, "450200")
        assert r.industry in INDUSTRIES
        assert r.size in ("micro", "small", "medium", "large")
        assert r.kind == "enterprise" and r.name.startswith("柳州市")
        assert r.created_by == admin_id and r.created_at <= r.updated_at
    by_client: dict[int, list[Row[Any]]] = {}
    for c in contacts:
        assert check_phone(c.phone) is None, c.phone
        assert 2 <= len(c.name) <= 3
        by_client.setdefault(c.client_id, []).append(c)
    assert set(by_client) == {r.id for r in rows}  # every client has 1–3 contacts
    assert all(sorted(c.position for c in cs) == list(range(len(cs))) for cs in by_client.values())
    # search_text as the services write it
    for r in rows[:50]:
        cs = sorted(by_client[r.id], key=lambda c: c.position)
        assert r.search_text == clients.search_text(r.name, r.uscc, cs)
    # one audit event, not 500 entries
    assert [e["changes"] for e in audit_entries(db, "client")] == [{"demo_data": 500}]


def test_demo_clients_are_searchable(db: Database, admin_id: int) -> None:
    demo_clients.generate_clients(db, 500, admin_id)
    rows, contacts = _all(db)
    fragment = rows[7].name[3:6]  # three characters from the middle of a name: the FTS path
    assert len(fragment) == 3
    expected = {r.id for r in rows if fragment in r.search_text}
    assert clients.count_matching(db, ClientQuery(text=fragment)) == len(expected) > 0
    assert {r.id for r in clients.client_page(db, ClientQuery(text=fragment), 0, 1000)} == expected
    phone = contacts[3].phone
    assert contacts[3].client_id in {r.id for r in clients.client_page(db, ClientQuery(text=phone), 0, 100)}
    assert clients.count_matching(db, ClientQuery(text=rows[0].uscc)) == 1
    assert clients.count_matching(db, ClientQuery(text="螺蛳粉")) == sum("螺蛳粉" in r.name for r in rows)
    # the FTS insert trigger set aside during the bulk load is back: new clients are indexed
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'client_fts_ai'")).scalar() == 1
    cid = clients.create_client(db, admin_id, ClientInput("演示后新增的客户", kind="person")).ids[0]
    assert {r.id for r in clients.client_page(db, ClientQuery(text="演示后新增"), 0, 10)} == {cid}


def test_twice_adds_more_without_collisions(db: Database, admin_id: int) -> None:
    assert demo_clients.generate_clients(db, 300, admin_id) == 300
    assert demo_clients.generate_clients(db, 300, admin_id) == 300
    rows, _ = _all(db)
    assert len(rows) == 600
    assert len({r.uscc for r in rows}) == 600
    assert len({r.uuid for r in rows}) == 600
    assert all(check_uscc(r.uscc) is None for r in rows)
    assert clients.count_matching(db, ClientQuery(text="柳州市")) == 600


def test_same_seed_same_data(tmp_path) -> None:
    a, b = Database(tmp_path / "a.sqlite3"), Database(tmp_path / "b.sqlite3")
    try:
        demo_clients.generate_clients(a, 50)
        demo_clients.generate_clients(b, 50)
        rows_a, _ = _all(a)
        rows_b, _ = _all(b)
        assert [(r.name, r.uscc, r.district) for r in rows_a] == [(r.name, r.uscc, r.district) for r in rows_b]
        assert rows_a[0].created_by is None
    finally:
        a.close()
        b.close()


def test_org_code_check_digit() -> None:
    # GB 11714: weights 3 7 9 10 5 8 4 2, check = 11 - sum mod 11 (10 -> X, 11 -> 0)
    assert demo_clients.org_code(0) == "000000000"
    assert demo_clients.org_code(12345678) == "12345678" + str(11 - (3 + 14 + 27 + 40 + 25 + 48 + 28 + 16) % 11)
    assert all(len(demo_clients.org_code(n)) == 9 for n in range(0, 10**8, 7_654_321))
    assert {demo_clients.org_code(n)[-1] for n in range(200)} >= {"X", "0"}
