"""The schema is whole whenever a station opens: a trigger or index the migrations define and the file lacks (a
killed bulk load, a tool that dropped it) is put back from the migration's own definition, the search index is
rebuilt when one of its triggers was missing, the repair is audited, and what cannot be repaired is said."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.demo import demo_clients
from desktop.models.core.db import SCHEMA_CACHE, Database, SchemaDamaged, defined_schema, missing_objects
from desktop.models.requests.request_list import RequestQuery, run_query
from tests.support.requests import MONDAY, make_station, new_request, numbers_ahead_of_counters
from tests.support.stations import audit_entries, raw_connect


def _found(db: Database, text: str) -> set[int]:
    return set(run_query(db, RequestQuery(text=text), MONDAY).ids)


def _drop(path: Path, *statements: str) -> None:
    conn = raw_connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_missing_trigger_and_index_are_put_back_and_rows_added_meanwhile_are_found(tmp_path: Path) -> None:
    st = make_station(tmp_path / "station.sqlite3", roles=())
    before = new_request(st, description="锅炉压力表检定咨询（旧）")
    _drop(st.path, "DROP TRIGGER request_fts_ai", "DROP INDEX ix_service_request_due")
    meanwhile = new_request(st, description="锅炉压力表检定咨询（中间）")
    assert _found(st.db, "锅炉压力表") == {before}  # the problem: a new request is never found
    st.db.close()

    db = Database(st.path)
    try:
        assert missing_objects(db.engine) == []
        assert _found(db, "锅炉压力表") == {before, meanwhile}
        after = new_request(replace(st, db=db), description="锅炉压力表检定咨询（之后）")
        assert _found(db, "锅炉压力表") == {before, meanwhile, after}
        repairs = [e["changes"] for e in audit_entries(db, "database", "event")]
        assert repairs == [{"repaired": ["index ix_service_request_due", "trigger request_fts_ai"],
                            "rebuilt": ["request_fts"]}]
    finally:
        db.close()
    reopened = Database(st.path)  # nothing more to repair: no second audit entry
    assert len(audit_entries(reopened, "database", "event")) == 1
    reopened.close()


def test_what_cannot_be_put_back_is_said_and_nothing_is_changed(tmp_path: Path) -> None:
    st = make_station(tmp_path / "station.sqlite3", roles=())
    st.db.close()
    _drop(st.path, "DROP TABLE request_fts", "DROP TRIGGER request_fts_au")
    with pytest.raises(SchemaDamaged) as caught:
        Database(st.path)
    assert "request_fts" in caught.value.message and "backup" in caught.value.message
    conn = raw_connect(st.path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "request_fts_au" not in names  # refused before changing anything


def test_the_defined_schema_is_what_the_migrations_make() -> None:
    objects = defined_schema()
    assert {"request_fts_ai", "client_fts_ai", "ix_service_request_due", "audit_log_no_update"} <= set(objects)
    assert all(o.sql for o in objects.values())  # SQLite's own automatic indexes are not listed


LOAD_AND_DIE = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from desktop.demo import demo_requests
    from desktop.models.core.db import Database

    def die(added, count):
        if added >= 100:
            os._exit(9)  # as a kill -9 after the first batch was committed

    demo_requests.generate_requests(Database(Path(sys.argv[1])), 400, int(sys.argv[2]), batch=100, progress=die)
""")


def test_a_bulk_load_killed_half_way_leaves_the_schema_and_the_numbers_whole(tmp_path: Path) -> None:
    st = make_station(tmp_path / "station.sqlite3", roles=())
    demo_clients.generate_clients(st.db, 30, st.admin)
    st.db.close()
    done = subprocess.run([sys.executable, "-c", LOAD_AND_DIE, str(st.path), str(st.admin)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert done.returncode == 9, done.stderr
    conn = raw_connect(st.path)  # as the next start finds it, before any repair
    try:
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert "request_fts_ai" in triggers
        loaded = conn.execute("SELECT count(*) FROM service_request").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM request_fts WHERE request_fts MATCH '\"LZ-YF01\"'").fetchone()[0]
        assert loaded == indexed and loaded % 100 == 0 and loaded >= 100
        assert numbers_ahead_of_counters(conn) == 0  # the next request of any day gets a new number
    finally:
        conn.close()


@pytest.mark.parametrize("kept", ["{not json", '{"migrations": "an older schema", "objects": []}'])
def test_a_stale_or_broken_record_of_the_schema_is_made_again(tmp_path: Path, kept: str) -> None:
    st = make_station(tmp_path / "station.sqlite3", roles=())
    st.db.close()
    cache = tmp_path / SCHEMA_CACHE
    assert cache.exists()  # kept beside the database: the next start need not run the migrations
    cache.write_text(kept, encoding="utf-8")
    _drop(st.path, "DROP TRIGGER request_fts_ai")
    db = Database(st.path)
    try:
        assert missing_objects(db.engine) == [] and "request_fts_ai" in cache.read_text(encoding="utf-8")
    finally:
        db.close()


def test_a_missing_character_index_trigger_and_view_are_put_back_and_the_index_rebuilt(tmp_path: Path) -> None:
    """The character index (migration 0012) is rebuilt from its view, which the check puts back first."""
    st = make_station(tmp_path / "station.sqlite3", roles=())
    before = new_request(st, description="电梯年检（旧）")
    _drop(st.path, "DROP TRIGGER request_chars_ai", "DROP VIEW request_chars_doc")
    meanwhile = new_request(st, description="电梯年检（中间）")
    assert _found(st.db, "电梯") == {before}  # the problem: a new request is never found by 1–2 characters
    st.db.close()

    db = Database(st.path)
    try:
        assert missing_objects(db.engine) == []
        assert _found(db, "电梯") == {before, meanwhile}
        repairs = [e["changes"] for e in audit_entries(db, "database", "event")]
        assert repairs == [{"repaired": ["trigger request_chars_ai", "view request_chars_doc"],
                            "rebuilt": ["request_chars"]}]
    finally:
        db.close()
