"""Demo complaints: two years of a station's complaints, in every state, with their timelines as
``complaints.lifecycle`` writes them, about the station's requests, staff and institutions.

Old complaints have ended (mostly closed, valid or not; some not accepted or withdrawn); those of the last weeks
are caught part-way, one in every state at least, some past their time limit. Rows go in through the DBAPI in
batches (one transaction each, the search index kept by its trigger); numbers continue each day's counter.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from desktop.models.complaints.intake import complaint_search_text
from desktop.models.complaints.tables import DEFAULT_DAYS, ENDED, Stage
from desktop.models.core import audit
from desktop.models.core.clock import station_zone
from desktop.models.core.db import Database
from desktop.models.core.errors import Refused
from desktop.models.requests.workdays import load_calendar

BATCH = 5000
PATHS: dict[str, tuple[str, ...]] = {  # the steps to each status, from "received"
    "received": (), "accepted": ("accepted",), "not_accepted": ("not_accepted",),
    "assessed": ("accepted", "assessed"), "investigated": ("accepted", "assessed", "investigated"),
    "forwarded": ("accepted", "assessed", "investigated", "forwarded"),
    "replied": ("accepted", "assessed", "investigated", "forwarded", "replied"),
    "decided": ("accepted", "assessed", "investigated", "decided"),
    "told": ("accepted", "assessed", "investigated", "decided", "told"),
    "satisfied": ("accepted", "assessed", "investigated", "decided", "told", "satisfied"),
    "dissatisfied": ("accepted", "assessed", "investigated", "decided", "told", "dissatisfied"),
    "referred_out": ("accepted", "assessed", "investigated", "decided", "told", "dissatisfied", "referred_out"),
    "closed": ("accepted", "assessed", "investigated", "forwarded", "replied", "decided", "told", "satisfied",
               "closed"),
    "withdrawn": ("accepted", "withdrawn"),
}
TOLD_ONES = ("told", "satisfied", "dissatisfied", "referred_out", "referred_closed")  # states past telling
ENDINGS = (("closed", 80), ("not_accepted", 9), ("withdrawn", 7), ("referred_closed", 4))
NEXT_STAGE = {"received": Stage.ACCEPT, "accepted": Stage.ASSESS, "assessed": Stage.INVESTIGATE,
              "investigated": Stage.DECIDE, "forwarded": Stage.REPLY, "replied": Stage.DECIDE, "decided": Stage.TELL,
              "told": Stage.REACT, "satisfied": Stage.CLOSE, "dissatisfied": Stage.REVIEW}
WHAT = ("窗口人员态度冷淡，同一份材料清单讲了三遍。", "检定证书迟迟未出，超过承诺时限两周。",
        "服务机构收费高于公示标准。", "上门服务人员未按约定时间到达，耽误企业生产。", "咨询电话长时间无人接听。",
        "告知的办理材料前后不一致，企业多跑了两趟。", "检验报告有错别字，需重新出具。",
        "专家给出的整改意见与标准要求不符。", "网上提交的需求一周无人联系。", "窗口排队时间过长。")
WANTS = ("希望改进服务态度。", "希望尽快出具证书。", "要求退还多收的费用。", "希望书面道歉。", "希望加快办理。", "")
FINDINGS = ("调取窗口录像并询问当班人员，情况基本属实。", "核对办理记录，确有超时。",
            "与服务机构核实收费明细，部分属实。", "询问当事人及企业联系人，双方说法不一，证据不足。")
DECISIONS = ("对当事人批评教育，限期整改。", "责成机构退还多收费用，并书面说明。", "经核实不属实，向投诉人解释说明。",
             "优化告知流程，统一材料清单。")
REPLIES = ("机构已核实并说明原因，同意整改。", "机构答复：因设备故障延误，已安排加急。")
NAMES = ("韦秀英", "覃建华", "蓝海燕", "莫志强", "黄丽萍", "梁永福", "廖春梅", "潘国庆")


def _utc(t: datetime) -> str:
    return t.astimezone(UTC).isoformat(timespec="microseconds")


class _Maker:
    def __init__(self, db: Database, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.today = now.astimezone(station_zone()).date()
        with db.read() as s:
            code = s.execute(text("SELECT code FROM station WHERE id = 1")).scalar()
            if code is None:
                raise Refused("The station has not been set up.")
            self.code = str(code)
            self.staff = [(r[0], r[1]) for r in s.execute(text("SELECT id, role FROM staff WHERE active ORDER BY id"))]
            self.clients = [(r[0], r[1]) for r in s.execute(text("SELECT id, name FROM client ORDER BY random() "
                                                                "LIMIT 2000"))]
            self.requests = [r[0] for r in s.execute(text("SELECT id FROM service_request ORDER BY random() "
                                                          "LIMIT 2000"))]
            self.institutions = [r[0] for r in s.execute(text("SELECT id FROM institution WHERE active"))]
            self.categories = [r[0] for r in s.execute(text("SELECT id FROM catalogue_category"))]
            self.days = {Stage(k): int(v) for k, v in s.execute(text("SELECT stage, days FROM complaint_time_limit"))}
            counters = s.execute(text("SELECT day, last FROM complaint_counter"))
            self.counters: dict[str, int] = {d: int(n) for d, n in counters}
            self.next_id = int(s.execute(text("SELECT coalesce(max(id), 0) + 1 FROM complaint")).scalar_one())
            self.calendar = load_calendar(s)
        if not self.staff:
            raise Refused("The station has not been set up.")
        self.desk = [i for i, role in self.staff if role in ("clerk", "admin")] or [self.staff[0][0]]
        self.admins = [i for i, role in self.staff if role == "admin"] or self.desk
        self.subjects = [i for i, role in self.staff if role != "admin"]

    def _office(self, at: datetime) -> datetime:
        """``at``, or the next morning at the station when it falls outside 09:00–17:00 there."""
        local = at.astimezone(station_zone())
        if 9 <= local.hour < 17:
            return at
        morning = local.replace(hour=9, minute=self.rng.randrange(0, 60))
        return morning + timedelta(days=1) if local.hour >= 17 else morning

    def due(self, stage: Stage, at: datetime) -> str:
        start = at.astimezone(station_zone()).date()
        return self.calendar.add_working_days(start, self.days.get(stage, DEFAULT_DAYS[stage])).isoformat()

    def complaint(self, received: datetime, status: str) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
        rng, cid = self.rng, self.next_id
        self.next_id += 1
        day = received.astimezone(station_zone()).strftime("%Y%m%d")
        self.counters[day] = self.counters.get(day, 0) + 1
        number = f"{self.code}-TS-{day}-{self.counters[day]:04d}"
        roll = rng.random()
        kind = "client" if roll < 0.5 and self.clients else "person" if roll < 0.85 else "anonymous"
        if kind == "anonymous" and status in TOLD_ONES:  # nobody to tell: a named person complains instead
            kind = "person"
        client = rng.choice(self.clients) if kind == "client" else None
        name = rng.choice(NAMES) if kind == "person" else ""
        phone = f"139{rng.randrange(10**7, 10**8)}" if kind == "person" else None
        # about a clerk or a field officer (a complaint about the admin would be hidden from the admin of a demo
        # station that has no other)
        about_staff = rng.choice(self.subjects) if self.subjects and rng.random() < 0.35 else None
        about_institution = rng.choice(self.institutions) if self.institutions and rng.random() < 0.3 else None
        about_request = rng.choice(self.requests) if self.requests and rng.random() < 0.4 else None
        what, wants = rng.choice(WHAT), rng.choice(WANTS)
        receiver = rng.choice([i for i in self.desk if i != about_staff] or self.admins)
        row: dict[str, Any] = {
            "id": cid, "uuid": _uuid(rng), "version": 1, "number": number,
            "channel": rng.choice(("phone", "phone", "window", "letter", "email", "website", "city_platform")),
            "received_at": _utc(received), "received_by": receiver, "complainant_kind": kind,
            "client_id": client[0] if client else None, "complainant_name": name, "complainant_phone": phone,
            "about_request_id": about_request, "about_staff_id": about_staff,
            "about_institution_id": about_institution,
            "about_station": not (about_request or about_staff or about_institution) or rng.random() < 0.1,
            "category_id": rng.choice(self.categories) if self.categories else None, "what_happened": what,
            "wants": wants, "status": "received", "due_on": self.due(Stage.ACCEPT, received), "severity": None,
            "urgency": None, "likelihood": None, "assigned_to": None, "investigation": "", "institution_id": None,
            "reply_due": None, "reply": "", "decision": "", "told_via": None, "told_at": None, "told_text": "",
            "satisfied": None, "reaction": "", "reviewed": False, "external_route": None, "outcome": "",
            "valid": None, "close_reason": "", "rectified": None, "rectification": "", "not_accepted_reason": "",
            "withdraw_reason": "", "closed_at": None, "city_status": "",
            "search_text": complaint_search_text(number, f"{client[1] if client else ''} {name}".strip(), phone,
                                                 what, wants),
            "updated_at": _utc(received)}
        events = [(_uuid(rng), cid, _utc(received), receiver, "received", None, "received", what,
                   json.dumps({"channel": row["channel"], "complainant_kind": kind}, ensure_ascii=False))]
        at = received
        steps = PATHS["closed" if status == "referred_closed" else status]
        if status == "referred_closed":
            steps = PATHS["referred_out"] + ("outcome", "closed")
        if kind == "anonymous" and status == "closed":  # never told: closed once decided
            steps = tuple(step for step in steps if step not in ("told", "satisfied"))
        for step in steps:
            at = min(self._office(at + timedelta(hours=rng.uniform(2, 60))), self.now - timedelta(minutes=5))
            events.append(self._apply(row, step, at, kind == "anonymous", about_staff))
        row["updated_at"] = _utc(at)
        return row, events

    def _apply(self, row: dict[str, Any], step: str, at: datetime, anonymous: bool,
               subject: int | None) -> tuple[Any, ...]:
        rng = self.rng
        actor = rng.choice(self.admins if step in ("assessed", "decided", "closed", "referred_out") else self.desk)
        text_, data, before = "", {}, row["status"]
        target: str | None = step
        if step == "accepted":
            row["told_via"] = None if anonymous else "phone"
            data = {"told_via": row["told_via"]}
        elif step == "not_accepted":
            row["not_accepted_reason"] = text_ = "不属于本站受理范围，已告知向有关部门反映。"
            row["told_via"], row["told_at"] = (None, None) if anonymous else ("phone", _utc(at))
        elif step == "assessed":
            row["severity"] = rng.choice(("minor", "minor", "serious", "grave"))
            row["urgency"] = rng.choice(("normal", "normal", "urgent"))
            row["likelihood"] = rng.choice(("likely", "unlikely", "unclear"))
            row["assigned_to"] = rng.choice([i for i, _r in self.staff if i != subject] or [None])
            data = {k: row[k] for k in ("severity", "urgency", "likelihood", "assigned_to")}
        elif step == "investigated":
            row["investigation"] = text_ = rng.choice(FINDINGS)
        elif step == "forwarded" and self.institutions:
            row["institution_id"] = rng.choice(self.institutions)
            row["reply_due"] = self.due(Stage.REPLY, at)
            data = {"institution_id": row["institution_id"], "deadline": row["reply_due"]}
        elif step == "replied":
            row["reply"] = text_ = rng.choice(REPLIES)
        elif step == "decided":
            row["decision"] = text_ = rng.choice(DECISIONS)
        elif step == "told":
            row["told_via"], row["told_at"], row["told_text"] = "phone", _utc(at), row["decision"]
            text_ = row["decision"]
        elif step in ("satisfied", "dissatisfied"):
            row["satisfied"] = step == "satisfied"
            row["reaction"] = text_ = "满意" if row["satisfied"] else "对处理结果不满意"
            data = {"satisfied": row["satisfied"]}
        elif step == "referred_out":
            row["external_route"] = rng.choice(("mediation", "city_platform"))
            text_ = "转外部争议解决"
            data = {"route": row["external_route"]}
        elif step == "outcome":
            row["outcome"] = text_ = "调解达成一致。"
            target = None
        elif step == "withdrawn":
            row["withdraw_reason"] = text_ = "投诉人表示问题已解决，申请撤回。"
        elif step == "closed":
            row["valid"] = rng.random() < 0.55
            row["close_reason"] = text_ = "经核实属实。" if row["valid"] else "经核实不属实。"
            row["rectified"] = rng.random() < 0.8 if row["valid"] else None
            row["rectification"] = "已整改。" if row["rectified"] else ""
            data = {"valid": row["valid"], "rectified": row["rectified"]}
        if target is not None:
            row["status"] = target
        row["version"] += 1
        stage = NEXT_STAGE.get(row["status"])
        row["due_on"] = None if row["status"] in ENDED or row["status"] == "referred_out" else (
            row["reply_due"] if row["status"] == "forwarded" else self.due(stage, at) if stage else None)
        if row["status"] == "decided" and anonymous:
            row["due_on"] = self.due(Stage.CLOSE, at)
        if row["status"] in ENDED:
            row["closed_at"] = _utc(at)
        kind = {"satisfied": "reaction", "dissatisfied": "reaction", "outcome": "outcome"}.get(step, step)
        return (_uuid(rng), row["id"], _utc(at), actor, kind, before, target, text_,
                json.dumps(data, ensure_ascii=False, sort_keys=True))


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _plan(rng: random.Random, count: int, now: datetime) -> list[tuple[datetime, str]]:
    """When each complaint came in and where it stands now: one in every open state and one of every ending first,
    then every tenth of the last few weeks and part-way, the others of the last two years and ended."""
    recent = [s for s in PATHS if s not in ENDED]
    endings = [e for e, _w in ENDINGS]
    plan = []
    for n in range(count):
        if n < len(recent) or (n >= len(recent) + len(endings) and n % 10 == 0):
            status = recent[n] if n < len(recent) else rng.choice(recent)
            received = now - timedelta(days=rng.uniform(0.5, 25))
        else:  # every ending once, then as often as they come
            first = n - len(recent)
            status = endings[first] if first < len(endings) else rng.choices(endings, [w for _e, w in ENDINGS])[0]
            received = now - timedelta(days=rng.uniform(30, 730))
        office = received.replace(hour=rng.randrange(1, 9))  # 09:00–17:00 at the station (UTC+8)
        plan.append((min(office, now - timedelta(hours=1)), status))
    plan.sort()
    return plan


COLUMNS = ("id", "uuid", "version", "number", "channel", "received_at", "received_by", "complainant_kind",
           "client_id", "complainant_name", "complainant_phone", "about_request_id", "about_staff_id",
           "about_institution_id", "about_station", "category_id", "what_happened", "wants", "status", "due_on",
           "severity", "urgency", "likelihood", "assigned_to", "investigation", "institution_id", "reply_due", "reply",
           "decision", "told_via", "told_at", "told_text", "satisfied", "reaction", "reviewed", "external_route",
           "outcome", "valid", "close_reason", "rectified", "rectification", "not_accepted_reason",
           "withdraw_reason", "closed_at", "city_status", "search_text", "updated_at")
EVENT_COLUMNS = ("uuid", "complaint_id", "at", "actor_id", "kind", "from_status", "to_status", "text", "data")


def generate_complaints(db: Database, count: int, actor_id: int | None = None, seed: int = 2027,
                        now: datetime | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Add ``count`` complaints; returns how many were added."""
    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    maker = _Maker(db, rng, now)
    plan = _plan(rng, count, now)
    insert = f"INSERT INTO complaint ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    insert_event = (f"INSERT INTO complaint_event ({', '.join(EVENT_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})")
    added = 0
    raw = db.engine.raw_connection()
    try:
        cur: Any = raw.cursor()
        for start in range(0, count, BATCH):
            made = [maker.complaint(t, s) for t, s in plan[start:start + BATCH]]
            cur.execute("BEGIN IMMEDIATE")
            try:
                cur.executemany(insert, [tuple(row[c] for c in COLUMNS) for row, _e in made])
                cur.executemany(insert_event, [e for _r, events in made for e in events])
                cur.executemany("INSERT INTO complaint_counter (day, last) VALUES (?, ?) ON CONFLICT(day) "
                                "DO UPDATE SET last = max(last, excluded.last)", sorted(maker.counters.items()))
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            added += len(made)
            if progress:
                progress(added, count)
    finally:
        raw.close()
    with db.begin(actor_id) as s:
        audit.record_event(s, "complaint", {"demo_data": added})
    return added


def demo_data(db: Database, data_dir: Path, count: int, actor_id: int | None,
              progress: Callable[[int, int], None]) -> int:
    """``quality-station demo-data --complaints`` (``desktop.models.complaints.area``)."""
    del data_dir
    return generate_complaints(db, count, actor_id, progress=progress)
