"""The rows of the demo requests (``demo_requests.py``): each request played step by step as ``lifecycle.py``
would write it (statuses, due dates, referrals, evaluations, the event's text and data), as plain tuples
that go to SQLite one JSON array per table and batch.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import text

from desktop.demo import demo_clients
from desktop.demo import demo_request_texts as T
from desktop.demo.demo_request_steps import (
    DESK_STEPS,
    EVENT_KIND,
    STEP_STATUS,
    Clock,
    Uuids,
    dumps,
    gap,
    iso,
    plan,
    scores,
)
from desktop.models.core.chars import document
from desktop.models.core.clock import station_zone
from desktop.models.core.db import Database
from desktop.models.core.errors import Refused
from desktop.models.requests.intake import request_search_text
from desktop.models.requests.tables import CHANNELS, FEEDBACK_CHANNELS, SCORES, STATUSES, TOLD_VIA
from desktop.models.requests.workdays import DEFAULT_LIMITS, LIMIT_FIELDS, Calendar, Limits, load_calendar

ITEM_COUNTS = (1,) * 70 + (2,) * 22 + (3,) * 8
CATEGORY_WEIGHT = {"5.1": 14, "5.2": 10, "5.3": 8, "5.4": 16, "5.5": 5, "5.6": 9, "5.7": 8, "5.8": 8,
                   "5.9": 6, "5.10": 10, "5.11": 4, "5.12": 2}
COLUMNS = {  # in the order they are inserted (children after their request)
    "service_request": (
        "id", "uuid", "version", "number", "client_id", "channel", "description", "assessment", "contact_name",
        "contact_phone", "status", "district", "received_at", "received_by", "handler_id", "responded_at", "notice",
        "institution_id", "result", "completed_at", "closed_at", "city_status", "response_due", "handover_due",
        "feedback_due", "completion_due", "due_on", "search_text", "updated_at"),
    "request_item": ("request_id", "item_id"),
    "request_category": ("request_id", "category_id"),
    "request_event": ("uuid", "request_id", "at", "actor_id", "kind", "from_status", "to_status", "text", "data"),
    "referral": ("uuid", "request_id", "institution_id", "referred_at", "referred_by", "deadline", "told_at",
                 "told_via", "note", "responded_at"),
    "evaluation": ("uuid", "request_id", "at", "recorded_by", "visit_method", "evaluator_type", "evaluator",
                   "demand_matching", "service_level", "attitude", "complaint_handling", "comment"),
}
# A batch goes in as one JSON array per table: SQLite unpacks it (json_each keeps the array's order) in
# one statement that runs without Python's GIL, while the next batch is being made.
INSERTS = {table: f"INSERT INTO {table} ({', '.join(cols)}) SELECT "
                  + ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(cols))) + " FROM json_each(?)"
           for table, cols in COLUMNS.items()}
# the character index's documents (migration 0012), made with the rows: [[id, document], ...]
CHARS_INSERT = ("INSERT INTO request_chars (rowid, doc) "
                "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)")
SEARCH_TEXT = COLUMNS["service_request"].index("search_text")
SLOT_WORDS = {"d": T.INSTRUMENTS, "e": T.EQUIPMENT, "c": T.CERTIFICATIONS, "a": T.AWARDS, "x": T.REGISTRATIONS,
              "t": T.COURSES}
Row = tuple[Any, ...]
ClientRow = tuple[int, str, str, str, str, str | None]  # id, name, district, industry, contact, phone


@dataclass
class World:
    """What the requests are made of, read once from the station."""

    code: str
    staff: list[int]
    desk: list[int]
    clients: list[ClientRow]
    items: dict[int, list[int]]  # category id -> active item ids
    clauses: dict[int, str]
    limits: dict[int, Limits]
    calendar: Calendar
    institutions: dict[int, str]  # active ones
    serving: dict[int, list[int]]  # category id -> institutions serving it
    counters: dict[str, int]
    next_id: int

    @property
    def weak(self) -> int | None:
        """The institution whose feedback comes late and whose services are rated lower (the statistics have
        something to find): the first active one."""
        return min(self.institutions, default=None)

    @staticmethod
    def load(db: Database) -> World:
        with db.read() as s:
            code = s.execute(text("SELECT code FROM station WHERE id = 1")).scalar()
            if code is None:
                raise Refused("The station has not been set up.")
            staff = s.execute(text("SELECT id, role FROM staff WHERE active ORDER BY id")).all()
            if not staff:
                raise Refused("The station has not been set up.")
            clients: list[ClientRow] = [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in s.execute(text(
                "SELECT c.id, c.name, c.district, c.industry, coalesce(cc.name, ''), cc.phone FROM client c "
                "LEFT JOIN client_contact cc ON cc.client_id = c.id AND cc.position = 0 ORDER BY c.id"))]
            items: dict[int, list[int]] = {}
            for item_id, category_id in s.execute(text(
                    "SELECT id, category_id FROM catalogue_item WHERE retired_at IS NULL ORDER BY id")):
                items.setdefault(category_id, []).append(item_id)
            clauses: dict[int, str] = dict(s.execute(text("SELECT id, clause FROM catalogue_category")).all())
            limits = {r[0]: Limits(*r[1:]) for r in s.execute(text(
                f"SELECT category_id, {', '.join(LIMIT_FIELDS)} FROM time_limit"))}
            institutions: dict[int, str] = dict(s.execute(text(
                "SELECT id, name FROM institution WHERE active ORDER BY id")).all())
            serving: dict[int, list[int]] = {}
            for inst, cat in s.execute(text("SELECT institution_id, category_id FROM institution_category "
                                            "ORDER BY institution_id, category_id")):
                if inst in institutions:
                    serving.setdefault(cat, []).append(inst)
            counters: dict[str, int] = dict(s.execute(text("SELECT day, last FROM request_counter")).all())
            next_id = s.execute(text("SELECT coalesce(max(id), 0) + 1 FROM service_request")).scalar_one()
            desk = [r[0] for r in staff if r[1] in ("clerk", "admin")] or [r[0] for r in staff]
            return World(code, [r[0] for r in staff], desk,
                         clients, items, clauses, limits, load_calendar(s), institutions, serving, counters,
                         next_id)


@dataclass
class Rows:
    """One batch of rows, table by table."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in INSERTS})
    json: dict[str, str] = field(default_factory=dict)
    chars: str = "[]"  # the character index's documents, as CHARS_INSERT takes them

    @property
    def count(self) -> int:
        return len(self.tables["service_request"])

    def pack(self) -> Rows:
        self.json = {t: json.dumps(rows, ensure_ascii=False) for t, rows in self.tables.items()}
        self.chars = json.dumps([(r[0], document(r[SEARCH_TEXT])) for r in self.tables["service_request"]])
        return self

    def insert(self, cur: Any) -> None:
        """``cur``: a DBAPI (sqlite3) cursor."""
        for table, sql in INSERTS.items():
            cur.execute(sql, (self.json[table],))

    def index_chars(self, cur: Any) -> None:
        """Add the batch's rows to the character index (its insert trigger set aside)."""
        cur.execute(CHARS_INSERT, (self.chars,))


