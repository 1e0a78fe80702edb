"""This device's sync settings, its pull cursor, the city's decisions applied, and the log of syncs.

The pull cursor and the decisions it covers are written in one transaction (``apply_decisions``): after a crash
the device asks again from the last cursor it committed, and a decision already applied is skipped by its UUID.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.city_sync.tables import AppliedDecision, SyncRun, SyncState
from desktop.models.core.area import resolve
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, Refused
from desktop.models.core.types import utcnow
from desktop.models.core.validators import Msg, check_text
from desktop.models.requests.lifecycle import apply_city_decision
from desktop.models.requests.tables import ServiceRequest

CURSOR_KEY = "pull_cursor"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEFAULT_BATCH = 100


@dataclass(frozen=True)
class SyncSettings:
    hub_url: str = ""
    ca_bundle: str = ""  # a PEM file for a city server with its own CA; "" = the system's trust store
    batch_size: int = DEFAULT_BATCH

    @property
    def configured(self) -> bool:
        return bool(self.hub_url)


def validate_settings(settings: SyncSettings) -> dict[str, str]:
    errors: dict[str, str] = {}
    url = settings.hub_url.strip()
    for key, value in (("hub_url", url), ("ca_bundle", settings.ca_bundle)):
        if message := check_text(value):
            errors[key] = message
    if errors:
        return errors
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            errors["hub_url"] = "Enter the city platform's address, e.g. https://sync.example.cn"
        elif parts.scheme == "http" and parts.hostname not in LOOPBACK:
            errors["hub_url"] = "The city platform must be reached over https (http only on this computer)."
    if settings.ca_bundle.strip() and not Path(settings.ca_bundle.strip()).is_file():
        errors["ca_bundle"] = "The CA certificate file does not exist."
    if not 1 <= settings.batch_size <= 500:
        errors["batch_size"] = "The batch size must be between 1 and 500."
    return errors


def _get(s: Session, key: str, default: str = "") -> str:
    row = s.get(SyncState, key)
    return row.value if row is not None else default


def _set(s: Session, key: str, value: str) -> None:
    row = s.get(SyncState, key)
    if row is None:
        s.add(SyncState(key=key, value=value))
    else:
        row.value = value


def load_settings(db: Database) -> SyncSettings:
    with db.read() as s:
        size = _get(s, "batch_size")
        return SyncSettings(_get(s, "hub_url"), _get(s, "ca_bundle"), int(size) if size.isdigit() else DEFAULT_BATCH)


def save_settings(db: Database, actor_id: int | None, settings: SyncSettings) -> Changes:
    """Admins set the city platform's address (``actor_id`` None: the command line, run by the station's
    own operator)."""
    settings = SyncSettings(settings.hub_url.strip().rstrip("/"), settings.ca_bundle.strip(), settings.batch_size)
    errors = validate_settings(settings)
    if errors:
        raise Invalid(errors)
    with db.begin(actor_id) as s:
        if actor_id is not None and require_role(s, actor_id).role != "admin":
            raise Refused("Only a station admin can change the city platform's settings.")
        _set(s, "hub_url", settings.hub_url)
        _set(s, "ca_bundle", settings.ca_bundle)
        _set(s, "batch_size", str(settings.batch_size))
        return Changes(SyncState, "updated")


# ---- pull ------------------------------------------------------------------------------------------------

def cursor(db: Database) -> str | None:
    with db.read() as s:
        return _get(s, CURSOR_KEY) or None


@dataclass(frozen=True)
class Applied:
    applied: int  # put on a request's timeline
    skipped: int  # already applied, or for a request this device does not hold
    request_ids: tuple[int, ...]


def apply_decisions(db: Database, decisions: list[dict[str, Any]], next_cursor: str) -> Applied:
    """Apply a page of the city's decisions (``wire.Decision`` as dicts) and store the cursor after them, in
    one transaction."""
    from desktop.sync.wire import parse_utc  # pydantic comes with it: not at start-up

    applied, skipped, touched = 0, 0, []
    with db.begin(None) as s, s.no_autoflush:
        # what the page needs, read in two queries rather than two per decision (each of which flushed the
        # decisions before it): the decisions already applied and the requests they are about
        done = set(s.scalars(select(AppliedDecision.uuid).where(
            AppliedDecision.uuid.in_(sorted({d["uuid"] for d in decisions})))))
        requests = {r.uuid: r for r in s.scalars(select(ServiceRequest).where(
            ServiceRequest.uuid.in_(sorted({d["request_uuid"] for d in decisions}))))}
        for d in decisions:
            if d["uuid"] in done:
                skipped += 1
                continue
            done.add(d["uuid"])
            req = requests.get(d["request_uuid"])
            if req is None and any(resolve(hook)(s, d["request_uuid"], d) for hook in _decision_hooks()):
                applied += 1  # a later area's record referred to the city (a complaint)
            elif req is None:
                skipped += 1  # escalated from another device of the station
            else:
                apply_city_decision(s, req, d["decision"], d.get("text", ""), d.get("assignee", ""),
                                    now=parse_utc(d["decided_at"]), decision_uuid=d["uuid"])
                applied += 1
                touched.append(req.id)
            s.add(AppliedDecision(uuid=d["uuid"], request_id=req.id if req else None))
        _set(s, CURSOR_KEY, next_cursor)
    return Applied(applied, skipped, tuple(touched))


def _decision_hooks() -> list[str]:
    """The areas that take the city's decisions on their own records (``Area.city_decisions``)."""
    from desktop.models.core.registry import areas

    return [area.city_decisions for area in areas() if area.city_decisions]


