"""Rectifications open by themselves (the bad-review loop): an evaluation scoring 1–2 in any dimension, or a
complaint closed as valid, opens one in the same transaction, whatever service wrote it. These are SQLAlchemy
mapper events on the evaluation and complaint tables, registered when this area's tables load (with every
database), so the requests and complaints areas need not know about improvement.

A bulk loader that writes rows with plain SQL (the demo generators) opens its rectifications itself
(``rectifications.open_missing``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, event, insert, select, text
from sqlalchemy.orm import Mapper, attributes

from desktop.models.complaints.tables import Complaint, ComplaintStatus
from desktop.models.core.db import Database
from desktop.models.core.types import new_uuid, utcnow
from desktop.models.improvement.tables import (
    DEFAULT_RECTIFICATION_DAYS,
    ImprovementSetting,
    Rectification,
    RectificationSource,
    RectificationStatus,
)
from desktop.models.requests import workdays
from desktop.models.requests.intake import local_day
from desktop.models.requests.tables import SCORES, Evaluation, ServiceRequest


def due_day(conn: Connection, now: datetime) -> date:
    """The day a rectification opened ``now`` is due: the setting's working days on the station's calendar."""
    days = conn.execute(select(ImprovementSetting.rectification_days).where(ImprovementSetting.id == 1)).scalar()
    return workdays.load_calendar(conn).add_working_days(local_day(now), int(days or DEFAULT_RECTIFICATION_DAYS))


def bad(scores: dict[str, int]) -> bool:
    """An evaluation that opens a rectification: any dimension scored 1 or 2."""
    return any(int(scores[d]) <= 2 for d in SCORES)


def _open(conn: Connection, at: datetime, values: dict[str, object]) -> None:
    """Open one, from ``at``: when the bad review was given, or the complaint closed."""
    conn.execute(insert(Rectification).values(
        uuid=new_uuid(), version=1, opened_at=at, due_on=due_day(conn, at), updated_at=utcnow(), **values))


@event.listens_for(Evaluation, "after_insert")
def _evaluated(_mapper: Mapper[Evaluation], conn: Connection, ev: Evaluation) -> None:
    if not bad({d: getattr(ev, d) for d in SCORES}):
        return
    owner = conn.execute(select(ServiceRequest.handler_id).where(ServiceRequest.id == ev.request_id)).scalar()
    _open(conn, ev.at, {"source": RectificationSource.EVALUATION, "request_id": ev.request_id, "evaluation_id": ev.id,
                 "owner_id": owner, "status": RectificationStatus.OPEN})


@event.listens_for(Complaint, "after_update")
def _complaint_closed(_mapper: Mapper[Complaint], conn: Connection, k: Complaint) -> None:
    if k.status != ComplaintStatus.CLOSED or not k.valid or not attributes.get_history(k, "status").has_changes():
        return
    done = (k.rectification or "").strip() if k.rectified else ""
    values: dict[str, object] = {"source": RectificationSource.COMPLAINT, "complaint_id": k.id,
                                 "request_id": k.about_request_id, "owner_id": k.assigned_to,
                                 "found": (k.close_reason or "").strip()}
    if done:  # put right when it was closed: awaiting an admin's verification
        values |= {"status": RectificationStatus.RECTIFIED, "done": done, "rectified_at": k.closed_at}
    else:
        values["status"] = RectificationStatus.OPEN
    _open(conn, k.closed_at or utcnow(), values)


def open_missing(db: Database) -> int:
    """Open the rectifications that rows written with plain SQL (the demo's) did not: every bad evaluation and
    valid closed complaint without one. Returns how many were opened."""
    low = " OR ".join(f"e.{d} <= 2" for d in SCORES)
    with db.begin(None) as s:
        conn = s.connection()
        evaluations = conn.execute(text(
            "SELECT e.id, e.request_id, r.handler_id, e.at FROM evaluation e "
            "JOIN service_request r ON r.id = e.request_id "
            f"WHERE ({low}) AND NOT EXISTS (SELECT 1 FROM rectification x WHERE x.evaluation_id = e.id)")).all()
        for ev, request, owner, at in evaluations:
            _open(conn, datetime.fromisoformat(at), {
                "source": RectificationSource.EVALUATION, "request_id": request, "evaluation_id": ev,
                "owner_id": owner, "status": RectificationStatus.OPEN})
        complaints = conn.execute(text(
            "SELECT k.id, k.about_request_id, k.assigned_to, k.close_reason, k.closed_at FROM complaint k "
            "WHERE k.status = 'closed' "
            "AND k.valid = 1 AND NOT EXISTS (SELECT 1 FROM rectification x WHERE x.complaint_id = k.id)")).all()
        for k, request, owner, reason, closed in complaints:
            _open(conn, datetime.fromisoformat(closed), {
                "source": RectificationSource.COMPLAINT, "complaint_id": k, "request_id": request, "owner_id": owner,
                "found": reason or "", "status": RectificationStatus.OPEN})
    return len(evaluations) + len(complaints)
