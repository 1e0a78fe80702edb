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
from desktop.models.requests.stages import STAGES, WAITING, local_modifier, overdue_sql
from desktop.models.statistics import period_sums
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


def _inner(clause: str) -> str:
    """The period's requests with each stage's due day, done time and start, read once per request (the
    correlated subqueries of hand-over and feedback only where that stage has a due day)."""
    columns = ["r.status AS status"]
    for st in STAGES:
        k = st.key
        columns += [f"{st.due} AS due_{k}", f"CASE WHEN {st.due} IS NOT NULL THEN {st.done} END AS done_{k}",
                    f"CASE WHEN {st.due} IS NOT NULL THEN {st.started} END AS started_{k}"]
    return f"SELECT {', '.join(columns)} FROM service_request r{clause}"


def _overdue(s: Session, clause: str, params: dict[str, object]) -> dict[str, int]:
    """Each stage overdue now (its due day passed, still to do), read from the period's requests still waiting
    (a few, by the status index)."""
    waiting = ", ".join(f"'{w}'" for w in WAITING)  # our own status codes
    inner = _inner(f"{clause} AND r.status IN ({waiting})")
    sums = ", ".join(f"coalesce(sum({overdue_sql(st, f'x.due_{st.key}', f'x.done_{st.key}', 'x.status')}), 0)"
                     for st in STAGES)
    row = s.execute(text(f"SELECT {sums} FROM ({inner}) x"), params).one()
    return {st.key: int(v) for st, v in zip(STAGES, row, strict=True)}


def totals(db: Database, q: StatsQuery, params: dict[str, object]) -> tuple[dict[str, tuple[int, ...]],
                                                                          dict[str, list[tuple[str, str, int]]]]:
    """Each stage's (on time, late, overdue now) and (start day, done day, how many) groups: the done stages from
    the kept figures (``period_sums``), the overdue ones from the requests still waiting."""
    period_sums.ensure_current(db)
    clause, _ = period_where(q)
    dims = [f"{prefix}:{st.key}" for st in STAGES for prefix in ("stage", "span")]
    with db.read() as s:
        found = period_sums.read(s, q, *dims)
        overdue = _overdue(s, clause, params)
    counts: dict[str, tuple[int, ...]] = {}
    for st in STAGES:
        done = found[f"stage:{st.key}"]
        counts[st.key] = (done.get("on_time", 0), done.get("late", 0) + overdue[st.key], overdue[st.key])
    return counts, {st.key: period_sums.spans(found, f"span:{st.key}") for st in STAGES}


def time_limits(db: Database, q: StatsQuery, today: date) -> list[StageFigures]:
    """Each stage's figures for the requests ``q`` counts, as of ``today`` (the station's local day)."""
    _clause, params = period_where(q)
    params |= {"today": today.isoformat(), "tz": local_modifier()}
    base = q.requests()
    figures = []
    counts, groups = totals(db, q, params)
    with db.read() as s:
        calendar = workdays.load_calendar(s)
    for stage in STAGES:
        (on_time, late, overdue), pairs = counts[stage.key], groups[stage.key]
        figures.append(StageFigures(
            stage.key, Cell(stage.key, on_time, replace(base, outcome=f"{stage.key}_on_time")),
            Cell(stage.key, late, replace(base, outcome=f"{stage.key}_late")),
            Cell(stage.key, overdue, replace(base, outcome=f"{stage.key}_overdue")),
            workdays.median_working_days(pairs, calendar)))
    return figures
