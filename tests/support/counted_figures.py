"""The statistics' totals counted from the records themselves, by the rules the figures are defined by
(``request_list.OUTCOME_SQL``, ``stages.py``): what the kept figures (``kept_figures.py``, read by
``period_sums.py``) must equal for any period and filter (tests/models/test_kept_figures.py). These were the
figures' own queries before the figures were kept; a year of a million requests took 9.4 s by them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.models.core.db import Database
from desktop.models.requests.request_list import OUTCOME_SQL
from desktop.models.requests.stages import STAGES, late_sql, local_modifier, on_time_sql, overdue_sql
from desktop.models.requests.tables import EVALUATOR_TYPES, SCORES
from desktop.models.statistics.institution_figures import FEEDBACK, Referred
from desktop.models.statistics.intake_figures import OUTCOMES, StatsQuery, period_where
from desktop.models.statistics.time_limit_figures import _inner


def intake(db: Database, q: StatsQuery) -> tuple[dict[str, dict[str, int]], dict[str, int], list[Any]]:
    """``intake_figures.totals`` counted from the records: received by month, channel, district, status,
    industry and size; the outcomes; (id, clause, name, n) of each category."""
    clause, params = period_where(q)
    # one pass over the period's requests, grouped by everything the figures split them by (a few thousand
    # groups), then added up here: a scan per figure read the same rows twenty times
    flags = ", ".join(f"coalesce(sum({OUTCOME_SQL[name]}), 0)" for name in OUTCOMES)
    totals: dict[str, dict[str, int]] = {"month": {}, "channel": {}, "district": {}, "status": {}}
    outcomes: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
    with db.read() as s:
        for month, channel, district, status, n, *done in s.execute(text(
                f"SELECT strftime('%Y-%m', r.received_at, :tz), r.channel, r.district, r.status, count(*), {flags} "
                f"FROM service_request r{clause} GROUP BY 1, 2, 3, 4"), {**params, "tz": local_modifier()}):
            for key, value in (("month", month), ("channel", channel), ("district", district), ("status", status)):
                totals[key][str(value)] = totals[key].get(str(value), 0) + int(n)
            for name, d in zip(OUTCOMES, done, strict=True):
                outcomes[name] += int(d)
        totals["industry"], totals["size"] = {}, {}
        for industry, size, n in s.execute(text(
                "SELECT c.industry, coalesce(c.size, ''), count(*) FROM service_request r "
                f"JOIN client c ON c.id = r.client_id{clause} GROUP BY 1, 2"), params):
            totals["industry"][industry] = totals["industry"].get(industry, 0) + int(n)
            totals["size"][size] = totals["size"].get(size, 0) + int(n)
        categories = s.execute(text(
            "SELECT cc.id, cc.clause, cc.name, count(*) FROM request_category rc JOIN catalogue_category cc "
            f"ON cc.id = rc.category_id WHERE rc.request_id IN (SELECT r.id FROM service_request r{clause}) "
            "GROUP BY cc.id ORDER BY cc.sort_order"), params).all()
    return totals, outcomes, list(categories)


def satisfaction(db: Database, q: StatsQuery) -> tuple[int, int, int, int, dict[str, tuple[int, int, int]],
                                                     dict[str, int]]:
    """``satisfaction_figures.totals`` counted from the records."""
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


def stage_counts(s: Session, clause: str, params: dict[str, object]) -> dict[str, tuple[int, ...]]:
    """Each stage's (on time, late, overdue now) counted from the records by the rule of ``stages.py``."""
    sums = []
    for st in STAGES:
        due, done = f"x.due_{st.key}", f"x.done_{st.key}"
        sums += [f"coalesce(sum({on_time_sql(due, done)}), 0)",
                 f"coalesce(sum({late_sql(st, due, done, 'x.status')}), 0)",
                 f"coalesce(sum({overdue_sql(st, due, done, 'x.status')}), 0)"]
    inner = _inner(clause)
    row = s.execute(text(f"WITH x AS MATERIALIZED ({inner}) SELECT {', '.join(sums)} FROM x"), params).one()
    return {st.key: tuple(int(v) for v in row[3 * n:3 * n + 3]) for n, st in enumerate(STAGES)}


def stage_pairs(s: Session, clause: str, params: dict[str, object]) -> dict[str, list[tuple[str, str, int]]]:
    """Each stage's (start day, done day, how many) groups, counted from the records."""
    selects = [f"SELECT '{st.key}', date(x.started_{st.key}, :tz), date(x.done_{st.key}, :tz), count(*) FROM x "
               f"WHERE x.done_{st.key} IS NOT NULL AND x.started_{st.key} IS NOT NULL GROUP BY 2, 3" for st in STAGES]
    pairs: dict[str, list[tuple[str, str, int]]] = {st.key: [] for st in STAGES}
    for key, a, b, n in s.execute(text(f"WITH x AS MATERIALIZED ({_inner(clause)}) "
                                       + " UNION ALL ".join(selects)), params):
        pairs[str(key)].append((str(a), str(b), int(n)))
    return pairs


def institutions(s: Session, clause: str, params: dict[str, object]) -> tuple[Referred, dict[int, float]]:
    """``institution_figures.totals`` counted from the records."""
    mean = " + ".join(f"e.{d}" for d in SCORES)
    referred = {int(i): (int(n), int(a), int(b)) for i, n, a, b in s.execute(text(
        f"SELECT x.institution_id, count(*), coalesce(sum({on_time_sql('x.due', 'x.done')}), 0), "
        f"coalesce(sum({late_sql(FEEDBACK, 'x.due', 'x.done', 'x.status')}), 0) FROM ("
        f"SELECT r.institution_id, r.status, {FEEDBACK.due} AS due, {FEEDBACK.done} AS done "
        f"FROM service_request r{clause} AND r.institution_id IS NOT NULL) x GROUP BY 1"), params)}
    averages = {int(i): float(a) for i, a in s.execute(text(
        f"SELECT r.institution_id, avg(({mean}) / {float(len(SCORES))}) FROM evaluation e "
        f"JOIN service_request r ON r.id = e.request_id{clause} AND r.institution_id IS NOT NULL GROUP BY 1"),
        params)}
    return referred, averages
