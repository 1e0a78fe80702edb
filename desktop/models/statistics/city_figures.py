"""The station's monthly figures for the city platform (§4.3: the city's 统计、分析): aggregates only, no client
and no request, as a record of kind ``figures`` (``wire.FiguresBody``) in the outbox, exactly once per content.

At each sync (``Area.before_push``) the months that may have moved are worked out again: the current month and
the two before it (their requests are still being answered, evaluated, complained about), and any month of the
last year never sent. A month whose figures are unchanged since its last record queues nothing; a changed one
queues the next version of the same record (its uuid names the station's month), which the city keeps in place
of the earlier one. ``QUALITY_STATION_SEND_FIGURES=0`` in the environment holds them back. Counts are those of
the statistics page (docs/statistics.md) for the whole station, complaints and rectifications included whoever
they are about.
"""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text

from desktop.models.city_sync.outbox import add_record, content_hash, iso_utc
from desktop.models.city_sync.tables import OutboxEntry, OutboxKind
from desktop.models.core.clock import local_today
from desktop.models.core.db import Database
from desktop.models.core.station import get_station
from desktop.models.core.types import utcnow
from desktop.models.statistics.intake_figures import StatsQuery, day_range, intake
from desktop.models.statistics.satisfaction_figures import satisfaction
from desktop.models.statistics.time_limit_figures import time_limits

SWITCH = "QUALITY_STATION_SEND_FIGURES"  # "0": IT holds the figures back (a city that does not collect them)
NAMESPACE = uuid.UUID("6f1d2c8e-5b0a-4c39-9d7e-2a41f0c3b8d5")  # the figures' records (uuid5 of station and month)
RECENT_MONTHS = 3  # worked out again at every sync
BACK_MONTHS = 12  # a month of the last year never sent is sent


def month_of(day: date) -> str:
    return day.strftime("%Y-%m")


def month_days(month: str) -> tuple[date, date]:
    first = date.fromisoformat(month + "-01")
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def record_uuid(station_uuid: str, month: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{station_uuid}/{month}"))


def _months_back(today: date, count: int) -> list[str]:
    months, first = [], today.replace(day=1)
    for _ in range(count):
        months.append(month_of(first))
        first = (first - timedelta(days=1)).replace(day=1)
    return months


def figures_body(db: Database, station_code: str, month: str, today: date, now: datetime) -> dict[str, Any]:
    """The wire body of ``month``'s figures (``wire.FiguresBody``)."""
    start, end = month_days(month)
    q = StatsQuery(start, end)
    i, sat = intake(db, q), satisfaction(db, q)
    stages = time_limits(db, q, today)
    outcomes = {c.key: c.count for c in i.by_outcome}
    params = day_range(start, end)
    with db.read() as s:
        complaints, valid = s.execute(text(
            "SELECT count(*), coalesce(sum(status = 'closed' AND valid = 1), 0) FROM complaint "
            "WHERE received_at >= :start AND received_at < :end"), params).one()
        opened, closed = s.execute(text(
            "SELECT count(*), coalesce(sum(status = 'closed'), 0) FROM rectification "
            "WHERE opened_at >= :start AND opened_at < :end"), params).one()
    return {
        "station_code": station_code, "month": month, "received": i.received,
        **{key: outcomes.get(key, 0) for key in ("answered", "referred", "escalated", "completed", "withdrawn")},
        "by_category": {c.key: c.count for c in i.by_category if c.count},
        "by_channel": {c.key: c.count for c in i.by_channel if c.count},
        "evaluations": sat.evaluations, "dissatisfied": sat.dissatisfied.count,
        "averages": {d.key: round(d.average, 2) for d in sat.dimensions if d.average is not None},
        "on_time": {str(st.key): round(st.rate, 4) for st in stages if st.rate is not None},
        "complaints": int(complaints), "valid_complaints": int(valid),
        "rectifications": int(opened), "rectifications_closed": int(closed),
        "computed_at": iso_utc(now),
    }


def queue_figures(db: Database, today: date | None = None, now: datetime | None = None) -> int:
    """Queue the months whose figures changed since they were last queued (or were never sent); returns how many
    records were queued. Idempotent: run twice, the second run queues nothing."""
    station = get_station(db)
    if station is None or os.environ.get(SWITCH, "").strip() == "0":
        return 0
    today, now = today or local_today(), now or utcnow()
    recent = _months_back(today, RECENT_MONTHS)
    queued = 0
    for month in _months_back(today, BACK_MONTHS):
        key = record_uuid(station.uuid, month)
        with db.read() as s:
            last = s.execute(select(OutboxEntry.version, OutboxEntry.body).where(
                OutboxEntry.kind == OutboxKind.FIGURES, OutboxEntry.record_uuid == key)
                .order_by(OutboxEntry.version.desc()).limit(1)).first()
        if last is not None and month not in recent:
            continue  # an older month, already sent: it no longer moves
        if last is None and month not in recent and not _any_work(db, month):
            continue  # a month before the station had any work (one cheap count, not the figures)
        body = figures_body(db, station.code, month, today, now)
        if last is not None and _same(body, last[1]):
            continue
        with db.begin(None) as s:
            version = (s.scalar(select(func.max(OutboxEntry.version)).where(
                OutboxEntry.kind == OutboxKind.FIGURES, OutboxEntry.record_uuid == key)) or 0) + 1
            add_record(s, OutboxKind.FIGURES, key, version, body, [])
        queued += 1
    return queued


def _any_work(db: Database, month: str) -> bool:
    start, end = month_days(month)
    params = day_range(start, end)
    with db.read() as s:
        return bool(s.execute(text(
            "SELECT EXISTS (SELECT 1 FROM service_request WHERE received_at >= :start AND received_at < :end) "
            "OR EXISTS (SELECT 1 FROM complaint WHERE received_at >= :start AND received_at < :end)"),
            params).scalar())


def _same(body: dict[str, Any], stored: str) -> bool:
    """Whether ``body`` says what the stored record said (the time it was worked out apart)."""
    import json

    before = json.loads(stored)
    return content_hash({**body, "computed_at": ""}) == content_hash({**before, "computed_at": ""})
