"""The official holiday schedule a station starts with (migration 0007): due dates on a new station follow the
State Council's schedule, and an upgraded station keeps the days its admin entered."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

import desktop
from desktop.models.core.db import Database, alembic_config, make_engine, migrate
from desktop.models.requests import workdays
from desktop.models.requests.workdays import CalendarEntry

SEED = Path(desktop.__file__).parent / "resources" / "holidays" / "official.csv"


def _official() -> dict[date, tuple[str, str]]:
    """The shipped schedule, read straight from the file: day -> (kind, name)."""
    with SEED.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {date.fromisoformat(r["date"]): (r["kind"], r["name"]) for r in rows}


def _expected_due(start: date, days: int, official: dict[date, tuple[str, str]]) -> date:
    """The due date counted by hand: step day by day, count the days people work."""
    day, left = start, days
    while left:
        day += timedelta(days=1)
        kind = official.get(day, ("", ""))[0]
        if kind == "workday" or (kind != "holiday" and day.weekday() < 5):
            left -= 1
    return day


def test_the_file_is_the_official_schedule() -> None:
    official = _official()
    assert min(official).year == 2004 and max(official).year == 2026
    # 2025 Spring Festival: 28 January to 4 February off, Sunday 26 January and Saturday 8 February worked
    spring_2025 = {day: kind for day, (kind, _) in official.items() if date(2025, 1, 20) <= day <= date(2025, 2, 10)}
    assert spring_2025 == {date(2025, 1, 26): "workday", date(2025, 1, 28): "holiday", date(2025, 1, 29): "holiday",
                           date(2025, 1, 30): "holiday", date(2025, 1, 31): "holiday", date(2025, 2, 3): "holiday",
                           date(2025, 2, 4): "holiday", date(2025, 2, 8): "workday"}
    assert official[date(2025, 1, 28)] == ("holiday", "春节")
    assert official[date(2025, 2, 8)] == ("workday", "春节调休上班")
    # 2026: Spring Festival 15-23 February (Saturday 14 and 28 February worked), National Day 1-7 October
    assert [d for d, (k, _) in official.items() if d.year == 2026 and d.month == 2 and k == "holiday"] == [
        date(2026, 2, n) for n in (16, 17, 18, 19, 20, 23)]
    assert [d for d, (k, _) in official.items() if d.year == 2026 and k == "workday"] == [
        date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
        date(2026, 10, 10)]
    # the calendar's own rules hold for every row: holidays on weekdays, make-up workdays on weekends
    assert all((kind == "holiday") == (day.weekday() < 5) for day, (kind, _) in official.items())
    assert all(0 < len(name) <= 50 for _, name in official.values())


def test_a_new_station_counts_on_the_official_schedule(tmp_path: Path) -> None:
    """The issue's figure: every start day of 2025-2026, with limits of 1 and 20 working days."""
    official = _official()
    db = Database(tmp_path / "new.sqlite3")
    try:
        cal = workdays.calendar(db)
        entries = workdays.calendar_entries(db)
        assert {e.day: (e.kind, e.name) for e in entries} == official
        assert {e.source for e in entries} == {"official"}
    finally:
        db.close()
    start, wrong = date(2025, 1, 1), []
    while start <= date(2026, 12, 31):
        for days in (1, 20):
            if cal.add_working_days(start, days) != _expected_due(start, days, official):
                wrong.append((start, days))
        start += timedelta(days=1)
    assert wrong == []
    # requests received before the Spring Festival are not overdue during it
    assert cal.add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 5)
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)  # the make-up Sunday


@pytest.mark.real_migrations
def test_an_upgraded_station_keeps_its_own_days(tmp_path: Path) -> None:
    """Merge rule: a day the station already has keeps its row; the schedule fills in every other day."""
    engine = make_engine(tmp_path / "old.sqlite3")
    migrate(engine, "0005")
    with engine.begin() as c:
        c.execute(text("INSERT INTO calendar_day (day, kind, name) VALUES"
                       " ('2025-01-28', 'holiday', '本站春节'), ('2025-10-09', 'holiday', '本站自定'),"
                       " ('2027-02-08', 'holiday', '2027年春节')"))
    migrate(engine)
    engine.dispose()
    db = Database(tmp_path / "old.sqlite3")
    try:
        entries = {e.day: e for e in workdays.calendar_entries(db)}
    finally:
        db.close()
    assert entries[date(2025, 1, 28)] == CalendarEntry(date(2025, 1, 28), "holiday", "本站春节", "station")
    assert entries[date(2025, 10, 9)] == CalendarEntry(date(2025, 10, 9), "holiday", "本站自定", "station")
    assert entries[date(2027, 2, 8)].source == "station"
    assert entries[date(2025, 1, 29)] == CalendarEntry(date(2025, 1, 29), "holiday", "春节", "official")
    official = _official()
    assert set(entries) == set(official) | {date(2025, 10, 9), date(2027, 2, 8)}
    engine = make_engine(tmp_path / "old.sqlite3")
    command.downgrade(alembic_config(engine), "0005")  # and back down: the station's own rows stay
    with engine.connect() as c:
        left = c.execute(text("SELECT day, name FROM calendar_day ORDER BY day")).all()
    engine.dispose()
    assert [tuple(r) for r in left] == [("2025-01-28", "本站春节"), ("2025-10-09", "本站自定"),
                                        ("2027-02-08", "2027年春节")]
