"""The city's official holiday schedule, applied at a sync (GET /v1/holidays, docs/sync-protocol.md).

The city publishes a year when the State Council's notice is out; its schedule is the official one, so it
**replaces that year** in the station's calendar (what was shipped or entered here for the year goes), every
day marked as coming from the city platform, with an audit entry saying which year the city published when.
A year is applied again only when the city changes it: the device remembers the content hash of each year it
applied (sync_state ``holidays:<year>``). An admin may still edit a day afterwards; it is then the station's.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop.models.city_sync.tables import SyncState
from desktop.models.core import audit
from desktop.models.core.db import Database
from desktop.models.requests.tables import CalendarSource
from desktop.models.requests.workdays import CalendarEntry, replace_years
from desktop.sync import wire

KEY = "holidays:{year}"


def applied_hashes(db: Database) -> dict[int, str]:
    with db.read() as s:
        rows = s.execute(select(SyncState.key, SyncState.value).where(SyncState.key.like("holidays:%"))).all()
    return {int(k.split(":", 1)[1]): v for k, v in rows}


def apply_schedule(db: Database, schedule: wire.HolidaySchedule) -> list[int]:
    """Apply each year of the city's schedule that changed since it was last applied, in one transaction;
    returns the years applied."""
    done = applied_hashes(db)
    fresh = [y for y in schedule.years if done.get(y.year) != y.content_hash]
    if not fresh:
        return []
    with db.begin(None) as s:
        for year in fresh:
            entries = [CalendarEntry(date.fromisoformat(d.day), d.kind, d.name) for d in year.days]
            replace_years(s, entries, [year.year], CalendarSource.CITY)
            audit.record_event(s, "calendar_day", {"city_schedule": year.year, "published_at": year.published_at,
                                                    "days": len(entries)})
            key = KEY.format(year=year.year)
            row = s.get(SyncState, key) or SyncState(key=key)
            row.value = year.content_hash
            s.add(row)
    return [y.year for y in fresh]
