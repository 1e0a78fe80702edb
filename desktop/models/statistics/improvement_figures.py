"""Improvement in a period (docs/statistics.md, "Improvement"; §8.2): the rectifications opened in the period
(bad reviews and valid complaints), how many were verified and closed, closed by their due day, still open and
overdue now, the rectification rate; the plans made in the period and their actions. The rectification counts
open the rectifications list (the viewer's, as the page shows it) of exactly those.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import text

from desktop.models.core.clock import to_local
from desktop.models.core.db import Database
from desktop.models.improvement.plans import PlanRow, list_plans
from desktop.models.improvement.rectifications import RectificationQuery, list_rectifications
from desktop.models.improvement.tables import PlanStatus, RectificationStatus
from desktop.models.requests.request_list import local_day_start
from desktop.models.statistics.intake_figures import Cell


@dataclass(frozen=True)
class ImprovementFigures:
    opened: Cell  # rectifications opened in the period
    from_reviews: int  # of those, opened by a bad review
    from_complaints: int  # by a valid complaint
    closed: Cell  # of those, verified and closed (now)
    closed_on_time: int  # closed on or before their due day (the station's local day)
    still_open: Cell  # not yet closed (open or awaiting verification)
    overdue: Cell  # not yet closed, past their due day
    told_again: int  # the client told and asked again
    plans_made: int
    plans_closed: int
    actions_done: int
    actions_open: int
    plans: tuple[PlanRow, ...] = ()  # made in the period, or still in progress: the report prints them

    @property
    def rate(self) -> float | None:
        """Rectification rate: closed of opened."""
        return self.closed.count / self.opened.count if self.opened.count else None


def improvement(db: Database, viewer_id: int, start: date, end: date, today: date) -> ImprovementFigures:
    base = RectificationQuery(viewer_id, status="", opened_from=start, opened_to=end)
    queries = {"opened": base, "closed": replace(base, status=RectificationStatus.CLOSED),
               "still_open": replace(base, status="active"), "overdue": replace(base, overdue=True)}
    rows = {key: list_rectifications(db, q, today) for key, q in queries.items()}
    opened = rows["opened"]
    closed_on_time = sum(1 for r in rows["closed"] if r.closed_at is not None and _day(r.closed_at) <= r.due_on)
    params = {"start": local_day_start(start), "end": local_day_start(end + timedelta(days=1))}
    with db.read() as s:
        made, closed_plans = s.execute(text(
            "SELECT count(*), coalesce(sum(status = 'closed'), 0) FROM improvement_plan "
            "WHERE created_at >= :start AND created_at < :end"), params).one()
        done, open_ = s.execute(text(
            "SELECT coalesce(sum(a.status = 'done'), 0), coalesce(sum(a.status = 'open'), 0) FROM plan_action a "
            "JOIN improvement_plan p ON p.id = a.plan_id WHERE p.created_at >= :start AND p.created_at < :end"),
            params).one()
    return ImprovementFigures(
        opened=Cell("opened", len(opened), queries["opened"], page="improvement"),
        from_reviews=sum(r.source == "evaluation" for r in opened),
        from_complaints=sum(r.source == "complaint" for r in opened),
        closed=Cell("closed", len(rows["closed"]), queries["closed"], page="improvement"),
        closed_on_time=closed_on_time,
        still_open=Cell("still_open", len(rows["still_open"]), queries["still_open"], page="improvement"),
        overdue=Cell("overdue", len(rows["overdue"]), queries["overdue"], page="improvement"),
        told_again=sum(r.client_told_at is not None for r in opened),
        plans_made=int(made), plans_closed=int(closed_plans), actions_done=int(done), actions_open=int(open_),
        plans=tuple(p for p in list_plans(db) if p.status == PlanStatus.OPEN or start <= _day(p.created_at) <= end))


def _day(at: datetime) -> date:
    """The station's local day of a stored time."""
    local = to_local(at)
    assert local is not None
    return local.date()
