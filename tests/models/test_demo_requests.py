"""Demo requests: years of a station's work that the schema, the lifecycle and the numbering all accept."""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import text

from desktop.demo import demo_clients, demo_requests
from desktop.models.accounts import staff
from desktop.models.core.clock import from_local, station_zone
from desktop.models.core.db import Database, defined_schema
from desktop.models.core.errors import Refused
from desktop.models.requests import intake, lifecycle, request_detail, workdays
from desktop.models.requests.intake import RequestInput, local_day, request_search_text
from desktop.models.requests.request_list import due_state
from desktop.models.requests.tables import SCORES, STATUSES
from tests.support.stations import STATION, audit_entries, open_station

NOW = datetime(2026, 11, 19, 7, 30, tzinfo=UTC)  # a Thursday
# the lifecycle action behind each event kind (city decisions come from sync; received from intake)
ACTION_OF = {"answered": "answer", "registered": "register", "awaiting_instruction": "await_instruction",
             "instruction_received": "instruction_received", "referred": "refer", "escalated": "escalate",
             "service_started": "start_service", "follow_up": "follow_up", "completed": "complete",
             "feedback_given": "give_feedback", "evaluated": "evaluate", "archived": "archive",
             "withdrawn": "withdraw", "note": "note"}
REFERRED_ONWARDS = {"referred", "in_service", "completed", "feedback_given", "evaluated", "archived", "withdrawn"}


def _rows(db: Database, table: str, order: str = "id") -> list[Any]:
    with db.read() as s:
        return list(s.execute(text(f"SELECT * FROM {table} ORDER BY {order}")).mappings())


