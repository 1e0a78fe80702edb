"""The holiday calendar as an .xlsx workbook, for admins: export it, edit it in Excel or WPS, import it back.

One sheet, one line per day: 日期 (a real date cell; text ``2027-02-08`` or ``2027/2/8`` is taken too), 类型
(法定节假日 / 调休上班日, or ``holiday`` / ``workday``), 名称 (up to 50 characters), and on export 来源 (where
the day came from; ignored on import).

Import is all or nothing: every line is checked first, and one bad line refuses the whole file with the line
numbers and what is wrong. A good file then **replaces each year it lists**: the year's days become exactly
the file's (a day left out becomes an ordinary day), marked as entered at this station. Years the file does
not mention are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.models.accounts.staff import require_role
from desktop.models.core import audit
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.spreadsheets import BadFile, RowProblem, cell_text, read_xlsx_rows, written_beside
from desktop.models.core.validators import Msg, check_length, parse_day
from desktop.models.requests import workdays
from desktop.models.requests.labels import CALENDAR_KIND_LABELS, CALENDAR_SOURCE_LABELS
from desktop.models.requests.tables import CalendarDay, CalendarSource
from desktop.models.requests.workdays import CalendarEntry

HEADERS = ("日期", "类型", "名称", "来源")
SHEET = "节假日安排"
MAX_LINES = 5000  # a calendar has about 25 days a year: more is not a calendar


class CalendarRejected(Exception):
    """The file was refused as a whole: one ``RowProblem`` per bad line (and field)."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"line {p.line}: {p.field}: {p.message}" for p in problems))


@dataclass(frozen=True)
class CalendarImport:
    years: tuple[int, ...]
    days: int

    @property
    def changes(self) -> tuple[Changes, ...]:
        return (Changes(CalendarDay, "bulk"),)


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else None
    if isinstance(value, date):
        return value
    return parse_day(cell_text(value))


def read_calendar(path: Path) -> list[CalendarEntry]:
    """The file's days, every line checked; raises ``BadFile`` or ``CalendarRejected``."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise BadFile("Choose an .xlsx file.")
    rows = read_xlsx_rows(path, max_rows=MAX_LINES + 2)
    if not rows:
        raise BadFile("The file is empty.")
    header = [cell_text(h) for h in rows[0]]
    if header[:3] != list(HEADERS[:3]):
        raise BadFile("The first line must hold the column headers 日期, 类型, 名称.")
    if len(rows) > MAX_LINES + 1:
        raise BadFile(Msg("A calendar file may have at most {count} lines.", count=MAX_LINES))
    entries: list[CalendarEntry] = []
    problems: list[RowProblem] = []
    seen: dict[date, int] = {}
    for line, cells in enumerate(rows[1:], start=2):
        values = (list(cells) + [None] * 3)[:3]
        if all(cell_text(v) == "" for v in values):
            continue
        day = _date(values[0])
        kind_text = cell_text(values[1])
        kind = CALENDAR_KIND_LABELS.code_of(kind_text) if kind_text else None
        name = cell_text(values[2])
        if day is None:
            problems.append(RowProblem(line, "day", "Enter the date as a date cell or as YYYY-MM-DD."))
        elif day in seen:
            problems.append(RowProblem(line, "day", Msg("The date is already on line {line}.", line=seen[day])))
        if kind is None:
            problems.append(RowProblem(line, "kind", "The kind must be 法定节假日 or 调休上班日."))
        if day is not None and kind is not None:
            problems += [RowProblem(line, f, m) for f, m in workdays.validate_day(day, kind, name).items()]
        elif message := check_length(name, 50):
            problems.append(RowProblem(line, "name", message))
        if day is not None:
            seen.setdefault(day, line)
        if day is not None and kind is not None:
            entries.append(CalendarEntry(day, kind.value, name))
    if problems:
        raise CalendarRejected(problems)
    if not entries:
        raise BadFile("The file lists no days.")
    return entries


def import_calendar(db: Database, actor_id: int, path: Path) -> CalendarImport:
    """Check the whole file, then replace each year it lists, in one transaction (admins only)."""
    with db.read() as s:
        require_role(s, actor_id, "admin")  # refused before the file is read
    entries = read_calendar(path)
    years = tuple(sorted({e.day.year for e in entries}))
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        days = workdays.replace_years(s, entries, years, CalendarSource.STATION)
        audit.record_event(s, "calendar_day", {"import": path.name, "years": list(years)})
    return CalendarImport(years, days)


def export_calendar(db: Database, path: Path, year: int | None = None) -> int:
    """Write the calendar (one year, or all of it) to ``path``; returns how many days were written. The file is
    written beside the target and moved into place, so a failed export leaves no half-written file."""
    if path.suffix.lower() != ".xlsx":
        raise BadFile("Choose an .xlsx file.")
    import openpyxl

    entries = workdays.calendar_entries(db, year)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for e in entries:
        sheet.append([e.day, CALENDAR_KIND_LABELS.zh(e.kind), e.name, CALENDAR_SOURCE_LABELS.zh(e.source)])
        sheet.cell(sheet.max_row, 1).number_format = "yyyy-mm-dd"
    for column, width in zip("ABCD", (12, 12, 30, 22), strict=True):
        sheet.column_dimensions[column].width = width
    with written_beside(path) as tmp:
        book.save(tmp)
    return len(entries)
