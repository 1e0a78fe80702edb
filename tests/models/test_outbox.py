"""The outbox (written with the change it carries), applying the city's decisions with the cursor, and the
station's sync settings. Real SQLite files, real service calls."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from desktop.models.city_sync import outbox, sync_state
from desktop.models.city_sync.sync_state import SyncSettings
from desktop.models.core.db import (
    Database,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    missing_objects,
)
from desktop.models.core.errors import Invalid, Refused
from desktop.models.requests import lifecycle
from desktop.sync import wire
from tests.support.requests import Station, clone, drive, make_station, perform
from tests.support.stations import audit_entries
from tests.support.visits import signed_visit


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    st = make_station(tmp_path_factory.mktemp("outbox") / "base.sqlite3")
    yield st
    st.db.close()


@pytest.fixture
def st(base: Station, tmp_path: Path) -> Iterator[Station]:
    copy = clone(base, tmp_path / "station.sqlite3")
    yield copy
    copy.db.close()


def rows(db: Database) -> list[dict[str, object]]:
    with db.read() as s:
        return [dict(r) for r in s.execute(text("SELECT * FROM outbox ORDER BY id")).mappings()]


def test_escalating_writes_the_record_in_the_same_transaction(st: Station) -> None:
    rid = drive(st, "escalated")
    [row] = rows(st.db)
    assert (row["kind"], row["state"], row["request_id"]) == ("escalation", "pending", rid)
    body = json.loads(str(row["body"]))
    parsed = wire.RequestBody.model_validate(body)  # the wire schema the hub checks
    assert parsed.status == "escalated" and parsed.reason == "本站无法解决，上报市平台"
    assert [e.kind for e in parsed.timeline][-1] == "escalated"
    assert row["content_hash"] == wire.content_hash(body)
    assert str(row["body"]).encode() == wire.canonical_json(body)
    with st.db.read() as s:
        version, uuid = s.execute(text("SELECT version, uuid FROM service_request WHERE id = :i"), {"i": rid}).one()
    assert (row["version"], row["record_uuid"]) == (version, uuid)


def test_a_refused_escalation_writes_no_record(st: Station) -> None:
    rid = drive(st, "received")
    with pytest.raises(Refused):
        lifecycle.escalate(st.db, st.admin, rid, "上报")
    with pytest.raises(Invalid):
        lifecycle.escalate(st.db, st.admin, drive(st, "registered"), " ")
    assert rows(st.db) == []


def test_a_failing_outbox_write_rolls_the_escalation_back(st: Station) -> None:
    rid = drive(st, "registered")
    con = sqlite3.connect(st.path)
    con.execute("CREATE TRIGGER fail BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    con.commit()
    con.close()
    with pytest.raises(Exception, match="disk full"):
        lifecycle.escalate(st.db, st.admin, rid, "上报市平台")
    with st.db.read() as s:
        assert s.execute(text("SELECT status FROM service_request WHERE id = :i"), {"i": rid}).scalar() == "registered"
        assert s.execute(text("SELECT count(*) FROM request_event WHERE kind = 'escalated'")).scalar() == 0


def test_archiving_writes_a_record_with_the_signed_visits(st: Station) -> None:
    visit_id = signed_visit(st)
    with st.db.read() as s:
        rid = s.execute(text("SELECT request_id FROM visit WHERE id = :v"), {"v": visit_id}).scalar_one()
    for action in ("complete", "give_feedback", "evaluate", "archive"):
        perform(st, action, st.admin, rid)
    [row] = [r for r in rows(st.db) if r["kind"] == "archive"]
    body = wire.RequestBody.model_validate(json.loads(str(row["body"])))
    assert body.status == "archived" and body.closed_at
    [visit] = body.visits
    with st.db.read() as s:
        stored = s.execute(text("SELECT uuid, content_hash, canonical FROM visit WHERE id = :v"),
                           {"v": visit_id}).one()
    assert (visit.uuid, visit.content_hash) == (stored.uuid, stored.content_hash)
    assert wire.canonical_json(visit.content) == stored.canonical.encode()  # the sealed bytes, signatures and all
    evaluated = [e for e in body.timeline if e.kind == "evaluated"]
    assert evaluated and evaluated[0].data["demand_matching"] == 5


def test_the_record_cannot_be_changed_or_deleted_in_the_database(st: Station) -> None:
    drive(st, "escalated")
    con = sqlite3.connect(st.path)
    try:
        for sql in ("UPDATE outbox SET body = '{}'", "UPDATE outbox SET content_hash = hex(randomblob(32))",
                    "UPDATE outbox SET version = 99", "DELETE FROM outbox"):
            with pytest.raises(sqlite3.IntegrityError, match="outbox"):
                con.execute(sql)
        con.execute("UPDATE outbox SET state = 'sent'")  # its state moves on
    finally:
        con.close()


def test_answers_move_rows_on_and_set_aside_needs_a_reason(st: Station) -> None:
    ids = [drive(st, "escalated") for _ in range(3)]
    assert outbox.counts(st.db) == outbox.QueueCounts(3, 0, 0)
    batch = outbox.pending_batch(st.db, 0, 10)
    assert [p.kind for p in batch] == ["escalation"] * 3 and len(ids) == 3
    outbox.record_failure(st.db, [batch[0].id], "timed out")
    outbox.record_answers(st.db, {batch[0].id: ("accepted", "", ""), batch[1].id: ("already_had", "", ""),
                                  batch[2].id: ("rejected", "body.client.name: too long", "validation")})
    assert [(r["state"], r["attempts"]) for r in rows(st.db)] == [("sent", 1), ("sent", 0), ("set_aside", 0)]
    assert outbox.counts(st.db) == outbox.QueueCounts(0, 0, 1)
    [aside] = outbox.set_aside_list(st.db)
    assert (aside.reason, aside.code) == ("body.client.name: too long", "validation")
    assert aside.number.startswith("LZ-")
    con = sqlite3.connect(st.path)
    with pytest.raises(sqlite3.IntegrityError, match="set_aside_reason"):
        con.execute("UPDATE outbox SET reason = '' WHERE state = 'set_aside'")
    con.close()


def test_retry_and_drop_are_for_admins_and_audited(st: Station) -> None:
    drive(st, "escalated")
    drive(st, "escalated")
    first, second = outbox.pending_batch(st.db, 0, 10)
    outbox.record_answers(st.db, {first.id: ("conflict", "another body under this version", "conflict"),
                                  second.id: ("rejected", "wrong station", "wrong_station")})
    with pytest.raises(Refused):
        outbox.retry(st.db, st.ids["clerk"], first.id)
    outbox.retry(st.db, st.admin, first.id)
    outbox.drop(st.db, st.admin, second.id)
    with pytest.raises(Refused):
        outbox.drop(st.db, st.admin, first.id)  # pending again: nothing to drop
    assert [r["state"] for r in rows(st.db)] == ["pending", "dropped"]
    entries = audit_entries(st.db, "outbox")
    assert [(e["action"], e["changes"]["action"], e["actor_id"]) for e in entries] == [
        ("event", "retry", st.admin), ("event", "drop", st.admin)]
    assert entries[1]["changes"]["reason"] == "wrong station"


def test_an_upgraded_station_queues_what_it_escalated_and_archived_before(st: Station) -> None:
    escalated = drive(st, "escalated")
    archived = drive(st, "archived")
    drive(st, "referred")
    command.downgrade(alembic_config(st.db.engine), "0004")  # the station as it was before sync existed
    st.db.close()
    assert current_revision(make_engine(st.path)) == "0004"
    db = Database(st.path)  # opening it upgrades it
    try:
        assert rows(db) == []
        assert outbox.counts(db) == outbox.QueueCounts(1, 1, 0)  # waiting, though not queued yet
        seen: list[tuple[int, int]] = []
        assert outbox.backfill(db, chunk=1, progress=lambda d, n: seen.append((d, n)),
                               cancelled=lambda: len(seen) == 1) == 1  # cancelled after the first chunk
        assert outbox.counts(db) == outbox.QueueCounts(1, 1, 0) and len(rows(db)) == 1
        assert outbox.backfill(db, chunk=1) == 1  # goes on where it stopped
        assert outbox.counts(db) == outbox.QueueCounts(1, 1, 0)
        assert sorted((r["kind"], r["request_id"]) for r in rows(db)) == [("archive", archived),
                                                                          ("escalation", escalated)]
        escalation = next(r for r in rows(db) if r["kind"] == "escalation")
        assert json.loads(str(escalation["body"]))["reason"] == "本站无法解决，上报市平台"
        assert outbox.backfill(db) == 0  # once
    finally:
        db.close()


def test_decisions_are_applied_with_the_cursor_once(st: Station) -> None:
    rid = drive(st, "escalated")
    with st.db.read() as s:
        uuid = s.execute(text("SELECT uuid FROM service_request WHERE id = :i"), {"i": rid}).scalar_one()
    d1 = {"uuid": "00000000-0000-4000-8000-000000000001", "request_uuid": uuid, "request_number": "x",
          "decision": "assigned", "assignee": "市计量院 张工", "text": "", "decided_at": "2026-11-23T02:00:00Z"}
    d2 = {**d1, "uuid": "00000000-0000-4000-8000-000000000002", "decision": "answered", "assignee": "",
          "text": "已由市计量院完成检定", "decided_at": "2026-11-24T02:00:00Z"}
    other = {**d1, "uuid": "00000000-0000-4000-8000-000000000003",
             "request_uuid": "00000000-0000-4000-8000-00000000abcd"}
    result = sync_state.apply_decisions(st.db, [d1, d2, other], "cursor-1")
    assert (result.applied, result.skipped, result.request_ids) == (2, 1, (rid, rid))
    assert sync_state.cursor(st.db) == "cursor-1"
    with st.db.read() as s:
        status, res = s.execute(text("SELECT status, result FROM service_request WHERE id = :i"), {"i": rid}).one()
        decided = s.execute(text("SELECT data FROM request_event WHERE request_id = :i AND kind = 'city_decision' "
                                 "ORDER BY id"), {"i": rid}).scalars().all()
    assert (status, res) == ("completed", "已由市计量院完成检定")
    assert json.loads(decided[0])["assignee"] == "市计量院 张工"
    again = sync_state.apply_decisions(st.db, [d1, d2], "cursor-2")  # the same page again: nothing changes
    assert (again.applied, again.skipped) == (0, 2)
    assert sync_state.cursor(st.db) == "cursor-2"


def test_a_decision_twice_in_one_page_is_applied_once(st: Station) -> None:
    rid = drive(st, "escalated")
    with st.db.read() as s:
        uuid = s.execute(text("SELECT uuid FROM service_request WHERE id = :i"), {"i": rid}).scalar_one()
    d = {"uuid": "00000000-0000-4000-8000-000000000011", "request_uuid": uuid, "request_number": "x",
         "decision": "accepted", "text": "", "assignee": "", "decided_at": "2026-11-23T02:00:00Z"}
    result = sync_state.apply_decisions(st.db, [d, dict(d)], "c")
    assert (result.applied, result.skipped) == (1, 1)
    with st.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM request_event WHERE request_id = :i AND kind = "
                              "'city_decision'"), {"i": rid}).scalar() == 1


def test_a_failed_page_keeps_the_old_cursor(st: Station) -> None:
    rid = drive(st, "escalated")
    with st.db.read() as s:
        uuid = s.execute(text("SELECT uuid FROM service_request WHERE id = :i"), {"i": rid}).scalar_one()
    sync_state.apply_decisions(st.db, [], "cursor-1")
    bad = {"uuid": "00000000-0000-4000-8000-000000000009", "request_uuid": uuid, "request_number": "x",
           "decision": "nonsense", "text": "", "assignee": "", "decided_at": "2026-11-23T02:00:00Z"}
    good = {**bad, "uuid": "00000000-0000-4000-8000-000000000008", "decision": "accepted"}
    with pytest.raises(Exception):  # noqa: B017 - whatever the failure, nothing of the page stays
        sync_state.apply_decisions(st.db, [good, bad], "cursor-2")
    assert sync_state.cursor(st.db) == "cursor-1"
    with st.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM applied_decision")).scalar() == 0


def test_a_decision_for_a_request_no_longer_escalated_goes_on_the_timeline_only(st: Station) -> None:
    rid = drive(st, "escalated")
    lifecycle.city_decision(st.db, rid, "returned", "请本站处理")
    with st.db.read() as s:
        uuid = s.execute(text("SELECT uuid FROM service_request WHERE id = :i"), {"i": rid}).scalar_one()
    late = {"uuid": "00000000-0000-4000-8000-000000000010", "request_uuid": uuid, "request_number": "x",
            "decision": "answered", "text": "晚到的答复", "assignee": "", "decided_at": "2026-11-25T02:00:00Z"}
    assert sync_state.apply_decisions(st.db, [late], "c").applied == 1
    with st.db.read() as s:
        assert s.execute(text("SELECT status FROM service_request WHERE id = :i"), {"i": rid}).scalar() == "registered"
        data = s.execute(text("SELECT data FROM request_event WHERE request_id = :i ORDER BY id DESC LIMIT 1"),
                         {"i": rid}).scalar_one()
    assert json.loads(data)["applied"] is False


@pytest.mark.parametrize(("url", "field"), [
    ("ftp://hub.example.cn", "hub_url"), ("http://hub.example.cn", "hub_url"), ("https://", "hub_url"),
])
def test_settings_are_validated(st: Station, url: str, field: str) -> None:
    with pytest.raises(Invalid) as err:
        sync_state.save_settings(st.db, st.admin, SyncSettings(url))
    assert field in err.value.errors
    with pytest.raises(Invalid):
        sync_state.save_settings(st.db, st.admin, SyncSettings("https://hub.example.cn", batch_size=0))


def test_settings_are_kept_and_only_admins_change_them(st: Station) -> None:
    sync_state.save_settings(st.db, st.admin, SyncSettings(" https://hub.example.cn/ ", "", 50))
    assert sync_state.load_settings(st.db) == SyncSettings("https://hub.example.cn", "", 50)
    sync_state.save_settings(st.db, st.admin, SyncSettings("http://127.0.0.1:8080"))  # loopback: http is fine
    with pytest.raises(Refused):
        sync_state.save_settings(st.db, st.ids["clerk"], SyncSettings("https://other.example.cn"))


def test_a_run_cut_off_is_logged_as_failed_at_the_next_start(st: Station) -> None:
    first = sync_state.start_run(st.db, "command")
    second = sync_state.start_run(st.db, "manual")
    sync_state.finish_run(st.db, second, "ok", accepted=3)
    runs = {r.id: r for r in sync_state.recent_runs(st.db)}
    assert runs[first].outcome == "failed" and "Interrupted" in runs[first].message
    assert runs[second].accepted == 3 and sync_state.last_success(st.db) == runs[second].finished_at


def test_log_messages_keep_their_template_for_translation(st: Station) -> None:
    from desktop.models.core.validators import Msg

    run = sync_state.start_run(st.db, "manual")
    inner = Msg("The city platform cannot be reached: {error}", error="[Errno 111] Connection refused")
    sync_state.finish_run(st.db, run, "failed", message=Msg("{error} Ask the city for a new enrolment code.",
                                                             error=inner))
    [info] = sync_state.recent_runs(st.db, 1)
    assert info.message == "The city platform cannot be reached: [Errno 111] Connection refused Ask the city " \
                           "for a new enrolment code."
    assert info.message.template == "{error} Ask the city for a new enrolment code."  # type: ignore[attr-defined]
    assert info.message.params["error"].template == inner.template  # type: ignore[attr-defined]
    plain = sync_state.start_run(st.db, "manual")
    sync_state.finish_run(st.db, plain, "failed", message='{"msg": not json')
    assert sync_state.recent_runs(st.db, 1)[0].message == '{"msg": not json'


def test_migration_0013_keeps_every_outbox_row_and_its_guards(st: Station) -> None:
    """0013 remakes the outbox (a row may carry a complaint): the rows queued before keep every column, the
    indexes and the triggers (no delete, a record never changed) are back, and a downgrade keeps them too."""
    drive(st, "escalated")
    drive(st, "archived")
    command.downgrade(alembic_config(st.db.engine), "0012")
    st.db.close()
    raw = sqlite3.connect(st.path)
    before = raw.execute("SELECT * FROM outbox ORDER BY id").fetchall()
    raw.close()
    assert len(before) == 2
    db = Database(st.path)  # opening it upgrades it
    try:
        assert current_revision(db.engine) == head_revision() and missing_objects(db.engine) == []
        raw = sqlite3.connect(st.path)
        try:
            after = raw.execute(f"SELECT {', '.join(c for c in COLUMNS_0012)} FROM outbox ORDER BY id").fetchall()
            assert after == before
            for sql in ("DELETE FROM outbox", "UPDATE outbox SET body = '{}'"):
                with pytest.raises(sqlite3.DatabaseError):
                    raw.execute(sql)
            with pytest.raises(sqlite3.IntegrityError):  # neither a request nor a complaint
                raw.execute("UPDATE outbox SET request_id = NULL")
        finally:
            raw.close()
    finally:
        db.close()


COLUMNS_0012 = ("id", "kind", "record_uuid", "version", "request_id", "body", "content_hash", "blobs", "state",
                "created_at", "attempts", "last_error", "outcome", "reason", "reason_code", "answered_at")