def _by_request(rows: list[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        out[r["request_id"]].append(r)
    return out


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _station(db: Database, admin_id: int, clients: int = 100, count: int = 300, **kw: Any) -> int:
    demo_clients.generate_clients(db, clients, admin_id)
    return demo_requests.generate_requests(db, count, admin_id, now=NOW, **kw)


@pytest.fixture
def loaded(db: Database, admin_id: int) -> Database:
    staff.create_staff(db, admin_id, "xiaoli", "李小红", "clerk", "clerk-pass-1")
    staff.create_staff(db, admin_id, "ahua", "覃阿华", "field_officer", "field-pass-1")
    assert _station(db, admin_id) == 300
    return db


def test_every_status_and_timelines_as_the_lifecycle_writes_them(loaded: Database) -> None:
    db = loaded
    reqs = _rows(db, "service_request")
    events = _by_request(_rows(db, "request_event"))
    roles = {r["id"]: r["role"] for r in _rows(db, "staff")}
    assert len(reqs) == 300
    assert {r["status"] for r in reqs} == set(STATUSES)
    assert {roles[r["handler_id"]] for r in reqs} == {"admin", "clerk", "field_officer"}
    now = NOW
    for r in reqs:
        timeline = events[r["id"]]
        first = timeline[0]
        assert (first["kind"], first["from_status"], first["to_status"]) == ("received", None, "received")
        assert first["at"] == r["received_at"] and first["actor_id"] == r["received_by"] == r["handler_id"]
        assert first["text"] == r["description"]
        status, at = "received", _at(first["at"])
        for e in timeline[1:]:
            assert e["from_status"] == status, (r["number"], e["kind"])
            assert at <= _at(e["at"]) <= now
            at = _at(e["at"])
            if e["kind"] == "city_decision":  # the city platform decides: no station actor
                assert status == "escalated" and e["actor_id"] is None
                assert e["to_status"] in (None, "completed", "registered")
            else:
                rule = lifecycle.ACTIONS[ACTION_OF[e["kind"]]]
                assert status in rule.sources and e["to_status"] == rule.target, (r["number"], e["kind"])
                assert roles[e["actor_id"]] in rule.roles
            status = e["to_status"] or status
        assert status == r["status"]
        assert r["version"] == len(timeline)
        assert r["updated_at"] == timeline[-1]["at"]
        assert (r["closed_at"] is not None) == (r["status"] in ("archived", "withdrawn"))
        kinds = [e["kind"] for e in timeline]
        assert (r["completed_at"] is not None) == ("completed" in kinds or "answered" in kinds or any(
            json.loads(e["data"]).get("decision") == "answered" for e in timeline))
        if r["status"] in ("answered", "escalated", "awaiting_instruction", "completed", "feedback_given",
                           "evaluated", "archived", "withdrawn"):
            assert r["due_on"] is None, (r["number"], r["status"])


def test_due_dates_from_the_time_limits_and_some_overdue(loaded: Database) -> None:
    db = loaded
    cal = workdays.calendar(db)
    events = _by_request(_rows(db, "request_event"))
    categories = _by_request(_rows(db, "request_category", "request_id, category_id"))
    today = NOW.astimezone(station_zone()).date()
    overdue = 0
    for r in _rows(db, "service_request"):
        with db.read() as s:
            limits = workdays.limits_for(s, [c["category_id"] for c in categories[r["id"]]])
        day = local_day(_at(r["received_at"]))
        assert date.fromisoformat(r["response_due"]) == cal.add_working_days(day, limits.response_days)
        assert date.fromisoformat(r["completion_due"]) == cal.add_working_days(day, limits.completion_days)
        if r["status"] == "received":
            assert r["due_on"] == r["response_due"]
        if r["status"] == "registered":
            last = next(e for e in reversed(events[r["id"]]) if e["to_status"] == "registered")
            handover = cal.add_working_days(local_day(_at(last["at"])), limits.handover_days)
            assert r["due_on"] == r["handover_due"] == handover.isoformat()
        if r["status"] == "referred":
            assert r["due_on"] == r["feedback_due"]
        if r["status"] == "in_service":
            assert r["due_on"] == r["completion_due"]
        if r["due_on"] and due_state(date.fromisoformat(r["due_on"]), today) == "overdue":
            assert r["status"] in lifecycle.OPEN
            overdue += 1
    assert overdue >= 3


def test_referrals_and_evaluations_match_the_timeline(loaded: Database) -> None:
    db = loaded
    reqs = {r["id"]: r for r in _rows(db, "service_request")}
    events = _by_request(_rows(db, "request_event"))
    referrals = _by_request(_rows(db, "referral"))
    evaluations = _by_request(_rows(db, "evaluation"))
    institutions = {i["id"]: i for i in _rows(db, "institution")}
    for rid, r in reqs.items():
        referred = [e for e in events[rid] if e["kind"] == "referred"]
        assert len(referrals[rid]) == len(referred)
        if referred:
            assert r["status"] in REFERRED_ONWARDS
            assert r["institution_id"] == referrals[rid][-1]["institution_id"]
        for ref, e in zip(referrals[rid], referred, strict=True):
            data = json.loads(e["data"])
            assert ref["referred_at"] == e["at"] and ref["referred_by"] == e["actor_id"]
            assert data["institution_id"] == ref["institution_id"] and data["deadline"] == ref["deadline"]
            assert data["institution"] == institutions[ref["institution_id"]]["name"]
            assert ref["told_at"] <= ref["referred_at"]
        started = [e for e in events[rid] if e["kind"] == "service_started"]
        if started:
            assert referrals[rid][-1]["responded_at"] == started[0]["at"]
        evaluated = [e for e in events[rid] if e["kind"] == "evaluated"]
        assert len(evaluations[rid]) == len(evaluated) <= 1
        if evaluated:
            assert r["status"] in ("evaluated", "archived")
            ev, data = evaluations[rid][0], json.loads(evaluated[0]["data"])
            assert ev["recorded_by"] == evaluated[0]["actor_id"] and ev["at"] <= evaluated[0]["at"]
            assert all(ev[k] == data[k] for k in SCORES)
    scores = [e[k] for es in evaluations.values() for e in es for k in SCORES]
    assert len(scores) > 100 and sum(scores) / len(scores) > 4  # mostly satisfied
    assert all(1 <= s <= 5 for s in scores)


def test_rows_the_schema_and_search_accept(loaded: Database, raw: Any) -> None:
    db = loaded
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.execute("INSERT INTO request_fts(request_fts, rank) VALUES('integrity-check', 1)")
    clients = {c["id"]: c for c in _rows(db, "client")}
    reqs = _rows(db, "service_request")
    for r in reqs:
        assert r["district"] == clients[r["client_id"]]["district"]
        assert r["search_text"] == request_search_text(r["number"], clients[r["client_id"]]["name"],
                                                       r["description"], r["contact_name"], r["contact_phone"])
    for term in ("强制检定", "商标注册", "螺蛳粉", "压力容器", "食品安全"):  # 3+ characters: the trigram index
        expected = sum(term in r["search_text"] for r in reqs)
        found = raw.execute("SELECT count(*) FROM request_fts WHERE request_fts MATCH ?", (f'"{term}"',))
        assert found.fetchone()[0] == expected, term
    assert len({r["description"] for r in reqs}) > 250  # templates with varied words
    assert len({r["uuid"] for r in reqs}) == 300
    assert [e["changes"] for e in audit_entries(db, "service_request")] == [{"demo_data": 300}]


def test_institutions_with_capabilities_and_qualifications(loaded: Database) -> None:
    db = loaded
    institutions = _rows(db, "institution")
    assert 30 <= len(institutions) <= 60
    assert {i["kind"] for i in institutions} == {"institution", "expert_team", "expert"}
    with db.read() as s:
        uncovered = s.execute(text(
            "SELECT count(*) FROM catalogue_category c WHERE NOT EXISTS (SELECT 1 FROM institution_category ic "
            "JOIN institution i ON i.id = ic.institution_id WHERE ic.category_id = c.id AND i.active)")).scalar()
    assert uncovered == 0
    today = NOW.astimezone(station_zone()).date().isoformat()
    ends = [q["valid_until"] for q in _rows(db, "qualification") if q["valid_until"]]
    assert any(e < today for e in ends)  # some expired
    assert any(today <= e <= "2026-12-19" for e in ends)  # some expiring within the month
    assert [e["changes"] for e in audit_entries(db, "institution")] == [{"demo_data": len(institutions)}]


def test_numbers_continue_each_days_counter(loaded: Database, admin_id: int) -> None:
    db = loaded
    reqs = _rows(db, "service_request")
    pattern = re.compile(rf"{STATION.code}-(\d{{8}})-(\d{{4}})")
    last: dict[str, int] = defaultdict(int)
    for r in reqs:
        m = pattern.fullmatch(r["number"])
        assert m is not None
        assert m.group(1) == local_day(_at(r["received_at"])).strftime("%Y%m%d")
        last[m.group(1)] = max(last[m.group(1)], int(m.group(2)))
    assert len({r["number"] for r in reqs}) == 300
    assert {c["day"]: c["last"] for c in _rows(db, "request_counter", "day")} == last
    newest = max(last)  # the station's newest day with demo requests (which day that is depends on its zone)
    assert last[newest] >= 1
    when = from_local(datetime.strptime(newest, "%Y%m%d").replace(hour=17))
    client_id = reqs[0]["client_id"]
    item = _rows(db, "request_item", "request_id")[0]["item_id"]
    rid = intake.create_request(db, admin_id, RequestInput(client_id, "window", (item,), "演示之后新登记的需求"),
                                  now=when).ids[0]
    detail = request_detail.get_request(db, rid)
    assert detail.number == f"{STATION.code}-{newest}-{last[newest] + 1:04d}"
    with db.read() as s:  # the FTS insert trigger is back: the new request is found
        assert s.execute(text("SELECT rowid FROM request_fts WHERE request_fts MATCH '\"之后新登记\"'")).scalars(
            ).all() == [rid]


def test_same_seed_same_rows_whether_made_ahead_or_not(tmp_path) -> None:  # type: ignore[no-untyped-def]
    tables = ("service_request", "request_event", "referral", "evaluation", "request_counter", "institution")
    dumps = []
    for name, batch, progress in (("inline", 1000, [300]), ("ahead", 70, [70, 140, 210, 280, 300])):
        db, admin = open_station(tmp_path / f"{name}.sqlite3")  # 300 in batches of 70: made in a thread
        try:
            seen: list[int] = []
            _station(db, admin, batch=batch, progress=lambda done, _total, seen=seen: seen.append(done))
            assert seen == progress
            dumps.append([_rows(db, t, "1") for t in tables])
        finally:
            db.close()
    assert dumps[0] == dumps[1]


def test_long_timelines_and_a_second_run(loaded: Database, admin_id: int) -> None:
    db = loaded
    institutions = len(_rows(db, "institution"))
    assert demo_requests.generate_requests(db, 300, admin_id, seed=7, now=NOW, long_every=100) == 300
    assert len(_rows(db, "institution")) == institutions  # the registry is reused
    reqs = _rows(db, "service_request")
    assert len({r["number"] for r in reqs}) == 600
    long = demo_requests.long_timeline_ids(db)
    assert len(long) == 3
    detail = request_detail.get_request(db, long[0])
    assert 45 <= len(detail.events) <= 55 and detail.version == len(detail.events)
    assert {"follow_up", "note"} <= {e.kind for e in detail.events}


def test_a_failed_load_keeps_what_was_committed_consistent(db: Database, admin_id: int, raw: Any) -> None:
    demo_clients.generate_clients(db, 50, admin_id)
    raw.execute("DROP TRIGGER request_fts_ai")  # dropped by some tool after the station was opened
    raw.commit()

    def stop(done: int, _total: int) -> None:
        if done >= 140:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        demo_requests.generate_requests(db, 300, admin_id, now=NOW, batch=70, progress=stop)
    assert not [t for t in threading.enumerate() if t.name == "demo-requests"]  # the maker thread has stopped
    assert raw.execute("SELECT count(*) FROM service_request").fetchone() == (140,)
    assert raw.execute("SELECT sql FROM sqlite_master WHERE name = 'request_fts_ai'").fetchone() == (
        defined_schema()["request_fts_ai"].sql,)
    raw.execute("INSERT INTO request_fts(request_fts, rank) VALUES('integrity-check', 1)")
    numbers = [n for (n,) in raw.execute("SELECT number FROM service_request")]
    last: dict[str, int] = defaultdict(int)
    for n in numbers:
        last[n[-13:-5]] = max(last[n[-13:-5]], int(n[-4:]))
    assert dict(raw.execute("SELECT day, last FROM request_counter").fetchall()) == last


def test_clients_are_needed(db: Database, admin_id: int) -> None:
    with pytest.raises(Refused):
        demo_requests.generate_requests(db, 10, admin_id, now=NOW)


def test_demo_escalations_and_archives_are_queued_for_the_city(loaded: Database) -> None:
    """The demo rows bypass the lifecycle, so they are queued at the next sync, as after an upgrade: the
    counts say so at once, and every record built from them is valid on the wire."""
    from desktop.models.city_sync import outbox
    from desktop.sync import wire

    with loaded.read() as s:
        expected = dict(s.execute(text("SELECT status, count(*) FROM service_request "
                                       "WHERE status IN ('escalated', 'archived') GROUP BY status")).all())
    waiting = outbox.counts(loaded)
    assert (waiting.escalation, waiting.archive) == (expected["escalated"], expected["archived"]) != (0, 0)
    assert outbox.backfill(loaded) == sum(expected.values())
    for p in outbox.pending_batch(loaded, 0, 10_000):
        wire.RequestBody.model_validate(json.loads(p.body))
    assert outbox.counts(loaded) == waiting


def _status_counts(db: Database) -> tuple[dict[str, int], dict[str, int]]:
    """The kept counts (zeros left out) and a count of the requests themselves."""
    with db.read() as s:
        kept = {k: v for k, v in s.execute(text("SELECT status, n FROM request_status_count")) if v}
        by_status = text("SELECT status, count(*) FROM service_request GROUP BY status")
        counted = {row[0]: row[1] for row in s.execute(by_status)}
    return kept, counted


def test_status_counts_are_kept_by_every_writer(loaded: Database, admin_id: int, raw: Any) -> None:
    """The dashboard reads ``request_status_count``: after a bulk load, lifecycle steps, a withdrawal, a raw
    delete and an update that leaves the status alone, it must equal a count of the requests."""
    kept, counted = _status_counts(loaded)
    assert kept == counted and sum(kept.values()) == 300 and len(kept) >= 10
    received = [r["id"] for r in _rows(loaded, "service_request") if r["status"] == "received"][:2]
    lifecycle.answer(loaded, admin_id, received[0], "已当场解答", now=NOW)
    lifecycle.withdraw(loaded, admin_id, received[1], "客户撤回", now=NOW)
    raw.execute("UPDATE service_request SET assessment = 'x' WHERE id = ?", (received[0],))  # status unchanged
    raw.execute("DELETE FROM service_request WHERE id = ?", (received[1],))  # (no foreign keys on this one)
    raw.commit()
    kept, counted = _status_counts(loaded)
    assert kept == counted
    assert sum(kept.values()) == 299


def test_the_upgrade_counts_the_requests_already_there(loaded: Database) -> None:
    """A station upgraded from 0008 gets its counts from its requests, in the migration's transaction."""
    from desktop.models.core.db import migrate

    migrate(loaded.engine, "0008")
    with loaded.engine.begin() as c:  # written while the triggers were not there
        c.exec_driver_sql("UPDATE service_request SET status = 'withdrawn' WHERE id IN "
                          "(SELECT id FROM service_request WHERE status = 'received' LIMIT 3)")
    migrate(loaded.engine)
    kept, counted = _status_counts(loaded)
    assert kept == counted and counted["withdrawn"] >= 3


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, tuple | list):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_text_checks_set_aside_by_the_load_hold_for_its_rows(loaded: Database, raw: Any) -> None:
    """The bulk load sets the control-character triggers aside (demo_requests.SET_ASIDE): every word it makes rows
    of is clean, every text column it wrote passes the triggers' own test, and the triggers are back."""
    from desktop.demo import demo_request_texts
    from desktop.models.core.validators import check_text

    words = [s for name, v in vars(demo_request_texts).items() if name.isupper() for s in _strings(v)]
    assert len(words) > 300 and [w for w in words if check_text(w, multiline=True)] == []
    schema = defined_schema()
    for name in demo_requests.SET_ASIDE:
        assert raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone() == (schema[name].sql,)
    for table in ("service_request", "request_event", "referral", "evaluation"):
        trigger = schema[f"{table}_text_insert"].sql
        checks = re.findall(r"SELECT RAISE\(ABORT, '[^']*'\) WHERE (.*?);", trigger)
        assert checks, table
        for check in checks:
            bad = raw.execute(f"SELECT count(*) FROM {table} WHERE {check.replace('NEW.', '')}").fetchone()[0]
            assert bad == 0, (table, check)


def test_one_institution_is_weak_so_the_statistics_have_something_to_find(db: Database, admin_id: int) -> None:
    """The first active institution gives its feedback late and is rated lower: its requests' feedback misses
    its deadline far more often than the others', and their evaluations score lower."""
    _station(db, admin_id, clients=60, count=3000)
    with db.read() as s:
        weak = s.execute(text("SELECT min(id) FROM institution WHERE active")).scalar_one()
        late = {bool(w): (int(n), int(k)) for w, n, k in s.execute(text(
            "SELECT f.institution_id = :w, count(*), sum(date(f.responded_at, '+8 hours') > f.deadline) "
            "FROM referral f WHERE f.responded_at IS NOT NULL GROUP BY 1"), {"w": weak})}
        mean = {bool(w): float(a) for w, a in s.execute(text(
            "SELECT r.institution_id = :w, avg(e.demand_matching + e.service_level + e.attitude "
            "+ e.complaint_handling) FROM evaluation e JOIN service_request r ON r.id = e.request_id "
            "WHERE r.institution_id IS NOT NULL GROUP BY 1"), {"w": weak})}
    (n_weak, k_weak), (n_rest, k_rest) = late[True], late[False]
    assert n_weak >= 10 and k_weak / n_weak > 0.6 and k_weak / n_weak > 2 * k_rest / n_rest, (k_weak, n_weak)
    assert mean[True] < mean[False] - 2
