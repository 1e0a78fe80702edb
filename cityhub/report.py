"""What the city holds, per station: the numbers behind ``cityhub report`` and the overview page.

Only counts, names and times: no request content, so the overview can be shown without authentication.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, distinct, func, select
from sqlalchemy.orm import Session

from cityhub.db import Blob, Device, Escalation, HistoryAlert, HubStation, Record, RecordFile, wire_time
from cityhub.feed import OPEN


@dataclass(frozen=True)
class StationSummary:
    code: str
    name: str
    devices: int  # enrolled and not revoked
    escalations: int
    open_escalations: int  # open, accepted or assigned: the city's answer is still due
    archive_records: int
    complaints: int  # complaints' archive records (one per complaint, its latest version counted once)
    missing_files: int  # records (latest version of each) naming a file the hub does not hold completely
    last_sync: datetime | None  # the latest push or pull of any of its devices
    history_alerts: int = 0  # its devices' histories that no longer lead to what they reported (cityhub.chains)


@dataclass(frozen=True)
class OpenEscalation:
    number: str
    station_code: str
    client_name: str
    status: str
    since: datetime


def _counts(session: Session, statement: Select[int, int]) -> dict[int, int]:
    return {station_id: count for station_id, count in session.execute(statement)}


def _missing_files(session: Session) -> dict[int, int]:
    latest = (select(Record.kind, Record.uuid, func.max(Record.version).label("version"))
              .group_by(Record.kind, Record.uuid).subquery())
    statement = (
        select(Record.station_id, func.count(distinct(Record.id)))
        .join(latest, and_(Record.kind == latest.c.kind, Record.uuid == latest.c.uuid,
                           Record.version == latest.c.version))
        .join(RecordFile, RecordFile.record_id == Record.id)
        .outerjoin(Blob, and_(Blob.sha256 == RecordFile.sha256, Blob.complete.is_(True)))
        .where(Blob.sha256.is_(None))
        .group_by(Record.station_id))
    return _counts(session, statement)


def station_summaries(session: Session) -> list[StationSummary]:
    """Every station, by code."""
    devices = _counts(session, select(Device.station_id, func.count()).where(Device.revoked_at.is_(None))
                      .group_by(Device.station_id))
    escalations = _counts(session, select(Escalation.station_id, func.count()).group_by(Escalation.station_id))
    still_open = _counts(session, select(Escalation.station_id, func.count()).where(Escalation.status.in_(OPEN))
                         .group_by(Escalation.station_id))
    archives = _counts(session, select(Record.station_id, func.count()).where(Record.kind == "archive")
                       .group_by(Record.station_id))
    complaints = _counts(session, select(Record.station_id, func.count(distinct(Record.uuid)))
                         .where(Record.kind == "complaint").group_by(Record.station_id))
    missing = _missing_files(session)
    alerts = _counts(session, select(HistoryAlert.station_id, func.count()).group_by(HistoryAlert.station_id))
    syncs: dict[int, datetime] = {}
    for station_id, pushed, pulled in session.execute(
            select(Device.station_id, func.max(Device.last_push_at), func.max(Device.last_pull_at))
            .group_by(Device.station_id)):
        times = [t for t in (pushed, pulled) if t is not None]
        if times:
            syncs[station_id] = max(times)
    return [StationSummary(code=s.code, name=s.name, devices=devices.get(s.id, 0),
                           escalations=escalations.get(s.id, 0), open_escalations=still_open.get(s.id, 0),
                           archive_records=archives.get(s.id, 0), complaints=complaints.get(s.id, 0),
                           missing_files=missing.get(s.id, 0),
                           last_sync=syncs.get(s.id), history_alerts=alerts.get(s.id, 0))
            for s in session.scalars(select(HubStation).order_by(HubStation.code))]


def open_escalations(session: Session) -> list[OpenEscalation]:
    """Escalations awaiting the city's answer, longest waiting first."""
    rows = session.execute(
        select(Escalation, HubStation.code).join(HubStation, HubStation.id == Escalation.station_id)
        .where(Escalation.status.in_(OPEN)).order_by(Escalation.updated_at, Escalation.request_number))
    return [OpenEscalation(number=e.request_number, station_code=code, client_name=e.client_name, status=e.status,
                           since=e.updated_at) for e, code in rows]


@dataclass(frozen=True)
class Alert:
    station_code: str
    device_uuid: str
    chain: str
    found_at: datetime
    held_id: int  # the entry the city had acknowledged
    said_id: int  # the entry the station presented for it (0: none)


def history_alerts(session: Session) -> list[Alert]:
    """Every station history found changed (cityhub.chains), newest first."""
    rows = session.execute(
        select(HistoryAlert, HubStation.code, Device.uuid).join(HubStation, HubStation.id == HistoryAlert.station_id)
        .join(Device, Device.id == HistoryAlert.device_id).order_by(HistoryAlert.found_at.desc(), HistoryAlert.id))
    return [Alert(code, device, a.chain, a.found_at, a.held_id, a.said_id) for a, code, device in rows]


def _time(value: datetime | None) -> str:
    return wire_time(value) if value is not None else "-"


INVISIBLE = frozenset({"Cf", "Cc", "Zl", "Zp"})  # format (bidi controls, zero-width), control, line separators


def invisible_escape(char: str) -> str | None:
    """``\\u202e`` for a character that would act instead of showing (a terminal escape, a bidi override); None
    for one that shows. Station-supplied text is shown through this on the overview page and in the commands'
    tables, so no station can make its text display as other text or drive the admin's terminal."""
    if unicodedata.category(char) not in INVISIBLE:
        return None
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def terminal_text(text: str) -> str:
    """``text`` for a terminal: every invisible character shown as its escape."""
    return "".join(invisible_escape(c) or c for c in text)


def _width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(rows: list[list[str]]) -> str:
    """Rows (the first one the header) as aligned columns: numbers (and their headers) right, text left."""
    rows = [[terminal_text(cell) for cell in row] for row in rows]
    columns = range(len(rows[0]))
    widths = [max(_width(row[i]) for row in rows) for i in columns]
    numeric = [len(rows) > 1 and all(row[i].isdigit() for row in rows[1:]) for i in columns]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _width(cell))
            cells.append(pad + cell if numeric[i] else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def report_text(summaries: list[StationSummary]) -> str:
    header = ["station", "name", "escalations", "open", "archive records", "complaints", "missing files",
              "history changed", "last sync"]
    rows = [[s.code, s.name, str(s.escalations), str(s.open_escalations), str(s.archive_records),
             str(s.complaints), str(s.missing_files), str(s.history_alerts), _time(s.last_sync)]
            for s in summaries]
    if not rows:
        return "no stations yet"
    return format_table([header, *rows])


def report_json(summaries: list[StationSummary]) -> str:
    return json.dumps([{
        "code": s.code, "name": s.name, "devices": s.devices, "escalations": s.escalations,
        "open_escalations": s.open_escalations, "archive_records": s.archive_records, "complaints": s.complaints,
        "missing_files": s.missing_files, "history_alerts": s.history_alerts,
        "last_sync": wire_time(s.last_sync) if s.last_sync else None,
    } for s in summaries], ensure_ascii=False, indent=2)