class RowMaker:
    """Builds each request's rows, in receipt order, from its planned steps."""

    def __init__(self, world: World, rng: random.Random, clock: Clock, now: datetime) -> None:
        self.w = world
        self.rng = rng
        self.clock = clock
        self.now = now
        self.today = now.astimezone(station_zone()).date()
        self.next_id = world.next_id
        self.counters = dict(world.counters)
        self.desk = set(world.desk)
        cats = [c for c in world.items]
        self.categories = cats
        self.weights = [CATEGORY_WEIGHT.get(world.clauses.get(c, ""), 3) for c in cats]
        self._limits: dict[frozenset[int], Limits] = {}
        self.uuid = Uuids(rng, now)

    def batch(self, times: Sequence[float], codes: Sequence[int]) -> Rows:
        rows = Rows()
        for ts, code in zip(times, codes, strict=True):
            self.request(rows.tables, ts, code)
        return rows.pack()

    # ---- the parts of a request ----

    def number(self, day: date) -> str:
        """The day's next number; on a full day, a later day's (entered later, as ``create_request`` does)."""
        while True:
            key = f"{day.year:04d}{day.month:02d}{day.day:02d}"
            seq = self.counters.get(key, 0) + 1
            if seq <= 9999:
                self.counters[key] = seq
                return f"{self.w.code}-{key}-{seq:04d}"
            day += timedelta(days=1)
            if day > self.today:
                raise Refused("This station has used all 9,999 request numbers of the day.")

    def client(self) -> ClientRow:
        clients = self.w.clients  # some clients come back again and again
        return clients[int(len(clients) * self.rng.random() ** 1.6)]

    def items(self) -> tuple[list[int], list[int]]:
        rng = self.rng
        cats = [rng.choices(self.categories, self.weights)[0]]
        items = [rng.choice(self.w.items[cats[0]])]
        for _ in range(rng.choice(ITEM_COUNTS) - 1):
            cat = cats[0] if rng.random() < 0.4 else rng.choices(self.categories, self.weights)[0]
            item = rng.choice(self.w.items[cat])
            if item not in items:
                items.append(item)
                if cat not in cats:
                    cats.append(cat)
        return sorted(items), cats

    def limits(self, cats: list[int]) -> Limits:
        key = frozenset(cats)
        found = self._limits.get(key)
        if found is None:
            found = self._limits[key] = Limits.strictest(
                self.w.limits.get(c, DEFAULT_LIMITS) for c in cats)
        return found

    def description(self, cats: list[int], industry: str) -> str:
        rng = self.rng
        parts = [rng.choice(T.OPENINGS)]
        for i, cat in enumerate(cats[:2]):
            if i and rng.random() < 0.4:
                break
            parts.append((T.ALSO if i else "") + rng.choice(T.DESCRIPTIONS.get(self.w.clauses.get(cat, ""),
                                                                                 T.GENERIC_DESCRIPTIONS)))
        parts.append(rng.choice(T.CLOSINGS))
        return "".join(parts).format_map(Slots(rng, industry))

    def times(self, t0: datetime, steps: list[str], current: bool) -> list[datetime]:
        """When each step happens: in office hours, and never after ``now``. A background request stops
        where now finds it; a current one is squeezed in, to reach its state with time to spare."""
        gaps = [gap(self.rng, s) for s in steps]
        out, t = [], t0
        for g in gaps:
            t = self.clock.forward(t + timedelta(hours=g))
            if t > self.now:
                break
            out.append(t)
        if current and len(out) < len(steps):
            room = (self.now - t0).total_seconds() / 3600 * self.rng.uniform(0.4, 0.95)
            scale, out, t = min(1.0, room / sum(gaps)), [], t0
            for g in gaps:
                t += timedelta(hours=g * scale)
                out.append(t)
        return out

    def institution(self, cats: list[int], current: int | None) -> int | None:
        able = {i for c in cats for i in self.w.serving.get(c, ()) if i != current}
        pool = sorted(able) or [i for i in self.w.institutions if i != current]
        if self.w.weak in pool and self.rng.random() < 0.3:  # a busy one, so that its delays show
            return self.w.weak
        return self.rng.choice(pool) if pool else current

    # ---- one request ----

    def request(self, out: dict[str, list[Row]], ts: float, code: int) -> None:
        rng, uuid = self.rng, self.uuid
        target, channel = STATUSES[code & 0xF], CHANNELS[(code >> 4) & 0x7]
        t0 = datetime.fromtimestamp(ts, station_zone())
        rid = self.next_id
        self.next_id += 1
        cid, client_name, district, industry, contact, phone = self.client()
        if rng.random() < 0.12:  # someone other than the registered contact, or nobody named
            contact, phone = ((demo_clients.person_name(rng), demo_clients.phone(rng)) if rng.random() < 0.5
                              else ("", None))
        items, cats = self.items()
        desc = self.description(cats, industry)
        number = self.number(t0.date())
        steps = plan(rng, target, bool(code & 0x100))
        times = self.times(t0, steps, bool(code & 0x180))  # a long one too: its whole timeline is wanted
        handler = rng.choice(self.w.staff)
        req = Request(rid, cats, self.limits(cats), handler, handler if handler in self.desk else rng.choice(
            self.w.desk), contact or client_name)
        req.response_due = req.due_on = self.clock.add_working_days(t0.date(), req.limits.response_days)
        req.completion_due = self.clock.add_working_days(t0.date(), req.limits.completion_days)
        req.assessment = rng.choice(T.ASSESSMENTS) if rng.random() < 0.3 else ""
        received = last = iso(t0)
        events: list[Row] = [(uuid(), rid, received, handler, "received", None, "received", desc,
                              f'{{"channel": "{channel}", "items": [{", ".join(map(str, items))}]}}')]
        prev, delay = t0, timedelta(0)
        for step, t in zip(steps, times, strict=False):
            if delay:  # after a referral to the weak institution, everything waits for it
                t = max(prev, self.clock.forward(t + delay))
                if t > self.now:
                    break
            doer = req.desk if step in DESK_STEPS else handler if rng.random() < 0.7 else rng.choice(self.w.staff)
            last = iso(t)
            actor, text_, data = self.step(out, req, step, t, last, prev, doer)
            to = STEP_STATUS[step]
            events.append((uuid(), rid, last, actor, EVENT_KIND[step], req.status, to, text_,
                           dumps(data) if data else "{}"))
            req.status = to or req.status
            prev = t
            if step == "refer" and req.institution_id == self.w.weak and not code & 0x180:  # not current, not long
                delay += timedelta(days=rng.uniform(6, 15))
        out["service_request"].append((
            rid, uuid(), len(events), number, cid, channel, desc, req.assessment, contact, phone, req.status,
            district, received, handler, handler, req.responded_at, req.notice, req.institution_id, req.result,
            req.completed_at, req.closed_at, req.city_status, _day(req.response_due), _day(req.handover_due),
            _day(req.feedback_due), _day(req.completion_due), _day(req.due_on),
            request_search_text(number, client_name, desc, contact, phone), last))
        out["request_item"] += [(rid, i) for i in items]
        out["request_category"] += [(rid, c) for c in cats]
        out["request_event"] += events
        out["referral"] += [tuple(r) for r in req.referrals]

    def step(self, out: dict[str, list[Row]], req: Request, step: str, t: datetime, when: str, prev: datetime,
             actor: int | None) -> tuple[int | None, str, dict[str, Any] | None]:
        """What ``step`` changes, as the lifecycle service would: the actor, the event's text and data."""
        rng, clock, uuid = self.rng, self.clock, self.uuid
        inst_name = self.w.institutions.get(req.institution_id or 0, "服务机构")
        text_, data = "", None
        if step == "answer":
            text_ = req.result = rng.choice(T.ANSWERS)
            req.responded_at = req.completed_at = when
            req.due_on = None
        elif step == "register":
            text_ = req.notice = rng.choice(T.NOTICES).format(what=rng.choice(T.NOTICE_WHAT))
            req.responded_at = when
            if not req.assessment and rng.random() < 0.3:
                req.assessment = rng.choice(T.ASSESSMENTS)
            req.handover_due = req.due_on = clock.add_working_days(t.date(), req.limits.handover_days)
        elif step == "await_instruction":
            text_ = rng.choice(T.QUESTIONS)
            req.due_on = None
        elif step == "instruction_received":
            text_ = rng.choice(T.INSTRUCTIONS)
            req.handover_due = req.due_on = clock.add_working_days(t.date(), req.limits.handover_days)
        elif step == "refer":
            inst = self.institution(req.categories, req.institution_id)
            assert inst is not None, "there are always institutions: generate_requests makes them"
            deadline = clock.add_working_days(t.date(), req.limits.feedback_days)
            told = max(prev, t - timedelta(minutes=rng.uniform(0, 90)))
            via = rng.choice(TOLD_VIA)
            text_ = rng.choice(T.REFERRAL_NOTES)
            req.referrals.append([uuid(), req.id, inst, when, actor, deadline.isoformat(), iso(told), via,
                                  text_, None])
            req.institution_id = inst
            req.feedback_due = req.due_on = deadline
            data = {"institution_id": inst, "institution": self.w.institutions[inst],
                    "deadline": deadline.isoformat(), "told_at": told.astimezone(UTC).isoformat(), "told_via": via}
        elif step == "escalate":
            text_ = rng.choice(T.ESCALATIONS)
            req.due_on, req.city_status = None, "pending"
        elif step.startswith("city_"):  # the city platform decides (sync writes it: no station actor)
            actor, decision = None, step.removeprefix("city_")
            text_ = rng.choice(T.CITY_TEXTS[decision])
            req.city_status, data = decision, {"decision": decision}
            if decision == "answered":
                req.result, req.completed_at = text_, when
            elif decision == "returned":
                req.handover_due = req.due_on = clock.add_working_days(t.date(), req.limits.handover_days)
        elif step == "start_service":
            text_ = rng.choice(T.FEEDBACKS).format(inst=inst_name, days=rng.randint(1, 5))
            if req.referrals and req.referrals[-1][9] is None:  # the institution's response, set once
                req.referrals[-1][9] = when
            req.due_on = req.completion_due
        elif step == "follow_up":
            text_ = rng.choice(T.FOLLOW_UPS).format(inst=inst_name)
        elif step == "complete":
            text_ = req.result = rng.choice(T.RESULTS).format(inst=inst_name)
            req.completed_at, req.due_on = when, None
        elif step == "give_feedback":
            told = max(prev, t - timedelta(minutes=rng.uniform(0, 120)))
            text_ = rng.choice(T.FEEDBACK_CONTENTS).format(contact=req.contact)
            data = {"channel": rng.choice(FEEDBACK_CHANNELS), "at": told.astimezone(UTC).isoformat()}
        elif step == "evaluate":
            assert actor is not None
            text_, data = self.evaluation(out, req, t, prev, actor)
        elif step in ("archive", "withdraw"):
            text_ = rng.choice(T.WITHDRAW_REASONS) if step == "withdraw" else ""
            req.closed_at, req.due_on = when, None
        elif step == "note":
            text_ = rng.choice(T.NOTES)
        return actor, text_, data

    def evaluation(self, out: dict[str, list[Row]], req: Request, t: datetime, prev: datetime,
                   actor: int) -> tuple[str, dict[str, Any]]:
        """The return visit with its satisfaction scores (§7.4.2, §8.1), mostly 4s and 5s."""
        rng, uuid = self.rng, self.uuid
        visit = max(prev, t - timedelta(minutes=rng.uniform(0, 150)))
        method = "phone" if rng.random() < 0.7 else "field"
        kind = rng.choices(("client", "self", "third_party"), (85, 10, 5))[0]
        evaluator = req.contact[:100] if kind == "client" else ""
        comment = rng.choice(T.EVALUATION_COMMENTS)
        marks = scores(rng)
        if req.institution_id is not None and req.institution_id == self.w.weak:
            marks = [max(1, m - rng.choice((1, 1, 2))) for m in marks]
        out["evaluation"].append((uuid(), req.id, iso(visit), actor, method, kind, evaluator, *marks, comment))
        return comment, {"visit_method": method, "at": visit.astimezone(UTC).isoformat(), "evaluator_type": kind,
                         "evaluator": evaluator, **dict(zip(SCORES, marks, strict=True))}


