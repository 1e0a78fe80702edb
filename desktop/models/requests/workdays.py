"""Time limits in working days (§7.2.4 规定时间, §7.3.3 限定时间) and the holiday calendar they count on.

A working day is Monday to Friday, except a public holiday, plus a make-up workday (调休上班) that falls on
a weekend. ``add_working_days(start, n)`` is the day by which something received on ``start`` is due
when ``n`` working days are allowed: counting starts the next working day, and 0 means the same day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Connection, select
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.catalogue.tables import CatalogueCategory
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound
from desktop.models.core.validators import Msg, check_length
from desktop.models.requests.tables import CALENDAR_KINDS, CalendarDay, CalendarSource, TimeLimit

LIMIT_FIELDS = ("response_days", "handover_days", "feedback_days", "completion_days")
MAX_DAYS = 365


@dataclass(frozen=True)
class Calendar:
    """The exceptions to the Monday–Friday week: holidays (off) and make-up workdays (on)."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        left = days
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def median_working_days(pairs: Iterable[tuple[str, str, int]], calendar: Calendar) -> float | None:
    """The median of the working days between two days (ISO text, as SQLite's ``date()`` gives them) over
    (start day, end day, how many) groups; None when there are none."""
    groups = [(date.fromisoformat(a).toordinal(), date.fromisoformat(b).toordinal(), n) for a, b, n in pairs if a and b]
    if not groups:
        return None
    # working days up to each day of the range, counted once: a year's spans are thousands of (start, end) pairs
    first = min(a for a, _b, _n in groups)
    counted: list[int] = []
    running = 0
    for ordinal in range(first, max(b for _a, b, _n in groups) + 1):
        running += ordinal > first and calendar.is_working_day(date.fromordinal(ordinal))
        counted.append(running)
    spans = sorted((counted[b - first] - counted[a - first] if b > a else 0, n) for a, b, n in groups)
    total = sum(n for _d, n in spans)
    if not total:
        return None
    middle, seen, values = ((total - 1) // 2, total // 2), 0, []
    for days, n in spans:  # the value at each middle position (two when the count is even)
        for position in middle:
            if seen <= position < seen + n:
                values.append(days)
        seen += n
    return sum(values) / len(values)


@dataclass(frozen=True)
class Limits:
    response_days: int
    handover_days: int
    feedback_days: int
    completion_days: int

    @staticmethod
    def strictest(limits: Iterable[Limits]) -> Limits:
        """For a request over several categories: the shortest limit of each kind."""
        found = list(limits)
        if not found:
            return DEFAULT_LIMITS
        return Limits(*(min(getattr(lim, f) for lim in found) for f in LIMIT_FIELDS))


DEFAULT_LIMITS = Limits(1, 3, 5, 20)  # what migration 0003 seeds for every category


@dataclass(frozen=True)
class CategoryLimits:
    category_id: int
    clause: str
    name: str
    limits: Limits


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    kind: str  # "holiday" | "workday"
    name: str
    source: str = "station"  # "official" | "station" | "city" (CalendarSource)


# ---- reading -------------------------------------------------------------------------------------------

def load_calendar(session: Session | Connection) -> Calendar:
    rows = session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    return Calendar(frozenset(d for d, k in rows if k == "holiday"), frozenset(d for d, k in rows if k == "workday"))


def calendar(db: Database) -> Calendar:
    with db.read() as s:
        return load_calendar(s)


def limits_for(session: Session, category_ids: Iterable[int]) -> Limits:
    ids = set(category_ids)
    rows = session.scalars(select(TimeLimit).where(TimeLimit.category_id.in_(ids))).all() if ids else []
    return Limits.strictest(Limits(*(getattr(r, f) for f in LIMIT_FIELDS)) for r in rows)


def category_limits(db: Database) -> list[CategoryLimits]:
    with db.read() as s:
        rows = s.execute(
            select(CatalogueCategory, TimeLimit).join(TimeLimit, TimeLimit.category_id == CatalogueCategory.id,
                                                      isouter=True).order_by(CatalogueCategory.sort_order)
        ).all()
        return [CategoryLimits(c.id, c.clause, c.name,
                               Limits(*(getattr(t, f) for f in LIMIT_FIELDS)) if t else DEFAULT_LIMITS)
                for c, t in rows]


def _in_year(year: int) -> ColumnElement[bool]:
    return CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31))


