"""continuous improvement (§8.2): rectifications (整改) of bad reviews and valid complaints, improvement plans;
the monthly figures for the city (§4.3) in the outbox

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

``rectification`` holds one bad review's or valid complaint's rectification (opened by the app when an evaluation
scores 1–2 or a complaint is closed as valid); a closed one cannot change or be removed (triggers).
``improvement_plan`` with ``plan_source``, ``plan_action`` and ``plan_review`` is a continuous-improvement plan;
reviews and an action's evidence files (``plan_action_file``) are append-only, and a closed plan's actions
cannot change. ``improvement_setting`` holds the working days
a rectification is due in (15, the national 好差评 rule). The outbox is made again to take the station's
monthly figures for the city (kind ``figures``, of no request and no complaint). Every typed column refuses control characters as
migration 0006's columns do.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# this migration's own copies (it is history: it never imports the app's code)
ONE, MULTI = False, True
TEXT_COLUMNS: dict[str, tuple[tuple[str, bool], ...]] = {
    "rectification": (("found", MULTI), ("done", MULTI), ("client_response", MULTI), ("verify_note", MULTI)),
    "improvement_plan": (("problem", MULTI), ("goal", MULTI)),
    "plan_source": (("note", ONE),),
    "plan_action": (("what", MULTI), ("evidence", MULTI)),
    "plan_review": (("finding", MULTI), ("follow_up", MULTI)),
    "plan_action_file": (("file_name", ONE),),
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


# the outbox takes the station's monthly figures (§4.3), records of no request and no complaint: its kind and
# subject CHECKs change, which SQLite does by making the table again (as migration 0013 did)
OUTBOX_COLUMNS = ("id, kind, record_uuid, version, request_id, complaint_id, body, content_hash, blobs, state, "
                  "created_at, attempts, last_error, outcome, reason, reason_code, answered_at")
SUBJECTS = {
    True: ("CASE WHEN kind = 'figures' THEN request_id IS NULL AND complaint_id IS NULL "
           "ELSE (request_id IS NULL) <> (complaint_id IS NULL) END"),
    False: "(request_id IS NULL) <> (complaint_id IS NULL)",
}


def _outbox_table(name: str, figures: bool) -> str:
    kinds = "'escalation', 'archive', 'complaint'" + (", 'figures'" if figures else "")
    return (f"CREATE TABLE {name} (\n\tid INTEGER NOT NULL, \n\tkind VARCHAR(20) NOT NULL, \n"
            "\trecord_uuid VARCHAR(36) NOT NULL, \n\tversion INTEGER NOT NULL, \n"
            "\trequest_id INTEGER, \n\tcomplaint_id INTEGER, \n\tbody TEXT NOT NULL, \n"
            "\tcontent_hash VARCHAR(64) NOT NULL, \n"
            "\tblobs TEXT NOT NULL, \n\tstate VARCHAR(20) NOT NULL, \n\tcreated_at VARCHAR(32) NOT NULL, \n"
            "\tattempts INTEGER NOT NULL, \n\tlast_error TEXT NOT NULL, \n\toutcome VARCHAR(20) NOT NULL, \n"
            "\treason TEXT NOT NULL, \n\treason_code VARCHAR(20) NOT NULL, \n\tanswered_at VARCHAR(32), \n"
            "\tCONSTRAINT pk_outbox PRIMARY KEY (id), \n"
            f"\tCONSTRAINT ck_outbox_kind CHECK (kind IN ({kinds})), \n"
            "\tCONSTRAINT ck_outbox_set_aside_reason CHECK (state <> 'set_aside' OR length(reason) > 0), \n"
            "\tCONSTRAINT ck_outbox_state CHECK (state IN ('pending', 'sent', 'set_aside', 'dropped')), \n"
            "\tCONSTRAINT ck_outbox_content_hash CHECK (length(content_hash) = 64), \n"
            "\tCONSTRAINT ck_outbox_version CHECK (version >= 1), \n"
            f"\tCONSTRAINT ck_outbox_subject CHECK ({SUBJECTS[figures]}), \n"
            "\tCONSTRAINT fk_outbox_complaint_id_complaint FOREIGN KEY(complaint_id) REFERENCES complaint (id), \n"
            "\tCONSTRAINT fk_outbox_request_id_service_request FOREIGN KEY(request_id) REFERENCES service_request (id), "
            "\n\tCONSTRAINT uq_outbox_record UNIQUE (kind, record_uuid, version)\n)")


OUTBOX_REST = (
    "CREATE INDEX ix_outbox_request_id ON outbox (request_id)",
    "CREATE INDEX ix_outbox_state ON outbox (state, id)",
    "CREATE INDEX ix_outbox_complaint_id ON outbox (complaint_id)",
    "CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox\n"
    "        BEGIN SELECT RAISE(ABORT, 'outbox rows are never deleted'); END",
    "CREATE TRIGGER outbox_record_fixed BEFORE UPDATE OF kind, record_uuid, version, request_id, complaint_id, body,\n"
    "        content_hash, blobs ON outbox\n"
    "        BEGIN SELECT RAISE(ABORT, 'an outbox record cannot be changed'); END",
)


def _remake_outbox(figures: bool) -> None:
    op.execute(_outbox_table("outbox_new", figures))
    where = "" if figures else " WHERE kind <> 'figures'"  # a downgrade leaves the figures' records behind
    op.execute(f"INSERT INTO outbox_new ({OUTBOX_COLUMNS}) SELECT {OUTBOX_COLUMNS} FROM outbox{where}")
    op.execute("DROP TRIGGER IF EXISTS outbox_no_delete")
    op.execute("DROP TRIGGER IF EXISTS outbox_record_fixed")
    op.execute("DROP TABLE outbox")
    op.execute("ALTER TABLE outbox_new RENAME TO outbox")
    for sql in OUTBOX_REST:
        op.execute(sql)


TRIGGERS: dict[str, str] = {
    "rectification_closed_update": (
        "CREATE TRIGGER rectification_closed_update BEFORE UPDATE ON rectification WHEN OLD.closed_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'a closed rectification cannot be changed'); END"),
    "rectification_no_delete": (
        "CREATE TRIGGER rectification_no_delete BEFORE DELETE ON rectification "
        "BEGIN SELECT RAISE(ABORT, 'a rectification cannot be deleted'); END"),
    "plan_review_no_update": (
        "CREATE TRIGGER plan_review_no_update BEFORE UPDATE ON plan_review "
        "BEGIN SELECT RAISE(ABORT, 'a review cannot be changed'); END"),
    "plan_review_no_delete": (
        "CREATE TRIGGER plan_review_no_delete BEFORE DELETE ON plan_review "
        "BEGIN SELECT RAISE(ABORT, 'a review cannot be deleted'); END"),
    "plan_action_file_no_update": (
        "CREATE TRIGGER plan_action_file_no_update BEFORE UPDATE ON plan_action_file "
        "BEGIN SELECT RAISE(ABORT, 'an evidence file cannot be changed'); END"),
    "plan_action_file_no_delete": (
        "CREATE TRIGGER plan_action_file_no_delete BEFORE DELETE ON plan_action_file "
        "BEGIN SELECT RAISE(ABORT, 'an evidence file cannot be deleted'); END"),
    "plan_action_closed_plan": (
        "CREATE TRIGGER plan_action_closed_plan BEFORE UPDATE ON plan_action WHEN (SELECT closed_at FROM "
        "improvement_plan WHERE id = OLD.plan_id) IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'the actions of a closed plan cannot be changed'); END"),
    "improvement_plan_closed_update": (
        "CREATE TRIGGER improvement_plan_closed_update BEFORE UPDATE ON improvement_plan "
        "WHEN OLD.closed_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'a closed plan cannot be changed'); END"),
    **{name: sql for table, columns in TEXT_COLUMNS.items() for name, sql in _text_triggers(table, columns).items()},
}


def upgrade() -> None:
    op.create_table('improvement_setting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rectification_days', sa.Integer(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_improvement_setting_single_row')),
    sa.CheckConstraint('rectification_days BETWEEN 1 AND 60', name=op.f('ck_improvement_setting_rectification_days')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_improvement_setting'))
    )
    op.create_table('improvement_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('closed_at', sa.String(length=32), nullable=True),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.CheckConstraint("(status = 'closed') = (closed_at IS NOT NULL)", name=op.f('ck_improvement_plan_closed')),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_improvement_plan_status')),
    sa.CheckConstraint('length(goal) <= 2000', name=op.f('ck_improvement_plan_goal')),
    sa.CheckConstraint('length(trim(problem)) BETWEEN 1 AND 2000', name=op.f('ck_improvement_plan_problem')),
    sa.ForeignKeyConstraint(['created_by'], ['staff.id'], name=op.f('fk_improvement_plan_created_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_improvement_plan')),
    sa.UniqueConstraint('uuid', name=op.f('uq_improvement_plan_uuid'))
    )
    with op.batch_alter_table('improvement_plan', schema=None) as batch_op:
        batch_op.create_index('ix_improvement_plan_status', ['status', 'created_at'], unique=False)

    op.create_table('plan_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('done_at', sa.String(length=32), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.CheckConstraint("(status = 'done') = (done_at IS NOT NULL)", name=op.f('ck_plan_action_done')),
    sa.CheckConstraint("due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'", name=op.f('ck_plan_action_due_on')),
    sa.CheckConstraint("status IN ('open', 'done')", name=op.f('ck_plan_action_status')),
    sa.CheckConstraint('length(evidence) <= 2000', name=op.f('ck_plan_action_evidence')),
    sa.CheckConstraint('length(trim(what)) BETWEEN 1 AND 1000', name=op.f('ck_plan_action_what')),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], name=op.f('fk_plan_action_owner_id_staff')),
    sa.ForeignKeyConstraint(['plan_id'], ['improvement_plan.id'], name=op.f('fk_plan_action_plan_id_improvement_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_action'))
    )
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.create_index('ix_plan_action_plan', ['plan_id'], unique=False)
        batch_op.create_index('ix_plan_action_status_due', ['status', 'due_on'], unique=False)

    op.create_table('plan_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('effective', sa.Boolean(), nullable=False),
    sa.Column('finding', sa.Text(), nullable=False),
    sa.Column('follow_up', sa.Text(), nullable=False),
    sa.CheckConstraint("day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'", name=op.f('ck_plan_review_day')),
    sa.CheckConstraint('length(follow_up) <= 2000', name=op.f('ck_plan_review_follow_up')),
    sa.CheckConstraint('length(trim(finding)) BETWEEN 1 AND 2000', name=op.f('ck_plan_review_finding')),
    sa.ForeignKeyConstraint(['plan_id'], ['improvement_plan.id'], name=op.f('fk_plan_review_plan_id_improvement_plan')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['staff.id'], name=op.f('fk_plan_review_reviewer_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_review'))
    )
    with op.batch_alter_table('plan_review', schema=None) as batch_op:
        batch_op.create_index('ix_plan_review_plan', ['plan_id'], unique=False)

    op.create_table('rectification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('evaluation_id', sa.Integer(), nullable=True),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.String(length=32), nullable=False),
    sa.Column('due_on', sa.String(length=10), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('found', sa.Text(), nullable=False),
    sa.Column('done', sa.Text(), nullable=False),
    sa.Column('rectified_at', sa.String(length=32), nullable=True),
    sa.Column('client_told_at', sa.String(length=32), nullable=True),
    sa.Column('client_satisfied', sa.Boolean(), nullable=True),
    sa.Column('client_response', sa.Text(), nullable=False),
    sa.Column('verified_by', sa.Integer(), nullable=True),
    sa.Column('verify_note', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.String(length=32), nullable=True),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.CheckConstraint("(source = 'complaint') = (complaint_id IS NOT NULL)", name=op.f('ck_rectification_complaint')),
    sa.CheckConstraint("(source = 'evaluation') = (evaluation_id IS NOT NULL)", name=op.f('ck_rectification_evaluation')),
    sa.CheckConstraint("(status = 'closed') = (closed_at IS NOT NULL)", name=op.f('ck_rectification_closed')),
    sa.CheckConstraint("due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'", name=op.f('ck_rectification_due_on')),
    sa.CheckConstraint("source IN ('evaluation', 'complaint')", name=op.f('ck_rectification_source')),
    sa.CheckConstraint("status = 'open' OR length(trim(done)) > 0", name=op.f('ck_rectification_done')),
    sa.CheckConstraint("status IN ('open', 'rectified', 'closed')", name=op.f('ck_rectification_status')),
    sa.CheckConstraint('length(found) <= 2000 AND length(done) <= 2000 AND length(client_response) <= 2000 AND length(verify_note) <= 2000', name=op.f('ck_rectification_lengths')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_rectification_version')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_rectification_complaint_id_complaint')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_rectification_evaluation_id_evaluation')),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], name=op.f('fk_rectification_owner_id_staff')),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], name=op.f('fk_rectification_request_id_service_request')),
    sa.ForeignKeyConstraint(['verified_by'], ['staff.id'], name=op.f('fk_rectification_verified_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification')),
    sa.UniqueConstraint('complaint_id', name=op.f('uq_rectification_complaint_id')),
    sa.UniqueConstraint('evaluation_id', name=op.f('uq_rectification_evaluation_id')),
    sa.UniqueConstraint('uuid', name=op.f('uq_rectification_uuid'))
    )
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.create_index('ix_rectification_opened', ['opened_at'], unique=False)
        batch_op.create_index('ix_rectification_owner', ['owner_id', 'status'], unique=False)
        batch_op.create_index('ix_rectification_request', ['request_id'], unique=False)
        batch_op.create_index('ix_rectification_status_due', ['status', 'due_on'], unique=False)

    op.create_table('plan_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('rectification_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("(kind = 'bad_review') = (rectification_id IS NOT NULL)", name=op.f('ck_plan_source_rectification')),
    sa.CheckConstraint("(kind = 'complaint') = (complaint_id IS NOT NULL)", name=op.f('ck_plan_source_complaint')),
    sa.CheckConstraint("kind IN ('complaint', 'bad_review', 'overdue', 'self_inspection', 'statistics')", name=op.f('ck_plan_source_kind')),
    sa.CheckConstraint('length(note) <= 500', name=op.f('ck_plan_source_note')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_plan_source_complaint_id_complaint')),
    sa.ForeignKeyConstraint(['plan_id'], ['improvement_plan.id'], name=op.f('fk_plan_source_plan_id_improvement_plan')),
    sa.ForeignKeyConstraint(['rectification_id'], ['rectification.id'], name=op.f('fk_plan_source_rectification_id_rectification')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_source'))
    )
    with op.batch_alter_table('plan_source', schema=None) as batch_op:
        batch_op.create_index('ix_plan_source_plan', ['plan_id'], unique=False)

    op.create_table('plan_action_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.String(length=32), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=False),
    sa.CheckConstraint("length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'", name=op.f('ck_plan_action_file_sha256')),
    sa.CheckConstraint('length(trim(file_name)) BETWEEN 1 AND 255', name=op.f('ck_plan_action_file_file_name')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_plan_action_file_size')),
    sa.ForeignKeyConstraint(['action_id'], ['plan_action.id'], name=op.f('fk_plan_action_file_action_id_plan_action')),
    sa.ForeignKeyConstraint(['added_by'], ['staff.id'], name=op.f('fk_plan_action_file_added_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_action_file')),
    sa.UniqueConstraint('uuid', name=op.f('uq_plan_action_file_uuid'))
    )
    with op.batch_alter_table('plan_action_file', schema=None) as batch_op:
        batch_op.create_index('ix_plan_action_file_action', ['action_id'], unique=False)

    op.execute("INSERT INTO improvement_setting (id, rectification_days) VALUES (1, 15)")
    for sql in TRIGGERS.values():
        op.execute(sql)
    _remake_outbox(figures=True)


def downgrade() -> None:
    _remake_outbox(figures=False)
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in ("plan_source", "plan_review", "plan_action_file", "plan_action", "rectification", "improvement_plan",
                  "improvement_setting"):
        op.drop_table(table)
