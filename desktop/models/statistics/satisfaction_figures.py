"""Satisfaction of a period's requests (docs/statistics.md, "Satisfaction"; §8.1.1): the return-visit
evaluations of the requests received in the period, per dimension (need matching, service level, attitude,
complaint handling) and per evaluator (self, client, third party).

The counts of requests (evaluated, dissatisfied) open the requests list they count; averages and shares are of
evaluations (a request evaluated twice counts twice in them).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from desktop.models.core.db import Database
from desktop.models.requests.tables import EVALUATOR_TYPES, SCORES
from desktop.models.statistics import period_sums
from desktop.models.statistics.intake_figures import Cell, StatsQuery


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


def totals(db: Database, q: StatsQuery) -> tuple[int, int, int, int, dict[str, tuple[int, int, int]],
                                                 dict[str, int]]:
    """Completed, evaluated and dissatisfied requests; evaluations; each dimension's (sum, 4–5s, 1–2s); how many
    by each evaluator: from the kept figures (``period_sums``)."""
    period_sums.ensure_current(db)
    with db.read() as s:
        f = period_sums.read(s, q, "outcome", "evaluations", "score_sum", "score_high", "score_low",
                             "evaluator")
    outcome = f["outcome"]
    scores: dict[str, tuple[int, int, int]] = {
        d: (f["score_sum"].get(d, 0), f["score_high"].get(d, 0), f["score_low"].get(d, 0)) for d in SCORES}
    return (outcome.get("completed", 0), outcome.get("evaluated", 0), outcome.get("dissatisfied", 0),
            f["evaluations"].get("", 0), scores, {t: f["evaluator"].get(t, 0) for t in EVALUATOR_TYPES})


def satisfaction(db: Database, q: StatsQuery) -> SatisfactionFigures:
    base = q.requests()
    completed, evaluated, unhappy, n, scores, by_evaluator = totals(db, q)
    dimensions = [Dimension(d, total / n if n else None, high / n if n else None, low / n if n else None)
                  for d, (total, high, low) in scores.items()]
    return SatisfactionFigures(
        completed=completed, evaluated=Cell("evaluated", evaluated, replace(base, outcome="evaluated")),
        dissatisfied=Cell("dissatisfied", unhappy, replace(base, outcome="dissatisfied")), evaluations=n,
        dimensions=dimensions, by_evaluator=by_evaluator)
