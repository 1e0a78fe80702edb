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
    mapper = inspect(type(obj))
    skip = set(obj.__audit_skip__)
    return [c.key for c in mapper.column_attrs if c.key not in skip]


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
