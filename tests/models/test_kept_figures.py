"""The kept figures (``request_figures``, ``request_day_figures``) stay exact: after a bulk load and every kind of
write the lifecycle makes, a period's figures from them equal the figures counted from the records by the same
rules; the sums kept write by write equal a count of everything at once; a change of the station's zone counts
everything again; the migration's frozen SQL is still the app's."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.demo import demo_clients, demo_requests
from desktop.models.core import clock
from desktop.models.requests.stages import local_modifier
from desktop.models.statistics import (
    institution_figures,
    intake_figures,
    kept_figures,
    period_sums,
    satisfaction_figures,
    time_limit_figures,
)
from desktop.models.statistics.intake_figures import StatsQuery, period_where
from tests.support import counted_figures as counted
from tests.support.requests import ITEM, Station, evaluation_input, make_station, new_request, perform

NOW = datetime(2026, 11, 23, 4, tzinfo=UTC)
TODAY = date(2026, 11, 23)
YEAR = StatsQuery(date(2025, 12, 1), date(2026, 11, 30))
PERIODS = [YEAR, StatsQuery(date(2026, 11, 1), date(2026, 11, 23)), StatsQuery(date(2026, 2, 28), date(2026, 3, 1)),
           StatsQuery(date(2020, 1, 1), date(2030, 12, 31)),
           # filtered: the period's request_figures rows under the filter, not the days' sums
           replace(YEAR, channel="phone"), replace(YEAR, district="柳南区"), replace(YEAR, handler_id=1),
           replace(YEAR, category_id=1), replace(YEAR, channel="window", district="鱼峰区", category_id=2)]
FROZEN = Path(__file__).parents[2] / "desktop/models/migrations/versions/0015_request_figures.json"


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    """A bulk-loaded year, then requests taken through every step one write at a time."""
    st = make_station(tmp_path_factory.mktemp("kept") / "station.sqlite3")
    demo_clients.generate_clients(st.db, 40, st.admin)
    demo_requests.generate_requests(st.db, 900, st.admin, now=NOW)
    paths = [("answer",), ("register", "refer", "start_service"), ("register", "refer", "start_service", "complete",
             "give_feedback", "evaluate"), ("register", "escalate"), ("register", "withdraw"), ("edit",),
             ("register", "await_instruction", "instruction_received", "refer")]
    for n, steps in enumerate(paths * 3):
        at = NOW - timedelta(days=40 * n + 1)
        rid = new_request(st, now=at)
        for step in steps:
            at += timedelta(days=3)
            perform(st, step, st.admin, rid, now=at)
    rid = new_request(st, now=NOW - timedelta(days=5))
    for step in ("register", "refer", "start_service", "complete", "give_feedback"):
        perform(st, step, st.admin, rid, now=NOW - timedelta(days=4))
    from desktop.models.requests import lifecycle
    lifecycle.evaluate(st.db, st.admin, rid, evaluation_input(NOW - timedelta(days=3), attitude=1),
                       now=NOW - timedelta(days=3))
    with st.db.begin(st.admin) as s:  # a client's industry and size changed: its requests move
        s.execute(text("UPDATE client SET industry = '食品制造', size = 'micro' WHERE id = :c"), {"c": st.client_id})
    yield st
    st.db.close()


def _name(q: StatsQuery) -> str:
    filters = [str(v) for v in (q.channel, q.district, q.handler_id, q.category_id) if v not in ("", None)]
    return f"{q.start}..{q.end}" + (f"[{','.join(filters)}]" if filters else "")


@pytest.mark.parametrize("q", PERIODS, ids=_name)
def test_kept_figures_equal_the_figures_counted_from_the_records(station: Station, q: StatsQuery) -> None:
    db = station.db
    assert intake_figures.totals(db, q) == counted.intake(db, q)
    assert satisfaction_figures.totals(db, q) == counted.satisfaction(db, q)

    clause, params = period_where(q)
    params |= {"today": TODAY.isoformat(), "tz": local_modifier()}
    counts, pairs = time_limit_figures.totals(db, q, params)
    with db.read() as s:
        assert counts == counted.stage_counts(s, clause, params)
        expected = counted.stage_pairs(s, clause, params)
        assert {k: sorted(v) for k, v in pairs.items()} == {k: sorted(v) for k, v in expected.items()}
        kept, averages = institution_figures.totals(s, q, clause, params)
        referred, expected_averages = counted.institutions(s, clause, params)
    assert kept == referred
    assert averages == pytest.approx(expected_averages)


def test_the_year_has_every_kind_of_figure(station: Station) -> None:
    """The comparison above is not of empty figures."""
    q = YEAR
    totals, outcomes, categories = intake_figures.totals(station.db, q)
    assert sum(totals["status"].values()) > 300 and len(categories) > 3
    assert all(outcomes[name] > 0 for name in ("answered", "referred", "escalated", "completed", "withdrawn"))
    completed, evaluated, unhappy, n, _scores, _by = satisfaction_figures.totals(station.db, q)
    assert completed > evaluated > unhappy > 0 and n >= evaluated


def _day_sums(path: Path) -> dict[tuple[str, str, str], int]:
    conn = sqlite3.connect(path)
    try:
        return {(d, k, v): n for d, k, v, n in conn.execute("SELECT day, dim, value, n FROM request_day_figures")
                if n}
    finally:
        conn.close()


def test_the_sums_kept_write_by_write_equal_a_count_of_everything(station: Station, tmp_path: Path) -> None:
    kept = _day_sums(station.path)
    copy = tmp_path / "copy.sqlite3"
    source, target = sqlite3.connect(station.path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    with target:
        kept_figures.refill(target.execute)
    target.close()
    assert _day_sums(copy) == kept and len(kept) > 1000


def test_a_new_zone_counts_everything_again(station: Station, tmp_path: Path) -> None:
    from desktop.models.core.db import Database

    copy = tmp_path / "zone.sqlite3"
    source, target = sqlite3.connect(station.path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    db = Database(copy)
    q = YEAR
    try:
        clock.use_time_zone("Asia/Tokyo")  # an hour later than Beijing: some requests move to the next day
        period_sums.ensure_current(db)
        with db.read() as s:
            assert s.execute(text("SELECT modifier FROM request_figures_state")).scalar() == "+540 minutes"
        assert intake_figures.totals(db, q) == counted.intake(db, q)
    finally:
        clock.use_time_zone("Asia/Shanghai")
        db.close()


def test_the_migration_keeps_the_apps_sql() -> None:
    """0015's frozen copy is what kept_figures.py writes; if a rule changed, a new migration must copy it."""
    assert json.loads(FROZEN.read_text(encoding="utf-8")) == kept_figures.frozen()


