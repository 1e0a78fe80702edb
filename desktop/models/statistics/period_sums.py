"""A period's kept figures (``kept_figures.py``): the sums of its local days, read by dim. Only a period with no
filter is read from them (the days are kept by channel, district, status… one at a time, not crossed); a filtered
period is counted from the records themselves, by the same rules (each figure module has both, and tests check
that they agree).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from desktop.models.core.db import Database
from desktop.models.requests.stages import local_modifier
from desktop.models.statistics import kept_figures

Sums = dict[str, dict[str, int]]  # dim -> value -> n


def ensure_current(db: Database) -> None:
    """Count everything again if the station's offset is not the one the days were kept in (the zone was
    changed in the settings): once, before the first figures after the change."""
    with db.read() as s:
        kept = s.execute(text("SELECT modifier FROM request_figures_state")).scalar()
    now = local_modifier()
    if kept == now:
        return
    with db.begin() as s:
        kept_figures.refill(lambda sql: s.execute(text(sql)), now)


def read(s: Session, start: date, end: date, *dims: str) -> Sums:
    """The sums of ``dims`` over the local days ``start`` to ``end`` (both included); 0s left out."""
    found: Sums = {d: {} for d in dims}
    for dim, value, n in s.execute(text(
            "SELECT dim, value, sum(n) FROM request_day_figures WHERE dim IN :dims AND day BETWEEN :a AND :b "
            "GROUP BY dim, value HAVING sum(n) <> 0").bindparams(bindparam("dims", expanding=True)),
            {"dims": list(dims), "a": start.isoformat(), "b": end.isoformat()}):
        found[str(dim)][str(value)] = int(n)
    return found


def by_month(s: Session, start: date, end: date) -> dict[str, int]:
    """Requests received in each month ("2026-03") of the days ``start`` to ``end``."""
    return {str(m): int(n) for m, n in s.execute(text(
        "SELECT substr(day, 1, 7), sum(n) FROM request_day_figures WHERE dim = 'received' "
        "AND day BETWEEN :a AND :b GROUP BY 1"), {"a": start.isoformat(), "b": end.isoformat()})}


def spans(found: Sums, dim: str) -> list[tuple[str, str, int]]:
    """(start day, done day, how many) of a ``span:`` dim."""
    return [(*value.split("|", 1), n) for value, n in found.get(dim, {}).items()]  # type: ignore[misc]
