"""The intake figures of a period reconcile: every cell's count equals the count of the requests list it opens,
and independent SQL (written here) gives the same totals. Period boundaries are the station's local days (a
request received at 23:30 on the last day of a month in Beijing time belongs to that month)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop.demo import demo_clients, demo_requests
from desktop.models.core.clock import from_local
from desktop.models.core.db import Database
from desktop.models.requests.request_list import RequestQuery, run_query
from desktop.models.statistics.intake_figures import StatsQuery, intake
from tests.support.requests import ITEM, Station, make_station, new_request

NOW = datetime(2026, 11, 23, 4, tzinfo=UTC)
YEAR = StatsQuery(date(2025, 12, 1), date(2026, 11, 30))


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    st = make_station(tmp_path_factory.mktemp("statistics") / "station.sqlite3")
    demo_clients.generate_clients(st.db, 80, st.admin)
    demo_requests.generate_requests(st.db, 1500, st.admin, now=NOW)
    yield st
    st.db.close()


def _count(db: Database, q: RequestQuery) -> int:
    return run_query(db, q, NOW.date()).count


def _cells(figures: object) -> list[object]:
    # a district's, an industry's or a size's "" (none) is counted but opens no list (the list cannot ask for none)
    return [c for name in ("by_category", "by_channel", "by_district", "by_size", "by_industry", "by_month",
                           "by_status", "by_outcome")
            for c in getattr(figures, name) if c.query is not None]


@pytest.mark.parametrize("q", [YEAR, StatsQuery(date(2026, 3, 1), date(2026, 3, 31), channel="phone"),
                               StatsQuery(date(2025, 1, 1), date(2026, 11, 30), category_id=1)],
                         ids=["year", "march-phone", "two-years-category"])
def test_every_cell_reconciles_with_its_list(station: Station, q: StatsQuery) -> None:
    figures = intake(station.db, q)
    assert figures.received == _count(station.db, q.requests()) > 0
    for cell in _cells(figures):
        assert cell.count == _count(station.db, cell.query), cell  # type: ignore[attr-defined]
    assert sum(c.count for c in figures.by_channel) == figures.received
    assert sum(c.count for c in figures.by_month) == figures.received
    assert sum(c.count for c in figures.by_status) == figures.received
    assert sum(c.count for c in figures.by_size) == sum(c.count for c in figures.by_industry) == figures.received
    assert [c.key for c in figures.by_size if c.key] == [s for s in ("micro", "small", "medium", "large")
                                                         if any(c.key == s for c in figures.by_size)]
    assert sum(c.count for c in figures.by_category) >= figures.received  # several categories count in each


def test_the_totals_match_sql_written_apart(station: Station) -> None:
    import sqlite3

    figures = intake(station.db, YEAR)
    conn = sqlite3.connect(station.path)
    try:
        # Beijing time is UTC+8 with no summer time: a local day starts at 16:00 UTC the day before
        by_month = dict(conn.execute(
            "SELECT strftime('%Y-%m', datetime(received_at, '+8 hours')), count(*) FROM service_request "
            "WHERE datetime(received_at, '+8 hours') >= '2025-12-01' AND datetime(received_at, '+8 hours') < "
            "'2026-12-01' GROUP BY 1").fetchall())
        sizes = dict(conn.execute(
            "SELECT coalesce(c.size, ''), count(*) FROM service_request r JOIN client c ON c.id = r.client_id "
            "WHERE datetime(r.received_at, '+8 hours') >= '2025-12-01' AND datetime(r.received_at, '+8 hours') < "
            "'2026-12-01' GROUP BY 1").fetchall())
    finally:
        conn.close()
    assert {c.key: c.count for c in figures.by_size} == sizes and len(sizes) >= 4
    assert {c.key: c.count for c in figures.by_month if c.count} == by_month
    assert [c.key for c in figures.by_month] == ["2025-12", *(f"2026-{m:02d}" for m in range(1, 12))]


def test_a_request_at_2330_on_the_last_day_of_a_month_counts_in_that_month(station: Station) -> None:
    late = from_local(datetime(2026, 10, 31, 23, 30))  # 15:30 UTC: still 31 October at the station
    rid = new_request(station, now=late, items=(ITEM,))
    october = intake(station.db, StatsQuery(date(2026, 10, 1), date(2026, 10, 31)))
    november = intake(station.db, StatsQuery(date(2026, 11, 1), date(2026, 11, 30)))
    assert rid in (run_query(station.db, october.by_month[0].query, NOW.date()).ids or [])
    assert rid not in (run_query(station.db, november.by_month[0].query, NOW.date()).ids or [])


def test_outcomes_as_the_lifecycle_records_them(station: Station) -> None:
    import sqlite3

    figures = intake(station.db, YEAR)
    got = {c.key: c.count for c in figures.by_outcome}
    assert set(got) == {"answered", "referred", "escalated", "completed", "withdrawn"}
    conn = sqlite3.connect(station.path)
    try:
        where = ("WHERE datetime(r.received_at, '+8 hours') >= '2025-12-01' AND "
                 "datetime(r.received_at, '+8 hours') < '2026-12-01'")

        def n(extra: str) -> int:
            return int(conn.execute(f"SELECT count(*) FROM service_request r {where} AND {extra}").fetchone()[0])

        # by the timeline, written apart from the figures' own rules
        assert got["answered"] == n("EXISTS (SELECT 1 FROM request_event e WHERE e.request_id = r.id "
                                    "AND e.kind = 'answered')") > 0
        assert got["referred"] == n("EXISTS (SELECT 1 FROM request_event e WHERE e.request_id = r.id "
                                    "AND e.kind = 'referred')") > 0
        assert got["escalated"] == n("EXISTS (SELECT 1 FROM request_event e WHERE e.request_id = r.id "
                                     "AND e.kind = 'escalated')") > 0
        assert got["withdrawn"] == n("r.status = 'withdrawn'") > 0
        assert got["completed"] >= got["answered"]
    finally:
        conn.close()


def test_satisfaction_of_the_period(station: Station) -> None:
    import sqlite3

    from desktop.models.statistics.satisfaction_figures import satisfaction

    figures = satisfaction(station.db, YEAR)
    for cell in (figures.evaluated, figures.dissatisfied):
        assert cell.count == _count(station.db, cell.query)  # the list it opens counts the same
    assert 0 < figures.dissatisfied.count <= figures.evaluated.count <= figures.completed
    assert figures.return_visit_rate is not None and 0 < figures.return_visit_rate <= 1
    conn = sqlite3.connect(station.path)
    try:
        rows = conn.execute(
            "SELECT e.attitude, e.evaluator_type FROM evaluation e JOIN service_request r ON r.id = e.request_id "
            "WHERE datetime(r.received_at, '+8 hours') >= '2025-12-01' AND "
            "datetime(r.received_at, '+8 hours') < '2026-12-01'").fetchall()
    finally:
        conn.close()
    attitude = next(d for d in figures.dimensions if d.key == "attitude")
    assert figures.evaluations == len(rows)
    assert attitude.average == pytest.approx(sum(a for a, _t in rows) / len(rows))
    assert attitude.satisfied == pytest.approx(sum(a >= 4 for a, _t in rows) / len(rows))
    assert attitude.dissatisfied == pytest.approx(sum(a <= 2 for a, _t in rows) / len(rows))
    assert sum(figures.by_evaluator.values()) == len(rows)
