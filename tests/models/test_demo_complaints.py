"""Demo complaints: every state, timelines as the lifecycle writes them, numbers that continue each day's counter,
rows the schema and the search index accept, and complaints the real lifecycle can take further."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from desktop.demo import demo_clients, demo_complaints, demo_requests
from desktop.models.accounts import staff
from desktop.models.complaints import lifecycle
from desktop.models.complaints.complaint_list import ComplaintQuery, run_query
from desktop.models.complaints.tables import STATUSES, Complaint, ComplaintEvent
from desktop.models.core.db import Database
from tests.support.stations import open_station

NOW = datetime(2026, 11, 23, 4, tzinfo=UTC)  # noon at the station


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, int]:
    db, admin = open_station(tmp_path_factory.mktemp("demo-complaints") / "station.sqlite3")
    staff.create_staff(db, admin, "clerk", "窗口甲", "clerk", "pass-word-1")
    staff.create_staff(db, admin, "officer", "外勤乙", "field_officer", "pass-word-2")
    demo_clients.generate_clients(db, 60, admin)
    demo_requests.generate_requests(db, 200, admin, now=NOW)
    assert demo_complaints.generate_complaints(db, 300, admin, now=NOW) == 300
    yield db, admin
    db.close()


def test_every_state_with_its_timeline(loaded: tuple[Database, int]) -> None:
    db, _admin = loaded
    with db.read() as s:
        complaints = s.scalars(select(Complaint)).all()
        assert {c.status for c in complaints} == set(STATUSES)
        events: dict[int, list[ComplaintEvent]] = {}
        for e in s.scalars(select(ComplaintEvent).order_by(ComplaintEvent.id)):
            events.setdefault(e.complaint_id, []).append(e)
        for c in complaints:
            timeline = events[c.id]
            assert timeline[0].kind == "received" and timeline[0].from_status is None
            status = "received"
            for e in timeline[1:]:
                assert e.from_status == status and e.at >= timeline[0].at, (c.number, e.kind)
                status = e.to_status or status
                json.loads(e.data)
            assert status == c.status and c.version == len(timeline), c.number
            assert (c.closed_at is not None) == (c.status in ("closed", "not_accepted", "withdrawn"))
            if c.status == "closed":
                assert c.valid is not None
            if c.complainant_kind == "anonymous":  # never told, whatever its state
                assert "told" not in [e.kind for e in timeline] and c.told_at is None, c.number
            if c.about_staff_id is not None and c.assigned_to is not None:
                assert c.assigned_to != c.about_staff_id  # nobody investigates a complaint about themselves


def test_numbers_continue_the_counters_and_the_search_finds_them(loaded: tuple[Database, int]) -> None:
    db, admin = loaded
    conn = sqlite3.connect(db.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO complaint_fts(complaint_fts, rank) VALUES ('integrity-check', 1)")
        ahead = conn.execute(
            "SELECT count(*) FROM complaint k JOIN complaint_counter n ON n.day = substr(k.number, -13, 8) "
            "WHERE CAST(substr(k.number, -4) AS INTEGER) > n.last").fetchone()[0]
        assert ahead == 0
        assert conn.execute("SELECT count(DISTINCT number) FROM complaint").fetchone()[0] == 300
    finally:
        conn.close()
    found = run_query(db, ComplaintQuery(admin, text="检定证书"), NOW.date())
    assert found.count > 0


def test_the_lifecycle_takes_a_demo_complaint_further(loaded: tuple[Database, int]) -> None:
    db, admin = loaded
    with db.read() as s:
        received = s.scalars(select(Complaint.id).where(Complaint.status == "received")).first()
        closed = s.scalars(select(Complaint.id).where(Complaint.status == "closed")).first()
    assert received is not None and closed is not None
    lifecycle.accept(db, admin, received, "phone", now=NOW)
    with pytest.raises(lifecycle.Refused):
        lifecycle.add_note(db, admin, closed, "已归档的投诉不能再改", now=NOW)
