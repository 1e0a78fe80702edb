"""A whole sync as the app and the ``quality-station sync`` command run it: settings, credential, enrolment, the
engine, and the entry in the sync log.
"""

from __future__ import annotations

import math
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.models.city_sync import sync_state
from desktop.models.core import station
from desktop.models.core.db import Database
from desktop.models.core.validators import Msg
from desktop.sync import wire
from desktop.sync.client import AuthRefused, EnrolmentRefused, HubClient, HubError, ProtocolError
from desktop.sync.credentials import CredentialError, DeviceCredential
from desktop.sync.engine import Engine, Progress, SyncFailed, SyncOptions, SyncSummary
from desktop.sync.lock import SyncBusy, sync_lock


class NotConfigured(Exception):
    """The sync cannot start (not set up, not enrolled, another sync running); nothing was attempted."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Identity:
    station_code: str
    device_uuid: str
    hostname: str


def identity(db: Database) -> Identity:
    info = station.get_station(db)
    if info is None:
        raise NotConfigured("This station is not set up yet.")
    return Identity(info.code, info.device_uuid, socket.gethostname()[:100])


def make_client(settings: sync_state.SyncSettings, token: str | None, timeout: float = 30.0) -> HubClient:
    if not settings.configured:
        raise NotConfigured("The city platform's address is not set (City platform sync → City platform settings, "
                            "or --hub-url).")
    return HubClient(settings.hub_url, token, ca_bundle=settings.ca_bundle, timeout=timeout)


def enrol(db: Database, code: str, settings: sync_state.SyncSettings | None = None) -> str:
    """Exchange a one-time enrolment code for this device's credential; returns the station's name at the hub."""
    settings = settings or sync_state.load_settings(db)
    me = identity(db)
    credential = DeviceCredential(settings.hub_url, me.device_uuid)
    with make_client(settings, None) as client:
        try:
            answer = client.enrol(wire.EnrolRequest(code=code.strip(), station_code=me.station_code,
                                                    device_uuid=me.device_uuid, device_name=me.hostname))
        except (AuthRefused, ProtocolError) as exc:
            if exc.code == "enrolment_code":
                raise EnrolmentRefused(Msg("The city platform did not accept this enrolment code (unknown, "
                                           "already used or expired): ask the city for a new one."),
                                       exc.code, exc.status) from exc
            if exc.code == "wrong_station":
                raise EnrolmentRefused(Msg("This enrolment code was made for another station than {station}.",
                                           station=me.station_code), exc.code, exc.status) from exc
            if exc.code == "device_other_station":
                raise EnrolmentRefused(Msg("The city platform knows this computer as a device of another station: "
                                           "it can be enrolled again only with a code of that station. Ask the "
                                           "city platform's administrator."), exc.code, exc.status) from exc
            raise
        except HubError as exc:
            if exc.code == "too_many_attempts":  # the hub's limit on failed enrolments: wait, then try again
                minutes = max(1, math.ceil((exc.retry_after or 60) / 60))
                raise EnrolmentRefused(Msg("Too many failed enrolment attempts reached the city platform from this "
                                           "computer or for this station. Wait about {minutes} minute(s), then "
                                           "enter the code again exactly as the city gave it.", minutes=minutes),
                                       exc.code, exc.status, exc.retry_after) from exc
            raise
    credential.set(answer.token)
    return answer.station_name or answer.station_code  # the city may not have named the station


def is_enrolled(db: Database) -> bool:
    settings = sync_state.load_settings(db)
    if not settings.configured:
        return False
    try:
        return bool(DeviceCredential(settings.hub_url, identity(db).device_uuid).get())
    except (CredentialError, NotConfigured):
        return False


def sync_once(db: Database, data_dir: Path, *, trigger: str = "manual", options: SyncOptions | None = None,
              progress: Callable[[Progress], None] | None = None, cancelled: Callable[[], bool] | None = None,
              timeout: float = 30.0) -> SyncSummary:
    """Push and pull once, logged in the sync log. Raises ``SyncFailed`` (logged as failed),
    ``NotConfigured`` or ``CredentialError`` (nothing was attempted)."""
    settings = sync_state.load_settings(db)
    me = identity(db)
    token = DeviceCredential(settings.hub_url, me.device_uuid).get() if settings.configured else None
    if settings.configured and not token:
        raise NotConfigured("This device is not enrolled with the city platform yet: enrol it with the "
                            "one-time code from the city (City platform sync → City platform settings, or --enrol "
                            "CODE).")
    options = options or SyncOptions(batch_size=settings.batch_size)
    try:
        with sync_lock(data_dir):
            return _sync_logged(db, data_dir, settings, token, me, trigger, options, progress, cancelled, timeout)
    except SyncBusy:
        raise NotConfigured("Another sync of this station is running on this computer (the app or the scheduled "
                            "task); this one did not start.") from None


def _sync_logged(db: Database, data_dir: Path, settings: sync_state.SyncSettings, token: str | None, me: Identity,
                 trigger: str, options: SyncOptions, progress: Callable[[Progress], None] | None,
                 cancelled: Callable[[], bool] | None, timeout: float) -> SyncSummary:
    run_id = sync_state.start_run(db, trigger)
    summary = SyncSummary()
    try:
        with make_client(settings, token, timeout) as client:
            engine = Engine(db, data_dir, client, me.station_code, me.device_uuid, options,
                            progress=progress, cancelled=cancelled)
            summary = engine.run()
    except SyncFailed as exc:
        _log(db, run_id, "failed", exc.summary, _failure_text(exc))
        raise
    except (HubError, NotConfigured, CredentialError) as exc:  # the client could not even be made
        _log(db, run_id, "failed", summary, exc.message)
        raise
    except BaseException as exc:
        _log(db, run_id, "failed", summary, Msg("Unexpected error: {error}", error=f"{type(exc).__name__}: {exc}"))
        raise
    _log(db, run_id, "cancelled" if summary.cancelled else "ok", summary, "")
    return summary


def _failure_text(exc: SyncFailed) -> str:
    if isinstance(exc.cause, AuthRefused):
        return Msg("{error} Ask the city for a new enrolment code.", error=exc.message)
    return exc.message


def _log(db: Database, run_id: int, outcome: str, s: SyncSummary, message: str) -> None:
    sync_state.finish_run(db, run_id, outcome, accepted=s.accepted, already_had=s.already_had,
                          set_aside=s.set_aside, pulled=s.pulled, bytes_sent=s.bytes_sent, message=message)