class Slots(dict[str, object]):
    """The words a description's template asks for, chosen when asked."""

    def __init__(self, rng: random.Random, industry: str) -> None:
        super().__init__()
        self.rng = rng
        self.industry = industry

    def __missing__(self, key: str) -> object:
        rng = self.rng
        if key in ("n", "m", "month"):
            value: object = rng.randint(1, 12)
        elif key in ("p", "f"):
            value = rng.choice(T.PRODUCTS.get(self.industry, T.DEFAULT_PRODUCTS))
            if key == "f" and self.industry not in T.FOOD_INDUSTRIES:
                value = rng.choice(T.FOODS)
        else:
            value = rng.choice(SLOT_WORDS[key])
        self[key] = value
        return value


class Request:
    """A request's columns while its steps are played."""

    def __init__(self, rid: int, categories: list[int], limits: Limits, handler: int, desk: int,
                 contact: str) -> None:
        self.id = rid
        self.categories = categories
        self.limits = limits
        self.handler = handler
        self.desk = desk  # who does the desk steps: the handler, if a clerk or admin
        self.contact = contact  # who is told and asked to evaluate
        self.status = "received"
        self.assessment = self.notice = self.result = self.city_status = ""
        self.responded_at: str | None = None
        self.completed_at: str | None = None
        self.closed_at: str | None = None
        self.institution_id: int | None = None
        self.response_due: date | None = None
        self.handover_due: date | None = None
        self.feedback_due: date | None = None
        self.completion_due: date | None = None
        self.due_on: date | None = None
        self.referrals: list[list[Any]] = []


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


