"""The station's clock: times are stored in UTC and shown, printed and exported in the station's time zone.

The zone is the station's (``station.time_zone``, Asia/Shanghai unless an admin changed it), never the
computer's: a PC set to another zone still shows, prints and exports the times its clerks see at the window.
One process serves one station, so the zone is held here, set when the station's database is opened
(``Database``) and when an admin changes it (``station.set_time_zone``).

Zone data is the IANA database: the system's on Linux, the ``tzdata`` package on Windows (which has none).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_TIME_ZONE = "Asia/Shanghai"
# what the database accepts (the CHECK on station.time_zone); check_time_zone also asks the zone database
ZONE_NAME_RE = re.compile(r"[A-Za-z0-9/_+-]{1,64}")
DATE_TIME = "%Y-%m-%d %H:%M"
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})

_zone = ZoneInfo(DEFAULT_TIME_ZONE)


@cache
def zone_names() -> frozenset[str]:
    """The zones a station may be in: the IANA database's, without the files of it that are not zones
    (``localtime`` is the computer's own zone, exactly what a station's zone is not)."""
    return frozenset(available_timezones() - NOT_ZONES)


def check_time_zone(name: str) -> str | None:
    """``None`` if ``name`` is a time zone of the IANA database, else a message."""
    bad = "Not a known time zone: give its IANA name, for example Asia/Shanghai."
    if not ZONE_NAME_RE.fullmatch(name) or name not in zone_names():
        return bad
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return bad
    return None


def _stored_zone(name: str) -> ZoneInfo | None:
    """A zone name read back from the station (checked against the whole list when it was set): loaded without
    listing the IANA database, which reads hundreds of files (up to a quarter of a second at start-up)."""
    if not ZONE_NAME_RE.fullmatch(name) or name in NOT_ZONES:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def use_time_zone(name: str) -> None:
    """Show times in ``name`` from now on (an unknown name leaves the default: nothing fails to open)."""
    global _zone
    _zone = _stored_zone(name) or ZoneInfo(DEFAULT_TIME_ZONE)


def station_zone() -> ZoneInfo:
    return _zone


def to_local(value: datetime | None) -> datetime | None:
    """A stored (UTC) time as the station's local time."""
    return value.astimezone(_zone) if value is not None else None


def format_time(value: datetime | None, fmt: str = DATE_TIME, zone: str | None = None) -> str:
    """A stored time as text in the station's local time, or in ``zone`` (``""`` for none)."""
    if value is None:
        return ""
    return value.astimezone((_stored_zone(zone) if zone else None) or _zone).strftime(fmt)


def local_now() -> datetime:
    return datetime.now(_zone)


def local_today() -> date:
    return local_now().date()


def from_local(wall: datetime) -> datetime:
    """A wall-clock time at the station (naive, as typed) as the aware UTC time the services take."""
    return wall.replace(tzinfo=_zone).astimezone(UTC)


def local_start(day: date) -> datetime:
    """Midnight at the start of ``day`` at the station, as an aware UTC time."""
    return from_local(datetime.combine(day, time()))
