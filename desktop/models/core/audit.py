"""The audit trail: every insert, update and delete of an ``Audited`` row, in the same transaction.

A session carries the acting staff member in ``session.info["actor_id"]`` (``db.Database.begin``).
Mapper events write the entry on the same connection as the row, inside the flush: a rolled-back change
leaves no entry, a committed one always has its entry, and rows removed as orphans are caught too.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper, Session, object_session

from desktop.models.core.tables import Audited, AuditEntry, Base
from desktop.models.core.types import utcnow


def _plain(value: Any) -> Any:
    if isinstance(value, date):  # dates and datetimes (a datetime is a date)
        return value.isoformat()
    return value


def _columns(obj: Audited) -> list[str]:
    return _class_columns(type(obj))


def _snapshot(obj: Audited) -> dict[str, Any]:
    return {key: _plain(getattr(obj, key)) for key in _columns(obj)}


def _diff(obj: Audited) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for key in _columns(obj):
        hist = state.attrs[key].history
        if hist.has_changes():
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            if before != after:
                changes[key] = [_plain(before), _plain(after)]
    for key in obj.__audit_skip__:  # say that a secret changed, never its value
        if state.attrs[key].history.has_changes() and key != "search_text":
            changes[key] = ["***", "***"]
    return changes


def entry(
    action: str, entity: str, entity_id: int | None, entity_uuid: str | None,
    changes: dict[str, Any], actor_id: int | None,
) -> dict[str, Any]:
    return {
        "at": utcnow(), "actor_id": actor_id, "action": action, "entity": entity,
        "entity_id": entity_id, "entity_uuid": entity_uuid,
        "changes": json.dumps(changes, ensure_ascii=False, sort_keys=True),
    }


def _actor(target: Audited) -> int | None:
    session = object_session(target)
    return session.info.get("actor_id") if session is not None else None


def _write(connection: Connection, target: Audited, action: str, changes: dict[str, Any]) -> None:
    connection.execute(insert(AuditEntry), [entry(
        action, target.__tablename__, getattr(target, "id", None),  # type: ignore[attr-defined]
        getattr(target, "uuid", None), changes, _actor(target),
    )])


def _after_insert(mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    if isinstance(target, Audited):
        _write(connection, target, "create", {k: [None, v] for k, v in _snapshot(target).items()})


def _after_update(mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    if isinstance(target, Audited):
        diff = _diff(target)
        if diff:
            _write(connection, target, "update", diff)


def _after_delete(mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    if isinstance(target, Audited):
        _write(connection, target, "delete", {k: [v, None] for k, v in _snapshot(target).items()})


def created(cls: type[Audited], rows: list[dict[str, Any]], actor_id: int | None) -> list[dict[str, Any]]:
    """The entries ``_after_insert`` writes for ``rows`` of ``cls`` inserted with a Core ``INSERT`` (bulk work
    that does not go through the ORM): each row holds every column's value, ``id`` included (see
    ``with_defaults``)."""
    keys = _class_columns(cls)
    return [entry("create", cls.__tablename__, r["id"], r.get("uuid"),  # type: ignore[attr-defined]
                  {k: [None, _plain(r.get(k))] for k in keys}, actor_id) for r in rows]


def with_defaults(cls: type[Audited], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with what the ORM would fill in on insert: each column's Python-side default (a new uuid, the
    time), None for a column with neither a value nor a default."""
    table = inspect(cls).local_table
    out = dict(values)
    for column in table.columns:
        if column.key in out or column.primary_key or column.server_default is not None:
            continue  # the database's own default, as for the ORM
        default = column.default
        if default is None:
            out[column.key] = None
        elif default.is_callable:
            out[column.key] = default.arg(None)
        else:
            out[column.key] = default.arg
    return out


def _class_columns(cls: type[Audited]) -> list[str]:
    skip = set(cls.__audit_skip__)
    return [c.key for c in inspect(cls).column_attrs if c.key not in skip]


def record_event(session: Session, entity: str, what: dict[str, Any], entity_id: int | None = None) -> None:
    """An audit entry for something that is not a row change (a bulk import, a login failure, …)."""
    session.execute(
        insert(AuditEntry),
        [entry("event", entity, entity_id, None, what, session.info.get("actor_id"))],
    )


def install() -> None:
    """Listen on every mapped class; rows of ``Audited`` classes get their entries (orphans included)."""
    for name, fn in (("after_insert", _after_insert), ("after_update", _after_update),
                     ("after_delete", _after_delete)):
        if not event.contains(Base, name, fn):
            event.listen(Base, name, fn, propagate=True)
