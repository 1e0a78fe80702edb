"""A period's kept figures (``kept_figures.py``), read by dim: with no filter, the sums of its local days (kept
by channel, district, status… one at a time, not crossed with the filters); with a filter, the sums of the
period's ``request_figures`` rows under it, added up here. Tests check both against the figures counted from the
records by the same rules (``tests/support/counted_figures.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from desktop.models.core.db import Database
from desktop.models.requests.stages import local_modifier
from desktop.models.statistics import kept_figures

if TYPE_CHECKING:
    from desktop.models.statistics.intake_figures import StatsQuery

Sums = dict[str, dict[str, int]]  # dim -> value -> n


def ensure_current(db: Database) -> None:
    """Count everything again if the station's offset is not the one the days were kept in (the zone was
    changed in the settings): once, before the first figures after the change."""
    with db.read() as s:
        kept = s.execute(text("SELECT modifier FROM request_figures_state")).scalar()
    now = local_modifier()
    if kept == now:
        return
    with db.begin() as s:  # once: another thread may have counted them while this one waited to write
        if s.execute(text("SELECT modifier FROM request_figures_state")).scalar() != now:
            kept_figures.refill(lambda sql: s.execute(text(sql)), now)


def _rows(q: StatsQuery) -> tuple[str, dict[str, object]]:
    """The request_figures rows of a filtered period (``q``'s filters on the kept columns), as a CTE ``f``."""
    where = ["day BETWEEN :a AND :b"]
    params: dict[str, object] = {"a": q.start.isoformat(), "b": q.end.isoformat()}
    for column, value in q.column_filters():  # the same columns, kept
        where.append(f"{column} = :{column}")
        params[column] = value
    if q.category_id is not None:
        where.append("EXISTS (SELECT 1 FROM json_each(request_figures.categories) WHERE value = :category)")
        params["category"] = q.category_id
    return f"WITH f AS MATERIALIZED (SELECT * FROM request_figures WHERE {' AND '.join(where)}) ", params


def read(s: Session, q: StatsQuery, *dims: str) -> Sums:
    """The sums of ``dims`` over the period of ``q`` (its local days, both ends included); 0s left out. With no
    filter they are the days' sums; with one, those of the period's request_figures rows under it."""
    found: Sums = {d: {} for d in dims}
    if q.unfiltered:
        rows: list[Any] = list(s.execute(text(
            "SELECT dim, value, sum(n) FROM request_day_figures WHERE dim IN :dims AND day BETWEEN :a AND :b "
            "GROUP BY dim, value HAVING sum(n) <> 0").bindparams(bindparam("dims", expanding=True)),
            {"dims": list(dims), "a": q.start.isoformat(), "b": q.end.isoformat()}))
    else:
        cte, params = _rows(q)
        fixed, keys, grouped = kept_figures.rows_sums(dims)
        rows = list(s.execute(text(cte + grouped), params)) if grouped else []
        if fixed:
            rows += [(dim, value, n) for (dim, value), n in zip(keys, s.execute(text(cte + fixed), params).one(),
                                                                 strict=True) if n]
    for dim, value, n in rows:
        found[str(dim)][str(value)] = found[str(dim)].get(str(value), 0) + int(n)
    return found


def by_month(s: Session, q: StatsQuery) -> dict[str, int]:
    """Requests received in each month ("2026-03") of the period of ``q``."""
    if q.unfiltered:
        return {str(m): int(n) for m, n in s.execute(text(
            "SELECT substr(day, 1, 7), sum(n) FROM request_day_figures WHERE dim = 'received' "
            "AND day BETWEEN :a AND :b GROUP BY 1"), {"a": q.start.isoformat(), "b": q.end.isoformat()})}
    cte, params = _rows(q)
    return {str(m): int(n) for m, n in s.execute(text(f"{cte}SELECT substr(day, 1, 7), count(*) FROM f GROUP BY 1"),
                                                 params)}


def spans(found: Sums, dim: str) -> list[tuple[str, str, int]]:
    """(start day, done day, how many) of a ``span:`` dim."""
    return [(*value.split("|", 1), n) for value, n in found.get(dim, {}).items()]  # type: ignore[misc]
