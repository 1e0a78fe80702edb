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
from desktop.models.statistics import period_sums
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


def _counted(db: Database, q: StatsQuery) -> tuple[int, int, int, int, dict[str, tuple[int, int, int]],
                                                     dict[str, int]]:
    """Completed, evaluated and dissatisfied requests; evaluations; each dimension's (sum, 4–5s, 1–2s); how many
    by each evaluator."""
    clause, params = period_where(q)
    dims = ", ".join(f"coalesce(sum(e.{d}), 0), coalesce(sum(e.{d} >= 4), 0), coalesce(sum(e.{d} <= 2), 0)"
                     for d in SCORES)
    low = " OR ".join(f"e.{d} <= 2" for d in SCORES)
    types = ", ".join(f"coalesce(sum(e.evaluator_type = '{t}'), 0)" for t in EVALUATOR_TYPES)  # our own codes
    with db.read() as s:
        completed = int(s.execute(text(f"SELECT count(*) FROM service_request r{clause} "
                                       "AND r.completed_at IS NOT NULL"), params).scalar_one())
        # the evaluations of the period's requests in one pass: their counts, sums, shares and evaluators
        row = s.execute(text(
            f"SELECT count(*), count(DISTINCT e.request_id), count(DISTINCT CASE WHEN {low} THEN e.request_id END), "
            f"{types}, {dims} FROM evaluation e JOIN service_request r ON r.id = e.request_id{clause}"),
            params).one()
    k = len(EVALUATOR_TYPES)
    scores: dict[str, tuple[int, int, int]] = {
        d: (int(row[3 + k + 3 * i]), int(row[4 + k + 3 * i]), int(row[5 + k + 3 * i])) for i, d in enumerate(SCORES)}
    return (completed, int(row[1]), int(row[2]), int(row[0]), scores,
            {t: int(v) for t, v in zip(EVALUATOR_TYPES, row[3:3 + k], strict=True)})


def _kept(db: Database, q: StatsQuery) -> tuple[int, int, int, int, dict[str, tuple[int, int, int]],
                                                  dict[str, int]]:
    """``_counted`` of a period with no filter, from the kept figures."""
    period_sums.ensure_current(db)
    with db.read() as s:
        f = period_sums.read(s, q.start, q.end, "outcome", "evaluations", "score_sum", "score_high", "score_low",
                             "evaluator")
    outcome = f["outcome"]
    scores: dict[str, tuple[int, int, int]] = {
        d: (f["score_sum"].get(d, 0), f["score_high"].get(d, 0), f["score_low"].get(d, 0)) for d in SCORES}
    return (outcome.get("completed", 0), outcome.get("evaluated", 0), outcome.get("dissatisfied", 0),
            f["evaluations"].get("", 0), scores, {t: f["evaluator"].get(t, 0) for t in EVALUATOR_TYPES})


def satisfaction(db: Database, q: StatsQuery) -> SatisfactionFigures:
    base = q.requests()
    completed, evaluated, unhappy, n, scores, by_evaluator = (_kept if q.unfiltered else _counted)(db, q)
    dimensions = [Dimension(d, total / n if n else None, high / n if n else None, low / n if n else None)
                  for d, (total, high, low) in scores.items()]
    return SatisfactionFigures(
        completed=completed, evaluated=Cell("evaluated", evaluated, replace(base, outcome="evaluated")),
        dissatisfied=Cell("dissatisfied", unhappy, replace(base, outcome="dissatisfied")), evaluations=n,
        dimensions=dimensions, by_evaluator=by_evaluator)
