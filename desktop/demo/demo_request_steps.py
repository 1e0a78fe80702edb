"""The pure part of the demo requests (``demo_requests.py``): which way each request goes through the
lifecycle, how long each step takes, and when: office hours of working days in the machine's local time.
"""

from __future__ import annotations

import json
import math
import random
from array import array
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from desktop.models.core.clock import station_zone
from desktop.models.requests import workdays
from desktop.models.requests.lifecycle import ACTIONS, CITY_TARGETS, DESK, OPEN
from desktop.models.requests.tables import CHANNELS, CITY_DECISIONS, STATUSES, EventKind

LONG_EVERY = 5_000  # one request in this many has a long timeline (about 50 events)
CURRENT_EVERY = 10  # one request in this many (at most CURRENT_MAX) is current work, dealt from CURRENT_DECK
CURRENT_MAX = 3_000  # more would crowd the last weeks: the rest of the recent work comes from the background
SPAN = timedelta(days=4 * 365 + 1)
CHANNEL_WEIGHTS = (20, 35, 7, 10, 20, 8)  # CHANNELS: website, window, survey, visit, phone, onsite
ANYTIME = ("website",)  # the other channels take requests in office hours
OPEN_AT, CLOSE_AT = 8 * 60 + 30, 17 * 60 + 30  # office hours, local minutes

# What each step leads to (None: the status stays) and its event kind: the lifecycle's own state machine, and
# the city's decisions on an escalated request as steps "city_<decision>".
CITY_STEPS = {f"city_{d}": d for d in CITY_DECISIONS}
STEP_STATUS: dict[str, str | None] = {
    **{str(step): rule.target for step, rule in ACTIONS.items()},
    **{step: CITY_TARGETS.get(d) for step, d in CITY_STEPS.items()},
}
EVENT_KIND: dict[str, str] = {
    **{str(step): str(rule.event) for step, rule in ACTIONS.items()},
    **{step: str(EventKind.CITY_DECISION) for step in CITY_STEPS},
}
DESK_STEPS = {str(step) for step, rule in ACTIONS.items() if rule.roles == DESK}  # clerks and admins only
# hours from the previous step: usual range, and the share that takes up to three times longer
GAPS: dict[str, tuple[float, float, float]] = {
    "answer": (0.05, 0.6, 0), "register": (0.1, 8, 0.15), "await_instruction": (2, 48, 0),
    "instruction_received": (24, 200, 0.1), "refer": (2, 60, 0.1), "escalate": (24, 120, 0),
    "city_accepted": (2, 48, 0), "city_assigned": (12, 96, 0), "city_answered": (48, 400, 0.1),
    "city_returned": (48, 300, 0), "start_service": (20, 110, 0.12), "follow_up": (12, 120, 0),
    "complete": (48, 480, 0.1), "give_feedback": (1, 48, 0.1), "evaluate": (24, 200, 0.1),
    "archive": (24, 480, 0.1), "withdraw": (4, 200, 0), "note": (1, 48, 0),
}
# the current workload: how many of each status in a deck of 30, and how old (days) each may be
CURRENT_DECK = {"received": 3, "answered": 2, "registered": 3, "awaiting_instruction": 2, "referred": 4,
                "escalated": 2, "in_service": 5, "completed": 2, "feedback_given": 2, "evaluated": 2,
                "archived": 2, "withdrawn": 1}
CURRENT_AGE = {"received": (0.02, 3), "answered": (0.05, 20), "registered": (0.3, 8),
               "awaiting_instruction": (2, 20), "referred": (2, 15), "escalated": (3, 40), "in_service": (5, 45),
               "completed": (8, 45), "feedback_given": (10, 50), "evaluated": (12, 55), "archived": (3, 60),
               "withdrawn": (1, 60)}
BACKGROUND = (("archived", 930), ("withdrawn", 60), ("evaluated", 5), ("answered", 5))  # where old work ends
SCORE_WEIGHTS = (1, 3, 8, 28, 60)  # scores 1..5: mostly satisfied
# how busy each month is (January … December): quiet around the Spring Festival and the National Day holiday,
# busiest in September (质量月, the national quality month) and at the year's end
SEASON = (0.8, 0.55, 1.05, 1.0, 1.0, 1.1, 0.9, 0.9, 1.35, 0.8, 1.1, 1.2)


