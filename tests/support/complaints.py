"""Shared set-up of the complaint tests: a new complaint of each kind of complainant, ``perform`` which takes a
step with good input (what the views send) and ``drive`` which takes a new complaint to any status through the
real service calls. Times are pinned at noon at the station (``tests.support.requests.NOW``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from desktop.models.complaints import intake, lifecycle
from desktop.models.complaints.intake import ComplaintInput
from desktop.models.complaints.lifecycle import Assessment, Closure
from tests.support.requests import NOW, Station

# the path a complaint takes to each status, from "received" (a named person complains)
PATHS: dict[str, tuple[str, ...]] = {
    "received": (),
    "accepted": ("accept",),
    "not_accepted": ("not_accept",),
    "assessed": ("accept", "assess"),
    "investigated": ("accept", "assess", "investigate"),
    "forwarded": ("accept", "assess", "investigate", "forward"),
    "replied": ("accept", "assess", "investigate", "forward", "record_reply"),
    "decided": ("accept", "assess", "investigate", "decide"),
    "told": ("accept", "assess", "investigate", "decide", "tell"),
    "satisfied": ("accept", "assess", "investigate", "decide", "tell", "record_reaction"),
    "dissatisfied": ("accept", "assess", "investigate", "decide", "tell", "record_reaction:no"),
    "referred_out": ("accept", "assess", "investigate", "decide", "tell", "record_reaction:no", "refer_out"),
    "closed": ("accept", "assess", "investigate", "decide", "tell", "record_reaction", "close"),
    "withdrawn": ("withdraw",),
}


def complaint_input(st: Station, kind: str = "person", **changes: Any) -> ComplaintInput:
    values: dict[str, Any] = {"channel": "phone", "complainant_kind": kind,
                              "what_happened": "窗口人员态度冷淡，材料清单讲了三次", "wants": "希望改进服务态度",
                              "about_station": True}
    if kind == "person":
        values |= {"complainant_name": "韦秀英", "complainant_phone": "13907721234"}
    if kind == "client":
        values |= {"client_id": st.client_id, "complainant_name": "覃春梅"}
    return ComplaintInput(**{**values, **changes})


def new_complaint(st: Station, kind: str = "person", now: datetime = NOW, actor: int | None = None,
                  **changes: Any) -> int:
    return intake.create_complaint(st.db, actor or st.ids["clerk"], complaint_input(st, kind, **changes),
                                   now=now).ids[0]


def perform(st: Station, step: str, actor: int, cid: int, now: datetime = NOW) -> object:
    """Take ``step`` (``record_reaction:no`` for a dissatisfied complainant) on complaint ``cid`` with good input."""
    db, told_at = st.db, now - timedelta(minutes=10)
    calls: dict[str, Any] = {
        "accept": lambda: lifecycle.accept(db, actor, cid, "phone", "已电话告知受理", now=now),
        "not_accept": lambda: lifecycle.not_accept(db, actor, cid, "不属于本站受理范围", "phone", told_at, now=now),
        "assess": lambda: lifecycle.assess(db, actor, cid, Assessment("serious", "normal", "likely",
                                                                      st.ids.get("field_officer")), now=now),
        "investigate": lambda: lifecycle.investigate(db, actor, cid, "调取窗口录像，询问当班人员", now=now),
        "forward": lambda: lifecycle.forward(db, actor, cid, st.institution_id, None, "请核实检定时限", now=now),
        "record_reply": lambda: lifecycle.record_reply(db, actor, cid, "机构已说明原因", now=now),
        "decide": lambda: lifecycle.decide(db, actor, cid, "投诉属实，责令整改", now=now),
        "tell": lambda: lifecycle.tell(db, actor, cid, "phone", told_at, "已告知处理意见", now=now),
        "record_reaction": lambda: lifecycle.record_reaction(db, actor, cid, True, "满意", now=now),
        "record_reaction:no": lambda: lifecycle.record_reaction(db, actor, cid, False, "不满意", now=now),
        "review": lambda: lifecycle.review(db, actor, cid, "投诉人提出新情况", now=now),
        "refer_out": lambda: lifecycle.refer_out(db, actor, cid, "mediation", "转市消委会调解", now=now),
        "record_outcome": lambda: lifecycle.record_outcome(db, actor, cid, "调解成功", now=now),
        "close": lambda: lifecycle.close(db, actor, cid, Closure(True, "态度问题属实", True, "已培训"), now=now),
        "withdraw": lambda: lifecycle.withdraw(db, actor, cid, "投诉人撤回", now=now),
        "edit": lambda: lifecycle.edit(db, actor, cid, complaint_input(st, wants="希望书面道歉"), now=now),
        "note": lambda: lifecycle.add_note(db, actor, cid, "投诉人来电询问进度", now=now),
    }
    return calls[step]()


def actor_for(st: Station, step: str) -> int:
    """Someone allowed to take ``step`` (the admin judges; the clerk does the window's work)."""
    admin_steps = {"assess", "decide", "review", "refer_out", "close"}
    return st.admin if step.split(":")[0] in admin_steps else st.ids["clerk"]


def drive(st: Station, status: str, kind: str = "person", now: datetime = NOW, actor: int | None = None,
          **changes: Any) -> int:
    """A new complaint taken to ``status`` through the real steps (by ``actor`` when given, else by the clerk and
    the admin as their roles have it)."""
    cid = new_complaint(st, kind, now=now, actor=actor, **changes)
    for step in PATHS[status]:
        perform(st, step, actor or actor_for(st, step), cid, now)
    return cid
