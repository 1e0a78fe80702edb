"""Shared set-up of the request tests: a station with one account per role, a client, an institution, and
``drive`` which takes a new request to any status through the real service calls.

Times are pinned (``now=``) at noon at the station, so the station's calendar day never depends on the machine's
zone.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from desktop.models.accounts import staff
from desktop.models.clients import clients
from desktop.models.core.clock import from_local
from desktop.models.core.db import Database
from desktop.models.institutions.tables import Institution
from desktop.models.requests import intake, lifecycle, request_detail
from desktop.models.requests.attachments import add_attachment
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.lifecycle import EvaluationInput, FeedbackInput, ReferralInput
from tests.support.stations import LUOSIFEN, open_station

ROLES = ("clerk", "field_officer", "admin")
# Monday 23 November 2026, noon local time
MONDAY = date(2026, 11, 23)
ITEM = 1  # 5.1 计量技术服务 / 计量法律法规政策咨询 (category 1)
ITEM_CAT2 = 3  # 5.2 标准技术服务 (category 2)

# the path a request takes to each status, from "received"
PATHS: dict[str, tuple[str, ...]] = {
    "received": (),
    "answered": ("answer",),
    "registered": ("register",),
    "awaiting_instruction": ("register", "await_instruction"),
    "referred": ("register", "refer"),
    "escalated": ("register", "escalate"),
    "in_service": ("register", "refer", "start_service"),
    "completed": ("register", "refer", "start_service", "complete"),
    "feedback_given": ("register", "refer", "start_service", "complete", "give_feedback"),
    "evaluated": ("register", "refer", "start_service", "complete", "give_feedback", "evaluate"),
    "archived": ("register", "refer", "start_service", "complete", "give_feedback", "evaluate", "archive"),
    "withdrawn": ("withdraw",),
}
# the timeline event each action writes
EVENT_OF = {
    "answer": "answered", "register": "registered", "await_instruction": "awaiting_instruction",
    "instruction_received": "instruction_received", "refer": "referred", "escalate": "escalated",
    "start_service": "service_started", "follow_up": "follow_up", "complete": "completed",
    "give_feedback": "feedback_given", "evaluate": "evaluated", "archive": "archived", "withdraw": "withdrawn",
    "edit": "edited", "attach": "attachment", "note": "note",
}


def local_noon(day: date, hour: int = 12) -> datetime:
    """``day`` at ``hour`` o'clock at the station, as a UTC datetime (what the services take)."""
    return from_local(datetime(day.year, day.month, day.day, hour))


NOW = local_noon(MONDAY)


@dataclass(frozen=True)
class Station:
    db: Database
    ids: dict[str, int]  # role -> staff id
    client_id: int
    institution_id: int
    path: Path

    @property
    def admin(self) -> int:
        return self.ids["admin"]


def add_institution(db: Database, actor_id: int, name: str = "柳州市计量检定测试所", active: bool = True) -> int:
    with db.begin(actor_id) as s:
        row = Institution(kind="institution", name=name, active=active, created_by=actor_id)
        s.add(row)
        s.flush()
        return row.id


def make_station(path: Path, roles: tuple[str, ...] = ("clerk", "field_officer")) -> Station:
    """A set-up station with the admin and an account of each of ``roles`` (each costs an Argon2 hash, about
    0.1 s: make it once per module where the tests allow)."""
    db, admin = open_station(path)
    ids = {"admin": admin}
    for role in roles:
        ids[role] = staff.create_staff(db, admin, role.replace("_", "-"), f"{role} 甲", role, "pass-word-1").ids[0]
    client_id = clients.create_client(db, admin, LUOSIFEN).ids[0]
    return Station(db, ids, client_id, add_institution(db, admin), path)


def clone(st: Station, path: Path) -> Station:
    """A copy of ``st``'s file at ``path`` (SQLite's backup API: a consistent copy, much faster than setting
    up and migrating a new station)."""
    source, target = sqlite3.connect(st.path), sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return Station(Database(path), st.ids, st.client_id, st.institution_id, path)


def new_request(st: Station, now: datetime = NOW, items: tuple[int, ...] = (ITEM,), actor: int | None = None,
                description: str = "咨询计量器具检定周期", **extra: Any) -> int:
    inp = RequestInput(st.client_id, "window", items, description, **extra)
    return intake.create_request(st.db, actor or st.admin, inp, now=now).ids[0]


def feedback_input(now: datetime = NOW) -> FeedbackInput:
    return FeedbackInput("phone", now - timedelta(hours=1), "已电话告知处理结果")


def evaluation_input(now: datetime = NOW, **changes: Any) -> EvaluationInput:
    values: dict[str, Any] = {"visit_method": "phone", "at": now - timedelta(hours=1), "evaluator_type": "client",
                              "demand_matching": 5, "service_level": 4, "attitude": 5, "complaint_handling": 3,
                              "evaluator": "覃春梅", "comment": "满意"}
    return EvaluationInput(**{**values, **changes})


