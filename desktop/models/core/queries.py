"""SQL that the areas' list queries share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session


def row_position(s: Session, source: str, where: str, params: Mapping[str, object], columns: Sequence[str],
                 descending: bool, id_column: str, target: int) -> int | None:
    """The row of ``target`` in ``source`` (a table or join) filtered by ``where`` (" WHERE …" or "", with
    ``params``) and sorted by ``columns`` (all ascending or all descending; the last one unique, no NULLs): how many
    rows come before it, counted by one row-value comparison on the index that serves the order. None when it does
    not match the filter."""
    joiner = where + " AND" if where else " WHERE"
    found = s.execute(text(f"SELECT {', '.join(columns)} FROM {source}{joiner} {id_column} = :target"),
                      {**params, "target": target}).first()
    if found is None:
        return None
    marks = ", ".join(f":key{n}" for n in range(len(columns)))
    keys = {f"key{n}": value for n, value in enumerate(found)}
    before = f"{joiner} ({', '.join(columns)}) {'>' if descending else '<'} ({marks})"
    return int(s.execute(text(f"SELECT count(*) FROM {source}{before}"), {**params, **keys}).scalar_one())
