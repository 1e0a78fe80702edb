"""Working-day arithmetic over weekends, public holidays and make-up workdays, and the admin settings of
the time limits and the holiday calendar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.requests import workdays
from desktop.models.requests.workdays import DEFAULT_LIMITS, Calendar, CalendarEntry, Limits
from tests.support.requests import Station, clear_calendar, clone, make_station


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


# 2026 National Day: 1–7 October off (the weekdays among them are holidays), Sunday 20 September and Saturday
# 10 October worked instead; New Year's Day 2027 is a Friday.
NATIONAL_DAY = Calendar(
    holidays=frozenset({d(10, 1), d(10, 2), d(10, 5), d(10, 6), d(10, 7), d(1, 1, 2027)}),
    workdays=frozenset({d(9, 20), d(10, 10)}),
)


@pytest.mark.parametrize(("start", "days", "due"), [
    (d(11, 23), 0, d(11, 23)),  # Monday, 0 days: the same day
    (d(11, 28), 0, d(11, 28)),  # Saturday, 0 days: still the same day
    (d(11, 23), 1, d(11, 24)),
    (d(11, 27), 1, d(11, 30)),  # Friday + 1: over the weekend to Monday
    (d(11, 28), 1, d(11, 30)),  # received on Saturday: Monday is the first working day
    (d(11, 29), 5, d(12, 4)),
    (d(11, 23), 20, d(12, 21)),  # four whole weeks
])
def test_plain_weeks(start: date, days: int, due: date) -> None:
    assert Calendar().add_working_days(start, days) == due


@pytest.mark.parametrize(("start", "days", "due"), [
    (d(9, 18), 1, d(9, 20)),  # Friday + 1: the make-up Sunday is a working day
    (d(9, 18), 2, d(9, 21)),
    (d(9, 30), 1, d(10, 8)),  # the whole break: Wednesday 30 September + 1 = Thursday 8 October
    (d(9, 30), 2, d(10, 9)),
    (d(9, 30), 3, d(10, 10)),  # the make-up Saturday
    (d(9, 30), 4, d(10, 12)),
    (d(10, 3), 0, d(10, 3)),
    (d(10, 1), 1, d(10, 8)),  # received on a holiday
    (d(12, 31), 1, d(1, 4, 2027)),  # over the year end: New Year's Day and a weekend
    (d(12, 30), 2, d(1, 4, 2027)),
    (d(12, 25), 5, d(1, 4, 2027)),
])
def test_holidays_and_make_up_days(start: date, days: int, due: date) -> None:
    assert NATIONAL_DAY.add_working_days(start, days) == due


def test_is_working_day_and_days_between() -> None:
    cal = NATIONAL_DAY
    assert [cal.is_working_day(d(10, n)) for n in range(1, 13)] == [
        False, False, False, False, False, False, False, True, True, True, False, True]
    assert cal.is_working_day(d(9, 20)) and not cal.is_working_day(d(9, 19))
    assert cal.working_days_between(d(9, 30), d(10, 12)) == 4
    assert cal.working_days_between(d(10, 12), d(9, 30)) == 0
    assert cal.working_days_between(d(11, 23), d(11, 23)) == 0
    assert cal.working_days_between(d(12, 31), d(1, 4, 2027)) == 1
    assert Calendar().working_days_between(d(1, 1), d(12, 31)) == 260  # 2026 has 261 weekdays, 1 January one
    # the two agree: n working days on is n working days between
    for start in (d(9, 18), d(9, 30), d(12, 24)):
        for n in range(0, 30):
            assert cal.working_days_between(start, cal.add_working_days(start, n)) == n
    with pytest.raises(ValueError):
        cal.add_working_days(d(10, 1), -1)


def test_strictest_limits() -> None:
    assert Limits.strictest([]) == DEFAULT_LIMITS == Limits(1, 3, 5, 20)
    assert Limits.strictest([Limits(2, 5, 4, 30), Limits(3, 2, 6, 10), Limits(4, 4, 9, 12)]) == Limits(2, 2, 4, 10)


# ---- settings in the database --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    station = make_station(tmp_path_factory.mktemp("workdays") / "template.sqlite3", roles=("clerk",))
    clear_calendar(station.db)  # these tests enter their own days (the official schedule: test_holiday_seed.py)
    yield station
    station.db.close()


@pytest.fixture
def station(template: Station, tmp_path: Path) -> Iterator[tuple[Database, int, int]]:
    """A station of its own with its admin and a clerk: (db, admin id, clerk id)."""
    own = clone(template, tmp_path / "station.sqlite3")
    yield own.db, own.admin, own.ids["clerk"]
    own.db.close()


def test_calendar_days(station: tuple[Database, int, int]) -> None:
    db, admin, clerk = station
    assert workdays.calendar(db) == Calendar()
    for day in sorted(NATIONAL_DAY.holidays):
        workdays.set_calendar_day(db, admin, day, "holiday", " 国庆节 " if day.month == 10 else "元旦")
    for day in sorted(NATIONAL_DAY.workdays):
        workdays.set_calendar_day(db, admin, day, "workday", "国庆调休")
    assert workdays.calendar(db) == NATIONAL_DAY
    with db.read() as s:
        assert workdays.load_calendar(s).add_working_days(d(9, 30), 3) == d(10, 10)
    entries = workdays.calendar_entries(db, 2026)
    assert entries[0] == CalendarEntry(d(9, 20), "workday", "国庆调休")
    assert entries[1] == CalendarEntry(d(10, 1), "holiday", "国庆节")
    assert [e.day for e in entries] == sorted((NATIONAL_DAY.holidays | NATIONAL_DAY.workdays) - {d(1, 1, 2027)})
    assert [e.day for e in workdays.calendar_entries(db, 2027)] == [d(1, 1, 2027)]
    assert len(workdays.calendar_entries(db)) == 8
    # replacing a day's name, then making it an ordinary day again
    workdays.set_calendar_day(db, admin, d(10, 1), "holiday", "国庆节（第一天）")
    assert workdays.calendar_entries(db, 2026)[1].name == "国庆节（第一天）"
    workdays.clear_calendar_day(db, admin, d(10, 1))
    assert workdays.calendar(db).is_working_day(d(10, 1))
    with pytest.raises(NotFound):
        workdays.clear_calendar_day(db, admin, d(10, 1))
    # admins only
    for call in (lambda: workdays.set_calendar_day(db, clerk, d(10, 1), "holiday"),
                 lambda: workdays.clear_calendar_day(db, clerk, d(10, 2))):
        with pytest.raises(Refused) as info:
            call()
        assert info.value.message == "Only a station admin may do this."
    assert len(workdays.calendar_entries(db)) == 7


@pytest.mark.parametrize(("day", "kind", "name", "keys"), [
    (d(11, 28), "holiday", "", {"day"}),  # a Saturday cannot be a holiday
    (d(11, 29), "holiday", "", {"day"}),
    (d(11, 25), "workday", "", {"day"}),  # a Wednesday is already a working day
    (d(11, 25), "day_off", "", {"kind"}),
    (d(11, 25), "holiday", "假" * 51, {"name"}),
    (d(11, 28), "workday", "假" * 51, {"name"}),
    (d(11, 28), "holiday", "假" * 51, {"day", "name"}),
])
def test_calendar_day_validation(station: tuple[Database, int, int], day: date, kind: str, name: str,
                                 keys: set[str]) -> None:
    db, admin, _ = station
    with pytest.raises(Invalid) as info:
        workdays.set_calendar_day(db, admin, day, kind, name)
    assert set(info.value.errors) == keys
    assert workdays.calendar_entries(db) == []


def test_limits(station: tuple[Database, int, int]) -> None:
    db, admin, clerk = station
    limits = workdays.category_limits(db)
    assert [c.clause for c in limits][:2] == ["5.1", "5.2"] and len(limits) == 12
    assert {c.limits for c in limits} == {DEFAULT_LIMITS}
    assert workdays.set_limits(db, admin, 2, Limits(0, 365, 7, 30)).ids == (2,)
    by_id = {c.category_id: c.limits for c in workdays.category_limits(db)}
    assert by_id[2] == Limits(0, 365, 7, 30) and by_id[1] == DEFAULT_LIMITS
    with db.read() as s:
        assert workdays.limits_for(s, [1, 2]) == Limits(0, 3, 5, 20)
        assert workdays.limits_for(s, []) == DEFAULT_LIMITS
    with pytest.raises(Refused) as info:
        workdays.set_limits(db, clerk, 2, Limits(1, 1, 1, 1))
    assert info.value.message == "Only a station admin may do this."
    with pytest.raises(NotFound):
        workdays.set_limits(db, admin, 999, Limits(1, 1, 1, 1))
    assert {c.category_id: c.limits for c in workdays.category_limits(db)} == by_id


@pytest.mark.parametrize(("values", "keys"), [
    ((-1, 3, 5, 20), {"response_days"}),
    ((1, 366, 5, 20), {"handover_days"}),
    ((1, 3, True, 20), {"feedback_days"}),
    ((1, 3, 5, 2.5), {"completion_days"}),
    ((1, 3, 5, "20"), {"completion_days"}),
    ((None, -5, 400, 20), {"response_days", "handover_days", "feedback_days"}),
])
def test_limits_validation(station: tuple[Database, int, int], values: tuple[object, ...], keys: set[str]) -> None:
    db, admin, _ = station
    with pytest.raises(Invalid) as info:
        workdays.set_limits(db, admin, 1, Limits(*values))  # type: ignore[arg-type]
    assert set(info.value.errors) == keys
    assert info.value.errors[next(iter(keys))] == "Enter a whole number of working days from 0 to 365."
    assert {c.limits for c in workdays.category_limits(db)} == {DEFAULT_LIMITS}


def test_dates_beyond_a_long_break(station: tuple[Database, int, int]) -> None:
    """A limit counted across a long break is as long in working days as on an ordinary week."""
    db, admin, _ = station
    for day in (d(10, 1), d(10, 2), d(10, 5), d(10, 6), d(10, 7)):
        workdays.set_calendar_day(db, admin, day, "holiday", "国庆节")
    cal = workdays.calendar(db)
    assert cal.add_working_days(d(9, 30), 5) == d(10, 14)
    assert cal.add_working_days(d(9, 30), 5) - d(9, 30) == timedelta(days=14)
