"""user text holds no control characters: the database refuses them, older rows are cleaned and audited

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10

Every column people type into refuses C0 control characters (NUL included), DEL and C1 controls; a one-line
column (names, codes, addresses) refuses tab and line breaks too, a multi-line column (notes, descriptions)
keeps tab and newline. Two triggers per table apply it (``<table>_text_insert``, ``<table>_text_update``),
generated from ``COLUMNS`` by ``triggers()``; ``validators.check_text`` gives people the same rule with a
message.

Rows stored before this version are cleaned, each change written to the audit log with the value before
and after (a line break or tab in a one-line field becomes a space, CR LF a newline, other controls go). A
value whose cleaned text the table's own constraints refuse (a required field that was only control characters,
a name that would become another's) is left as it was and listed in one audit entry, so the upgrade never fails
on old data.
Sealed rows (signed visit records, timeline events, evaluations, attachments, documents) are evidence and
stay exactly as they were: they cannot change anyway, one audit entry lists them, and exports and printed
documents clean such text on the way out. Every record is kept.

This file holds its own copy of the rule (a migration is history: it never changes with the code).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

ONE, MULTI = False, True
# table -> ((column, multi-line?), ...)
COLUMNS: dict[str, tuple[tuple[str, bool], ...]] = {
    "station": (("name", ONE), ("district", ONE), ("address", ONE), ("complaint_email", ONE)),
    "staff": (("name", ONE),),
    "calendar_day": (("name", ONE),),
    "catalogue_category": (("name", ONE), ("name_en", ONE)),
    "catalogue_item": (("title", ONE), ("text", MULTI)),
    "client": (("name", ONE), ("district", ONE), ("address", ONE), ("industry", ONE)),
    "client_contact": (("name", ONE), ("title", ONE)),
    "institution": (("name", ONE), ("contact_name", ONE), ("email", ONE), ("address", ONE), ("note", MULTI)),
    "institution_contact": (("name", ONE), ("title", ONE)),
    "qualification": (("name", ONE), ("certificate_no", ONE)),
    "service_request": (("contact_name", ONE), ("district", ONE), ("description", MULTI), ("assessment", MULTI),
                        ("notice", MULTI), ("result", MULTI)),
    "referral": (("note", MULTI),),
    "request_event": (("text", MULTI),),
    "evaluation": (("evaluator", ONE), ("comment", MULTI)),
    "request_attachment": (("file_name", ONE),),
    "visit": (("place", ONE), ("paper_scan_name", ONE), ("amendment_reason", MULTI), ("work_done", MULTI),
              ("questions", MULTI), ("collected", MULTI)),
    "visit_officer": (("name", ONE),),
    "visit_attendee": (("name", ONE), ("title", ONE)),
    "visit_follow_up": (("action", ONE), ("owner", ONE)),
    "visit_signature": (("signer_name", ONE), ("declined_reason", MULTI)),
    "visit_document": (("file_name", ONE),),
}
# rows that may not change (append-only tables, signed visits): WHERE clauses that pick them
_SIGNED_PARENT = "(SELECT status FROM visit WHERE visit.id = visit_id) <> 'draft'"
SEALED: dict[str, str] = {
    "request_event": "1", "evaluation": "1", "request_attachment": "1", "visit_document": "1",
    "visit": "status <> 'draft'", "visit_officer": _SIGNED_PARENT, "visit_attendee": _SIGNED_PARENT,
    "visit_follow_up": _SIGNED_PARENT, "visit_signature": _SIGNED_PARENT,
}
# derived search columns cleaned with the columns they are made of (not typed, so no trigger)
DERIVED = {"client": "search_text", "service_request": "search_text"}

# SQL for the refused characters: 1–31, 127–159 (one line); 1–8, 11–31, 127–159 (multi-line); NUL apart,
# because GLOB reads text only up to a NUL
_ONE_SET = "char(1) || '-' || char(31) || char(127) || '-' || char(159)"
_MULTI_SET = "char(1) || '-' || char(8) || char(11) || '-' || char(31) || char(127) || '-' || char(159)"
_ONE_RE = re.compile("[\x00-\x1f\x7f-\x9f]")
_MULTI_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def bad_sql(expr: str, multi: bool) -> str:
    """SQL that is true when ``expr`` holds a refused character."""
    chars = _MULTI_SET if multi else _ONE_SET
    return f"(instr({expr}, char(0)) > 0 OR {expr} GLOB ('*[' || {chars} || ']*'))"


def triggers(table: str, columns: tuple[tuple[str, bool], ...]) -> list[str]:
    """The insert and update triggers of ``table`` (an update is refused only when it brings such text)."""
    def check(column: str, multi: bool, changed: bool) -> str:
        message = f"control characters are not allowed in {table}.{column}"
        when = f"NEW.{column} IS NOT OLD.{column} AND " if changed else ""
        return f"SELECT RAISE(ABORT, '{message}') WHERE {when}{bad_sql('NEW.' + column, multi)};"

    names = ", ".join(c for c, _ in columns)
    insert = " ".join(check(c, m, False) for c, m in columns)
    update = " ".join(check(c, m, True) for c, m in columns)
    return [f"CREATE TRIGGER {table}_text_insert BEFORE INSERT ON {table} BEGIN {insert} END",
            f"CREATE TRIGGER {table}_text_update BEFORE UPDATE OF {names} ON {table} BEGIN {update} END"]


def clean(value: str, multi: bool) -> str:
    if multi:
        return _MULTI_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _ONE_RE.sub("", re.sub(r"[\t\r\n]+", " ", value))


def _clean_rows(conn: sa.Connection, now: str) -> tuple[list[list[object]], list[list[object]]]:
    """Clean what may change, audit each row; return the [table, rowid, column] left as they were: sealed, and
    those whose cleaned text the table's own constraints refuse (a required field that was only control
    characters, a name that would become another's)."""
    kept: list[list[object]] = []
    refused: list[list[object]] = []
    for table, columns in COLUMNS.items():
        anything = " OR ".join(bad_sql(c, m) for c, m in columns)
        sealed = SEALED.get(table, "0")
        names = ", ".join(c for c, _ in columns)
        rows = conn.execute(sa.text(
            f"SELECT rowid AS rid, ({sealed}) AS sealed, {names} FROM {table} WHERE {anything} ORDER BY rowid")).all()
        for row in rows:
            values = row._mapping
            changed = {c: [values[c], clean(values[c], m)] for c, m in columns
                       if values[c] is not None and clean(values[c], m) != values[c]}
            if values["sealed"]:
                kept += [[table, values["rid"], c] for c in changed]
                continue
            for column, (_before, after) in list(changed.items()):
                try:
                    with conn.begin_nested():  # a savepoint: a refused column leaves the rest of the upgrade
                        conn.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE rowid = :rid"),
                                     {"v": after, "rid": values["rid"]})
                except sa.exc.IntegrityError:
                    refused.append([table, values["rid"], column])
                    del changed[column]
            if not changed:
                continue
            conn.execute(sa.text(
                "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, entity_uuid, changes)"
                " VALUES (:at, NULL, 'update', :entity, :id, NULL, :changes)"),
                {"at": now, "entity": table, "id": values["rid"],
                 "changes": json.dumps({**changed, "migration": "0006"}, ensure_ascii=False)})
    for table, derived in DERIVED.items():  # search text holds contact names too: clean it wherever it is bad
        rows = conn.execute(sa.text(f"SELECT rowid, {derived} FROM {table} WHERE {bad_sql(derived, ONE)}")).all()
        for rid, value in rows:
            conn.execute(sa.text(f"UPDATE {table} SET {derived} = :v WHERE rowid = :rid"),
                         {"v": clean(value, ONE), "rid": rid})
    return kept, refused


def upgrade() -> None:
    conn = op.get_bind()
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    kept, refused = _clean_rows(conn, now)
    if kept or refused:
        conn.execute(sa.text(
            "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, entity_uuid, changes)"
            " VALUES (:at, NULL, 'event', 'migration', NULL, NULL, :changes)"),
            {"at": now, "changes": json.dumps({"migration": "0006", "sealed_text_with_control_characters": kept,
                                               "left_by_constraints": refused})})
    for table, columns in COLUMNS.items():
        for statement in triggers(table, columns):
            op.execute(statement)


def downgrade() -> None:
    for table in COLUMNS:
        for verb in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_text_{verb}")
