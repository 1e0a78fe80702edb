"""The station (本站) and this installation (device): first-run set-up."""

from __future__ import annotations

import socket
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.accounts.passwords import check_new_password
from desktop.models.accounts.staff import new_staff, require_role
from desktop.models.core import clock
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, Refused
from desktop.models.core.standard import DISTRICTS
from desktop.models.core.tables import STATION_LEVELS, Device, Station
from desktop.models.core.validators import (
    check_email,
    check_length,
    check_login,
    check_phone,
    check_required,
    check_station_code,
    collect,
    normalize_phone,
)


@dataclass(frozen=True)
class StationInput:
    code: str
    name: str
    level: str
    district: str
    address: str = ""
    complaint_phone: str = ""
    complaint_email: str = ""


@dataclass(frozen=True)
class StationInfo:
    uuid: str
    code: str
    name: str
    level: str
    district: str
    address: str
    complaint_phone: str
    complaint_email: str
    device_uuid: str
    time_zone: str = clock.DEFAULT_TIME_ZONE


def validate_station(inp: StationInput) -> dict[str, str]:
    errors = {
        "code": check_station_code(inp.code),
        "name": check_required(inp.name, 100),
        "level": None if inp.level in STATION_LEVELS else "Choose the station's level.",
        "district": None if inp.district in DISTRICTS else "Choose a district of Liuzhou.",
        "address": check_length(inp.address, 200),
        "complaint_phone": check_phone(inp.complaint_phone) if inp.complaint_phone.strip() else None,
        "complaint_email": check_email(inp.complaint_email) or check_length(inp.complaint_email, 100),
    }
    return {k: v for k, v in errors.items() if v}


def is_set_up(db: Database) -> bool:
    with db.read() as s:
        return s.get(Station, 1) is not None


def setup(db: Database, inp: StationInput, admin_login: str, admin_name: str, admin_password: str) -> int:
    """Create the station, this device and the first admin in one transaction. Returns the admin's id."""
    errors = validate_station(inp)
    errors.update({k: v for k, v in {
        "admin_login": check_login(admin_login),
        "admin_name": check_required(admin_name, 50),
        "admin_password": check_new_password(admin_password, (admin_login, admin_name, inp.name, inp.code)),
    }.items() if v})
    if errors:
        raise Invalid(errors)
    with db.begin(None) as s:
        if s.get(Station, 1) is not None:
            raise Refused("This station is already set up.")
        s.add(_station_row(inp))
        s.flush()
        s.add(Device(station_id=1, hostname=socket.gethostname()[:100], is_local=True))
        admin = new_staff(s, admin_login, admin_name, "admin", admin_password, None)
        admin_id = admin.id
    clock.use_time_zone(clock.DEFAULT_TIME_ZONE)
    return admin_id


def _station_row(inp: StationInput, row: Station | None = None) -> Station:
    row = row or Station(id=1)
    row.code = inp.code.strip()
    row.name = inp.name.strip()
    row.level = inp.level
    row.district = inp.district
    row.address = inp.address.strip()
    row.complaint_phone = normalize_phone(inp.complaint_phone) or None
    row.complaint_email = inp.complaint_email.strip() or None
    return row


def update_station(db: Database, actor_id: int, inp: StationInput) -> Changes:
    errors = validate_station(inp)
    if errors:
        raise Invalid(errors)
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        row = s.get(Station, 1)
        if row is None:
            raise Refused("The station is not set up yet.")
        _station_row(inp, row)
        return Changes(Station, "updated", (1,))


def set_time_zone(db: Database, actor_id: int, name: str) -> Changes:
    """An admin sets the zone the station's times are shown, printed and exported in (an IANA name)."""
    name = name.strip()
    collect(time_zone=clock.check_time_zone(name))
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        row = s.get(Station, 1)
        if row is None:
            raise Refused("The station is not set up yet.")
        row.time_zone = name
    clock.use_time_zone(name)
    return Changes(Station, "updated", (1,))


def _info(s: Session) -> StationInfo | None:
    row = s.get(Station, 1)
    if row is None:
        return None
    device = s.scalar(select(Device).where(Device.is_local.is_(True)))
    return StationInfo(row.uuid, row.code, row.name, row.level, row.district, row.address,
                       row.complaint_phone or "", row.complaint_email or "", device.uuid if device else "",
                       row.time_zone)


def get_station(db: Database) -> StationInfo | None:
    with db.read() as s:
        return _info(s)
