"""保存期限 and 销毁 (§7.6.3): how long each kind of archived record is kept (an admin's setting, never below two
years from archiving), and the disposal lists (销毁清册) through which alone a record leaves the station after its
period has ended: an admin prepares a list, prints it for approval, then confirms it (or cancels it).

The database holds the rules too (migration 0019): an archived request cannot change; a record cannot be put on a
list before its period has ended; and a record and everything of it can be deleted only while its list is being
carried out. Each disposed timeline entry leaves its digest, so the hash chains still verify. The list stays, and
so does the audit trail of preparing, cancelling and confirming it; the city's copies of the archive records are
not touched.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.accounts.tables import Staff
from desktop.models.archives.tables import (
    MAX_YEARS,
    MIN_YEARS,
    RECORD_KINDS,
    DisposalItem,
    DisposalList,
    DisposalStatus,
    RecordKind,
    RetentionRule,
)
from desktop.models.core import audit
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today, to_local
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.core.tables import Role, Station
from desktop.models.core.types import utcnow
from desktop.models.core.validators import Msg

LIST_LIMIT = 1000  # records on one list: a list is printed and signed


def rules(db: Database) -> dict[str, int]:
    """Years kept, by record kind."""
    with db.read() as s:
        return {k: int(y) for k, y in s.execute(select(RetentionRule.kind, RetentionRule.years))}


def set_years(db: Database, actor_id: int, kind: str, years: int) -> Changes:
    if kind not in RECORD_KINDS:
        raise Invalid({"kind": "Choose a kind of record."})
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise Invalid({"years": Msg("Records are kept at least {least} years after archiving (§7.6.3), and at most "
                                    "{most}.", least=MIN_YEARS, most=MAX_YEARS)})
    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        rule = s.get(RetentionRule, kind)
        if rule is None:
            s.add(RetentionRule(kind=kind, years=years))
        else:
            rule.years = years
    return Changes(RetentionRule, "updated", ())


def kept_until(archived_at: datetime, years: int) -> date:
    """The last day a record archived at ``archived_at`` is kept (station days; 29 February → 28 February)."""
    local = to_local(archived_at)
    assert local is not None
    day = local.date()
    year = day.year + years
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


@dataclass(frozen=True)
class Due:
    """A record whose period has ended, as a disposal list prints it."""

    kind: str
    id: int
    number: str
    title: str
    started: date | None
    archived_at: datetime
    kept_until: date


_REQUESTS = """
    SELECT r.id, r.number, c.name || '服务需求', r.received_at, r.closed_at FROM service_request r
    JOIN client c ON c.id = r.client_id
    WHERE r.status = 'archived' AND r.closed_at < :before
      AND NOT EXISTS (SELECT 1 FROM disposal_item i JOIN disposal_list l ON l.id = i.list_id
                      WHERE i.kind = 'request' AND i.record_id = r.id AND l.status <> 'cancelled')
      AND NOT EXISTS (SELECT 1 FROM complaint k WHERE k.about_request_id = r.id)
      AND NOT EXISTS (SELECT 1 FROM plan_source p JOIN rectification x ON x.id = p.rectification_id
                      WHERE x.request_id = r.id)
    ORDER BY r.closed_at, r.id LIMIT :limit"""
_COMPLAINTS = """
    SELECT k.id, k.number, '投诉：' || substr(k.what_happened, 1, 40), k.received_at, k.closed_at FROM complaint k
    WHERE k.closed_at IS NOT NULL AND k.closed_at < :before
      AND NOT EXISTS (SELECT 1 FROM disposal_item i JOIN disposal_list l ON l.id = i.list_id
                      WHERE i.kind = 'complaint' AND i.record_id = k.id AND l.status <> 'cancelled')
      AND NOT EXISTS (SELECT 1 FROM plan_source p WHERE p.complaint_id = k.id)
      AND NOT EXISTS (SELECT 1 FROM plan_source p JOIN rectification x ON x.id = p.rectification_id
                      WHERE x.complaint_id = k.id)
    ORDER BY k.closed_at, k.id LIMIT :limit"""


def due(db: Database, actor_id: int, kind: str, limit: int = LIST_LIMIT) -> list[Due]:
    """Admins: the records of ``kind`` whose period has ended and that no list holds, oldest first. A request a
    complaint is about waits for the complaint; a record an improvement plan cites stays with the plan."""
    if kind not in RECORD_KINDS:
        raise NotFound("No such kind of record.")
    with db.read() as s:
        require_role(s, actor_id, Role.ADMIN)
        rule = s.get(RetentionRule, kind)
        assert rule is not None
        years = rule.years
        # ended: archived before this moment, the period's years ago (the database checks the same at insert)
        before = s.execute(text("SELECT strftime('%Y-%m-%dT%H:%M:%S', 'now', :ago)"),
                           {"ago": f"-{years} years"}).scalar_one()
        rows = s.execute(text(_REQUESTS if kind == RecordKind.REQUEST else _COMPLAINTS),
                         {"before": before, "limit": limit}).all()
    out = []
    for record_id, number, title, received, closed in rows:
        archived = datetime.fromisoformat(str(closed))
        start = to_local(datetime.fromisoformat(str(received)))
        out.append(Due(kind, int(record_id), str(number), str(title), start.date() if start else None, archived,
                       kept_until(archived, years)))
    return out


def _number(s: Session) -> str:
    station = s.get(Station, 1)
    code = station.code if station else "QS"
    day = local_today().strftime("%Y%m%d")
    prefix = f"{code}-XH-{day}-"
    taken = s.scalar(select(func.count()).select_from(DisposalList).where(DisposalList.number.like(prefix + "%")))
    return f"{prefix}{int(taken or 0) + 1:02d}"


def prepare(db: Database, actor_id: int, kind: str, record_ids: Sequence[int]) -> Changes:
    """A new disposal list of the records ``record_ids`` of ``kind`` (each must be due: ``due``)."""
    if not record_ids:
        raise Refused("There is nothing to dispose of.")
    if len(record_ids) > LIST_LIMIT:
        raise Refused(Msg("A disposal list holds at most {count} records.", count=LIST_LIMIT))
    candidates = {d.id: d for d in due(db, actor_id, kind, limit=10_000_000)}
    missing = [i for i in record_ids if i not in candidates]
    if missing:
        raise Refused("A record on the list is still within its retention period, or already on a list.")
    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        listed = DisposalList(number=_number(s), kind=kind, prepared_by=actor_id, records=len(record_ids))
        s.add(listed)
        s.flush()
        s.execute(insert(DisposalItem), [
            {"list_id": listed.id, "kind": kind, "record_id": d.id, "number": d.number, "title": d.title,
             "started": d.started.isoformat() if d.started else None, "archived_at": d.archived_at,
             "kept_until": d.kept_until.isoformat()} for d in (candidates[i] for i in record_ids)])
        audit.record_event(s, "disposal_list", {"prepared": listed.number, "kind": kind, "records": len(record_ids)})
        return Changes(DisposalList, "created", (listed.id,))


def cancel(db: Database, actor_id: int, list_id: int) -> Changes:
    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        listed = _prepared(s, list_id)
        listed.status = DisposalStatus.CANCELLED
        audit.record_event(s, "disposal_list", {"cancelled": listed.number})
    return Changes(DisposalList, "updated", (list_id,))


def _prepared(s: Session, list_id: int) -> DisposalList:
    listed = s.get(DisposalList, list_id)
    if listed is None:
        raise NotFound("No such disposal list.")
    if listed.status != DisposalStatus.PREPARED:
        raise Refused("This disposal list has been carried out or cancelled already.")
    return listed


@dataclass(frozen=True)
class Disposed:
    changes: tuple[Changes, ...]
    records: int
    files: list[str]  # files of the data folder no record names any more (attachments by hash, visit PDFs)


def confirm(db: Database, actor_id: int, list_id: int) -> Disposed:
    """Carry a prepared list out: every record on it, and everything of it, deleted in one transaction (the
    database allows it only now, and only for these records). The list becomes ``disposed``; the files no record
    names any more are returned for the caller to remove after the commit."""
    from desktop.models.archives import disposal

    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        listed = _prepared(s, list_id)
        listed.status = DisposalStatus.DISPOSING
        s.flush()
        ids = list(s.scalars(select(DisposalItem.record_id).where(DisposalItem.list_id == list_id)))
        conn = s.connection().connection.driver_connection
        assert conn is not None
        files = disposal.delete_records(conn.cursor(), listed.kind, ids)
        listed.status = DisposalStatus.DISPOSED
        listed.confirmed_at = utcnow()
        listed.confirmed_by = actor_id
        audit.record_event(s, "disposal_list", {"disposed": listed.number, "kind": listed.kind, "records": len(ids)})
    from desktop.models.complaints.tables import Complaint
    from desktop.models.requests.tables import ServiceRequest

    table = ServiceRequest if listed.kind == RecordKind.REQUEST else Complaint
    return Disposed((Changes(DisposalList, "updated", (list_id,)), Changes(table, "bulk")), len(ids), files)


def remove_files(data_dir: Path, names: Sequence[str]) -> int:
    """Remove the disposed records' files from the data folder (paths relative to it); how many were removed."""
    removed = 0
    for name in names:
        path = data_dir / name
        if path.is_file():
            path.unlink()
            removed += 1
    return removed


@dataclass(frozen=True)
class ListRow:
    id: int
    number: str
    kind: str
    status: str
    records: int
    prepared_at: datetime
    prepared_by: str
    confirmed_at: datetime | None
    confirmed_by: str


def lists(db: Database, actor_id: int) -> list[ListRow]:
    with db.read() as s:
        require_role(s, actor_id, Role.ADMIN)
        names = dict(s.execute(select(Staff.id, Staff.name)).all())
        rows = s.scalars(select(DisposalList).order_by(DisposalList.id.desc())).all()
        return [ListRow(r.id, r.number, r.kind, r.status, r.records, r.prepared_at, names.get(r.prepared_by, ""),
                        r.confirmed_at, names.get(r.confirmed_by, "") if r.confirmed_by else "") for r in rows]


def items(db: Database, actor_id: int, list_id: int) -> list[DisposalItem]:
    with db.read() as s:
        require_role(s, actor_id, Role.ADMIN)
        found = list(s.scalars(select(DisposalItem).where(DisposalItem.list_id == list_id)
                               .order_by(DisposalItem.archived_at, DisposalItem.record_id)))
        s.expunge_all()
        return found