def calendar_entries(db: Database, year: int | None = None) -> list[CalendarEntry]:
    with db.read() as s:
        query = select(CalendarDay).order_by(CalendarDay.day)
        if year is not None:
            query = query.where(_in_year(year))
        return [CalendarEntry(r.day, r.kind, r.name, r.source) for r in s.scalars(query)]


WARN_FROM_MONTH = 12  # from 1 December, a calendar without next year's days is worth a warning


def missing_year(db: Database, today: date) -> int | None:
    """Next year, when ``today`` is in December and the calendar has no day of next year yet; else None."""
    if today.month < WARN_FROM_MONTH:
        return None
    year = today.year + 1
    with db.read() as s:
        found = s.scalar(select(CalendarDay.day).where(_in_year(year)).limit(1))
    return None if found is not None else year


# ---- admin settings ------------------------------------------------------------------------------------

def validate_limits(values: Mapping[str, object]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for f in LIMIT_FIELDS:
        v = values.get(f)
        if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= MAX_DAYS:
            errors[f] = Msg("Enter a whole number of working days from 0 to {max}.", max=MAX_DAYS)
    return errors


def set_limits(db: Database, actor_id: int, category_id: int, limits: Limits) -> Changes:
    """Set a category's time limits. Due dates already computed are kept: they were promised."""
    errors = validate_limits(limits.__dict__)
    if errors:
        raise Invalid(errors)
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        if s.get(CatalogueCategory, category_id) is None:
            raise NotFound("No such category.")
        row = s.get(TimeLimit, category_id) or TimeLimit(category_id=category_id)
        for f in LIMIT_FIELDS:
            setattr(row, f, getattr(limits, f))
        s.add(row)
        return Changes(TimeLimit, "updated", (category_id,))


def validate_day(day: date, kind: str, name: str) -> dict[str, str]:
    """What is wrong with a calendar day (the form and the spreadsheet import; the city's schedule arrives checked
    by the same rule in its wire schema, wire.HolidayDay)."""
    errors: dict[str, str] = {}
    if kind not in CALENDAR_KINDS:
        errors["kind"] = "Choose holiday or make-up workday."
    elif kind == "holiday" and day.weekday() >= 5:
        errors["day"] = "A weekend day is already a day off; only weekdays can be holidays."
    elif kind == "workday" and day.weekday() < 5:
        errors["day"] = "Make-up workdays fall on a weekend; a weekday is already a working day."
    message = check_length(name, 50)
    if message:
        errors["name"] = message
    return errors


def set_calendar_day(db: Database, actor_id: int, day: date, kind: str, name: str = "") -> Changes:
    """Mark ``day`` a holiday or a make-up workday (replacing what it was)."""
    errors = validate_day(day, kind, name)
    if errors:
        raise Invalid(errors)
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        row = s.get(CalendarDay, day) or CalendarDay(day=day)
        row.kind = kind
        row.name = name.strip()
        row.source = CalendarSource.STATION
        s.add(row)
        return Changes(CalendarDay, "updated")


def replace_years(session: Session, entries: Iterable[CalendarEntry], years: Iterable[int], source: str) -> int:
    """Make each of ``years`` exactly ``entries`` (already validated), marked ``source``: a day of those years
    that is not listed becomes an ordinary day. Row by row through the ORM, so the audit trail has each change.
    Returns how many days the years now have."""
    wanted = {e.day: e for e in entries}
    count = 0
    for year in sorted(set(years)):
        rows = {r.day: r for r in session.scalars(select(CalendarDay).where(_in_year(year)))}
        for day, row in rows.items():
            if day not in wanted:
                session.delete(row)
        for day, entry in sorted(wanted.items()):
            if day.year != year:
                continue
            row = rows.get(day) or CalendarDay(day=day)
            row.kind, row.name, row.source = entry.kind, entry.name.strip(), source
            session.add(row)
            count += 1
    session.flush()
    return count


def clear_calendar_day(db: Database, actor_id: int, day: date) -> Changes:
    """Make ``day`` an ordinary day again."""
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        row = s.get(CalendarDay, day)
        if row is None:
            raise NotFound("That day is not in the calendar.")
        s.delete(row)
        return Changes(CalendarDay, "deleted")
