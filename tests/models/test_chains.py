"""Tamper evidence on the station (issue 15): the audit log and the timelines are hash chains; ``check`` names a
timeline edited behind a dropped trigger, audit entries deleted (with or without their links), an entry written
outside the app, and a signed visit record changed after signing. Bulk loading and the upgrade link exactly as
the triggers do."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command

from desktop.demo.demo_clients import generate_clients
from desktop.demo.demo_requests import generate_requests
from desktop.models.archives import record_file
from desktop.models.backups.check import check_station
from desktop.models.core import chains
from desktop.models.core.db import Database, alembic_config
from tests.support import complaints as complaint_support
from tests.support.requests import Station, drive, make_station
from tests.support.visits import signed_visit


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A station with history in every chain: requests and their timelines, a complaint, an archived record read
    (the access log), a signed visit record."""
    folder = tmp_path_factory.mktemp("chains")
    st = make_station(folder / "station.sqlite3")
    rid = drive(st, "archived")
    drive(st, "in_service")
    complaint_support.drive(st, "closed")
    record_file.read_file(st.db, st.admin, "request", rid)
    signed_visit(st)
    st.db.close()
    yield folder


@pytest.fixture
def station(template: Path, tmp_path: Path) -> Path:
    """A copy of the template's folder, to tamper with."""
    folder = tmp_path / "station"
    shutil.copytree(template, folder)
    return folder


def _raw(folder: Path) -> sqlite3.Connection:
    """The file as any other tool opens it: no function of the app's, every trigger of the file."""
    return sqlite3.connect(folder / "station.sqlite3", isolation_level=None)


def test_a_station_in_use_has_whole_chains(station: Path) -> None:
    conn = _raw(station)
    try:
        heads, breaks = chains.verify(conn)
    finally:
        conn.close()
    assert breaks == []
    assert {h.chain: h.entries > 0 for h in heads} == {c: True for c in chains.CHAINS}
    assert check_station(station) == []


def test_an_edited_timeline_is_named(station: Path) -> None:
    conn = _raw(station)
    entry = conn.execute("SELECT min(id) + 2 FROM request_event").fetchone()[0]
    conn.execute("DROP TRIGGER request_event_no_update")
    conn.execute("UPDATE request_event SET text = '企业未提出任何需求' WHERE id = ?", (entry,))
    conn.close()
    found = check_station(station)
    assert f"The history in request_event was altered at entry {entry}: that entry or its link no longer " \
           "matches the chain." in found
    assert any("request_event_no_update" in p for p in found)  # the dropped trigger is named too


def test_every_break_of_a_chain_is_named_not_only_the_first(station: Path) -> None:
    conn = _raw(station)
    first, last = conn.execute("SELECT min(id) + 1, max(id) FROM request_event").fetchone()
    conn.execute("DROP TRIGGER request_event_no_update")
    conn.execute("UPDATE request_event SET text = '改一' WHERE id = ?", (first,))
    conn.execute("UPDATE request_event SET text = '改二' WHERE id = ?", (last,))
    conn.close()
    found = [p for p in check_station(station) if "The history in request_event" in p]
    assert [f"entry {first}:" in found[0], f"entry {last}:" in found[1]] == [True, True]


def test_deleted_audit_entries_are_named_with_or_without_their_links(station: Path) -> None:
    conn = _raw(station)
    first, second = (r[0] for r in conn.execute("SELECT id FROM audit_log ORDER BY id LIMIT 2 OFFSET 1"))
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = ?", (first,))
    assert f"Entries of audit_log were deleted (the chain's link for entry {first} has no entry)." in \
        check_station(station)
    conn.execute("DROP TRIGGER chain_link_no_delete")
    conn.execute("DELETE FROM chain_link WHERE chain = 'audit_log' AND entry_id = ?", (first,))
    conn.close()
    # the next entry's link was made from the deleted one's: the chain breaks there
    assert f"The history in audit_log was altered at entry {second}: that entry or its link no longer matches " \
           "the chain." in check_station(station)


def test_an_entry_written_outside_the_app_is_named(station: Path) -> None:
    conn = _raw(station)
    with pytest.raises(sqlite3.OperationalError, match="qs_chain"):  # the chain's trigger needs the app
        conn.execute("INSERT INTO access_log (at, staff_id, action, document, what, records) "
                     "VALUES ('2026-01-01T00:00:00.000000+00:00', 1, 'read', 'archive_file', 'x', 1)")
    conn.execute("DROP TRIGGER access_log_chain")
    conn.execute("INSERT INTO access_log (at, staff_id, action, document, what, records) "
                 "VALUES ('2026-01-01T00:00:00.000000+00:00', 1, 'read', 'archive_file', 'x', 1)")
    entry = conn.execute("SELECT max(id) FROM access_log").fetchone()[0]
    conn.close()
    assert f"An entry of access_log was written outside the app (entry {entry} has no link in the chain)." in \
        check_station(station)
    # opening the station puts the trigger back; the entry stays unlinked, and named
    Database(station / "station.sqlite3").close()
    found = check_station(station)
    assert not any("access_log_chain" in p for p in found)
    assert any("written outside the app" in p for p in found)


def test_a_whole_chain_rewritten_with_the_function_passes_here(station: Path) -> None:
    """Someone with the file and the code can rewrite a chain so that it is whole again: only what the city
    already holds shows it (tests/sync/test_chain_heads.py)."""
    conn = _raw(station)
    chains.register(conn)
    conn.execute("DROP TRIGGER request_event_no_update")
    conn.execute("DROP TRIGGER chain_link_no_delete")
    conn.execute("UPDATE request_event SET text = '改写' WHERE id = (SELECT min(id) FROM request_event)")
    conn.execute("BEGIN")
    conn.execute("DELETE FROM chain_link WHERE chain = 'request_event'")
    chains.link_new(conn.cursor(), "request_event")
    conn.execute("COMMIT")
    assert chains.verify_chain(conn, "request_event")[1] == []
    conn.close()


def test_a_changed_signed_visit_is_named(station: Path) -> None:
    conn = _raw(station)
    uuid = conn.execute("SELECT uuid FROM visit WHERE status <> 'draft'").fetchone()[0]
    conn.execute("DROP TRIGGER visit_locked_update")
    conn.execute("UPDATE visit SET work_done = '什么也没做' WHERE uuid = ?", (uuid,))
    conn.close()
    assert any(uuid in p and "no longer matches what was signed" in p for p in check_station(station))


def test_bulk_loading_links_as_the_triggers_do(tmp_path: Path) -> None:
    st: Station = make_station(tmp_path / "station.sqlite3", roles=())
    generate_clients(st.db, 30, st.admin)
    drive(st, "completed")  # an entry linked by the trigger before the bulk load
    generate_requests(st.db, 300, st.admin, batch=120)
    drive(st, "completed")  # and after it
    conn = _raw(tmp_path)
    try:
        heads, breaks = chains.verify(conn)
        events = conn.execute("SELECT count(*) FROM request_event").fetchone()[0]
    finally:
        conn.close()
    assert breaks == []
    assert next(h for h in heads if h.chain == "request_event").entries == events > 300
    st.db.close()


def test_the_upgrade_links_the_history_already_there(station: Path) -> None:
    db = Database(station / "station.sqlite3")
    config = alembic_config(db.engine)
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0017")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'chain_link'").scalar() == 0
    db.close()
    Database(station / "station.sqlite3").close()  # upgraded again: every entry there is linked in id order
    assert check_station(station) == []
