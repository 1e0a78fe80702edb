"""Improvement in a period (docs/statistics.md, "Improvement"; §8.2): the rectifications opened in the period
(bad reviews and valid complaints), how many were verified and closed, closed by their due day, still open and
overdue now, the rectification rate; the plans made in the period and their actions. The rectification counts
open the rectifications list (the viewer's, as the page shows it) of exactly those.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from desktop.models.core.db import Database
from desktop.models.improvement.plans import PlanRow, list_plans
from desktop.models.improvement.rectifications import ACTIVE, RectificationQuery, list_rectifications
from desktop.models.improvement.tables import ActionStatus, PlanStatus, RectificationStatus
from desktop.models.requests.intake import local_day
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
    opened = list_rectifications(db, base, today)  # the others are parts of it (the tests hold them to their lists)
    rows = {"closed": [r for r in opened if r.status == RectificationStatus.CLOSED],
            "still_open": [r for r in opened if r.status in ACTIVE],
            "overdue": [r for r in opened if r.overdue(today)]}
    closed_on_time = sum(1 for r in rows["closed"] if r.closed_at is not None and local_day(r.closed_at) <= r.due_on)
    plans = list_plans(db)
    made = [p for p in plans if start <= local_day(p.created_at) <= end]
    actions = [a for p in made for a in p.actions]
    made_ids = {p.id for p in made}
    return ImprovementFigures(
        opened=Cell("opened", len(opened), queries["opened"], page="improvement"),
        from_reviews=sum(r.source == "evaluation" for r in opened),
        from_complaints=sum(r.source == "complaint" for r in opened),
        closed=Cell("closed", len(rows["closed"]), queries["closed"], page="improvement"),
        closed_on_time=closed_on_time,
        still_open=Cell("still_open", len(rows["still_open"]), queries["still_open"], page="improvement"),
        overdue=Cell("overdue", len(rows["overdue"]), queries["overdue"], page="improvement"),
        told_again=sum(r.client_told_at is not None for r in opened),
        plans_made=len(made), plans_closed=sum(p.status == PlanStatus.CLOSED for p in made),
        actions_done=sum(a.status == ActionStatus.DONE for a in actions),
        actions_open=sum(a.status == ActionStatus.OPEN for a in actions),
        plans=tuple(p for p in plans if p.status == PlanStatus.OPEN or p.id in made_ids))

