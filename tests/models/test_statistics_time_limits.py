"""The time-limit figures of a period reconcile: each stage's on-time, late and overdue counts equal the counts of
the requests lists they open, and a computation written here in Python from the raw rows (not the app's SQL)
gives the same numbers; the median of working days is checked the same way."""

from __future__ import annotations

import sqlite3
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.demo import demo_clients, demo_requests
from desktop.models.core.clock import from_local, to_local
from desktop.models.requests import lifecycle, workdays
from desktop.models.requests.request_list import run_query
from desktop.models.statistics.intake_figures import StatsQuery
from desktop.models.statistics.time_limit_figures import time_limits
from tests.support.requests import ITEM, Station, make_station, new_request

NOW = datetime(2026, 11, 23, 4, tzinfo=UTC)
TODAY = date(2026, 11, 23)
YEAR = StatsQuery(date(2025, 12, 1), date(2026, 11, 30))


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    st = make_station(tmp_path_factory.mktemp("time-limits") / "station.sqlite3")
    demo_clients.generate_clients(st.db, 60, st.admin)
    demo_requests.generate_requests(st.db, 1200, st.admin, now=NOW)
    yield st
    st.db.close()


def _local_day(stored: str | None) -> date | None:
    if stored is None:
        return None
    local = to_local(datetime.fromisoformat(stored))
    assert local is not None
    return local.date()


def _expected(path: object, q: StatsQuery) -> dict[str, tuple[int, int, int, list[int]]]:
    """Each stage's (on time, late, overdue, working days of those done) from the raw rows, in Python."""
    conn = sqlite3.connect(path)  # type: ignore[arg-type]
    try:
        rows = conn.execute(
            "SELECT id, channel, status, received_at, responded_at, completed_at, response_due, handover_due, "
            "feedback_due, completion_due FROM service_request").fetchall()
        events: dict[int, list[str]] = {}
        for rid, at in conn.execute("SELECT request_id, at FROM request_event WHERE kind IN ('referred', 'escalated')"):
            events.setdefault(rid, []).append(at)
        latest: dict[int, tuple[str, str | None]] = {}
        for rid, referred, responded in conn.execute("SELECT request_id, referred_at, responded_at FROM referral "
                                                     "ORDER BY id"):
            latest[rid] = (referred, responded)
        days_off = conn.execute("SELECT day, kind FROM calendar_day").fetchall()
        calendar = workdays.Calendar(frozenset(date.fromisoformat(d) for d, k in days_off if k == "holiday"),
                                     frozenset(date.fromisoformat(d) for d, k in days_off if k == "workday"))
    finally:
        conn.close()
    waiting = {"response": {"received"}, "handover": {"registered"}, "feedback": {"referred"},
               "completion": {"received", "registered", "awaiting_instruction", "referred", "in_service"}}
    out: dict[str, tuple[int, int, int, list[int]]] = {}
    for stage in ("response", "handover", "feedback", "completion"):
        on_time = late = overdue = 0
        days: list[int] = []
        for rid, channel, status, received, responded, completed, *dues in rows:
            if not q.start <= _local_day(received) <= q.end or q.channel not in ("", channel):  # type: ignore[operator]
                continue
            due_text = dict(zip(("response", "handover", "feedback", "completion"), dues, strict=True))[stage]
            if due_text is None:
                continue
            due = date.fromisoformat(due_text)
            done, started = {"response": (responded, received),
                             "handover": (min(events[rid]) if rid in events else None, responded),
                             "feedback": (latest.get(rid, (None, None))[1], latest.get(rid, (None, None))[0]),
                             "completion": (completed, received)}[stage]
            done_day = _local_day(done)
            if done_day is not None and done_day <= due:
                on_time += 1
            elif (done_day is not None and done_day > due) or (done is None and status in waiting[stage]
                                                               and due < TODAY):
                late += 1
            overdue += done is None and status in waiting[stage] and due < TODAY
            if done_day is not None and started is not None:
                days.append(calendar.working_days_between(_local_day(started), done_day))  # type: ignore[arg-type]
        out[stage] = (on_time, late, overdue, days)
    return out


@pytest.mark.parametrize("q", [YEAR, StatsQuery(date(2026, 6, 1), date(2026, 8, 31), channel="phone")],
                         ids=["year", "summer-phone"])
def test_each_stage_reconciles_with_its_list_and_with_python(station: Station, q: StatsQuery) -> None:
    expected = _expected(station.path, q)
    figures = time_limits(station.db, q, TODAY)
    assert [f.key for f in figures] == ["response", "handover", "feedback", "completion"]
    for f in figures:
        on_time, late, overdue, days = expected[f.key]
        assert (f.on_time.count, f.late.count, f.overdue.count) == (on_time, late, overdue), f.key
        for cell in (f.on_time, f.late, f.overdue):
            assert run_query(station.db, cell.query, TODAY).count == cell.count, (f.key, cell.query.outcome)
        assert f.median_days == (statistics.median(days) if days else None), f.key
    response = figures[0]
    assert response.on_time.count + response.late.count > 0
    assert response.rate is not None and 0 <= response.rate <= 1


def test_a_response_at_2330_on_its_due_day_is_on_time_and_one_the_next_morning_is_late(station: Station) -> None:
    received = from_local(datetime(2026, 11, 16, 9, 0))  # a Monday
    on_time, late = (new_request(station, now=received, items=(ITEM,)) for _ in range(2))
    due = _due(station, on_time)
    lifecycle.register(station.db, station.admin, on_time, "带营业执照",
                       now=from_local(datetime.combine(due, datetime.min.time()) + timedelta(hours=23, minutes=30)))
    lifecycle.register(station.db, station.admin, late, "带营业执照",
                       now=from_local(datetime.combine(due + timedelta(days=1), datetime.min.time())
                                      + timedelta(hours=8)))
    week = StatsQuery(date(2026, 11, 16), date(2026, 11, 16))
    response = time_limits(station.db, week, TODAY)[0]
    assert on_time in (run_query(station.db, response.on_time.query, TODAY).ids or [])
    assert late in (run_query(station.db, response.late.query, TODAY).ids or [])


def _due(station: Station, request_id: int) -> date:
    conn = sqlite3.connect(station.path)
    try:
        return date.fromisoformat(conn.execute("SELECT response_due FROM service_request WHERE id = ?",
                                               (request_id,)).fetchone()[0])
    finally:
        conn.close()


def test_the_median_of_weighted_groups() -> None:
    calendar = workdays.Calendar()
    monday = date(2026, 11, 16)
    groups = [(monday.isoformat(), (monday + timedelta(days=n)).isoformat(), k) for n, k in ((1, 3), (2, 1), (3, 2))]
    assert workdays.median_working_days(groups, calendar) == statistics.median([1, 1, 1, 2, 3, 3])
    assert workdays.median_working_days(groups[:2], calendar) == 1
    assert workdays.median_working_days([], calendar) is None
