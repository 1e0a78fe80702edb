"""Satisfaction of a period's requests (docs/statistics.md, "Satisfaction"; §8.1.1): the return-visit
evaluations of the requests received in the period, per dimension (need matching, service level, attitude,
complaint handling) and per evaluator (self, client, third party).

The counts of requests (evaluated, dissatisfied) open the requests list they count; averages and shares are of
evaluations (a request evaluated twice counts twice in them).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import text

from desktop.models.core.db import Database
from desktop.models.requests.tables import EVALUATOR_TYPES, SCORES
from desktop.models.statistics.intake_figures import Cell, StatsQuery, period_where


@dataclass(frozen=True)
class Dimension:
    key: str  # a Score
    average: float | None  # None: no evaluation
    satisfied: float | None  # share of evaluations scoring it 4–5
    dissatisfied: float | None  # share scoring it 1–2


@dataclass(frozen=True)
class SatisfactionFigures:
    completed: int  # requests of the period completed (on the spot or after a service)
    evaluated: Cell  # requests with an evaluation
    dissatisfied: Cell  # requests with a score of 1–2 in any dimension
    evaluations: int
    dimensions: list[Dimension] = field(default_factory=list)
    by_evaluator: dict[str, int] = field(default_factory=dict)  # evaluations by who evaluated

    @property
    def return_visit_rate(self) -> float | None:
        """Evaluated requests of the completed ones."""
        return self.evaluated.count / self.completed if self.completed else None


def satisfaction(db: Database, q: StatsQuery) -> SatisfactionFigures:
    clause, params = period_where(q)
    requests = f"SELECT r.id FROM service_request r{clause}"
    base = q.requests()
    dims = ", ".join(f"avg({d}), coalesce(sum({d} >= 4), 0), coalesce(sum({d} <= 2), 0)" for d in SCORES)
    with db.read() as s:
        def count(sql: str) -> int:
            return int(s.execute(text(sql), params).scalar_one())

        completed = count(f"SELECT count(*) FROM ({requests} AND r.completed_at IS NOT NULL)")
        evaluated = count(f"SELECT count(DISTINCT request_id) FROM evaluation WHERE request_id IN ({requests})")
        low = " OR ".join(f"{d} <= 2" for d in SCORES)
        unhappy = count(f"SELECT count(DISTINCT request_id) FROM evaluation WHERE ({low}) "
                        f"AND request_id IN ({requests})")
        row = s.execute(text(f"SELECT count(*), {dims} FROM evaluation WHERE request_id IN ({requests})"),
                        params).one()
        by_evaluator = {str(k): int(n) for k, n in s.execute(text(
            f"SELECT evaluator_type, count(*) FROM evaluation WHERE request_id IN ({requests}) GROUP BY 1"), params)}
    n = int(row[0])
    dimensions = [Dimension(d, float(row[1 + 3 * i]) if n else None, int(row[2 + 3 * i]) / n if n else None,
                            int(row[3 + 3 * i]) / n if n else None) for i, d in enumerate(SCORES)]
    return SatisfactionFigures(
        completed=completed, evaluated=Cell("evaluated", evaluated, replace(base, outcome="evaluated")),
        dissatisfied=Cell("dissatisfied", unhappy, replace(base, outcome="dissatisfied")), evaluations=n,
        dimensions=dimensions, by_evaluator={t: by_evaluator.get(t, 0) for t in EVALUATOR_TYPES})
