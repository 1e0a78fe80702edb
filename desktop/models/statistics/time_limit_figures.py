"""Time limits of a period's requests (docs/statistics.md, "Time limits"): for each stage (response, hand-over,
expert feedback, completion) how many kept their limit, how many missed it, how many are overdue now, and the
median working days the stage took. The rule is ``requests/stages.py``'s, the one the requests list filters by,
so every count opens the list of exactly those requests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.models.core.db import Database
from desktop.models.requests import workdays
from desktop.models.requests.stages import STAGES, Stage, late_sql, local_modifier, on_time_sql, overdue_sql
from desktop.models.statistics.intake_figures import Cell, StatsQuery, period_where


@dataclass(frozen=True)
class StageFigures:
    key: str  # a stage of stages.STAGES
    on_time: Cell
    late: Cell  # done late, or overdue now
    overdue: Cell  # still to do, its due day passed
    median_days: float | None  # working days from the stage's start to done (None: none done)

    @property
    def rate(self) -> float | None:
        """On time of those decided (on time or late)."""
        decided = self.on_time.count + self.late.count
        return self.on_time.count / decided if decided else None


def _stage(s: Session, stage: Stage, clause: str, params: dict[str, object]) -> tuple[int, int, int,
                                                                                 list[tuple[str, str, int]]]:
    # the stage's done time read once per request (a correlated subquery for hand-over and feedback)
    inner = (f"SELECT r.status AS status, {stage.due} AS due, {stage.done} AS done, {stage.started} AS started "
             f"FROM service_request r{clause} AND {stage.due} IS NOT NULL")
    row = s.execute(text(
        f"SELECT coalesce(sum({on_time_sql('x.due', 'x.done')}), 0), "
        f"coalesce(sum({late_sql(stage, 'x.due', 'x.done', 'x.status')}), 0), "
        f"coalesce(sum({overdue_sql(stage, 'x.due', 'x.done', 'x.status')}), 0) FROM ({inner}) x"), params).one()
    pairs = s.execute(text(
        f"SELECT date(x.started, :tz), date(x.done, :tz), count(*) FROM ({inner}) x "
        "WHERE x.done IS NOT NULL AND x.started IS NOT NULL GROUP BY 1, 2"), params).all()
    return int(row[0]), int(row[1]), int(row[2]), [(str(a), str(b), int(n)) for a, b, n in pairs]


def time_limits(db: Database, q: StatsQuery, today: date) -> list[StageFigures]:
    """Each stage's figures for the requests ``q`` counts, as of ``today`` (the station's local day)."""
    clause, params = period_where(q)
    params |= {"today": today.isoformat(), "tz": local_modifier()}
    base = q.requests()
    figures = []
    with db.read() as s:
        calendar = workdays.load_calendar(s)
        for stage in STAGES:
            on_time, late, overdue, pairs = _stage(s, stage, clause, params)
            figures.append(StageFigures(
                stage.key, Cell(stage.key, on_time, replace(base, outcome=f"{stage.key}_on_time")),
                Cell(stage.key, late, replace(base, outcome=f"{stage.key}_late")),
                Cell(stage.key, overdue, replace(base, outcome=f"{stage.key}_overdue")),
                workdays.median_working_days(pairs, calendar)))
    return figures
