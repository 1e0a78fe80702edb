"""The city publishes a year's holiday schedule at the hub; each station applies it at its next sync. Real hub
process on loopback, real sockets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cityhub import cli as hub_cli
from desktop.models.requests import workdays
from desktop.models.requests.workdays import CalendarEntry
from desktop.sync import service
from tests.support.hub_process import HubProcess, connect
from tests.support.requests import Station
from tests.support.stations import audit_entries


def _publish(hub: HubProcess, tmp_path: Path, year: int, lines: list[str],
             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"{year}.csv"
    path.write_text("\n".join(["日期,类型,名称", *lines]) + "\n", encoding="utf-8")
    assert hub_cli.main(["holidays", "publish", "--year", str(year), "--file", str(path), "--db", hub.db_url]) == 0
    capsys.readouterr()


def test_the_citys_schedule_reaches_the_calendar(st: Station, hub: HubProcess, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    connect(st, hub, hub.url)
    assert service.sync_once(st.db, tmp_path).holiday_years == []  # nothing published yet
    assert workdays.calendar_entries(st.db, 2027) == []
    workdays.set_calendar_day(st.db, st.admin, date(2026, 12, 31), "holiday", "本站自定")  # another year: kept
    _publish(hub, tmp_path, 2027, ["2027-01-01,法定节假日,元旦", "2027-02-06,调休上班日,春节调休上班",
                                   "2027-02-08,法定节假日,春节"], capsys)
    summary = service.sync_once(st.db, tmp_path)
    assert summary.holiday_years == [2027]
    assert any(c.entity.__name__ == "CalendarDay" for c in summary.changes)  # open calendar pages refresh
    assert workdays.calendar_entries(st.db, 2027) == [
        CalendarEntry(date(2027, 1, 1), "holiday", "元旦", "city"),
        CalendarEntry(date(2027, 2, 6), "workday", "春节调休上班", "city"),
        CalendarEntry(date(2027, 2, 8), "holiday", "春节", "city")]
    assert workdays.calendar(st.db).add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 6)
    [event] = [e for e in audit_entries(st.db, "calendar_day", "event") if "city_schedule" in e["changes"]]
    assert event["changes"]["city_schedule"] == 2027 and event["changes"]["days"] == 3
    assert workdays.calendar_entries(st.db, 2026)[-1] == CalendarEntry(date(2026, 12, 31), "holiday", "本站自定")

    assert service.sync_once(st.db, tmp_path).holiday_years == []  # unchanged: not applied again
    # the city's official schedule wins over what the station had for the year (shipped or entered here)
    workdays.set_calendar_day(st.db, st.admin, date(2027, 3, 1), "holiday", "本站自定")
    _publish(hub, tmp_path, 2027, ["2027-02-08,法定节假日,春节", "2027-02-09,法定节假日,春节"], capsys)
    _publish(hub, tmp_path, 2026, ["2026-10-01,法定节假日,国庆节"], capsys)
    assert service.sync_once(st.db, tmp_path).holiday_years == [2026, 2027]
    assert [(e.day, e.source) for e in workdays.calendar_entries(st.db, 2027)] == [
        (date(2027, 2, 8), "city"), (date(2027, 2, 9), "city")]
    assert [(e.day, e.source) for e in workdays.calendar_entries(st.db, 2026)] == [(date(2026, 10, 1), "city")]
    assert len(workdays.calendar_entries(st.db, 2025)) == 23  # a year the city did not publish is untouched