class Uuids:
    """Time-ordered UUIDs (the version 7 layout: a 48-bit millisecond count, then random bits from ``rng``).
    Each one counts on from the last, so a bulk load appends to the UUID indexes instead of writing all
    over them; the same seed and start give the same UUIDs."""

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng = rng
        self.tick = int(start.timestamp() * 1000)

    def __call__(self) -> str:
        self.tick += 1
        bits = self.rng.getrandbits(80) & ~(0xF << 76) & ~(0x3 << 62) | (0x7 << 76) | (0x2 << 62)
        h = f"{self.tick & 0xFFFF_FFFF_FFFF:012x}{bits:020x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def iso(t: datetime) -> str:
    """As ``types.UTCDateTime`` stores it."""
    return t.astimezone(UTC).isoformat(timespec="microseconds")


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]


def gap(rng: random.Random, step: str) -> float:
    lo, hi, tail = GAPS[step]
    g = rng.uniform(lo, hi)
    return g * rng.uniform(1, 3) if rng.random() < tail else g


def route(rng: random.Random, kind: str, *, await_: bool = False, follow_ups: int = -1) -> list[str]:
    """The steps of one way through the lifecycle, to the end (archived)."""
    if kind == "answered":
        return ["answer", *(["evaluate"] if rng.random() < 0.5 else []), "archive"]
    steps = ["register"]
    if kind == "escalation":
        steps += ["await_instruction"] if await_ or rng.random() < 0.3 else []
        steps += ["escalate", "city_accepted" if rng.random() < 0.7 else "city_assigned"]
        if rng.random() < 0.7:
            return [*steps, "city_answered", "give_feedback", "evaluate", "archive"]
        steps += ["city_returned"]
    elif await_ or rng.random() < 0.06:
        steps += ["await_instruction", "instruction_received"]
    steps += ["refer"] + (["refer"] if rng.random() < 0.05 else [])  # sometimes handed on to another
    before, after = (rng.choice((0, 0, 1, 2)), rng.choice((0, 1, 1, 2))) if follow_ups < 0 else (
        follow_ups // 3, follow_ups - follow_ups // 3)
    steps += ["follow_up"] * before + ["start_service"]
    steps += [rng.choice(("follow_up", "follow_up", "note")) for _ in range(after)]
    return [*steps, "complete", "give_feedback", "evaluate", "archive"]


def statuses_along(steps: Sequence[str]) -> list[str]:
    status, out = "received", []
    for step in steps:
        status = STEP_STATUS[step] or status
        out.append(status)
    return out


def cut(steps: list[str], target: str, rng: random.Random) -> list[str] | None:
    """The steps up to where the request is ``target`` (with the status-keeping steps that follow), or
    None if this way never passes ``target``."""
    if target == "received":
        return []
    along = statuses_along(steps)
    if target == "withdrawn":
        stops = [i for i, s in enumerate(along) if s in OPEN and not steps[i].startswith("city")]
        stop = rng.choice([-1, *stops])
        return [*steps[:stop + 1], "withdraw"]
    if target not in along:
        return None
    end = along.index(target)
    while end + 1 < len(steps) and STEP_STATUS[steps[end + 1]] is None:
        end += 1
    return steps[:end + 1]


KINDS_FOR = {"answered": ("answered",), "evaluated": ("answered", "referral", "referral"),
             "archived": ("answered", "answered", "referral", "referral", "referral", "escalation"),
             "escalated": ("escalation",), "completed": ("referral",) * 5 + ("escalation",),
             "feedback_given": ("referral",) * 5 + ("escalation",)}


def plan(rng: random.Random, target: str, long: bool) -> list[str]:
    """The steps that bring a new request to ``target``."""
    if long:  # the whole way, whatever the target: about 50 events for the benchmark to open
        return route(rng, "referral", follow_ups=rng.randint(39, 43))
    steps: list[str] | None = None
    while steps is None:  # some ways never pass the target (an answer without a return visit)
        kind = rng.choice(KINDS_FOR.get(target, ("referral",)))
        steps = cut(route(rng, kind, await_=target == "awaiting_instruction"), target, rng)
    if rng.random() < 0.08:  # a note or two, while the request is still open to them
        for _ in range(rng.choice((1, 1, 2))):
            last = len(steps) - (1 if steps and steps[-1] in ("archive", "withdraw") else 0)
            steps.insert(rng.randint(0, last), "note")
    return steps


# ---- when: office hours of working days, in the machine's local time (as the app shows times) ------------

class Clock:
    def __init__(self, cal: workdays.Calendar, rng: random.Random) -> None:
        self.cal = cal
        self.rng = rng
        self._working: dict[date, bool] = {}
        self._due: dict[tuple[date, int], date] = {}

    def working(self, day: date) -> bool:
        w = self._working.get(day)
        if w is None:
            w = self._working[day] = self.cal.is_working_day(day)
        return w

    def add_working_days(self, day: date, n: int) -> date:
        key = (day, n)
        due = self._due.get(key)
        if due is None:
            due = self._due[key] = self.cal.add_working_days(day, n)
        return due

    def _at(self, day: date, t: datetime, minutes: float) -> datetime:
        return datetime.combine(day, time(), t.tzinfo) + timedelta(minutes=minutes)

    def forward(self, t: datetime) -> datetime:
        """``t``, or the next moment the office is open."""
        minute = t.hour * 60 + t.minute
        day = t.date()
        if self.working(day) and minute < CLOSE_AT:
            return t if minute >= OPEN_AT else self._at(day, t, OPEN_AT + self.rng.uniform(0, 60))
        day += timedelta(days=1)
        while not self.working(day):
            day += timedelta(days=1)
        return self._at(day, t, OPEN_AT + self.rng.uniform(0, 90))

    def back(self, t: datetime) -> datetime:
        """``t``, or a moment of the last office hours before it."""
        minute = t.hour * 60 + t.minute
        day = t.date()
        if self.working(day) and OPEN_AT <= minute < CLOSE_AT:
            return t
        if not (self.working(day) and minute >= CLOSE_AT):
            day -= timedelta(days=1)
            while not self.working(day):
                day -= timedelta(days=1)
        return self._at(day, t, self.rng.uniform(OPEN_AT, CLOSE_AT))


def schedule(rng: random.Random, clock: Clock, count: int, now: datetime,
             long_every: int = LONG_EVERY) -> tuple[array[float], array[int]]:
    """When each request is received and where it is headed, in time order (ids follow time, as in life).
    Codes: status index | channel index << 4 | current << 7 | long << 8."""
    times: array[float] = array("d")
    codes: array[int] = array("H")
    deck: list[str] = []
    backgrounds = [s for s, _ in BACKGROUND]
    weights = [w for _, w in BACKGROUND]
    local_now = now.astimezone(station_zone())
    current_every = max(CURRENT_EVERY, count // CURRENT_MAX)
    for i in range(count):
        channel = rng.choices(range(len(CHANNELS)), CHANNEL_WEIGHTS)[0]
        long = i % long_every == long_every // 2
        current = long or i % current_every == 0
        if long:
            target = rng.choice(("in_service", "archived"))
            t = local_now - timedelta(days=rng.uniform(60, 150))
        elif current:
            if not deck:
                deck = [s for s, n in CURRENT_DECK.items() for _ in range(n)]
                rng.shuffle(deck)
            target = deck.pop()
            t = local_now - timedelta(days=rng.uniform(*CURRENT_AGE[target]))
        else:
            target = rng.choices(backgrounds, weights)[0]
            while True:  # density rising threefold over the span: x = F⁻¹(u) for F(x) = (x + x²) / 2
                u = rng.random()
                t = local_now - SPAN * (1 - (math.sqrt(1 + 8 * u) - 1) / 2)
                if rng.random() * max(SEASON) < SEASON[t.month - 1]:  # and following the seasons
                    break
        if CHANNELS[channel] not in ANYTIME:
            t = clock.back(t)
        times.append(t.timestamp())
        codes.append(STATUSES.index(target) | channel << 4 | current << 7 | long << 8)
    order = sorted(range(count), key=times.__getitem__)
    return array("d", (times[i] for i in order)), array("H", (codes[i] for i in order))


def dumps(data: dict[str, Any]) -> str:
    """As ``requests.add_event`` writes an event's data."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def scores(rng: random.Random) -> list[int]:
    base = rng.choices((1, 2, 3, 4, 5), SCORE_WEIGHTS)[0]
    return [min(5, max(1, base + rng.choice((0, 0, 0, -1, 1)))) for _ in range(4)]
