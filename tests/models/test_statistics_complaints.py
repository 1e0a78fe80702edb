"""The complaints and institutions figures of a period reconcile: every count equals the count of the list it
opens (complaints list or requests list), and SQL written here gives the same totals. What the viewer may not
see in the complaints list (complaints about themselves) is not counted for them either."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from desktop.demo import demo_clients, demo_complaints, demo_requests
from desktop.models.complaints import complaint_list
from desktop.models.requests import request_list
from desktop.models.statistics.complaint_figures import complaints
from desktop.models.statistics.institution_figures import institutions
from desktop.models.statistics.intake_figures import Cell, StatsQuery
from tests.support.requests import Station, make_station

NOW = datetime(2026, 11, 23, 4, tzinfo=UTC)
TODAY = date(2026, 11, 23)
START, END = date(2025, 12, 1), date(2026, 11, 30)


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    st = make_station(tmp_path_factory.mktemp("complaint-figures") / "station.sqlite3")
    demo_clients.generate_clients(st.db, 60, st.admin)
    demo_requests.generate_requests(st.db, 900, st.admin, now=NOW)
    demo_complaints.generate_complaints(st.db, 400, st.admin, now=NOW)
    yield st
    st.db.close()


def _count(st: Station, cell: Cell) -> int:
    if cell.page == "complaints":
        return complaint_list.run_query(st.db, cell.query, TODAY).count
    return request_list.run_query(st.db, cell.query, TODAY).count


@pytest.mark.parametrize("viewer", ["admin", "clerk"])
def test_complaint_cells_reconcile_with_the_complaints_list(station: Station, viewer: str) -> None:
    f = complaints(station.db, station.ids[viewer], START, END, TODAY)
    assert f.received.count > 0
    cells = [f.received, *f.by_category, *f.by_channel, *f.by_subject, *f.by_ending]
    for cell in cells:
        assert cell.page == "complaints"
        assert _count(station, cell) == cell.count, cell
    assert sum(c.count for c in f.by_channel) == f.received.count
    assert sum(c.count for c in f.by_ending) == f.received.count
    assert sum(c.count for c in f.by_subject) >= f.received.count
    assert f.median_days is not None and f.median_days >= 0


def test_complaint_totals_match_sql_written_apart(station: Station) -> None:
    f = complaints(station.db, station.admin, START, END, TODAY)
    conn = sqlite3.connect(station.path)
    try:
        where = ("datetime(received_at, '+8 hours') >= '2025-12-01' AND datetime(received_at, '+8 hours') < "
                 "'2026-12-01' AND (about_staff_id IS NULL OR about_staff_id <> ?)")
        total = conn.execute(f"SELECT count(*) FROM complaint WHERE {where}", (station.admin,)).fetchone()[0]
        valid = conn.execute(f"SELECT count(*) FROM complaint WHERE {where} AND status = 'closed' AND valid = 1",
                             (station.admin,)).fetchone()[0]
    finally:
        conn.close()
    assert f.received.count == total
    assert {c.key: c.count for c in f.by_ending}["valid"] == valid


def test_institution_cells_reconcile_with_their_lists(station: Station) -> None:
    q = StatsQuery(START, END)
    rows = institutions(station.db, station.admin, q, TODAY)
    assert rows and any(r.referred.count for r in rows)
    for r in rows:
        for cell in (r.referred, r.on_time, r.late, r.valid_complaints):
            assert _count(station, cell) == cell.count, (r.name, cell)
        assert r.on_time.count + r.late.count <= r.referred.count
        assert r.average is None or 1 <= r.average <= 5
    conn = sqlite3.connect(station.path)
    try:
        referred = conn.execute(
            "SELECT count(*) FROM service_request WHERE institution_id IS NOT NULL AND "
            "datetime(received_at, '+8 hours') >= '2025-12-01' AND datetime(received_at, '+8 hours') < "
            "'2026-12-01'").fetchone()[0]
    finally:
        conn.close()
    assert sum(r.referred.count for r in rows) == referred


def test_improvement_cells_reconcile_with_the_rectifications_list(station: Station) -> None:
    from desktop.models.improvement.auto_open import open_missing
    from desktop.models.improvement.rectifications import list_rectifications
    from desktop.models.statistics.improvement_figures import improvement

    open_missing(station.db)  # the demo's rows were written with plain SQL
    f = improvement(station.db, station.admin, START, END, TODAY)
    assert f.opened.count > 0 and f.opened.page == "improvement"
    for cell in (f.opened, f.closed, f.still_open, f.overdue):
        assert len(list_rectifications(station.db, cell.query, TODAY)) == cell.count, cell.key
    assert f.opened.count == f.closed.count + f.still_open.count == f.from_reviews + f.from_complaints
    conn = sqlite3.connect(station.path)
    try:
        opened = conn.execute(
            "SELECT count(*) FROM rectification WHERE datetime(opened_at, '+8 hours') >= '2025-12-01' "
            "AND datetime(opened_at, '+8 hours') < '2026-12-01'").fetchone()[0]
        low = conn.execute(
            "SELECT count(*) FROM evaluation WHERE (demand_matching <= 2 OR service_level <= 2 OR attitude <= 2 OR "
            "complaint_handling <= 2) AND datetime(at, '+8 hours') >= '2025-12-01' AND "
            "datetime(at, '+8 hours') < '2026-12-01'").fetchone()[0]
    finally:
        conn.close()
    assert f.opened.count == opened and f.from_reviews == low  # every bad review of the period has its own


def test_the_suggestions_name_the_weakest_figures(station: Station) -> None:
    from desktop.models.statistics.satisfaction_figures import satisfaction
    from desktop.models.statistics.suggestions import STAGE_RATE, suggestions
    from desktop.models.statistics.time_limit_figures import time_limits

    q = StatsQuery(START, END)
    stages = time_limits(station.db, q, TODAY)
    found = suggestions(stages, institutions(station.db, station.admin, q, TODAY), satisfaction(station.db, q),
                        START, END)
    worst = min((s for s in stages if s.rate is not None), key=lambda s: s.rate or 0)
    assert worst.rate is not None and worst.rate < STAGE_RATE  # the demo's expert feedback is often late
    assert found[0].kind == "overdue" and f"{worst.rate:.0%}" in found[0].finding
    assert all(s.finding and s.problem for s in found)