def referral_input(st: Station, now: datetime = NOW, **changes: Any) -> ReferralInput:
    values: dict[str, Any] = {"institution_id": st.institution_id, "deadline": None,
                              "told_at": now - timedelta(minutes=5), "told_via": "phone", "note": "请尽快联系企业"}
    return ReferralInput(**{**values, **changes})


def perform(st: Station, action: str, actor: int, rid: int, now: datetime = NOW,
            attachments_dir: Path | None = None) -> object:
    """Take ``action`` on request ``rid`` with good input (what the views would send)."""
    db = st.db
    if action == "answer":
        return lifecycle.answer(db, actor, rid, "当场解答：检定周期为一年", now=now)
    if action == "register":
        return lifecycle.register(db, actor, rid, "请携带计量器具清单", assessment="需转办", now=now)
    if action == "await_instruction":
        return lifecycle.await_instruction(db, actor, rid, "是否属于本站服务范围？", now=now)
    if action == "instruction_received":
        return lifecycle.instruction_received(db, actor, rid, "属于，按常规转办", now=now)
    if action == "refer":
        return lifecycle.refer(db, actor, rid, referral_input(st, now), now=now)
    if action == "escalate":
        return lifecycle.escalate(db, actor, rid, "本站无法解决，上报市平台", now=now)
    if action == "start_service":
        return lifecycle.start_service(db, actor, rid, "机构已联系企业，开始服务", now=now)
    if action == "follow_up":
        return lifecycle.follow_up(db, actor, rid, "电话跟踪：进展顺利", now=now)
    if action == "complete":
        return lifecycle.complete(db, actor, rid, "已完成检定", now=now)
    if action == "give_feedback":
        return lifecycle.give_feedback(db, actor, rid, feedback_input(now), now=now)
    if action == "evaluate":
        return lifecycle.evaluate(db, actor, rid, evaluation_input(now), now=now)
    if action == "archive":
        return lifecycle.archive(db, actor, rid, now=now)
    if action == "withdraw":
        return lifecycle.withdraw(db, actor, rid, "企业撤回需求", now=now)
    if action == "note":
        return lifecycle.add_note(db, actor, rid, "备注：企业联系人已更换", now=now)
    if action == "edit":
        detail = request_detail.get_request(db, rid)
        inp = RequestInput(None, detail.channel, tuple(i.id for i in detail.items), detail.description + "（已更正）")
        return lifecycle.update_request(db, actor, rid, inp)
    if action == "attach":
        assert attachments_dir is not None
        source = attachments_dir.parent / "证明材料.txt"
        source.write_text("营业执照复印件", encoding="utf-8")
        return add_attachment(db, actor, rid, source, attachments_dir / "store")
    raise AssertionError(action)


def drive(st: Station, status: str, now: datetime = NOW, attachments_dir: Path | None = None, **extra: Any) -> int:
    """A new request taken to ``status`` by the admin through the real service calls."""
    rid = new_request(st, now, **extra)
    for action in PATHS[status]:
        perform(st, action, st.admin, rid, now, attachments_dir)
    return rid


def snapshot(db: Database, rid: int) -> dict[str, Any]:
    """Everything a refused call must leave alone: the request's row and the counts of its dependent rows."""
    with db.read() as s:
        row = s.execute(text("SELECT * FROM service_request WHERE id = :id"), {"id": rid}).mappings().one()
        counts = {table: s.execute(text(f"SELECT count(*) FROM {table} WHERE request_id = :id"), {"id": rid})
                  .scalar_one() for table in ("request_event", "referral", "evaluation", "request_attachment",
                                              "request_item", "request_category")}
        return {**row, **counts}


def events(db: Database, rid: int) -> list[dict[str, Any]]:
    with db.read() as s:
        return [dict(r) for r in s.execute(
            text("SELECT * FROM request_event WHERE request_id = :id ORDER BY id"), {"id": rid}).mappings()]


def clear_calendar(db: Database) -> None:
    """Empty the station's holiday calendar (a new station starts with the official schedule, migration 0007),
    for tests that enter days of their own and count on nothing else being there."""
    with db.begin() as s:
        s.execute(text("DELETE FROM calendar_day"))


def calendar_workbook(path: Path, rows: list[list[object]],
                      header: tuple[str, ...] = ("日期", "类型", "名称")) -> Path:
    """An .xlsx calendar as an admin would import it: a header row, then ``rows``."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def numbers_ahead_of_counters(conn: sqlite3.Connection) -> int:
    """How many requests carry a number beyond their day's counter (0 when the next request of every day gets a
    new number)."""
    return int(conn.execute(
        "SELECT count(*) FROM service_request r LEFT JOIN request_counter c "
        "ON c.day = substr(r.number, length(r.number) - 12, 8) "
        "WHERE c.last IS NULL OR c.last < CAST(substr(r.number, -4) AS INTEGER)").fetchone()[0])
