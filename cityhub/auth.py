"""Devices and their credentials: one-time enrolment codes, device tokens, revocation.

The hub stores only SHA-256 hashes of codes and tokens, so a copy of its database lets nobody sync as a
station. A code is spent by the enrolment that uses it; a device that enrols again gets a new token and its
old one stops working at once. A device belongs to the station that first enrolled it: only a code of that station
enrols it again (a code of another station cannot take it over).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityhub.db import Device, EnrolmentCode, HubStation, utcnow, wire_time
from cityhub.errors import HubError, NotFound, Refused, Unauthorized
from desktop.sync import wire

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud or typed from paper
CODE_GROUPS = 4
CODE_GROUP_LEN = 4
CODE_VALID = timedelta(days=7)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """The code as hashed: upper case, without the hyphens and spaces people type or leave out."""
    return "".join(code.split()).replace("-", "").upper()


def station_by_code(session: Session, code: str) -> HubStation | None:
    return session.scalars(select(HubStation).where(HubStation.code == code)).one_or_none()


def ensure_station(session: Session, code: str, name: str | None = None) -> HubStation:
    """The station with ``code``, created if missing; ``name`` (when given) renames it."""
    station = station_by_code(session, code)
    if station is None:
        station = HubStation(code=code, name=name or "")
        session.add(station)
        session.flush()
    elif name is not None:
        station.name = name
    return station


def make_enrolment_code(session: Session, station_code: str, station_name: str | None = None) -> str:
    """A new one-time code for a device of ``station_code`` (created if missing), valid ``CODE_VALID``.

    Returned once, in the ``K7QM-2XPD-...`` form; the hub keeps only its hash."""
    code_text = station_code.strip()
    if not code_text or len(code_text) > 20:
        raise HubError("a station code has 1 to 20 characters", code="station_code")
    station = ensure_station(session, code_text, station_name)
    groups = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LEN)) for _ in range(CODE_GROUPS)]
    code = "-".join(groups)
    now = utcnow()
    session.add(EnrolmentCode(station_id=station.id, code_hash=_sha256(normalise_code(code)), created_at=now,
                              expires_at=now + CODE_VALID))
    session.flush()
    return code


def code_expiry(session: Session, code: str) -> datetime:
    """When ``code`` expires (for the command line's message)."""
    row = session.scalars(
        select(EnrolmentCode).where(EnrolmentCode.code_hash == _sha256(normalise_code(code)))).one()
    return row.expires_at


def enrol(session: Session, request: wire.EnrolRequest) -> wire.EnrolResponse:
    """Spend the enrolment code and give the device its token (a new one if it was enrolled before)."""
    now = utcnow()
    row = session.scalars(
        select(EnrolmentCode).where(EnrolmentCode.code_hash == _sha256(normalise_code(request.code)))
        .with_for_update()).one_or_none()
    if row is None:
        raise Unauthorized("unknown enrolment code", code="enrolment_code")
    if row.used_at is not None:
        raise Unauthorized(f"this enrolment code was already used ({wire_time(row.used_at)}); ask the city for a "
                           "new one", code="enrolment_code")
    if row.expires_at <= now:
        raise Unauthorized(f"this enrolment code expired on {wire_time(row.expires_at)}; ask the city for a new one",
                           code="enrolment_code")
    station = session.get_one(HubStation, row.station_id)
    if station.code != request.station_code:
        raise HubError(f"this enrolment code is for another station, not {request.station_code}",
                       code="wrong_station")
    token = secrets.token_urlsafe(32)
    device = session.scalars(select(Device).where(Device.uuid == request.device_uuid).with_for_update()).one_or_none()
    if device is not None and device.station_id != station.id:  # a device belongs to the station that enrolled it
        raise Refused("this device is enrolled for another station; a device can be enrolled again only with a code "
                      "of its own station", code="device_other_station")
    name = request.device_name.replace("\x00", "")  # PostgreSQL text cannot hold NUL
    if device is None:
        device = Device(uuid=request.device_uuid, station_id=station.id, name=name, token_hash=_sha256(token),
                        enrolled_at=now)
        session.add(device)
    else:  # enrolled again by its own station: the new token replaces (and so revokes) the old one
        device.token_hash = _sha256(token)
        device.enrolled_at = now
        device.revoked_at = None
        if name:
            device.name = name
    session.flush()
    row.used_at = now
    row.device_id = device.id
    return wire.EnrolResponse(token=token, station_code=station.code, station_name=station.name)


def _refuse(token: str | None, found: bool, revoked_at: datetime | None) -> None:
    if not token:
        raise Unauthorized("a device token is required (Authorization: Bearer <token>)")
    if not found:
        raise Unauthorized("unknown device token; enrol the device again")
    if revoked_at is not None:
        raise Unauthorized("this device was revoked; enrol it again with a new code")


def check_token(session: Session, token: str | None) -> None:
    """Raise ``Unauthorized`` unless ``token`` is an enrolled, unrevoked device's (changing nothing; one column
    read, no device loaded: this runs before every authenticated request's body is read)."""
    row = session.execute(select(Device.revoked_at).where(Device.token_hash == _sha256(token))).first() \
        if token else None
    _refuse(token, row is not None, row[0] if row is not None else None)


def device_for_token(session: Session, token: str | None) -> Device:
    """The enrolled, unrevoked device holding ``token``; its ``last_seen_at`` becomes now."""
    device = session.scalars(select(Device).where(Device.token_hash == _sha256(token))).one_or_none() \
        if token else None
    _refuse(token, device is not None, device.revoked_at if device is not None else None)
    assert device is not None
    device.last_seen_at = utcnow()
    return device


def device_station(session: Session, device: Device) -> HubStation:
    return session.get_one(HubStation, device.station_id)


def revoke(session: Session, device_uuid: str) -> Device:
    """Revoke the device's token: its next call is answered 401 until it enrols again."""
    device = session.scalars(select(Device).where(Device.uuid == device_uuid)).one_or_none()
    if device is None:
        raise NotFound(f"no device {device_uuid}")
    if device.revoked_at is None:
        device.revoked_at = utcnow()
    return device
