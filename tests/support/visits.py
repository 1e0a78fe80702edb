"""Shared set-up of the visit tests: good visit input, synthetic signatures, a signed record in one call."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from desktop.models.visits import editing
from desktop.models.visits.editing import AttendeeInput, FollowUpInput, OfficerRef, SignatureInput, VisitInput
from desktop.models.visits.signatures import Stroke
from tests.support.requests import NOW, Station, drive

HOSTILE = '<b>A&B</b> </para> <img src="x"/>'


def strokes(seed: int = 0) -> list[Stroke]:
    """A scribble that looks like handwriting: two strokes of a wave, pressure rising and falling."""
    first = [(80 + i * 18, 200 + round(60 * math.sin((i + seed) / 2.5)), 300 + (i * 37 % 600), i * 12)
             for i in range(40)]
    second = [(820 + i * 10, 320 - i * 12, 600, 600 + i * 10) for i in range(20)]
    return [first, second]


def visit_input(st: Station, **changes: Any) -> VisitInput:
    values: dict[str, Any] = {
        "visited_at": NOW - timedelta(hours=2),
        "place": "柳州市鱼峰区阳和工业园阳惠路 8 号",
        "officers": (OfficerRef("王小明", st.ids["field_officer"]), OfficerRef("李华")),
        "attendees": (AttendeeInput("覃春梅", "质量部经理", "13907721234"), AttendeeInput("韦国强", "技术员")),
        "work_done": "检查企业计量器具台账，现场查看压力表、电子秤的检定标识。\n讲解《计量法》对强制检定器具的要求。",
        "questions": "问：压力表检定周期？答：一般为半年，以检定证书为准。",
        "collected": "计量器具清单一份（12 台件）。",
        "follow_ups": (FollowUpInput("协助联系柳州市计量检定测试所送检", "王小明", NOW.date() + timedelta(days=7)),),
    }
    return VisitInput(**{**values, **changes})


def new_visit(st: Station, status: str = "in_service", actor: int | None = None, **changes: Any) -> int:
    """A draft visit on a new request taken to ``status``."""
    rid = drive(st, status)
    return editing.create_visit(st.db, actor or st.ids["field_officer"], rid, visit_input(st, **changes),
                               now=NOW).ids[0]


def sign(st: Station, visit_id: int, actor: int | None = None, declined: str | None = None) -> None:
    client = (SignatureInput("覃春梅", declined_reason=declined) if declined is not None
              else SignatureInput("覃春梅", strokes(1)))
    editing.sign_visit(st.db, actor or st.ids["field_officer"], visit_id, client,
                      SignatureInput("王小明", strokes(2)), now=NOW)


def signed_visit(st: Station, **changes: Any) -> int:
    visit_id = new_visit(st, **changes)
    sign(st, visit_id)
    return visit_id