def queue_before_push(db: Database) -> int:
    """Let the areas queue what they send at each sync (``Area.before_push``); how many records they queued."""
    from desktop.models.core.area import resolve
    from desktop.models.core.registry import areas

    return sum(int(resolve(area.before_push)(db)) for area in areas() if area.before_push)


# ---- the log of syncs ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RunInfo:
    id: int
    started_at: datetime
    finished_at: datetime | None
    trigger: str
    outcome: str
    accepted: int
    already_had: int
    set_aside: int
    pulled: int
    bytes_sent: int
    message: str


def _info(r: SyncRun) -> RunInfo:
    return RunInfo(r.id, r.started_at, r.finished_at, r.trigger, r.outcome, r.accepted, r.already_had,
                   r.set_aside, r.pulled, r.bytes_sent, load_message(r.message))


def _plain_message(message: str) -> Any:
    if isinstance(message, Msg):
        return {"msg": message.template,
                "params": {k: _plain_message(v) if isinstance(v, str) else v for k, v in message.params.items()}}
    return str(message)


def store_message(message: str) -> str:
    """A log message as stored: a ``Msg`` keeps its template and parameters (nested ones too), so the log can be
    shown in whatever language the app runs in later."""
    if isinstance(message, Msg):
        return json.dumps(_plain_message(message), ensure_ascii=False, default=str)
    return message


def _message(value: Any) -> Any:
    if isinstance(value, dict) and "msg" in value:
        return Msg(str(value["msg"]), **{k: _message(v) for k, v in dict(value.get("params", {})).items()})
    return value


def load_message(text: str) -> str:
    if text.startswith('{"msg":'):
        try:
            loaded = _message(json.loads(text))
            return loaded if isinstance(loaded, str) else text
        except (ValueError, KeyError, IndexError, TypeError):
            return text
    return text


def start_run(db: Database, trigger: str) -> int:
    """Log a sync as running. A run still "running" from before was cut off (the process was killed)."""
    with db.begin(None) as s:
        for stale in s.scalars(select(SyncRun).where(SyncRun.outcome == "running")):
            stale.outcome, stale.finished_at = "failed", utcnow()
            stale.message = "Interrupted: the program stopped during this sync."
        run = SyncRun(trigger=trigger)
        s.add(run)
        s.flush()
        return run.id


def finish_run(db: Database, run_id: int, outcome: str, *, accepted: int = 0, already_had: int = 0,
               set_aside: int = 0, pulled: int = 0, bytes_sent: int = 0, message: str = "") -> None:
    with db.begin(None) as s:
        run = s.get(SyncRun, run_id)
        assert run is not None
        run.finished_at, run.outcome, run.message = utcnow(), outcome, store_message(message)[:4000]
        run.accepted, run.already_had, run.set_aside = accepted, already_had, set_aside
        run.pulled, run.bytes_sent = pulled, bytes_sent


def recent_runs(db: Database, limit: int = 50) -> list[RunInfo]:
    with db.read() as s:
        return [_info(r) for r in s.scalars(select(SyncRun).order_by(SyncRun.id.desc()).limit(limit))]


def last_success(db: Database) -> datetime | None:
    with db.read() as s:
        return s.scalar(select(SyncRun.finished_at).where(SyncRun.outcome == "ok")
                        .order_by(SyncRun.id.desc()).limit(1))
