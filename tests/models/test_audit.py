"""The audit trail: every insert, update and delete of an Audited row, in the same transaction."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from desktop.models.accounts import staff
from desktop.models.accounts.tables import Staff
from desktop.models.catalogue import catalogue
from desktop.models.catalogue.tables import CatalogueItem
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientInput, ContactInput
from desktop.models.clients.tables import Client, ClientContact
from desktop.models.core import audit, chains, station
from desktop.models.core.db import Database
from desktop.models.core.tables import AuditEntry
from tests.support.stations import ADMIN_PASSWORD, STATION, audit_entries


def _client(make_uscc, n: int = 1, name: str = "柳州市龙城螺蛳粉有限公司") -> ClientInput:
    return ClientInput(name, make_uscc(n), district="鱼峰区", address="柳州市鱼峰区文昌路1号", industry="螺蛳粉产业",
                       size="small", contacts=(ContactInput("覃春梅", "13912345678", "经理"),
                                               ContactInput("韦建国", "0772-2881234")))


def test_station_setup_is_audited_without_actor(db: Database, admin_id: int) -> None:
    entries = audit_entries(db)
    assert [(e["action"], e["entity"]) for e in entries] == [("create", "station"), ("create", "staff")]
    assert all(e["actor_id"] is None for e in entries)
    st = entries[0]
    assert st["entity_id"] == 1 and st["entity_uuid"] == station.get_station(db).uuid
    assert st["changes"]["code"] == [None, "LZ-YF01"]
    assert st["changes"]["name"] == [None, "鱼峰区质量服务站"]
    assert entries[1]["entity_id"] == admin_id
    assert entries[1]["changes"]["login"] == [None, "admin"]
    assert entries[1]["changes"]["role"] == [None, "admin"]


def test_create_is_audited_with_actor_and_after_values(db: Database, admin_id: int, make_uscc) -> None:
    start = len(audit_entries(db))
    cid = clients.create_client(db, admin_id, _client(make_uscc)).ids[0]
    detail = clients.get_client(db, cid)
    entries = audit_entries(db)[start:]
    assert [(e["action"], e["entity"]) for e in entries] == [
        ("create", "client"), ("create", "client_contact"), ("create", "client_contact")]
    assert all(e["actor_id"] == admin_id for e in entries)
    created = entries[0]
    assert created["entity_id"] == cid and created["entity_uuid"] == detail.uuid
    ch = created["changes"]
    assert ch["name"] == [None, "柳州市龙城螺蛳粉有限公司"]
    assert ch["uscc"] == [None, make_uscc(1)]
    assert ch["size"] == [None, "small"]
    assert ch["created_by"] == [None, admin_id]
    assert ch["created_at"][0] is None and ch["created_at"][1].startswith(str(detail.created_at.year))
    assert "search_text" not in ch  # derived, not audited
    assert all(before is None for before, _after in ch.values())
    contact_ids = {c.id for c in detail.contacts}
    assert {e["entity_id"] for e in entries[1:]} == contact_ids
    assert {e["changes"]["phone"][1] for e in entries[1:]} == {"13912345678", "0772-2881234"}
    assert {e["changes"]["client_id"][1] for e in entries[1:]} == {cid}


def test_update_is_audited_with_before_and_after(db: Database, admin_id: int, make_uscc) -> None:
    cid = clients.create_client(db, admin_id, _client(make_uscc)).ids[0]
    start = len(audit_entries(db))
    inp = _client(make_uscc, name="柳州市龙城螺蛳粉产业有限公司")
    contacts = clients.get_client(db, cid).contacts
    inp = ClientInput(inp.name, inp.uscc, district="柳南区", address=inp.address, industry=inp.industry,
                      size="medium", contacts=(ContactInput("覃春梅", "13912345678", "经理", contacts[0].id),
                                               ContactInput("韦建国", "0772-2881235", "", contacts[1].id)))
    clients.update_client(db, admin_id, cid, inp)
    entries = audit_entries(db)[start:]
    assert [(e["action"], e["entity"], e["entity_id"]) for e in entries] == [
        ("update", "client", cid), ("update", "client_contact", contacts[1].id)]
    assert all(e["actor_id"] == admin_id for e in entries)
    assert entries[0]["changes"] == {"name": ["柳州市龙城螺蛳粉有限公司", "柳州市龙城螺蛳粉产业有限公司"],
                                     "district": ["鱼峰区", "柳南区"], "size": ["small", "medium"]}
    assert entries[1]["changes"] == {"phone": ["0772-2881234", "0772-2881235"]}


def test_saving_without_changes_writes_no_entry(db: Database, admin_id: int, make_uscc) -> None:
    cid = clients.create_client(db, admin_id, _client(make_uscc)).ids[0]
    contacts = clients.get_client(db, cid).contacts
    start = len(audit_entries(db))
    inp = _client(make_uscc)
    clients.update_client(db, admin_id, cid, ClientInput(
        inp.name, inp.uscc, district=inp.district, address=inp.address, industry=inp.industry, size=inp.size,
        contacts=tuple(ContactInput(c.name, c.phone, c.title, c.id) for c in contacts)))
    assert audit_entries(db)[start:] == []


def test_delete_is_audited_with_before_values(db: Database, admin_id: int, make_uscc) -> None:
    cid = clients.create_client(db, admin_id, _client(make_uscc)).ids[0]
    detail = clients.get_client(db, cid)
    start = len(audit_entries(db))
    with db.begin(admin_id) as s:
        s.delete(s.get(Client, cid))
    entries = audit_entries(db)[start:]
    assert sorted((e["action"], e["entity"]) for e in entries) == [
        ("delete", "client"), ("delete", "client_contact"), ("delete", "client_contact")]
    assert all(e["actor_id"] == admin_id for e in entries)
    deleted = next(e for e in entries if e["entity"] == "client")
    assert deleted["entity_id"] == cid and deleted["entity_uuid"] == detail.uuid
    assert deleted["changes"]["name"] == ["柳州市龙城螺蛳粉有限公司", None]
    assert deleted["changes"]["uscc"] == [make_uscc(1), None]
    assert all(after is None for _before, after in deleted["changes"].values())
    with db.read() as s:
        assert s.get(Client, cid) is None
        assert s.scalars(select(ClientContact).where(ClientContact.client_id == cid)).all() == []


def test_removed_contacts_are_audited_as_deletes(db: Database, admin_id: int, make_uscc) -> None:
    cid = clients.create_client(db, admin_id, _client(make_uscc)).ids[0]
    kept, removed = clients.get_client(db, cid).contacts
    start = len(audit_entries(db))
    inp = _client(make_uscc)
    clients.update_client(db, admin_id, cid, ClientInput(
        inp.name, inp.uscc, district=inp.district, address=inp.address, industry=inp.industry, size=inp.size,
        contacts=(ContactInput(kept.name, kept.phone, kept.title, kept.id),)))
    entries = audit_entries(db)[start:]
    assert [(e["action"], e["entity"], e["entity_id"]) for e in entries] == [
        ("delete", "client_contact", removed.id)]
    assert entries[0]["actor_id"] == admin_id
    assert entries[0]["changes"]["name"] == ["韦建国", None]
    assert entries[0]["changes"]["phone"] == ["0772-2881234", None]
    with db.read() as s:
        assert s.get(ClientContact, removed.id) is None


def test_rolled_back_transaction_leaves_no_entry(db: Database, admin_id: int, make_uscc) -> None:
    before = audit_entries(db)
    with pytest.raises(RuntimeError), db.begin(admin_id) as s:
        row = Client(kind="person", name="张三", created_by=admin_id, updated_by=admin_id)
        s.add(row)
        s.flush()  # the insert and its audit entry are written ...
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.entity == "client")) is not None
        raise RuntimeError("... and then the transaction fails")
    assert audit_entries(db) == before
    assert clients.count_clients(db) == 0


def test_failed_service_call_leaves_no_entry(db: Database, admin_id: int, make_uscc) -> None:
    clients.create_client(db, admin_id, _client(make_uscc))
    before = audit_entries(db)
    with pytest.raises(clients.DuplicateClient):
        clients.create_client(db, admin_id, _client(make_uscc, name="另一家公司"))
    assert audit_entries(db) == before


def test_rollback_undoes_released_savepoints(db: Database, admin_id: int) -> None:
    before = audit_entries(db)
    with pytest.raises(RuntimeError), db.begin(admin_id) as s:
        s.get(Staff, admin_id)  # reads first, as every service does (require_role)
        with s.begin_nested():
            s.add(Client(kind="person", name="张三", created_by=admin_id, updated_by=admin_id))
            s.flush()
        raise RuntimeError("the outer transaction fails")
    assert clients.count_clients(db) == 0
    assert audit_entries(db) == before


def test_password_hashes_never_reach_the_audit_log(db: Database, admin_id: int) -> None:
    staff.create_staff(db, admin_id, "qin.cm", "覃春梅", "clerk", "clerk-pass-1")
    clerk = next(s for s in staff.list_staff(db) if s.login == "qin.cm")
    staff.reset_password(db, admin_id, clerk.id, "temp-pass-2")
    staff.change_password(db, clerk.id, "temp-pass-2", "clerk-pass-3")
    staff.authenticate(db, "qin.cm", "clerk-pass-3")
    with pytest.raises(staff.AuthFailed):
        staff.authenticate(db, "qin.cm", "wrong-password")
    with db.read() as s:
        hashes = list(s.scalars(select(Staff.password_hash)))
        log = [e.changes for e in s.scalars(select(AuditEntry))]
    assert len(hashes) == 2 and len(log) >= 6
    for changes in log:
        assert "$argon2" not in changes
        assert "password_hash\": [\"$" not in changes
        for secret in (ADMIN_PASSWORD, "clerk-pass-1", "temp-pass-2", "clerk-pass-3", "wrong-password"):
            assert secret not in changes
    # a password change is recorded as such, without the value
    resets = [e for e in audit_entries(db, "staff", "update") if "password_hash" in e["changes"]]
    assert len(resets) == 2
    assert resets[0]["changes"] == {"password_hash": ["***", "***"], "must_change_password": [False, True]}
    assert resets[0]["actor_id"] == admin_id and resets[0]["entity_id"] == clerk.id
    assert resets[1]["changes"] == {"password_hash": ["***", "***"], "must_change_password": [True, False]}
    assert resets[1]["actor_id"] == clerk.id
    created = audit_entries(db, "staff", "create")
    assert all("password_hash" not in e["changes"] for e in created)


def test_catalogue_changes_are_audited(db: Database, admin_id: int) -> None:
    start = len(audit_entries(db))
    item_id = catalogue.add_item(db, admin_id, 4, "食品接触材料检测咨询", "提供食品接触材料检测方面的咨询。").ids[0]
    catalogue.set_retired(db, admin_id, item_id, True)
    entries = audit_entries(db)[start:]
    assert [(e["action"], e["entity"], e["entity_id"]) for e in entries] == [
        ("create", "catalogue_item", item_id), ("update", "catalogue_item", item_id)]
    assert entries[0]["changes"]["title"] == [None, "食品接触材料检测咨询"]
    assert entries[0]["changes"]["seeded"] == [None, False]
    assert list(entries[1]["changes"]) == ["retired_at"]
    assert entries[1]["changes"]["retired_at"][0] is None
    with db.read() as s:
        retired_at = s.get(CatalogueItem, item_id).retired_at
    assert entries[1]["changes"]["retired_at"][1] == retired_at.isoformat()


def test_record_event(db: Database, admin_id: int) -> None:
    with db.begin(admin_id) as s:
        audit.record_event(s, "client", {"import": "名单.xlsx", "lines": [2, 40]}, 7)
    entry = audit_entries(db, action="event")[-1]
    assert entry["entity"] == "client" and entry["entity_id"] == 7 and entry["entity_uuid"] is None
    assert entry["actor_id"] == admin_id
    assert entry["changes"] == {"import": "名单.xlsx", "lines": [2, 40]}
    with db.read() as s:  # Chinese is stored as such, not as \\u escapes
        raw = s.scalar(select(AuditEntry.changes).where(AuditEntry.id == entry["id"]))
    assert "名单.xlsx" in raw


def test_install_is_idempotent(db: Database, admin_id: int, make_uscc) -> None:
    audit.install()
    Database(db.path).close()  # installs again
    start = len(audit_entries(db))
    clients.create_client(db, admin_id, ClientInput("王伟", kind="person"))
    assert len(audit_entries(db)[start:]) == 1  # one entry, not one per install


def test_audit_log_is_append_only(db: Database, admin_id: int, raw: sqlite3.Connection) -> None:
    count = raw.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert count >= 2
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("UPDATE audit_log SET changes = '{}'")
    raw.rollback()
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM audit_log WHERE id = 1")
    raw.rollback()
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute("DELETE FROM audit_log")
    raw.rollback()
    assert raw.execute("SELECT count(*) FROM audit_log").fetchone()[0] == count
    # another tool cannot even append: the hash chain's trigger needs the app's function (core/chains.py)
    append = ("INSERT INTO audit_log (at, actor_id, action, entity, changes)"
              " VALUES ('2026-01-01T00:00:00.000000+00:00', NULL, 'event', 'test', '{}')")
    with pytest.raises(sqlite3.OperationalError, match="qs_chain"):
        raw.execute(append)
    # with it, appending is allowed, and the entry is linked
    chains.register(raw)
    raw.execute(append)
    raw.commit()
    assert raw.execute("SELECT count(*) FROM audit_log").fetchone()[0] == count + 1
    assert chains.verify_chain(raw, "audit_log")[1] == []


def test_audit_log_refuses_unknown_actions(db: Database, raw: sqlite3.Connection) -> None:
    chains.register(raw)
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("INSERT INTO audit_log (at, action, entity, changes)"
                    " VALUES ('2026-01-01T00:00:00.000000+00:00', 'erase', 'client', '{}')")


def test_orm_cannot_change_the_audit_log_either(db: Database, admin_id: int) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError, match="append-only"), db.begin(admin_id) as s:
        entry = s.scalars(select(AuditEntry)).first()
        entry.changes = "{}"
    with pytest.raises(IntegrityError, match="append-only"), db.begin(admin_id) as s:
        s.delete(s.scalars(select(AuditEntry)).first())


def test_setup_twice_is_refused_and_not_audited(db: Database, admin_id: int) -> None:
    before = audit_entries(db)
    with pytest.raises(station.Refused):
        station.setup(db, STATION, "admin2", "管理员二", ADMIN_PASSWORD)
    assert audit_entries(db) == before
