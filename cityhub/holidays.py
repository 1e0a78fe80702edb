"""The city's holiday schedule: a year published from a file (``cityhub holidays publish``), served to every
station's devices (GET /v1/holidays), which apply it at their next sync.

The file is UTF-8 CSV (Excel's "CSV UTF-8" works: a BOM is fine) with a header line and one day a line:
``date,kind,name`` (or the station's export headers ``日期,类型,名称``); the kind is ``holiday`` / ``workday`` or
法定节假日 / 调休上班日; the date is ``YYYY-MM-DD``. Publishing a year again replaces it.
"""

from __future__ import annotations

import csv
import io
import json

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityhub.db import HolidayYearRow, utcnow, wire_time
from cityhub.errors import HubError
from desktop.sync import wire

KINDS = {"holiday": "holiday", "workday": "workday", "法定节假日": "holiday", "调休上班日": "workday"}
HEADERS = {"date": "date", "kind": "kind", "name": "name", "日期": "date", "类型": "kind", "名称": "name"}
MAX_FILE_BYTES = 1024 * 1024


class BadSchedule(HubError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="holidays", status=422)


def read_csv(data: bytes, year: int) -> wire.HolidayYear:
    """The year's days from a CSV file; ``BadSchedule`` names the line of the first problem."""
    if len(data) > MAX_FILE_BYTES:
        raise BadSchedule(f"the file is over {MAX_FILE_BYTES} bytes: a year's schedule is a few dozen lines")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadSchedule("the file is not UTF-8 text (save it as CSV UTF-8)") from error
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise BadSchedule("the file is empty")
    header = [HEADERS.get(h.strip().lower(), HEADERS.get(h.strip(), "")) for h in rows[0]]
    if "date" not in header or "kind" not in header:
        raise BadSchedule("the first line must name the columns: date,kind,name (or 日期,类型,名称)")
    column: dict[str, int] = {name: header.index(name) for name in ("date", "kind", "name") if name in header}
    days: list[wire.HolidayDay] = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            i = column.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        kind = KINDS.get(cell("kind"))
        if kind is None:
            raise BadSchedule(f"line {line}: the kind must be holiday or workday (法定节假日 or 调休上班日), "
                              f"not {cell('kind')!r}")
        try:
            days.append(wire.HolidayDay(day=cell("date"), kind=kind, name=cell("name")))  # type: ignore[arg-type]
        except ValidationError as error:
            raise BadSchedule(f"line {line}: {_first(error)}") from error
    if not days:  # stations replace a published year with its days: an empty one would wipe their calendar
        raise BadSchedule(f"the file lists no days: a year's schedule has its holidays and make-up workdays, "
                          f"and publishing none would empty {year} at every station")
    try:
        return wire.HolidayYear(year=year, published_at=wire_time(utcnow()), days=days)
    except ValidationError as error:
        raise BadSchedule(_first(error)) from error


def _first(error: ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(p) for p in problem.get("loc", ()))
    return f"{where}: {problem['msg']}" if where else str(problem["msg"])


def publish(session: Session, schedule: wire.HolidayYear) -> HolidayYearRow:
    """Store (or replace) the year's schedule; devices get it at their next sync."""
    days = json.dumps([d.model_dump() for d in sorted(schedule.days, key=lambda d: d.day)], ensure_ascii=False,
                      separators=(",", ":"))
    row = session.get(HolidayYearRow, schedule.year) or HolidayYearRow(year=schedule.year)
    row.days = days
    row.published_at = utcnow()
    session.add(row)
    session.flush()
    return row


def schedule(session: Session) -> wire.HolidaySchedule:
    rows = session.scalars(select(HolidayYearRow).order_by(HolidayYearRow.year.desc())
                           .limit(wire.MAX_HOLIDAY_YEARS)).all()
    return wire.HolidaySchedule(years=[
        wire.HolidayYear(year=r.year, published_at=wire_time(r.published_at),
                         days=[wire.HolidayDay(**d) for d in json.loads(r.days)]) for r in reversed(rows)])
