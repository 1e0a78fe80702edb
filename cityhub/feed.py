"""The city's decisions on escalations: recording them, and the per-station feed the devices pull.

Decisions are numbered by a global ``seq``. Recording one first locks the station's row, so two decisions for
one station commit in seq order, and a device whose cursor passed seq N can never later find a decision < N
committed behind its back. The cursor is opaque to the station (versioned JSON in URL-safe base64), so its
content can change without a protocol change.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid as uuidlib
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityhub.db import DecisionRow, Device, Escalation, lock_station, utcnow, wire_time
from cityhub.errors import BadCursor, HubError, NotFound, Refused
from desktop.sync import wire

DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
OPEN = ("open", "accepted", "assigned")  # the city has not given its final answer yet
CLOSED = ("answered", "returned")


def encode_cursor(seq: int) -> str:
    raw = json.dumps({"v": 1, "seq": seq}, separators=(",", ":")).encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The last seq a cursor has seen; no cursor (the first pull) has seen none."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError) as error:
        raise BadCursor("the cursor is not one this hub gave out") from error
    seq = value.get("seq") if isinstance(value, dict) and value.get("v") == 1 else None
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= wire.MAX_INT:
        raise BadCursor("the cursor is not one this hub gave out")
    return seq


def _wire(row: DecisionRow) -> wire.Decision:
    return wire.Decision(uuid=row.uuid, request_uuid=row.request_uuid, request_number=row.request_number,
                         decision=cast(wire.DecisionKind, row.decision),  # stored from wire.DECISIONS only
                         text=row.text, assignee=row.assignee, decided_at=wire_time(row.decided_at))


def decisions_page(session: Session, device: Device, cursor: str | None,
                   limit: int = DEFAULT_LIMIT) -> wire.DecisionPage:
    """The device's station's decisions after ``cursor``, oldest first, at most ``limit`` (capped at 1000)."""
    after = decode_cursor(cursor)
    limit = max(1, min(limit, MAX_LIMIT))
    rows = list(session.scalars(
        select(DecisionRow).where(DecisionRow.station_id == device.station_id, DecisionRow.seq > after)
        .order_by(DecisionRow.seq).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    device.last_pull_at = utcnow()
    return wire.DecisionPage(decisions=[_wire(r) for r in rows],
                             cursor=encode_cursor(rows[-1].seq if rows else after), more=more)


def _require(decision: str, text: str, assignee: str) -> None:
    if decision not in wire.DECISIONS:
        raise HubError(f"unknown decision {decision!r}; one of {', '.join(wire.DECISIONS)}", code="decision")
    if decision == "assigned" and not assignee.strip():
        raise HubError("assigning needs the assignee's name", code="decision")
    if decision == "answered" and not text.strip():
        raise HubError("an answer needs its text", code="decision")
    if decision == "returned" and not text.strip():
        raise HubError("returning needs the reason", code="decision")


def _find(session: Session, request: str) -> Escalation:
    """The escalation named by its request number or UUID. Two computers of a station may give the same
    number to different requests: then the UUID must be given."""
    found = session.scalars(select(Escalation).where(
        (Escalation.request_number == request) | (Escalation.request_uuid == request.lower()))).all()
    if not found:
        raise NotFound(f"no escalated request {request}")
    if len(found) > 1:
        choices = "; ".join(f"{e.request_uuid} ({e.client_name})" for e in found)
        raise Refused(f"{len(found)} escalated requests have the number {request} (each computer of a station "
                      f"numbers its own requests): give the request's UUID instead: {choices}")
    return found[0]


def decide(session: Session, request: str, decision: str, text: str = "", assignee: str = "") -> wire.Decision:
    """Record the city's ``decision`` on the escalated request ``request`` (its number, or its UUID) and return
    it as the feed will.

    Every decision needs the escalation still open (open, accepted or assigned); once answered or returned it
    takes none until the station escalates the request again."""
    _require(decision, text, assignee)
    found = _find(session, request)
    lock_station(session, found.station_id)
    escalation = session.scalars(select(Escalation).where(Escalation.id == found.id)
                                 .execution_options(populate_existing=True)).one()
    number = escalation.request_number
    if escalation.status not in OPEN:
        raise Refused(f"request {number} is {escalation.status}: it takes no decision until the station "
                      "escalates it again")
    text = text.strip()
    if decision == "assigned":
        escalation.assignee = assignee.strip()
    escalation.status = decision
    escalation.updated_at = utcnow()
    row = DecisionRow(uuid=str(uuidlib.uuid4()), station_id=escalation.station_id, escalation_id=escalation.id,
                      request_uuid=escalation.request_uuid, request_number=escalation.request_number,
                      decision=decision, text=text, assignee=assignee.strip() if decision == "assigned" else "",
                      decided_at=escalation.updated_at)
    session.add(row)
    session.flush()
    return _wire(row)
