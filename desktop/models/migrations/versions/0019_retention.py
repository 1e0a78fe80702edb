"""retention: how long each kind of archived record is kept, the disposal lists, and the locks that hold until then

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

``retention_rule`` (audited) holds the years an archived request and an ended complaint are kept after archiving:
2 at first, never fewer (§7.6.3). An archived request can no longer change (its substance: the derived search text
and district still follow its client) nor be deleted. A record leaves the station only through a disposal list
(销毁清册): ``disposal_item`` refuses a record still within its period; while its list is ``disposing``, and only
then, the record and everything of it may be deleted: the append-only and locked tables' delete triggers are made
again here with that one exception. A chained entry deleted so must first leave its digest in ``disposed_entry``
(the disposal writes it), so the hash chain still verifies through it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def _disposing(kind: str, record: str) -> str:
    return (f"EXISTS (SELECT 1 FROM disposal_item i JOIN disposal_list l ON l.id = i.list_id "
            f"WHERE l.status = 'disposing' AND i.kind = '{kind}' AND i.record_id = {record})")


VISIT_REQUEST = "(SELECT request_id FROM visit WHERE id = OLD.visit_id)"
LOCKED_VISIT = "(SELECT status FROM visit WHERE id = OLD.visit_id) <> 'draft'"
VISIT_MESSAGE = "signed visit records cannot be changed: record a correction as an amendment"

# name: (table, the old condition (None: always), the record it belongs to, message) of each delete trigger made
# again with the exception for a record being disposed of
DELETES = {
    "request_event_no_delete": ("request_event", None, _disposing("request", "OLD.request_id"),
                                "request_event is append-only"),
    "evaluation_no_delete": ("evaluation", None, _disposing("request", "OLD.request_id"),
                             "evaluation is append-only"),
    "request_attachment_no_delete": ("request_attachment", None, _disposing("request", "OLD.request_id"),
                                     "request_attachment is append-only"),
    "visit_locked_delete": ("visit", "OLD.status <> 'draft'", _disposing("request", "OLD.request_id"),
                            VISIT_MESSAGE),
    **{f"{t}_locked_delete": (t, LOCKED_VISIT, _disposing("request", VISIT_REQUEST), VISIT_MESSAGE)
       for t in ("visit_officer", "visit_attendee", "visit_follow_up", "visit_signature")},
    "visit_document_no_delete": ("visit_document", None, _disposing("request", VISIT_REQUEST),
                                 "visit_document is append-only"),
    "rectification_no_delete": ("rectification", None, f"({_disposing('request', 'OLD.request_id')} OR "
                                                       f"{_disposing('complaint', 'OLD.complaint_id')})",
                                "a rectification cannot be deleted"),
    "outbox_no_delete": ("outbox", None, f"({_disposing('request', 'OLD.request_id')} OR "
                                         f"{_disposing('complaint', 'OLD.complaint_id')})",
                         "outbox rows are never deleted"),
    "applied_decision_no_delete": ("applied_decision", None, _disposing("request", "OLD.request_id"),
                                   "applied decisions are never deleted"),
    "complaint_locked_delete": ("complaint", "OLD.closed_at IS NOT NULL", _disposing("complaint", "OLD.id"),
                                "complaint is archived"),
    "complaint_event_no_delete": ("complaint_event", None, _disposing("complaint", "OLD.complaint_id"),
                                  "complaint_event is append-only"),
    "complaint_attachment_no_delete": ("complaint_attachment", None, _disposing("complaint", "OLD.complaint_id"),
                                       "complaint_attachment is append-only"),
}


def _delete_trigger(name: str, exception: bool) -> str:
    table, condition, record, message = DELETES[name]
    when = [c for c in (condition, f"NOT {record}" if exception else None) if c]
    clause = f"WHEN {' AND '.join(when)} " if when else ""
    return f"CREATE TRIGGER {name} BEFORE DELETE ON {table} {clause}BEGIN SELECT RAISE(ABORT, '{message}'); END"


RECORD_OF = {"request_event": ("request", "OLD.request_id"), "complaint_event": ("complaint", "OLD.complaint_id")}
# what an archived request is: every column but those that follow its client (search text, district) and the
# bookkeeping ones (updated_at, and the city's status, which a late answer of the city may still set)
REQUEST_LOCKED = ("uuid", "version", "number", "client_id", "channel", "description", "assessment", "contact_name",
                  "contact_phone", "status", "received_at", "received_by", "handler_id", "responded_at", "notice",
                  "institution_id", "result", "completed_at", "closed_at", "response_due", "handover_due",
                  "feedback_due", "completion_due", "due_on")
_END = "strftime('%Y-%m-%dT%H:%M:%S', 'now', '-' || (SELECT years FROM retention_rule WHERE kind = '{kind}') || ' years')"
ENDED = {
    "request": ("SELECT 1 FROM service_request r WHERE r.id = NEW.record_id AND r.status = 'archived' "
                f"AND r.closed_at < {_END.format(kind='request')}"),
    "complaint": ("SELECT 1 FROM complaint k WHERE k.id = NEW.record_id AND k.closed_at IS NOT NULL "
                  f"AND k.closed_at < {_END.format(kind='complaint')}"),
}
TRIGGERS = {
    "service_request_archived_update": (
        f"CREATE TRIGGER service_request_archived_update BEFORE UPDATE OF {', '.join(REQUEST_LOCKED)} "
        "ON service_request WHEN OLD.status = 'archived' "
        "BEGIN SELECT RAISE(ABORT, 'an archived request cannot be changed'); END"),
    "service_request_archived_delete": (
        "CREATE TRIGGER service_request_archived_delete BEFORE DELETE ON service_request "
        f"WHEN OLD.status = 'archived' AND NOT {_disposing('request', 'OLD.id')} "
        "BEGIN SELECT RAISE(ABORT, 'an archived request is kept until a disposal list disposes of it'); END"),
    **{f"disposal_item_retained_{kind}": (
        f"CREATE TRIGGER disposal_item_retained_{kind} BEFORE INSERT ON disposal_item "
        f"WHEN NEW.kind = '{kind}' AND NOT EXISTS ({sql}) "
        "BEGIN SELECT RAISE(ABORT, 'the record is still within its retention period'); END")
       for kind, sql in ENDED.items()},
    **{f"disposal_item_no_{verb.lower()}": (
        f"CREATE TRIGGER disposal_item_no_{verb.lower()} BEFORE {verb} ON disposal_item "
        "BEGIN SELECT RAISE(ABORT, 'disposal_item is append-only'); END") for verb in ("UPDATE", "DELETE")},
    "disposal_list_no_delete": (
        "CREATE TRIGGER disposal_list_no_delete BEFORE DELETE ON disposal_list "
        "BEGIN SELECT RAISE(ABORT, 'a disposal list is kept'); END"),
    "disposal_list_steps": (
        "CREATE TRIGGER disposal_list_steps BEFORE UPDATE OF status ON disposal_list "
        "WHEN NOT ((OLD.status = 'prepared' AND NEW.status IN ('disposing', 'cancelled')) "
        "OR (OLD.status = 'disposing' AND NEW.status = 'disposed')) "
        "BEGIN SELECT RAISE(ABORT, 'a disposal list goes prepared, disposing, disposed (or cancelled)'); END"),
    **{f"disposed_entry_no_{verb.lower()}": (
        f"CREATE TRIGGER disposed_entry_no_{verb.lower()} BEFORE {verb} ON disposed_entry "
        "BEGIN SELECT RAISE(ABORT, 'disposed_entry is append-only'); END") for verb in ("UPDATE", "DELETE")},
    **{f"{chain}_disposed": (
        f"CREATE TRIGGER {chain}_disposed BEFORE DELETE ON {chain} WHEN {_disposing(*RECORD_OF[chain])} "
        f"AND NOT EXISTS (SELECT 1 FROM disposed_entry WHERE chain = '{chain}' AND entry_id = OLD.id) "
        "BEGIN SELECT RAISE(ABORT, 'a disposed entry leaves its digest first'); END")
       for chain in RECORD_OF},
}


def upgrade() -> None:
    op.create_table(
        "retention_rule",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('request', 'complaint')", name=op.f("ck_retention_rule_kind")),
        sa.CheckConstraint("years BETWEEN 2 AND 100", name=op.f("ck_retention_rule_years")),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_retention_rule")),
    )
    op.execute("INSERT INTO retention_rule (kind, years) VALUES ('request', 2), ('complaint', 2)")
    op.create_table(
        "disposal_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("prepared_at", sa.String(length=32), nullable=False),
        sa.Column("prepared_by", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.String(length=32), nullable=True),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('request', 'complaint')", name=op.f("ck_disposal_list_kind")),
        sa.CheckConstraint("status IN ('prepared', 'disposing', 'disposed', 'cancelled')",
                           name=op.f("ck_disposal_list_status")),
        sa.ForeignKeyConstraint(["prepared_by"], ["staff.id"], name=op.f("fk_disposal_list_prepared_by_staff")),
        sa.ForeignKeyConstraint(["confirmed_by"], ["staff.id"], name=op.f("fk_disposal_list_confirmed_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disposal_list")),
        sa.UniqueConstraint("uuid", name=op.f("uq_disposal_list_uuid")),
        sa.UniqueConstraint("number", name=op.f("uq_disposal_list_number")),
    )
    op.create_table(
        "disposal_item",
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("started", sa.String(length=10), nullable=True),
        sa.Column("archived_at", sa.String(length=32), nullable=False),
        sa.Column("kept_until", sa.String(length=10), nullable=False),
        sa.CheckConstraint("kind IN ('request', 'complaint')", name=op.f("ck_disposal_item_kind")),
        sa.ForeignKeyConstraint(["list_id"], ["disposal_list.id"], name=op.f("fk_disposal_item_list_id_disposal_list")),
        sa.PrimaryKeyConstraint("list_id", "kind", "record_id", name=op.f("pk_disposal_item")),
    )
    op.create_index("ix_disposal_item_record", "disposal_item", ["kind", "record_id"])
    op.create_table(
        "disposed_entry",
        sa.Column("chain", sa.String(length=30), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("chain", "entry_id", name=op.f("pk_disposed_entry")),
        sqlite_with_rowid=False,
    )
    for name in DELETES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(_delete_trigger(name, exception=True))
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in DELETES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(_delete_trigger(name, exception=False))
    op.drop_table("disposed_entry")
    op.drop_index("ix_disposal_item_record", table_name="disposal_item")
    op.drop_table("disposal_item")
    op.drop_table("disposal_list")
    op.drop_table("retention_rule")
