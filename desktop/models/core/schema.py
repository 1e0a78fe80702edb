"""Is the station's schema whole? Every table, index, trigger and view the migrations define, checked when a
station opens.

A bulk load killed half-way, or a tool that dropped a trigger, leaves a file that still opens but is quietly
wrong (new requests never found by search, an append-only table no longer append-only). ``repair`` compares the
file with the schema the migrations make (``db.defined_schema``: the migrations' own definitions, never a copy),
puts back a missing index, trigger or view (such as the document a character index is rebuilt from) from that
definition, rebuilds a full-text index whose trigger was missing
(rows added meanwhile become searchable), and records the repair in the audit trail. A missing table cannot be
put back without its rows: the station refuses to open and says so (``SchemaDamaged``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop.models.core import audit
from desktop.models.core.errors import Msg, Refused

log = logging.getLogger("quality_station.schema")


@dataclass(frozen=True)
class SchemaObject:
    type: str  # table | index | trigger | view
    name: str
    table: str
    sql: str

    @property
    def label(self) -> str:
        return f"{self.type} {self.name}"


class SchemaDamaged(Refused):
    """The station's file lacks part of its schema that cannot be put back safely."""


def objects_of(conn: Connection) -> dict[str, SchemaObject]:
    """The file's own tables, indexes, triggers and views (not SQLite's automatic indexes, which have no SQL)."""
    rows = conn.exec_driver_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE type IN ('table', 'index', 'trigger', 'view') AND sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    return {name: SchemaObject(kind, name, table, sql) for kind, name, table, sql in rows}


def missing(conn: Connection, defined: Mapping[str, SchemaObject]) -> list[SchemaObject]:
    present = {(o.type, o.name) for o in objects_of(conn).values()}
    return sorted((o for o in defined.values() if (o.type, o.name) not in present), key=lambda o: o.label)


def _damaged(names: list[str], detail: str = "") -> SchemaDamaged:
    return SchemaDamaged(Msg(
        "The station's database is damaged ({names} missing{detail}) and cannot be repaired automatically. "
        "Restore the station from its latest backup, or ask IT staff for help.",
        names=", ".join(names), detail=f": {detail}" if detail else ""))


def _search_indexes(defined: Mapping[str, SchemaObject]) -> list[str]:
    return [o.name for o in defined.values() if o.type == "table" and re.search(r"USING\s+fts5", o.sql, re.I)]


def repair(session: Session, defined: Mapping[str, SchemaObject]) -> list[SchemaObject]:
    """Put back what ``session``'s file lacks of ``defined``, in the session's transaction; what was put back.
    Raises ``SchemaDamaged`` (having changed nothing) when a table is missing or a definition fails."""
    conn = session.connection()
    lacking = missing(conn, defined)
    if not lacking:
        return []
    tables = [o.label for o in lacking if o.type == "table"]
    if tables:
        raise _damaged([o.label for o in lacking])
    rebuilt = [fts for fts in _search_indexes(defined)
               if any(o.type == "trigger" and re.search(rf"\b{fts}\b", o.sql) for o in lacking)]
    try:
        for o in lacking:
            conn.exec_driver_sql(o.sql)
        for fts in rebuilt:  # rows written while the trigger was missing become searchable
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    except DBAPIError as exc:
        raise _damaged([o.label for o in lacking], str(exc.orig)) from exc
    labels = [o.label for o in lacking]
    audit.record_event(session, "database", {"repaired": labels, "rebuilt": rebuilt})
    log.warning("station database repaired: put back %s; rebuilt %s", ", ".join(labels), ", ".join(rebuilt) or "-")
    return lacking
