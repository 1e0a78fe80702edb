"""The bad-review loop (差评整改): what an owner and an admin do with a rectification, the list, and the counts.

Steps: the owner (or an admin) records what the verification found, what was done, and that the client was told
and asked again (with their answer): it is then *rectified*; an admin verifies it: effective closes it, not
effective sends it back open with the admin's note. An admin may give it to another owner or move its due day.

Who sees what: admins all; a clerk all but a rectification of a complaint about themselves; a field officer the
ones they own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.accounts.tables import Staff
from desktop.models.complaints.tables import Complaint
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.core.tables import Role
from desktop.models.core.types import utcnow
from desktop.models.core.validators import check_length, check_not_future, check_required
from desktop.models.improvement.tables import (
    TEXT_LIMIT,
    ImprovementSetting,
    Rectification,
    RectificationStatus,
)

ACTIVE = (RectificationStatus.OPEN, RectificationStatus.RECTIFIED)
STATUS_FILTERS = ("", "active", *RectificationStatus)  # "": all; "active": open or rectified


@dataclass(frozen=True)
class RectificationQuery:
    viewer_id: int
    status: str = "active"  # one of STATUS_FILTERS
    overdue: bool = False  # active and past its due day
    opened_from: date | None = None
    opened_to: date | None = None


@dataclass(frozen=True)
class RectificationRow:
    id: int
    source: str
    status: str
    opened_at: datetime
    due_on: date
    owner: str
    request_number: str
    complaint_number: str
    client: str
    found: str
    done: str
    client_told_at: datetime | None
    client_satisfied: bool | None
    client_response: str
    verify_note: str
    closed_at: datetime | None
    what: str  # what the client said: the evaluation's comment and scores, or the complaint

    def overdue(self, today: date) -> bool:
        return self.status in ACTIVE and self.due_on < today


NOT_ABOUT_THEM = ("(x.complaint_id IS NULL OR NOT EXISTS (SELECT 1 FROM complaint k WHERE k.id = x.complaint_id "
                  "AND k.about_staff_id = :viewer))")


def _visible(s: Session, viewer_id: int) -> tuple[str, dict[str, object]]:
    """The complaints' rule: a complaint's rectification is never shown to the staff member it is about (an admin
    included); a field officer sees their own."""
    viewer = require_role(s, viewer_id)
    if viewer.role == Role.FIELD_OFFICER:
        return f"x.owner_id = :viewer AND {NOT_ABOUT_THEM}", {"viewer": viewer.id}
    return NOT_ABOUT_THEM, {"viewer": viewer.id}


_SELECT = """
    SELECT x.id, x.source, x.status, x.opened_at, x.due_on, coalesce(o.name, ''), coalesce(r.number, ''),
           coalesce(k.number, ''), coalesce(c.name, ''), x.found, x.done, x.client_told_at, x.client_satisfied,
           x.client_response, x.verify_note, x.closed_at,
           CASE WHEN x.source = 'evaluation' THEN
                '需求匹配 ' || e.demand_matching || ' · 服务水平 ' || e.service_level
                || ' · 服务态度 ' || e.attitude || ' · 投诉处理 ' || e.complaint_handling
                || CASE WHEN e.comment <> '' THEN '：' || e.comment ELSE '' END
                ELSE coalesce(k.what_happened, '') END
    FROM rectification x
    LEFT JOIN staff o ON o.id = x.owner_id
    LEFT JOIN service_request r ON r.id = x.request_id
    LEFT JOIN complaint k ON k.id = x.complaint_id
    LEFT JOIN evaluation e ON e.id = x.evaluation_id
    LEFT JOIN client c ON c.id = coalesce(r.client_id, k.client_id)"""


def _row(values: Sequence[object]) -> RectificationRow:
    v = list(values)
    for i in (3, 11, 15):  # stored as ISO text in UTC (UTCDateTime)
        v[i] = None if v[i] is None else datetime.fromisoformat(str(v[i]))
    v[4] = date.fromisoformat(str(v[4]))
    v[12] = None if v[12] is None else bool(v[12])
    return RectificationRow(*v)  # type: ignore[arg-type]


def list_rectifications(db: Database, q: RectificationQuery, today: date) -> list[RectificationRow]:
    """The rectifications of ``q`` the viewer may see, soonest due first (a station has hundreds, not millions)."""
    from desktop.models.requests.request_list import local_day_start

    with db.read() as s:
        visible, params = _visible(s, q.viewer_id)
        where = [visible]
        if q.status == "active" or q.overdue:
            where.append("x.status IN ('open', 'rectified')")
        elif q.status:
            where.append("x.status = :status")
            params["status"] = q.status
        if q.overdue:
            where.append("x.due_on < :today")
            params["today"] = today.isoformat()
        if q.opened_from is not None:
            where.append("x.opened_at >= :opened_from")
            params["opened_from"] = local_day_start(q.opened_from)
        if q.opened_to is not None:
            where.append("x.opened_at < :opened_to")
            params["opened_to"] = local_day_start(q.opened_to + timedelta(days=1))
        rows = s.execute(text(f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY x.status = 'closed', x.due_on, x.id"),
                         params).all()
    return [_row(r) for r in rows]


def get_rectification(db: Database, viewer_id: int, rectification_id: int) -> RectificationRow:
    with db.read() as s:
        visible, params = _visible(s, viewer_id)
        row = s.execute(text(f"{_SELECT} WHERE x.id = :id AND {visible}"), {**params, "id": rectification_id}).first()
    if row is None:
        raise NotFound("No such rectification.")
    return _row(row)


def for_records(db: Database, viewer_id: int, request_id: int | None, complaint_ids: Sequence[int]
                ) -> list[RectificationRow]:
    """The rectifications of a request (its evaluations') and of complaints, that the viewer may see, oldest first
    (an archive file's)."""
    with db.read() as s:
        visible, params = _visible(s, viewer_id)
        ids = ", ".join(str(int(i)) for i in complaint_ids) or "NULL"
        params["request"] = request_id
        rows = s.execute(text(f"{_SELECT} WHERE ({visible}) AND (x.request_id = :request OR x.complaint_id IN ({ids}))"
                              " ORDER BY x.opened_at, x.id"), params).all()
    return [_row(r) for r in rows]


def _load(s: Session, actor: Staff, rectification_id: int) -> Rectification:
    visible, params = _visible(s, actor.id)
    found = s.execute(text(f"SELECT x.id FROM rectification x WHERE x.id = :id AND {visible}"),
                      {**params, "id": rectification_id}).scalar()
    item = s.get(Rectification, found) if found is not None else None
    if item is None:
        raise NotFound("No such rectification.")
    return item


@dataclass(frozen=True)
class RectifiedInput:
    found: str  # what the verification found
    done: str  # what was done
    told_at: datetime | None  # when the client was told and asked again
    satisfied: bool | None  # their answer: satisfied now?
    response: str = ""  # what they said


def record(db: Database, actor_id: int, rectification_id: int, inp: RectifiedInput,
           now: datetime | None = None) -> Changes:
    """The owner (or an admin): found, done, client told and asked again → rectified, awaiting verification."""
    now = now or utcnow()
    errors = {
        "found": check_required(inp.found, TEXT_LIMIT, multiline=True),
        "done": check_required(inp.done, TEXT_LIMIT, multiline=True),
        "told_at": "Say when the client was told." if inp.told_at is None else check_not_future(inp.told_at, now),
        "satisfied": None if inp.satisfied is not None else "Say whether the client is satisfied now.",
        "response": check_length(inp.response, TEXT_LIMIT, multiline=True),
    }
    if any(errors.values()):
        raise Invalid({k: v for k, v in errors.items() if v})
    with db.begin(actor_id) as s:
        actor = require_role(s, actor_id)
        item = _load(s, actor, rectification_id)
        if item.status != RectificationStatus.OPEN:
            raise Refused("Only an open rectification can be recorded as done.")
        if actor.role != Role.ADMIN and item.owner_id != actor.id:
            raise Refused("Only its owner or an admin may record what was done.")
        if inp.told_at is not None and inp.told_at < item.opened_at:
            raise Invalid({"told_at": "The client cannot have been asked again before the rectification opened."})
        item.found, item.done = inp.found.strip(), inp.done.strip()
        item.client_response = inp.response.strip()
        item.client_told_at, item.client_satisfied = inp.told_at, inp.satisfied
        item.status, item.rectified_at, item.version = RectificationStatus.RECTIFIED, now, item.version + 1
        return Changes(Rectification, "updated", (item.id,))


def verify(db: Database, actor_id: int, rectification_id: int, effective: bool, note: str,
           now: datetime | None = None) -> Changes:
    """An admin's verification: effective closes it; not effective sends it back open (the note says why)."""
    now = now or utcnow()
    message = check_required(note, TEXT_LIMIT, multiline=True) if not effective else check_length(
        note, TEXT_LIMIT, multiline=True)
    if message:
        raise Invalid({"note": message})
    with db.begin(actor_id) as s:
        actor = require_role(s, actor_id, Role.ADMIN)
        item = _load(s, actor, rectification_id)
        if item.status != RectificationStatus.RECTIFIED:
            raise Refused("Only a rectification recorded as done can be verified.")
        item.verified_by, item.verify_note, item.version = actor.id, note.strip(), item.version + 1
        if effective:
            item.status, item.closed_at = RectificationStatus.CLOSED, now
        else:
            item.status = RectificationStatus.OPEN
        return Changes(Rectification, "updated", (item.id,))


def assign(db: Database, actor_id: int, rectification_id: int, owner_id: int, due_on: date) -> Changes:
    """An admin gives it to another owner or moves its due day."""
    with db.begin(actor_id) as s:
        actor = require_role(s, actor_id, Role.ADMIN)
        item = _load(s, actor, rectification_id)
        if item.status == RectificationStatus.CLOSED:
            raise Refused("A closed rectification cannot be changed.")
        owner = s.get(Staff, owner_id)
        if owner is None or not owner.active:
            raise Invalid({"owner": "Choose an active staff member."})
        about = s.scalar(select(Complaint.about_staff_id).where(Complaint.id == item.complaint_id)) \
            if item.complaint_id is not None else None
        if about == owner.id:
            raise Invalid({"owner": "The staff member a complaint is about cannot own its rectification."})
        if due_on < local_today() and due_on != item.due_on:
            raise Invalid({"due_on": "The due day cannot be in the past."})
        item.owner_id, item.due_on, item.version = owner.id, due_on, item.version + 1
        return Changes(Rectification, "updated", (item.id,))


def rectification_days(db: Database) -> int:
    with db.read() as s:
        setting = s.get(ImprovementSetting, 1)
        return setting.rectification_days if setting else 15


def set_rectification_days(db: Database, actor_id: int, days: int) -> Changes:
    if not 1 <= days <= 60:
        raise Invalid({"days": "Between 1 and 60 working days."})
    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        setting = s.get(ImprovementSetting, 1) or ImprovementSetting(id=1)
        setting.rectification_days = days
        s.add(setting)
        return Changes(ImprovementSetting, "updated", (1,))


def dashboard_numbers(db: Database, user_id: int, today: date) -> dict[str, int]:
    with db.read() as s:
        visible, params = _visible(s, user_id)
        row = s.execute(text(
            "SELECT coalesce(sum(x.status = 'open'), 0), coalesce(sum(x.due_on < :today), 0), "
            f"coalesce(sum(x.status = 'rectified'), 0) FROM rectification x WHERE x.status IN ('open', 'rectified') "
            f"AND {visible}"), {**params, "today": today.isoformat()}).one()
    return {"rectifications_open": int(row[0]), "rectifications_overdue": int(row[1]),
            "rectifications_to_verify": int(row[2])}


def dashboard_query(key: str, user_id: int, today: date) -> RectificationQuery:
    del today
    if key == "rectifications_overdue":
        return RectificationQuery(user_id, overdue=True)
    if key == "rectifications_to_verify":
        return RectificationQuery(user_id, status=RectificationStatus.RECTIFIED)
    return RectificationQuery(user_id, status=RectificationStatus.OPEN)
