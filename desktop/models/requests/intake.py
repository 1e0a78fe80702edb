"""Service requests (服务需求, §7.1): intake from every channel, the human number, reading a request back.

What happens to a request after intake is in ``lifecycle.py``. A request's identity (for sync) is its
UUID; its number ``<station code>-<yyyymmdd>-<nnnn>`` is for people, from a daily counter that the
database hands out one at a time (write transactions take the write lock first: ``Database.begin``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.catalogue.tables import CatalogueItem
from desktop.models.clients.tables import Client
from desktop.models.core.changes import Changes
from desktop.models.core.clock import to_local
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, Refused
from desktop.models.core.tables import Station
from desktop.models.core.types import utcnow
from desktop.models.core.validators import check_length, check_not_future, check_phone, check_required, normalize_phone
from desktop.models.requests import workdays
from desktop.models.requests.tables import (
    CHANNELS,
    RequestCategory,
    RequestEvent,
    RequestItem,
    ServiceRequest,
)

MAX_ITEMS = 20


@dataclass(frozen=True)
class RequestInput:
    client_id: int | None
    channel: str
    item_ids: tuple[int, ...]
    description: str
    contact_name: str = ""
    contact_phone: str = ""
    assessment: str = ""  # §7.1.3: the clerk's assessment of the need
    received_at: datetime | None = None  # None: now; an earlier time when entering a written survey later


def validate_request(inp: RequestInput, now: datetime | None = None) -> dict[str, str]:
    now = now or utcnow()
    errors: dict[str, str | None] = {
        "client": None if inp.client_id is not None else "Choose the client, or register a new one.",
        "channel": None if inp.channel in CHANNELS else "Choose how the request came in.",
        "items": ("Classify the request under at least one catalogue item." if not inp.item_ids else
                  "Too many catalogue items." if len(inp.item_ids) > MAX_ITEMS else None),
        "description": check_required(inp.description, 4000, multiline=True),
        "contact_name": check_length(inp.contact_name, 50),
        "contact_phone": check_phone(inp.contact_phone) if inp.contact_phone.strip() else None,
        "assessment": check_length(inp.assessment, 2000, multiline=True),
        "received_at": check_not_future(inp.received_at, now) if inp.received_at is not None else None,
    }
    return {k: v for k, v in errors.items() if v}


def request_search_text(number: str, client_name: str, description: str, contact_name: str,
                        contact_phone: str | None) -> str:
    """What search looks in. It must start ``<number> <client name> ``: migration 0003's trigger swaps the
    name when the client is renamed."""
    return " ".join([number, client_name, description, contact_name, contact_phone or ""]).strip()


def local_day(at: datetime) -> date:
    local = to_local(at)
    assert local is not None
    return local.date()


def next_number(session: Session, station_code: str, day: date) -> str:
    """The next number of ``day``: one UPSERT, so two windows can never get the same one."""
    key = day.strftime("%Y%m%d")
    seq = session.execute(
        text("INSERT INTO request_counter (day, last) VALUES (:day, 1) "
             "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last"), {"day": key}).scalar_one()
    if seq > 9999:
        raise Refused("This station has used all 9,999 request numbers of the day.")
    return f"{station_code}-{key}-{seq:04d}"


def items_checked(session: Session, item_ids: Sequence[int], allow_retired: Sequence[int] = ()) -> list[CatalogueItem]:
    rows = session.scalars(select(CatalogueItem).where(CatalogueItem.id.in_(set(item_ids)))).all()
    if len(rows) != len(set(item_ids)):
        raise Invalid({"items": "A chosen catalogue item no longer exists."})
    retired = [r for r in rows if r.retired_at is not None and r.id not in allow_retired]
    if retired:
        raise Invalid({"items": "A chosen catalogue item has been retired; choose a current one."})
    return list(rows)


def set_items(session: Session, req: ServiceRequest, items: Sequence[CatalogueItem]) -> set[int]:
    session.execute(delete(RequestItem).where(RequestItem.request_id == req.id))
    session.execute(delete(RequestCategory).where(RequestCategory.request_id == req.id))
    categories = {i.category_id for i in items}
    session.add_all(RequestItem(request_id=req.id, item_id=i.id) for i in items)
    session.add_all(RequestCategory(request_id=req.id, category_id=c) for c in categories)
    return categories


def add_event(session: Session, req: ServiceRequest, actor_id: int | None, kind: str, *, to_status: str | None = None,
              text_: str = "", data: dict[str, object] | None = None, at: datetime | None = None) -> RequestEvent:
    """Append a timeline event (and count a new version of the request)."""
    event = RequestEvent(request_id=req.id, at=at or utcnow(), actor_id=actor_id, kind=kind,
                         from_status=req.status, to_status=to_status, text=text_,
                         data=json.dumps(data or {}, ensure_ascii=False, sort_keys=True, default=str))
    session.add(event)
    if to_status is not None:
        req.status = to_status
    req.version += 1
    return event


def create_request(db: Database, actor_id: int, inp: RequestInput, now: datetime | None = None) -> Changes:
    """Register a request as received; its due dates come from its categories' time limits."""
    now = now or utcnow()
    errors = validate_request(inp, now)
    if errors:
        raise Invalid(errors)
    received_at = inp.received_at or now
    with db.begin(actor_id) as s:
        require_role(s, actor_id)
        client = s.get(Client, inp.client_id)
        if client is None:
            raise Invalid({"client": "The chosen client no longer exists."})
        station = s.get(Station, 1)
        if station is None:
            raise Refused("The station has not been set up.")
        items = items_checked(s, inp.item_ids)
        day = local_day(received_at)
        number = next_number(s, station.code, local_day(now))
        phone = normalize_phone(inp.contact_phone) or None
        req = ServiceRequest(
            number=number, client_id=client.id, channel=inp.channel, description=inp.description.strip(),
            assessment=inp.assessment.strip(), contact_name=inp.contact_name.strip(), contact_phone=phone,
            status="received", district=client.district, received_at=received_at, received_by=actor_id,
            handler_id=actor_id, version=1,
            search_text=request_search_text(number, client.name, inp.description.strip(),
                                            inp.contact_name.strip(), phone),
        )
        s.add(req)
        s.flush()
        categories = set_items(s, req, items)
        cal = workdays.load_calendar(s)
        limits = workdays.limits_for(s, categories)
        req.response_due = cal.add_working_days(day, limits.response_days)
        req.completion_due = cal.add_working_days(day, limits.completion_days)
        req.due_on = req.response_due
        first = add_event(s, req, actor_id, "received", to_status="received", at=received_at,
                          text_=inp.description.strip(), data={"channel": inp.channel, "items": [i.id for i in items]})
        first.from_status = None
        req.version = 1  # the request as received is its first version
        return Changes(ServiceRequest, "created", (req.id,))
