"""The holiday calendar as an .xlsx workbook: exported with real date cells, imported back all or nothing, a
year at a time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from desktop.models.core.db import Database
from desktop.models.core.errors import Refused
from desktop.models.core.spreadsheets import BadFile, RowProblem
from desktop.models.requests import calendar_io, workdays
from desktop.models.requests.calendar_io import CalendarRejected
from desktop.models.requests.workdays import CalendarEntry
from tests.support.requests import Station, calendar_workbook, clone, make_station
from tests.support.stations import audit_entries


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    station = make_station(tmp_path_factory.mktemp("calendar_io") / "template.sqlite3", roles=("clerk",))
    yield station
    station.db.close()


@pytest.fixture
def station(template: Station, tmp_path: Path) -> Iterator[tuple[Database, int, int]]:
    own = clone(template, tmp_path / "station.sqlite3")
    yield own.db, own.admin, own.ids["clerk"]
    own.db.close()


def test_export_writes_real_dates(station: tuple[Database, int, int], tmp_path: Path) -> None:
    db, _, _ = station
    out = tmp_path / "2025.xlsx"
    assert calendar_io.export_calendar(db, out, 2025) == len(workdays.calendar_entries(db, 2025)) == 23
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("日期", "类型", "名称", "来源")
    assert rows[1] == (datetime(2025, 1, 1), "法定节假日", "元旦", "国务院公布安排（预置）")
    assert (datetime(2025, 1, 26), "调休上班日", "春节调休上班", "国务院公布安排（预置）") in rows
    assert sheet.cell(2, 1).is_date and sheet.cell(2, 1).number_format == "yyyy-mm-dd"
    assert not (tmp_path / "2025.xlsx.part").exists()
    with pytest.raises(BadFile):
        calendar_io.export_calendar(db, tmp_path / "2025.csv", 2025)


def test_import_replaces_the_years_it_lists(station: tuple[Database, int, int], tmp_path: Path) -> None:
    db, admin, _ = station
    before_2025 = workdays.calendar_entries(db, 2025)
    official_2026 = workdays.calendar_entries(db, 2026)
    path = calendar_workbook(tmp_path / "2026-2027.xlsx", [
        [date(2026, 1, 1), "法定节假日", "元旦"],
        [datetime(2026, 2, 16), "holiday", "春节"],
        ["2026-02-14", "调休上班日", "春节调休上班"],
        [None, None, None],  # an empty line is skipped
        ["2027/2/8", "法定节假日", " 春节 "],
    ])
    result = calendar_io.import_calendar(db, admin, path)
    assert (result.years, result.days) == ((2026, 2027), 4)
    assert workdays.calendar_entries(db, 2026) == [
        CalendarEntry(date(2026, 1, 1), "holiday", "元旦"), CalendarEntry(date(2026, 2, 14), "workday", "春节调休上班"),
        CalendarEntry(date(2026, 2, 16), "holiday", "春节")]  # the rest of 2026 is ordinary now
    assert workdays.calendar_entries(db, 2027) == [CalendarEntry(date(2027, 2, 8), "holiday", "春节")]
    assert workdays.calendar_entries(db, 2025) == before_2025  # a year the file does not list is left alone
    events = [e for e in audit_entries(db) if e["action"] == "event" and e["entity"] == "calendar_day"]
    assert events[-1]["changes"] == {"import": "2026-2027.xlsx", "years": [2026, 2027]}
    assert {e["changes"]["source"][1] for e in audit_entries(db, "calendar_day", "update")} == {"station"}

    # export, edit in a spreadsheet, import back: the same calendar
    out = tmp_path / "all.xlsx"
    calendar_io.export_calendar(db, out)
    calendar_io.import_calendar(db, admin, out)
    assert workdays.calendar_entries(db, 2027) == [CalendarEntry(date(2027, 2, 8), "holiday", "春节")]
    assert len(workdays.calendar_entries(db)) == 557 - len(official_2026) + 3 + 1
    assert {e.source for e in workdays.calendar_entries(db)} == {"station"}


def test_one_bad_line_refuses_the_file(station: tuple[Database, int, int], tmp_path: Path) -> None:
    db, admin, _ = station
    before = workdays.calendar_entries(db)
    path = calendar_workbook(tmp_path / "bad.xlsx", [
        [date(2027, 2, 8), "法定节假日", "春节"],
        ["2027-02-30", "法定节假日", "春节"],  # line 3: no such day
        [date(2027, 2, 6), "法定节假日", "春节"],  # line 4: a Saturday
        [date(2027, 2, 9), "休息", "春节"],  # line 5: no such kind
        [date(2027, 2, 8), "法定节假日", "春节"],  # line 6: twice
        [date(2027, 2, 10), "法定节假日", "春" * 51],  # line 7: too long
    ])
    with pytest.raises(CalendarRejected) as info:
        calendar_io.import_calendar(db, admin, path)
    assert [(p.line, p.field) for p in info.value.problems] == [
        (3, "day"), (4, "day"), (5, "kind"), (6, "day"), (7, "name")]
    assert info.value.problems[3] == RowProblem(6, "day", "The date is already on line 2.")
    assert workdays.calendar_entries(db) == before  # nothing at all was written
    for name, content, message in (("notes.xlsx", b"not a workbook", "The file cannot be read as an Excel workbook."),
                                   ("days.csv", b"date,kind\n", "Choose an .xlsx file.")):
        (tmp_path / name).write_bytes(content)
        with pytest.raises(BadFile) as bad:
            calendar_io.import_calendar(db, admin, tmp_path / name)
        assert bad.value.message == message
    with pytest.raises(BadFile):
        headers = calendar_workbook(tmp_path / "headers.xlsx", [], ("Datum", "Art", "Name"))
        calendar_io.import_calendar(db, admin, headers)
    with pytest.raises(BadFile):
        calendar_io.import_calendar(db, admin, calendar_workbook(tmp_path / "empty.xlsx", []))
    assert workdays.calendar_entries(db) == before


def test_clerks_cannot_import(station: tuple[Database, int, int], tmp_path: Path) -> None:
    db, _, clerk = station
    before = workdays.calendar_entries(db)
    with pytest.raises(Refused):
        one_day = calendar_workbook(tmp_path / "x.xlsx", [[date(2027, 2, 8), "法定节假日", ""]])
        calendar_io.import_calendar(db, clerk, one_day)
    assert workdays.calendar_entries(db) == before
