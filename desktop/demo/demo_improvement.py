"""Demo improvement: the rectifications the demo's bad reviews and valid complaints call for (their generators
write rows with plain SQL, so none opened by itself), the older ones carried to closure through the real
services, and a few improvement plans made from what the figures show, with actions and reviews."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from desktop.models.accounts.staff import list_staff
from desktop.models.core.clock import local_today
from desktop.models.core.db import Database
from desktop.models.improvement import plans
from desktop.models.improvement import rectifications as rect
from desktop.models.improvement.auto_open import open_missing

FOUND = ("回访核实：客户反映属实，窗口告知不够清楚。", "经核实，机构反馈超过约定时限。",
         "核实后确认服务人员解释不到位。")
DONE = ("对当事人进行服务规范培训，并上门向企业说明。", "约谈服务机构，要求在三个工作日内补正。",
        "重新梳理一次性告知清单并公示。")
PLANS = (
    ("专家反馈环节按时率偏低，部分机构反馈超期。", "六个月内专家反馈按时率提高到 90% 以上。",
     ("overdue", "专家反馈按时率（近 12 个月）"), ("约谈反馈超期最多的两家机构", "每月通报各机构按时反馈情况")),
    ("窗口服务态度差评集中在高峰时段。", "三个月内服务态度差评为零。",
     ("statistics", "服务态度平均分为各维度最低"), ("全员服务礼仪培训", "高峰时段增设引导岗")),
    ("一次性告知材料清单前后不一致，企业多跑路。", "统一各类服务的一次性告知清单。",
     ("self_inspection", "季度自查发现 5 起告知不一致"), ("梳理并公示各服务类别材料清单",)),
)


def _admin(db: Database) -> int | None:
    return next((p.id for p in list_staff(db) if p.active and p.role == "admin"), None)


def demo_data(db: Database, data_dir: Path, count: int, actor_id: int | None,
              progress: Callable[[int, int], None]) -> int:
    """``quality-station demo-data --plans`` (``desktop.models.improvement.area``): the rectifications, then
    ``count`` plans. Returns the plans made."""
    del data_dir
    admin = actor_id or _admin(db)
    if admin is None:
        return 0
    rng = random.Random(2028)
    open_missing(db)
    today = local_today()
    with db.read() as s:
        old = s.execute(text("SELECT id, status, due_on FROM rectification WHERE status <> 'closed' AND due_on < :day "
                             "ORDER BY id"), {"day": (today - timedelta(days=10)).isoformat()}).all()
    now = datetime.now(UTC)
    recent = (today - timedelta(days=60)).isoformat()
    for n, (rid, status, due) in enumerate(old):
        if status == "open":
            rect.record(db, admin, rid, rect.RectifiedInput(rng.choice(FOUND), rng.choice(DONE),
                                                            now - timedelta(hours=2), rng.random() < 0.85,
                                                            "客户表示认可。"), now=now)
        if str(due) < recent or n % 3:  # a few of the last weeks' stay to verify
            rect.verify(db, admin, rid, True, "复核有效。", now=now)
    staff = [p.id for p in list_staff(db) if p.active] or [admin]
    made = 0
    for n in range(count):
        problem, goal, (kind, note), actions = PLANS[n % len(PLANS)]
        pid = plans.create_plan(db, admin, plans.PlanInput(problem, goal, (plans.SourceInput(kind, note),)),
                                now=now - timedelta(days=60 - 20 * n)).ids[0]
        action_ids = [plans.add_action(db, admin, pid, what, rng.choice(staff), today + timedelta(days=7 + 7 * k),
                                       today).ids[0] for k, what in enumerate(actions)]
        if n % len(PLANS) == 1:  # one plan carried to its review
            for aid in action_ids:
                plans.complete_action(db, admin, aid, "培训签到表、课件及照片已归档。", now=now)
            plans.add_review(db, admin, pid, today, True, "一个月内未再收到服务态度差评。", today=today)
        made += 1
        progress(made, count)
    return made
