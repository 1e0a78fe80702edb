"""complaints and service supervision (§7.5): the complaint, its timeline and attachments, stage time limits

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

``complaint`` holds a complaint's current state, ``complaint_event`` its append-only timeline and
``complaint_attachment`` its files (append-only too). A complaint that has ended (closed, not accepted, withdrawn)
is archived: triggers refuse any change to its row or its removal. ``complaint_counter`` numbers them per day
(``<station>-TS-<yyyymmdd>-<nnnn>``); ``complaint_time_limit`` holds each stage's limit in working days, filled
with the defaults. ``complaint_fts`` is a trigram index over ``search_text`` (number, complainant, what happened,
what is wanted), kept by triggers like the requests'. Every typed column refuses control characters as migration
0006's columns do.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# this migration's own copies (it is history: it never imports the app's code)
DEFAULT_DAYS = {"accept": 7, "assess": 2, "investigate": 10, "reply": 10, "decide": 5, "tell": 3, "react": 5,
                "review": 10, "close": 3}
STATUSES = ("received", "accepted", "assessed", "investigated", "forwarded", "replied", "decided", "told",
            "satisfied", "dissatisfied", "referred_out", "closed", "not_accepted", "withdrawn")
STATUS_RANK = "CASE status " + " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(STATUSES)) + " END"
ONE, MULTI = False, True
TEXT_COLUMNS: dict[str, tuple[tuple[str, bool], ...]] = {
    "complaint": (("complainant_name", ONE), ("what_happened", MULTI), ("wants", MULTI), ("investigation", MULTI),
                  ("reply", MULTI), ("decision", MULTI), ("told_text", MULTI), ("reaction", MULTI),
                  ("outcome", MULTI), ("close_reason", MULTI), ("rectification", MULTI),
                  ("not_accepted_reason", MULTI), ("withdraw_reason", MULTI)),
    "complaint_event": (("text", MULTI),),
    "complaint_attachment": (("file_name", ONE),),
}
_ONE_SET = "char(1) || '-' || char(31) || char(127) || '-' || char(159)"
_MULTI_SET = "char(1) || '-' || char(8) || char(11) || '-' || char(31) || char(127) || '-' || char(159)"


def _bad(expr: str, multi: bool) -> str:
    chars = _MULTI_SET if multi else _ONE_SET
    return f"(instr({expr}, char(0)) > 0 OR {expr} GLOB ('*[' || {chars} || ']*'))"


def _text_triggers(table: str, columns: tuple[tuple[str, bool], ...]) -> dict[str, str]:
    def check(column: str, multi: bool, changed: bool) -> str:
        message = f"control characters are not allowed in {table}.{column}"
        when = f"NEW.{column} IS NOT OLD.{column} AND " if changed else ""
        return f"SELECT RAISE(ABORT, '{message}') WHERE {when}{_bad('NEW.' + column, multi)};"

    names = ", ".join(c for c, _ in columns)
    insert = " ".join(check(c, m, False) for c, m in columns)
    update = " ".join(check(c, m, True) for c, m in columns)
    return {f"{table}_text_insert": f"CREATE TRIGGER {table}_text_insert BEFORE INSERT ON {table} BEGIN {insert} END",
            f"{table}_text_update":
                f"CREATE TRIGGER {table}_text_update BEFORE UPDATE OF {names} ON {table} BEGIN {update} END"}


# the search index follows each new complaint (a bulk loader may set this one aside and put it back)
COMPLAINT_FTS_INSERT = (
    "CREATE TRIGGER complaint_fts_ai AFTER INSERT ON complaint BEGIN "
    "INSERT INTO complaint_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
)
TRIGGERS: dict[str, str] = {
    "complaint_fts_ai": COMPLAINT_FTS_INSERT,
    "complaint_fts_ad": (
        "CREATE TRIGGER complaint_fts_ad AFTER DELETE ON complaint BEGIN "
        "INSERT INTO complaint_fts(complaint_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END"),
    "complaint_fts_au": (
        "CREATE TRIGGER complaint_fts_au AFTER UPDATE OF search_text ON complaint BEGIN "
        "INSERT INTO complaint_fts(complaint_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO complaint_fts(rowid, search_text) VALUES (new.id, new.search_text); END"),
    # an ended complaint is archived: its row never changes again and is never removed
    "complaint_locked_update": (
        "CREATE TRIGGER complaint_locked_update BEFORE UPDATE ON complaint WHEN OLD.closed_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'complaint is archived'); END"),
    "complaint_locked_delete": (
        "CREATE TRIGGER complaint_locked_delete BEFORE DELETE ON complaint WHEN OLD.closed_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'complaint is archived'); END"),
    **{f"{table}_no_{verb.lower()}": (f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                                      f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
       for table in ("complaint_event", "complaint_attachment") for verb in ("UPDATE", "DELETE")},
    **{name: sql for table, columns in TEXT_COLUMNS.items() for name, sql in _text_triggers(table, columns).items()},
}


# The outbox carries complaints' archive records too: ``request_id`` becomes optional beside ``complaint_id``
# (exactly one set) and the kind "complaint" is allowed. SQLite cannot change a column or a CHECK in place: the
# table is made again with its rows, indexes and triggers (the app's outbox rows are never deleted).
OUTBOX_COLUMNS = ("id, kind, record_uuid, version, request_id, body, content_hash, blobs, state, created_at, "
                  "attempts, last_error, outcome, reason, reason_code, answered_at")


def _outbox_table(name: str, complaints: bool) -> str:
    kinds = "'escalation', 'archive', 'complaint'" if complaints else "'escalation', 'archive'"
    subject = ("\tcomplaint_id INTEGER, \n" if complaints else "")
    request = "request_id INTEGER" if complaints else "request_id INTEGER NOT NULL"
    extra = ("\tCONSTRAINT ck_outbox_subject CHECK ((request_id IS NULL) <> (complaint_id IS NULL)), \n"
             "\tCONSTRAINT fk_outbox_complaint_id_complaint FOREIGN KEY(complaint_id) REFERENCES complaint (id), \n"
             if complaints else "")
    return (f"CREATE TABLE {name} (\n\tid INTEGER NOT NULL, \n\tkind VARCHAR(20) NOT NULL, \n"
            "\trecord_uuid VARCHAR(36) NOT NULL, \n\tversion INTEGER NOT NULL, \n"
            f"\t{request}, \n{subject}\tbody TEXT NOT NULL, \n\tcontent_hash VARCHAR(64) NOT NULL, \n"
            "\tblobs TEXT NOT NULL, \n\tstate VARCHAR(20) NOT NULL, \n\tcreated_at VARCHAR(32) NOT NULL, \n"
            "\tattempts INTEGER NOT NULL, \n\tlast_error TEXT NOT NULL, \n\toutcome VARCHAR(20) NOT NULL, \n"
            "\treason TEXT NOT NULL, \n\treason_code VARCHAR(20) NOT NULL, \n\tanswered_at VARCHAR(32), \n"
            "\tCONSTRAINT pk_outbox PRIMARY KEY (id), \n"
            f"\tCONSTRAINT ck_outbox_kind CHECK (kind IN ({kinds})), \n"
            "\tCONSTRAINT ck_outbox_set_aside_reason CHECK (state <> 'set_aside' OR length(reason) > 0), \n"
            "\tCONSTRAINT ck_outbox_state CHECK (state IN ('pending', 'sent', 'set_aside', 'dropped')), \n"
            "\tCONSTRAINT ck_outbox_content_hash CHECK (length(content_hash) = 64), \n"
            f"\tCONSTRAINT ck_outbox_version CHECK (version >= 1), \n{extra}"
            "\tCONSTRAINT fk_outbox_request_id_service_request FOREIGN KEY(request_id) REFERENCES service_request (id), "
            "\n\tCONSTRAINT uq_outbox_record UNIQUE (kind, record_uuid, version)\n)")


def _outbox_rest(complaints: bool) -> list[str]:
    fixed = "kind, record_uuid, version, request_id, " + ("complaint_id, " if complaints else "") + "body"
    return [
        "CREATE INDEX ix_outbox_request_id ON outbox (request_id)",
        "CREATE INDEX ix_outbox_state ON outbox (state, id)",
        *(["CREATE INDEX ix_outbox_complaint_id ON outbox (complaint_id)"] if complaints else []),
        "CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox\n"
        "        BEGIN SELECT RAISE(ABORT, 'outbox rows are never deleted'); END",
        f"CREATE TRIGGER outbox_record_fixed BEFORE UPDATE OF {fixed},\n        content_hash, blobs ON outbox\n"
        "        BEGIN SELECT RAISE(ABORT, 'an outbox record cannot be changed'); END",
    ]


def _remake_outbox(complaints: bool) -> None:
    op.execute(_outbox_table("outbox_new", complaints))
    where = "" if complaints else " WHERE request_id IS NOT NULL"  # a downgrade keeps the requests' records
    op.execute(f"INSERT INTO outbox_new ({OUTBOX_COLUMNS}) SELECT {OUTBOX_COLUMNS} FROM outbox{where}")
    op.execute("DROP TRIGGER IF EXISTS outbox_no_delete")
    op.execute("DROP TRIGGER IF EXISTS outbox_record_fixed")
    op.execute("DROP TABLE outbox")
    op.execute("ALTER TABLE outbox_new RENAME TO outbox")
    for sql in _outbox_rest(complaints):
        op.execute(sql)


def upgrade() -> None:

    op.create_table('complaint_counter',
    sa.Column('day', sa.String(length=8), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_complaint_counter'))
    )
    op.create_table('complaint_time_limit',
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.CheckConstraint("stage IN ('accept', 'assess', 'investigate', 'reply', 'decide', 'tell', 'react', 'review', 'close')", name=op.f('ck_complaint_time_limit_stage')),
    sa.CheckConstraint('days BETWEEN 1 AND 365', name=op.f('ck_complaint_time_limit_days')),
    sa.PrimaryKeyConstraint('stage', name=op.f('pk_complaint_time_limit'))
    )
    op.create_table('complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.String(length=32), nullable=False),
    sa.Column('received_by', sa.Integer(), nullable=False),
    sa.Column('complainant_kind', sa.String(length=10), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('complainant_name', sa.String(length=50), nullable=False),
    sa.Column('complainant_phone', sa.String(length=20), nullable=True),
    sa.Column('about_request_id', sa.Integer(), nullable=True),
    sa.Column('about_staff_id', sa.Integer(), nullable=True),
    sa.Column('about_institution_id', sa.Integer(), nullable=True),
    sa.Column('about_station', sa.Boolean(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.Column('wants', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('due_on', sa.String(length=10), nullable=True),
    sa.Column('severity', sa.String(length=10), nullable=True),
    sa.Column('urgency', sa.String(length=10), nullable=True),
    sa.Column('likelihood', sa.String(length=10), nullable=True),
    sa.Column('assigned_to', sa.Integer(), nullable=True),
    sa.Column('investigation', sa.Text(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('reply_due', sa.String(length=10), nullable=True),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('told_via', sa.String(length=20), nullable=True),
    sa.Column('told_at', sa.String(length=32), nullable=True),
    sa.Column('told_text', sa.Text(), nullable=False),
    sa.Column('satisfied', sa.Boolean(), nullable=True),
    sa.Column('reaction', sa.Text(), nullable=False),
    sa.Column('reviewed', sa.Boolean(), nullable=False),
    sa.Column('external_route', sa.String(length=20), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('valid', sa.Boolean(), nullable=True),
    sa.Column('close_reason', sa.Text(), nullable=False),
    sa.Column('rectified', sa.Boolean(), nullable=True),
    sa.Column('rectification', sa.Text(), nullable=False),
    sa.Column('not_accepted_reason', sa.Text(), nullable=False),
    sa.Column('withdraw_reason', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.String(length=32), nullable=True),
    sa.Column('city_status', sa.String(length=20), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.CheckConstraint("(complainant_kind = 'client') = (client_id IS NOT NULL)", name=op.f('ck_complaint_client')),
    sa.CheckConstraint("(due_on IS NULL OR due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')", name=op.f('ck_complaint_due_on')),
    sa.CheckConstraint("(reply_due IS NULL OR reply_due GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')", name=op.f('ck_complaint_reply_due')),
    sa.CheckConstraint("(status IN ('closed', 'not_accepted', 'withdrawn')) = (closed_at IS NOT NULL)", name=op.f('ck_complaint_closed')),
    sa.CheckConstraint("channel IN ('phone', 'email', 'letter', 'window', 'website', 'city_platform', 'other')", name=op.f('ck_complaint_channel')),
    sa.CheckConstraint("complainant_kind <> 'anonymous' OR (complainant_name = '' AND complainant_phone IS NULL)", name=op.f('ck_complaint_anonymous')),
    sa.CheckConstraint("complainant_kind <> 'person' OR length(trim(complainant_name)) > 0", name=op.f('ck_complaint_person')),
    sa.CheckConstraint("complainant_kind IN ('client', 'person', 'anonymous')", name=op.f('ck_complaint_complainant_kind')),
    sa.CheckConstraint("complainant_phone IS NULL OR (complainant_phone GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' OR complainant_phone GLOB '0[0-9][0-9]-[1-9][0-9][0-9][0-9][0-9][0-9][0-9]' OR complainant_phone GLOB '0[0-9][0-9]-[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' OR complainant_phone GLOB '0[0-9][0-9][0-9]-[1-9][0-9][0-9][0-9][0-9][0-9][0-9]' OR complainant_phone GLOB '0[0-9][0-9][0-9]-[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')", name=op.f('ck_complaint_complainant_phone')),
    sa.CheckConstraint("external_route IS NULL OR external_route IN ('mediation', 'city_platform', 'arbitration', 'other')", name=op.f('ck_complaint_external_route')),
    sa.CheckConstraint("likelihood IS NULL OR likelihood IN ('likely', 'unlikely', 'unclear')", name=op.f('ck_complaint_likelihood')),
    sa.CheckConstraint("number GLOB '*-TS-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]*'", name=op.f('ck_complaint_number')),
    sa.CheckConstraint("severity IS NULL OR severity IN ('minor', 'serious', 'grave')", name=op.f('ck_complaint_severity')),
    sa.CheckConstraint("status <> 'closed' OR valid IS NOT NULL", name=op.f('ck_complaint_validity')),
    sa.CheckConstraint("status IN ('received', 'accepted', 'assessed', 'investigated', 'forwarded', 'replied', 'decided', 'told', 'satisfied', 'dissatisfied', 'referred_out', 'closed', 'not_accepted', 'withdrawn')", name=op.f('ck_complaint_status')),
    sa.CheckConstraint("told_via IS NULL OR told_via IN ('phone', 'sms', 'email', 'letter', 'in_person')", name=op.f('ck_complaint_told_via')),
    sa.CheckConstraint("urgency IS NULL OR urgency IN ('normal', 'urgent')", name=op.f('ck_complaint_urgency')),
    sa.CheckConstraint('about_request_id IS NOT NULL OR about_staff_id IS NOT NULL OR about_institution_id IS NOT NULL OR about_station', name=op.f('ck_complaint_subject')),
    sa.CheckConstraint('length(complainant_name) <= 50', name=op.f('ck_complaint_complainant_name')),
    sa.CheckConstraint('length(trim(what_happened)) BETWEEN 1 AND 4000', name=op.f('ck_complaint_what_happened')),
    sa.CheckConstraint('length(wants) <= 2000 AND length(investigation) <= 4000 AND length(reply) <= 4000 AND length(decision) <= 4000 AND length(told_text) <= 2000 AND length(reaction) <= 2000 AND length(outcome) <= 2000 AND length(close_reason) <= 2000 AND length(rectification) <= 2000 AND length(not_accepted_reason) <= 2000 AND length(withdraw_reason) <= 2000', name=op.f('ck_complaint_lengths')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_complaint_version')),
    sa.ForeignKeyConstraint(['about_institution_id'], ['institution.id'], name=op.f('fk_complaint_about_institution_id_institution')),
    sa.ForeignKeyConstraint(['about_request_id'], ['service_request.id'], name=op.f('fk_complaint_about_request_id_service_request')),
    sa.ForeignKeyConstraint(['about_staff_id'], ['staff.id'], name=op.f('fk_complaint_about_staff_id_staff')),
    sa.ForeignKeyConstraint(['assigned_to'], ['staff.id'], name=op.f('fk_complaint_assigned_to_staff')),
    sa.ForeignKeyConstraint(['category_id'], ['catalogue_category.id'], name=op.f('fk_complaint_category_id_catalogue_category')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_complaint_client_id_client')),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_complaint_institution_id_institution')),
    sa.ForeignKeyConstraint(['received_by'], ['staff.id'], name=op.f('fk_complaint_received_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint')),
    sa.UniqueConstraint('number', name=op.f('uq_complaint_number')),
    sa.UniqueConstraint('uuid', name=op.f('uq_complaint_uuid'))
    )
    op.create_index('ix_complaint_about_institution', 'complaint', ['about_institution_id', 'received_at'], unique=False)
    op.create_index('ix_complaint_about_request', 'complaint', ['about_request_id'], unique=False)
    op.create_index('ix_complaint_about_staff', 'complaint', ['about_staff_id', 'received_at'], unique=False)
    op.create_index('ix_complaint_assigned', 'complaint', ['assigned_to', 'received_at'], unique=False)
    op.create_index('ix_complaint_category', 'complaint', ['category_id', 'received_at'], unique=False)
    op.create_index('ix_complaint_channel_received', 'complaint', ['channel', 'received_at', 'about_staff_id'], unique=False)
    op.create_index('ix_complaint_client', 'complaint', ['client_id', 'received_at'], unique=False)
    op.create_index('ix_complaint_closed', 'complaint', ['closed_at'], unique=False)
    op.create_index('ix_complaint_due', 'complaint', ['due_on', 'status'], unique=False)
    op.create_index('ix_complaint_received', 'complaint', ['received_at', 'about_staff_id'], unique=False)
    op.create_index('ix_complaint_status_received', 'complaint', ['status', 'received_at', 'about_staff_id'], unique=False)
    op.create_index('ix_complaint_valid', 'complaint', ['valid', 'received_at', 'about_staff_id'], unique=False)
    op.create_index('ix_complaint_status_rank', 'complaint', [sa.text(STATUS_RANK), 'received_at'], unique=False)
    op.create_table('complaint_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.String(length=32), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=False),
    sa.CheckConstraint("length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'", name=op.f('ck_complaint_attachment_sha256')),
    sa.CheckConstraint('length(trim(file_name)) BETWEEN 1 AND 255', name=op.f('ck_complaint_attachment_file_name')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_complaint_attachment_size')),
    sa.ForeignKeyConstraint(['added_by'], ['staff.id'], name=op.f('fk_complaint_attachment_added_by_staff')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_attachment_complaint_id_complaint')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_attachment')),
    sa.UniqueConstraint('uuid', name=op.f('uq_complaint_attachment_uuid'))
    )
    op.create_index('ix_complaint_attachment_complaint', 'complaint_attachment', ['complaint_id'], unique=False)
    op.create_table('complaint_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('received', 'accepted', 'not_accepted', 'assessed', 'investigated', 'forwarded', 'replied', 'decided', 'told', 'reaction', 'reviewed', 'referred_out', 'outcome', 'closed', 'withdrawn', 'edited', 'note', 'attachment')", name=op.f('ck_complaint_event_kind')),
    sa.CheckConstraint('length(text) <= 4000', name=op.f('ck_complaint_event_text')),
    sa.ForeignKeyConstraint(['actor_id'], ['staff.id'], name=op.f('fk_complaint_event_actor_id_staff')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_event_complaint_id_complaint')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_event')),
    sa.UniqueConstraint('uuid', name=op.f('uq_complaint_event_uuid'))
    )
    op.create_index('ix_complaint_event_complaint', 'complaint_event', ['complaint_id', 'id'], unique=False)
    op.execute("CREATE VIRTUAL TABLE complaint_fts USING fts5("
               "search_text, content='complaint', content_rowid='id', tokenize='trigram')")
    for sql in TRIGGERS.values():
        op.execute(sql)
    values = ", ".join(f"('{stage}', {days})" for stage, days in DEFAULT_DAYS.items())
    op.execute(f"INSERT INTO complaint_time_limit (stage, days) VALUES {values}")
    _remake_outbox(complaints=True)


def downgrade() -> None:
    _remake_outbox(complaints=False)
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS complaint_fts")
    for table in ("complaint_event", "complaint_attachment", "complaint", "complaint_time_limit", "complaint_counter"):
        op.drop_table(table)
