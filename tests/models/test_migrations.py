"""Alembic migrations: upgrades keep every record, the ORM and the migrated schema agree, §5 is seeded."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from desktop.models.accounts import staff
from desktop.models.catalogue import catalogue
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientInput, ClientQuery, ContactInput
from desktop.models.core.db import Database, current_revision, head_revision, make_engine, migrate, missing_objects
from desktop.models.core.registry import metadata
from desktop.models.core.standard import CATALOGUE
from tests.support.stations import ADMIN_PASSWORD, audit_entries, make_uscc

pytestmark = pytest.mark.real_migrations  # every station here is migrated for real, revision by revision

T0 = "2025-03-01T08:00:00.000000+00:00"
T1 = "2025-03-02T09:30:15.250000+00:00"

# (id, kind, name, uscc, district, size, contacts [(name, phone)])
OLD_CLIENTS: list[tuple[int, str, str, str | None, str, str | None, list[tuple[str, str]]]] = [
    (1, "enterprise", "柳州市螺蛳粉产业发展有限公司", make_uscc(101), "鱼峰区", "small",
     [("覃春梅", "13912345678"), ("韦建国", "0772-2881234")]),
    (2, "enterprise", "柳州鑫源汽车配件厂", make_uscc(102, "柳南区"), "柳南区", "micro", [("黄丽", "18677290001")]),
    (3, "person", "王伟", None, "柳北区", None, [("王伟", "13800001111")]),
    (4, "enterprise", "广西柳钢金属制品股份有限公司", make_uscc(103, "柳北区"), "柳北区", "large", []),
    (5, "enterprise", "鹿寨县恒信林产品有限责任公司", make_uscc(104, "鹿寨县"), "鹿寨县", "medium",
     [("莫海燕", "0772-6812345"), ("蓝志红", "15977201234"), ("廖斌", "13307720000")]),
]


def _fill_0001(engine: Engine) -> str:
    """Records as version 0001 of the app would have written them; returns the staff password hash."""
    pw_hash = staff.hash_password(ADMIN_PASSWORD)
    with engine.begin() as c:
        c.execute(text(
            "INSERT INTO station (id, uuid, code, name, level, district, address, complaint_phone, complaint_email,"
            " created_at, updated_at) VALUES (1, :u, 'LZ-YF01', '鱼峰区质量服务站', 'district', '鱼峰区',"
            " '柳州市鱼峰区箭盘路8号', '0772-3801234', 'yfzlfw@example.cn', :t0, :t1)"),
            {"u": str(uuid.uuid4()), "t0": T0, "t1": T1})
        c.execute(text(
            "INSERT INTO device (id, uuid, station_id, hostname, is_local, created_at)"
            " VALUES (1, :u, 1, 'yf-pc01', 1, :t0)"), {"u": str(uuid.uuid4()), "t0": T0})
        c.execute(text(
            "INSERT INTO staff (id, uuid, login, name, role, password_hash, must_change_password, active,"
            " created_at, created_by, updated_at, last_login_at)"
            " VALUES (1, :u, 'admin', '管理员', 'admin', :h, 0, 1, :t0, NULL, :t1, :t1)"),
            {"u": str(uuid.uuid4()), "h": pw_hash, "t0": T0, "t1": T1})
        for cid, kind, name, uscc, district, size, contacts in OLD_CLIENTS:
            c.execute(text(
                "INSERT INTO client (id, uuid, kind, name, uscc, district, address, industry, size,"
                " created_at, created_by, updated_at, updated_by)"
                " VALUES (:id, :u, :kind, :name, :uscc, :district, :addr, '螺蛳粉产业', :size, :t0, 1, :t1, 1)"),
                {"id": cid, "u": str(uuid.uuid4()), "kind": kind, "name": name, "uscc": uscc,
                 "district": district, "addr": f"柳州市{district}文昌路{cid}号", "size": size, "t0": T0, "t1": T1})
            for pos, (cname, phone) in enumerate(contacts):
                c.execute(text(
                    "INSERT INTO client_contact (uuid, client_id, position, name, phone, title)"
                    " VALUES (:u, :cid, :pos, :name, :phone, '经理')"),
                    {"u": str(uuid.uuid4()), "cid": cid, "pos": pos, "name": cname, "phone": phone})
        c.execute(text(
            "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, entity_uuid, changes)"
            " VALUES (:t0, 1, 'update', 'client', 1, NULL, :ch)"),
            {"t0": T0, "ch": '{"name": ["柳州螺蛳粉厂", "柳州市螺蛳粉产业发展有限公司"]}'})
    return pw_hash


TABLES = ("station", "device", "staff", "catalogue_category", "catalogue_item", "client", "client_contact",
          "audit_log")


def _dump(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    with engine.connect() as c:
        return {t: [dict(r._mapping) for r in c.execute(text(f"SELECT * FROM {t} ORDER BY id"))] for t in TABLES}


@pytest.fixture
def old_station(tmp_path: Path):
    """A station file at revision 0001 with records in it (and the password hash of its admin)."""
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrate(engine, "0001")
    assert current_revision(engine) == "0001"
    pw_hash = _fill_0001(engine)
    yield path, engine, pw_hash
    engine.dispose()


def test_upgrade_keeps_every_record(old_station) -> None:
    _path, engine, pw_hash = old_station
    before = _dump(engine)
    assert len(before["client"]) == 5 and len(before["client_contact"]) == 7
    migrate(engine)
    assert current_revision(engine) == head_revision()
    after = _dump(engine)
    for table in TABLES:
        rows = after[table]
        if table == "client":
            rows = [{k: v for k, v in r.items() if k != "search_text"} for r in rows]
        if table == "station":  # 0008: the zone its documents were printed in before
            assert [r.pop("time_zone") for r in rows] == ["Asia/Shanghai"]
        assert rows == before[table], table
    assert after["staff"][0]["password_hash"] == pw_hash


def test_upgrade_fills_search_text(old_station) -> None:
    _path, engine, _ = old_station
    migrate(engine)
    with engine.connect() as c:
        texts = dict(c.execute(text("SELECT id, search_text FROM client")).all())
    for cid, _kind, name, uscc, _district, _size, contacts in OLD_CLIENTS:
        st = texts[cid]
        assert name in st
        if uscc:
            assert uscc in st
        for cname, phone in contacts:
            assert cname in st and phone in st
        # nothing else crept in: the words of search_text are exactly name, USCC, contact names and phones
        assert sorted(st.split()) == sorted([name, *([uscc] if uscc else []), *(w for c in contacts for w in c)])


def test_search_finds_migrated_clients(old_station) -> None:
    path, engine, _ = old_station
    migrate(engine)
    engine.dispose()
    db = Database(path)
    try:
        assert clients.count_clients(db) == 5

        def found(q: str) -> set[int]:
            n = clients.count_matching(db, ClientQuery(text=q))
            rows = clients.client_page(db, ClientQuery(text=q), 0, 100)
            assert len(rows) == n
            return {r.id for r in rows}

        assert found("螺蛳粉产业") == {1}  # 3+ characters: the FTS5 trigram index built by the migration
        assert found("有限公司") == {1, 4}  # not 5: 有限责任公司
        assert found("林产品") == {5}
        assert found("柳") == {1, 2, 4}  # 1–2 characters: instr over search_text
        assert found("王伟") == {3}
        assert found("海燕") == {5}
        assert found("2881234") == {1}  # a contact's phone
        assert found("0772") == {1, 5}
        assert found(make_uscc(102, "柳南区")[4:12]) == {2}
        # first contact shows in the row
        row = next(r for r in clients.client_page(db, ClientQuery(text="鹿寨"), 0, 10))
        assert (row.contact, row.phone) == ("莫海燕", "0772-6812345")
        # the migrated admin logs in with the password set before the upgrade
        assert staff.authenticate(db, "admin", ADMIN_PASSWORD).id == 1
        # the FTS triggers work on migrated rows: an edit re-indexes, a new client is found
        clients.update_client(db, 1, 2, ClientInput("柳州龙城车桥有限公司", make_uscc(102, "柳南区"),
                                                   district="柳南区", contacts=(ContactInput("黄丽", "18677290001"),)))
        assert found("鑫源汽车") == set()
        assert found("龙城车桥") == {2}
        clients.create_client(db, 1, ClientInput("柳州壶城螺蛳粉店", kind="person",
                                                 contacts=(ContactInput("覃春梅", "13912345679"),)))
        assert len(found("螺蛳粉")) == 2
    finally:
        db.close()


def test_failed_migration_leaves_the_schema_as_it_was(old_station) -> None:
    _path, engine, _ = old_station
    with engine.begin() as c:  # make migration 0002's UPDATE of client fail half-way
        c.execute(text("CREATE TRIGGER block BEFORE UPDATE ON client BEGIN SELECT RAISE(ABORT, 'blocked'); END"))
    with pytest.raises(Exception, match="blocked"):
        migrate(engine)
    assert current_revision(engine) == "0001"
    # "Each migration runs in a transaction": the column added before the failure must be gone again,
    # or the next start-up fails for ever with "duplicate column name: search_text"
    assert "search_text" not in {c["name"] for c in inspect(engine).get_columns("client")}


def test_fresh_database_reaches_head(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    db = Database(path)
    try:
        assert head_revision() == "0019"
        assert current_revision(db.engine) == head_revision()
        names = set(inspect(db.engine).get_table_names())
        assert {*TABLES, "client_fts", "alembic_version", "outbox", "sync_state", "sync_run"} <= names
    finally:
        db.close()
    db = Database(path)  # opening again at head changes nothing
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.close()


def test_the_cheap_revision_check_agrees_with_alembic(tmp_path: Path) -> None:
    """A station opens without importing Alembic: the head comes from the scripts' revision lines and the file's
    revision from one query. Both must say what Alembic says."""
    from alembic.script import ScriptDirectory

    from desktop.models.core.db import MIGRATIONS

    assert head_revision() == ScriptDirectory(str(MIGRATIONS)).get_current_head()
    engine = make_engine(tmp_path / "new.sqlite3")
    try:
        assert current_revision(engine) is None  # no alembic_version table yet
        migrate(engine, "0003")
        with engine.connect() as conn:
            assert current_revision(engine) == MigrationContext.configure(conn).get_current_revision() == "0003"
    finally:
        engine.dispose()


def test_an_up_to_date_station_opens_without_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    Database(tmp_path / "station.sqlite3").close()
    code = ("import sys; from pathlib import Path; from desktop.models.core.db import Database; "
            f"Database(Path({str(tmp_path / 'station.sqlite3')!r})).close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako', 'pydantic', 'zxcvbn')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_opening_an_old_file_upgrades_it_unless_told_not_to(old_station) -> None:
    path, engine, _ = old_station
    engine.dispose()
    db = Database(path, upgrade=False)
    assert current_revision(db.engine) == "0001"
    db.close()
    db = Database(path)
    try:
        assert current_revision(db.engine) == head_revision()
        # an upgraded station has every index and trigger a new one has: opening it repairs nothing
        assert missing_objects(db.engine) == []
        assert not [e for e in audit_entries(db, "database") if "repaired" in e["changes"]]
    finally:
        db.close()


def _is_fts(diff: Any) -> bool:
    # compare_metadata returns tuples like ("remove_table", Table) or lists of such tuples
    if isinstance(diff, list):
        return all(_is_fts(d) for d in diff)
    obj = diff[1] if len(diff) > 1 else None
    name = getattr(obj, "name", "") or ""
    shadow = r"(client|request|complaint)_(fts|chars)(_\w+)?"
    return diff[0] == "remove_table" and re.fullmatch(shadow, name) is not None


# SQLite cannot reflect expression indexes, so autogenerate skips ix_client_size_rank with a warning;
# test_size_rank_index_exists checks that one against the ORM's definition instead.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_orm_metadata_matches_migrated_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata())
    # Migrations 0002 and 0003 create the FTS5 virtual tables client_fts and request_fts (0012: client_chars
    # and request_chars; 0013: complaint_fts), and SQLite adds their shadow tables (*_data, _idx, _docsize and
    # _config). They are maintained by triggers, not mapped by the ORM (no SQLAlchemy model can describe a
    # virtual table), so
    # autogenerate sees them as tables to remove.
    # They are the only differences allowed.
    fts = [d for d in diffs if _is_fts(d)]
    assert [d for d in diffs if not _is_fts(d)] == []
    assert {d[1].name for d in fts} == {f"{t}_{i}{s}" for t, i in (*((t, i) for t in ("client", "request")
                                                                   for i in ("fts", "chars")), ("complaint", "fts"))
                                        for s in ("", "_data", "_idx", "_docsize", "_config")}


def test_size_rank_index_exists(db: Database, raw: sqlite3.Connection) -> None:
    from desktop.models.clients.tables import SIZE_RANK_SQL

    sql = raw.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'ix_client_size_rank'").fetchone()
    assert sql is not None
    assert _norm(SIZE_RANK_SQL) in _norm(sql[0]) and _norm(sql[0]).endswith("name")


def _norm(sql: str) -> str:
    return re.sub(r"\s+", " ", str(sql)).strip().strip("()").strip()


def test_check_constraints_match(db: Database) -> None:
    # compare_metadata does not look at CHECK constraints; the database's must be the ORM's, name for name
    insp = inspect(db.engine)
    compared = 0
    for table in metadata().sorted_tables:
        orm = {c.name: _norm(c.sqltext) for c in table.constraints
               if c.__class__.__name__ == "CheckConstraint"}
        migrated = {c["name"]: _norm(c["sqltext"]) for c in insp.get_check_constraints(table.name)}
        assert migrated == orm, table.name
        compared += len(orm)
    assert compared >= 20  # station 7, staff 4, catalogue 2, client 5, contacts 2, audit 1


def test_triggers_exist(db: Database) -> None:
    with db.engine.connect() as c:
        triggers = set(c.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    append_only = {f"{t}_no_{v}" for t in ("audit_log", "request_event", "evaluation", "request_attachment")
                   for v in ("update", "delete")}
    append_only |= {f"{t}_no_{v}" for t in ("visit_document", "complaint_event", "complaint_attachment", "access_log")
                    for v in ("update", "delete")}
    locked = {f"visit_locked_{v}" for v in ("update", "delete")} | {
        f"{t}_locked_{v}" for t in ("visit_officer", "visit_attendee", "visit_follow_up", "visit_signature")
        for v in ("insert", "update", "delete")}
    outbox = {"outbox_no_delete", "outbox_record_fixed", "applied_decision_no_delete"}
    search = {f"{t}_{i}_{v}" for t in ("client", "request") for i in ("fts", "chars") for v in ("ai", "ad", "au")}
    search |= {f"complaint_fts_{v}" for v in ("ai", "ad", "au")}
    locked |= {f"complaint_locked_{v}" for v in ("update", "delete")}
    text_tables = {"station", "staff", "calendar_day", "catalogue_category", "catalogue_item", "client",
                   "client_contact", "institution", "institution_contact", "qualification", "service_request",
                   "referral", "request_event", "evaluation", "request_attachment", "visit", "visit_officer",
                   "visit_attendee", "visit_follow_up", "visit_signature", "visit_document", "complaint",
                   "complaint_event", "complaint_attachment", "rectification", "improvement_plan", "plan_source",
                   "plan_action", "plan_review", "plan_action_file", "backup_setting"}
    no_controls = {f"{t}_text_{v}" for t in text_tables for v in ("insert", "update")}
    counts = {f"request_status_count_{v}" for v in ("insert", "update", "delete")}
    improvement = {"rectification_closed_update", "rectification_no_delete", "plan_review_no_update",
                   "plan_review_no_delete", "plan_action_closed_plan", "improvement_plan_closed_update",
                   "plan_action_file_no_update", "plan_action_file_no_delete"}
    figures = {"request_figures_add", "request_figures_take", "request_event_figures", "evaluation_figures",
               "client_figures", "referral_figures_update"} | {
        f"{t}_figures_{v}" for t in ("service_request", "referral", "request_category", "service_request")
        for v in ("insert", "delete")} | {"service_request_figures_update"}
    chained = {f"{t}_chain" for t in ("audit_log", "request_event", "complaint_event", "access_log")}
    chained |= {"chain_link_no_update", "chain_link_no_delete"}
    retention = {"service_request_archived_update", "service_request_archived_delete", "disposal_list_no_delete",
                 "disposal_list_steps", "request_event_disposed", "complaint_event_disposed"}
    retention |= {f"disposal_item_retained_{k}" for k in ("request", "complaint")}
    retention |= {f"{t}_no_{v}" for t in ("disposal_item", "disposed_entry") for v in ("update", "delete")}
    assert triggers == {*append_only, *locked, *outbox, *search, *no_controls, *counts, *improvement, *figures,
                        *chained, *retention, "client_name_to_requests", "client_district_to_requests"}


def test_upgrade_cleans_control_characters_and_audits_it(old_station) -> None:
    """Text stored before 0006 with control characters is cleaned, every change audited, no record lost."""
    _path, engine, _ = old_station
    migrate(engine, "0005")
    with engine.begin() as c:
        c.execute(text("UPDATE client SET name = :n, address = :a WHERE id = 2"),
                  {"n": "柳州鑫源\x00汽车\x07配件厂", "a": "航生路\r\n1号\t2楼"})
        c.execute(text("UPDATE client_contact SET name = :n WHERE client_id = 5 AND position = 0"),
                  {"n": "莫海燕\x1b"})
        c.execute(text(
            "INSERT INTO institution (uuid, kind, name, contact_name, email, address, note, active, created_at,"
            " updated_at) VALUES ('i1', 'expert', :n, '', NULL, '', :note, 1, :t, :t)"),
            {"n": "韦专家\x85", "note": "第一行\r\n\t第二行\x0c", "t": T0})
    before = _dump(engine)
    migrate(engine)
    after = _dump(engine)
    assert [len(after[t]) for t in TABLES if t != "audit_log"] == [len(before[t]) for t in TABLES if t != "audit_log"]
    client2 = next(r for r in after["client"] if r["id"] == 2)
    assert (client2["name"], client2["address"]) == ("柳州鑫源汽车配件厂", "航生路 1号 2楼")
    assert "\x00" not in client2["search_text"] and "柳州鑫源汽车配件厂" in client2["search_text"]
    assert "莫海燕" in {r["name"] for r in after["client_contact"]}
    assert not any("\x1b" in r["search_text"] for r in after["client"])
    with engine.connect() as c:
        assert c.execute(text("SELECT name, note FROM institution")).one() == ("韦专家", "第一行\n\t第二行")
        audited = c.execute(text("SELECT entity, entity_id, changes FROM audit_log WHERE changes LIKE '%0006%'"
                                 " ORDER BY id")).all()
    assert [(e, i) for e, i, _ in audited] == [("client", 2), ("client_contact", 5), ("institution", 1)]
    assert '"name": ["柳州鑫源\\u0000汽车\\u0007配件厂", "柳州鑫源汽车配件厂"]' in audited[0][2]
    untouched = [r for r in after["client"] if r["id"] != 2]
    assert untouched == [r for r in before["client"] if r["id"] != 2]
    # and from now on the database refuses such text
    with pytest.raises(Exception, match=r"control characters are not allowed in client\.name"), engine.begin() as c:
        c.execute(text("UPDATE client SET name = 'a\x07b' WHERE id = 1"))


def test_upgrade_keeps_text_whose_cleaning_its_constraints_refuse(old_station) -> None:
    """Cleaning must not break the upgrade: a district that is only a tab would become empty (its CHECK refuses
    that), an institution named with a trailing control character would become another's name (UNIQUE). Such a
    row keeps its text, is listed in the audit log, and the station still opens."""
    _path, engine, _ = old_station
    migrate(engine, "0005")
    with engine.begin() as c:
        c.execute(text("UPDATE station SET district = :d"), {"d": "\t"})
        for uid, name in (("i1", "韦专家"), ("i2", "韦专家\x0b")):
            c.execute(text(
                "INSERT INTO institution (uuid, kind, name, contact_name, email, address, note, active, created_at,"
                " updated_at) VALUES (:u, 'expert', :n, '', NULL, '', '', 1, :t, :t)"), {"u": uid, "n": name, "t": T0})
    migrate(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as c:
        assert c.execute(text("SELECT district FROM station")).scalar() == "\t"
        assert sorted(c.execute(text("SELECT name FROM institution")).scalars()) == ["韦专家", "韦专家\x0b"]
        left = c.execute(text("SELECT changes FROM audit_log WHERE entity = 'migration' AND changes LIKE '%0006%'"
                              )).scalar()
    assert left is not None
    assert json.loads(left)["left_by_constraints"] == [["station", 1, "district"], ["institution", 2, "name"]]


def test_an_upgrade_that_fails_is_refused_with_what_to_do(old_station) -> None:
    """Whatever stops an upgrade (here a trigger of the same name as one 0006 creates, put there by hand), the
    station is not opened half-upgraded and no database error reaches the clerk: a message says what to do, and
    the file is left at its earlier revision."""
    from desktop.models.core.schema import SchemaDamaged

    path, engine, _ = old_station
    migrate(engine, "0005")
    with engine.begin() as c:
        c.execute(text("CREATE TRIGGER station_text_insert BEFORE INSERT ON station BEGIN SELECT 1; END"))
    engine.dispose()
    with pytest.raises(SchemaDamaged) as refused:
        Database(path)
    assert "0005" in refused.value.message and "backup" in refused.value.message
    assert current_revision(make_engine(path)) == "0005"


# ---- §5 catalogue ----------------------------------------------------------------------------------

NUMBERED = {"5.1.1", "5.1.2", "5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.3.1", "5.3.2", "5.3.3", "5.7.1", "5.7.2",
            "5.7.3", "5.7.4", "5.8.1", "5.8.2", "5.8.3", "5.10.1", "5.10.2"}
UNNUMBERED = {"5.4", "5.5", "5.6", "5.9", "5.11", "5.12"}


def test_catalogue_is_seeded_from_section_5(db: Database) -> None:
    cats = catalogue.list_catalogue(db)
    assert [c.clause for c in cats] == [f"5.{n}" for n in range(1, 13)]
    assert [c.name for c in cats][:3] == ["计量技术服务", "标准技术服务", "认证认可服务"]
    items = [i for c in cats for i in c.items]
    assert {i.clause for i in items} == NUMBERED | UNNUMBERED
    assert len(items) == len(NUMBERED) + len(UNNUMBERED) == 24
    for cat in cats:
        assert cat.items, cat.clause
        for item in cat.items:
            assert item.seeded and not item.retired
            assert item.title and item.text
            assert item.clause == cat.clause or item.clause.startswith(cat.clause + ".")
        if cat.clause in UNNUMBERED:
            assert [i.clause for i in cat.items] == [cat.clause]
    by_clause = {i.clause: i for i in items}
    assert by_clause["5.1.1"].title == "计量法律法规政策咨询"
    assert by_clause["5.10.2"].text == "应提供建立健全食品安全可追溯体系的咨询和服务。"
    # the seed is the standard's text as data
    assert {(i.clause, i.title, i.text) for i in items} == {
        (s.clause, s.title, s.text) for c in CATALOGUE for s in c.items}


def test_seeded_items_have_the_same_uuid_at_every_station(tmp_path: Path) -> None:
    a, b = Database(tmp_path / "a.sqlite3"), Database(tmp_path / "b.sqlite3")
    try:
        uuids_a = {i.clause: i.uuid for c in catalogue.list_catalogue(a) for i in c.items}
        uuids_b = {i.clause: i.uuid for c in catalogue.list_catalogue(b) for i in c.items}
        assert uuids_a == uuids_b
        assert uuids_a["5.4"] == str(uuid.uuid5(uuid.NAMESPACE_URL, "db4502t:catalogue:5.4"))
        assert len(set(uuids_a.values())) == 24
    finally:
        a.close()
        b.close()


# ---- pragmas ---------------------------------------------------------------------------------------

def test_pragmas_on_session_connections(db: Database) -> None:
    with db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert s.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
        assert s.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar_one() == 10000
    with db.begin(None) as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert s.execute(text("PRAGMA synchronous")).scalar_one() == 2


def test_foreign_keys_are_enforced(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError, match="FOREIGN KEY"), db.begin(None) as s:
        s.execute(text("INSERT INTO device (uuid, station_id, hostname, is_local, created_at)"
                       " VALUES ('x', 99, 'h', 1, :t)"), {"t": T0})


def test_opening_a_new_file_leaves_no_garbage_that_holds_the_callers_objects(tmp_path: Path) -> None:
    """The app collects garbage rarely (app.GuiThreadCollector): an exception caught while opening a file
    keeps, through its traceback, every frame up to the caller alive, and with them the caller's windows."""
    import gc
    import weakref

    class Window:
        pass

    def open_station() -> weakref.ref[Window]:
        window = Window()
        Database(tmp_path / "new.sqlite3").close()  # a new file: no alembic_version table yet
        return weakref.ref(window)

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gone = open_station()
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()
