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


def ids_by_key(s: Session, select: str, key_source: str, where: str, params: Mapping[str, object],
               columns: Sequence[str], order: Sequence[str], descending: bool, id_column: str, anchor: int,
               limit: int, backward: bool) -> list[int] | None:
    """Up to ``limit`` ids that follow the row ``anchor`` in the order of ``columns`` (``backward``: that come
    before it, in display order), found from the anchor's sort key: one short walk of the index that serves the
    order, however deep the anchor lies (keyset paging; OFFSET walks every entry before it). ``select`` is
    "SELECT <id> FROM <source>", filtered by ``where`` (" WHERE …" or "", with ``params``); ``order``: the ORDER BY
    terms, ascending (each may lead with "+"), ``columns`` the same columns as plain expressions (the last one
    unique, none NULL); ``key_source``: where the anchor's key is read. None when the anchor is gone."""
    if limit <= 0:
        return []
    found = s.execute(text(f"SELECT {', '.join(columns)} FROM {key_source} WHERE {id_column} = :anchor"),
                      {"anchor": anchor}).first()
    if found is None:
        return None
    forward_descending = descending != backward
    marks = ", ".join(f":key{n}" for n in range(len(columns)))
    keys = {f"key{n}": value for n, value in enumerate(found)}
    past = f"({', '.join(columns)}) {'<' if forward_descending else '>'} ({marks})"
    joined = f"{where} AND {past}" if where else f" WHERE {past}"
    direction = " DESC" if forward_descending else ""
    sql = f"{select}{joined} ORDER BY {', '.join(term + direction for term in order)} LIMIT {int(limit)}"
    ids = list(s.execute(text(sql), {**params, **keys}).scalars())
    return ids[::-1] if backward else ids