def test_a_request_received_late_on_a_months_last_day_counts_in_that_month(station: Station) -> None:
    rid = new_request(station, now=datetime(2026, 1, 31, 15, 45, tzinfo=UTC), items=(ITEM,))  # 23:45 in Beijing
    with station.db.read() as s:
        day = s.execute(text("SELECT day FROM request_figures WHERE request_id = :r"), {"r": rid}).scalar()
    assert day == "2026-01-31"


def test_a_lost_state_row_is_put_back_by_the_next_count(station: Station, tmp_path: Path) -> None:
    """Without its one row, writes of requests still go through (their days in UTC meanwhile), and the next
    figures count everything again and put the row back."""
    from desktop.models.core.db import Database

    copy = tmp_path / "lost.sqlite3"
    source, target = sqlite3.connect(station.path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("DELETE FROM request_figures_state")
    target.commit()
    target.close()
    db = Database(copy)
    try:
        new_request(Station(db, station.ids, station.client_id, station.institution_id, copy),
                    now=NOW - timedelta(days=2))
        period_sums.ensure_current(db)
        with db.read() as s:
            assert s.execute(text("SELECT modifier, bulk FROM request_figures_state")).one() == (local_modifier(), 0)
        assert intake_figures.totals(db, YEAR) == counted.intake(db, YEAR)
    finally:
        db.close()
