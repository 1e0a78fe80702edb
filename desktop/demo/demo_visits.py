"""Demo on-site visits: records for requests being worked on or finished, signed with synthetic signatures
(a few declined, a few signed on paper), through the real services so every rule and the hash apply."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from desktop.models.accounts.staff import list_staff
from desktop.models.clients.tables import Client
from desktop.models.core.db import Database
from desktop.models.core.types import utcnow
from desktop.models.requests.tables import ServiceRequest
from desktop.models.visits import editing, signatures
from desktop.models.visits.editing import AttendeeInput, FollowUpInput, OfficerRef, SignatureInput, VisitInput

WORK = ("检查企业计量器具台账，核对压力表、电子秤的检定证书和检定标识。",
        "讲解《中华人民共和国计量法》对强制检定计量器具的要求，指导建立计量器具管理制度。",
        "查看生产线关键工序的质量控制记录，建议补充首件检验记录。",
        "介绍团体标准制定程序，协助企业梳理拟制定标准的技术内容。",
        "现场了解企业食品生产许可证延续所需材料，逐项说明。",
        "走访企业品牌培育情况，介绍广西名牌产品申报条件。")
QUESTIONS = ("问：压力表多久检定一次？答：一般为半年，以检定证书为准。",
             "问：企业标准如何备案？答：在企业标准信息公共服务平台自我声明公开。",
             "问：检测报告有效期多久？答：报告本身无有效期，以相关规定和合同要求为准。", "")
COLLECTED = ("计量器具清单一份。", "企业营业执照复印件一份。", "产品检验报告两份。", "")
SURNAMES = "覃韦黄莫蓝廖梁陆蒙谭"
GIVEN = ("春梅", "国强", "丽华", "海燕", "建平", "小军", "秀英", "志明")
TITLES = ("质量部经理", "技术员", "厂长", "办公室主任", "质检员")
STATES = ("in_service", "completed", "feedback_given", "evaluated", "referred")


def synthetic_strokes(rng: random.Random) -> list[signatures.Stroke]:
    """Two to four strokes of a hand-like wave: the shape varies, the pressure rises and falls."""
    strokes: list[signatures.Stroke] = []
    x, t = rng.randint(60, 160), 0
    for _ in range(rng.randint(2, 4)):
        length = rng.randint(18, 40)
        amplitude, phase, base = rng.randint(30, 90), rng.random() * 6, rng.randint(170, 260)
        stroke = []
        for i in range(length):
            stroke.append((min(signatures.WIDTH, x + i * rng.randint(6, 12)),
                           max(0, min(signatures.HEIGHT, base + round(amplitude * math.sin(phase + i / 3)))),
                           300 + round(400 * math.sin(math.pi * i / length)), t))
            t += rng.randint(8, 20)
        x = stroke[-1][0] + rng.randint(20, 60)
        t += rng.randint(100, 300)
        if x > signatures.WIDTH - 100:
            break
        strokes.append(stroke)
    return strokes or [[(100, 200, 500, 0), (300, 220, 500, 50)]]


def generate_visits(db: Database, count: int, attachments_dir: Path, seed: int = 2026,
                    progress: Callable[[int, int], None] = lambda done, total: None) -> list[int]:
    """``count`` signed visit records (none if no request is in service or finished); returns their ids (the
    caller makes their archive PDFs)."""
    rng = random.Random(seed)
    officers = [s for s in list_staff(db) if s.active]
    with db.read() as s:
        rows = s.execute(select(ServiceRequest.id, ServiceRequest.received_at, Client.address)
                         .join(Client, Client.id == ServiceRequest.client_id)
                         .where(ServiceRequest.status.in_(STATES)).order_by(ServiceRequest.id.desc())
                         .limit(count)).all()
    made: list[int] = []
    now = utcnow()
    if not rows:
        return made
    total = count
    for n in range(total):  # fewer requests than asked: some get a second visit
        request_id, received_at, address = rows[n % len(rows)]
        officer = rng.choice(officers)
        at = min(now - timedelta(hours=1), received_at + timedelta(days=rng.randint(1, 10), hours=rng.randint(1, 6)))
        client_name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        inp = VisitInput(
            visited_at=at, place=address or "柳州市鱼峰区", officers=(OfficerRef(officer.name, officer.id),),
            attendees=(AttendeeInput(client_name, rng.choice(TITLES), f"139{rng.randint(10000000, 99999999)}"),),
            work_done=rng.choice(WORK), questions=rng.choice(QUESTIONS), collected=rng.choice(COLLECTED),
            follow_ups=(FollowUpInput("跟踪企业整改情况", officer.name, at.date() + timedelta(days=14)),)
            if rng.random() < 0.5 else ())
        visit_id = editing.create_visit(db, officer.id, request_id, inp, now=now).ids[0]
        signed_at = at + timedelta(hours=1)
        roll = rng.random()
        if roll < 0.06:
            scan = attachments_dir.parent / f".demo-scan-{n}.txt"
            scan.parent.mkdir(parents=True, exist_ok=True)
            scan.write_text(f"demo scan of the signed paper form {n}", encoding="utf-8")
            editing.mark_signed_on_paper(db, officer.id, visit_id, scan, attachments_dir, now=signed_at)
            scan.unlink()
        else:
            client = (SignatureInput(client_name, declined_reason="负责人不在场，经办人无权签字", signed_at=signed_at)
                      if roll < 0.12 else SignatureInput(client_name, synthetic_strokes(rng), signed_at=signed_at))
            editing.sign_visit(db, officer.id, visit_id, client,
                              SignatureInput(officer.name, synthetic_strokes(rng), signed_at=signed_at),
                              now=signed_at)
        made.append(visit_id)
        progress(n + 1, total)
    return made


def demo_data(db: Database, data_dir: Path, count: int, actor_id: int | None,
              progress: Callable[[int, int], None]) -> int:
    """``quality-station demo-data --visits`` (``desktop.models.visits.area``): signed records and their archived
    PDFs."""
    del actor_id, progress
    from desktop.printing.archive import archive_signed_record  # reportlab loads only when needed

    made = generate_visits(db, count, data_dir / "attachments")
    for visit_id in made:
        archive_signed_record(db, data_dir, visit_id)
    return len(made)
