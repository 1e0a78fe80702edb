"""A hand-made set of requests for the list, export and dashboard tests, made through the real services.

Times are local (noon-ish) on days around Monday 23 November 2026; tests pin ``TODAY`` (Wednesday 25th):
r1 and r4 are then overdue, r8 is due today, r2 tomorrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.models.accounts import staff
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientInput
from desktop.models.core.clock import from_local
from desktop.models.core.db import Database
from desktop.models.institutions.tables import Institution
from desktop.models.requests import intake, lifecycle, request_detail
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.lifecycle import FeedbackInput, ReferralInput
from tests.support.stations import LUOSIFEN, make_uscc

TODAY = date(2026, 11, 25)
CAT1_ITEM, CAT2_ITEM, CAT3_ITEM = 1, 3, 7  # items of categories 5.1 计量, 5.2 标准, 5.3 认证认可
CAT1, CAT2, CAT3 = 1, 2, 3
JINQIAO = ClientInput("柳州市金桥汽车配件有限公司", make_uscc(2, "柳北区"), district="柳北区", industry="汽车及零部件")
WEI = ClientInput("韦小宝", kind="person", district="柳南区")


def at(day: date, hour: int = 12) -> datetime:
    """``day`` at ``hour`` o'clock at the station, as the aware UTC datetime the services take."""
    return from_local(datetime(day.year, day.month, day.day, hour))


@dataclass(frozen=True)
class Sample:
    db: Database
    admin: int
    clerk: int
    clients: dict[str, int]  # "luosifen", "jinqiao", "wei"
    institution: int
    r: dict[int, int]  # r[1] … r[8]: request ids

    def ids(self, *numbers: int) -> set[int]:
        return {self.r[n] for n in numbers}


def add_institution(db: Database, actor: int, name: str = "柳州市计量检定测试所") -> int:
    with db.begin(actor) as s:
        row = Institution(kind="institution", name=name, active=True, created_by=actor)
        s.add(row)
        s.flush()
        return row.id


def _new(db: Database, actor: int, client: int, channel: str, items: tuple[int, ...], description: str,
         when: datetime, **extra: str) -> int:
    inp = RequestInput(client, channel, items, description, **extra)
    return intake.create_request(db, actor, inp, now=when).ids[0]


def build(db: Database, admin: int) -> Sample:
    clerk = staff.create_staff(db, admin, "clerk-a", "韦清", "clerk", "pass-word-1").ids[0]
    cl = {"luosifen": clients.create_client(db, admin, LUOSIFEN).ids[0],
          "jinqiao": clients.create_client(db, admin, JINQIAO).ids[0],
          "wei": clients.create_client(db, admin, WEI).ids[0]}
    inst = add_institution(db, admin)
    mon = date(2026, 11, 23)
    r: dict[int, int] = {}
    # r1: received Monday, still only received: its response was due Tuesday -> overdue on Wednesday
    r[1] = _new(db, admin, cl["luosifen"], "window", (CAT1_ITEM,), "咨询电子秤检定周期", at(mon, 9),
                contact_name="覃春梅", contact_phone="13912345678")
    # r2: received and registered Monday by the clerk: hand-over due Thursday -> due soon on Wednesday
    r[2] = _new(db, clerk, cl["jinqiao"], "phone", (CAT2_ITEM,), "汽车配件企业标准自我声明", at(mon, 10))
    lifecycle.register(db, clerk, r[2], "请携带产品标准文本", now=at(mon, 11))
    # r3: answered on the spot Tuesday
    r[3] = _new(db, admin, cl["wei"], "website", (CAT1_ITEM, CAT2_ITEM), "螺蛳粉包装标识是否合规",
                at(mon + timedelta(days=1), 9))
    lifecycle.answer(db, admin, r[3], "当场解答", now=at(mon + timedelta(days=1), 10))
    # r4: referred the Wednesday before, the institution's feedback was due Friday -> overdue
    wed = mon - timedelta(days=5)
    r[4] = _new(db, admin, cl["luosifen"], "visit", (CAT3_ITEM,), "申请特种设备使用登记", at(wed, 9))
    lifecycle.register(db, admin, r[4], "请准备设备清单", now=at(wed, 10))
    lifecycle.refer(db, admin, r[4], ReferralInput(inst, wed + timedelta(days=2), at(wed, 10), "phone"),
                    now=at(wed, 11))
    # r5: completed (Friday)
    fri = mon - timedelta(days=3)
    r[5] = _new(db, admin, cl["jinqiao"], "onsite", (CAT1_ITEM,), "计量器具检定", at(fri, 9))
    lifecycle.register(db, admin, r[5], "请携带器具", now=at(fri, 10))
    lifecycle.refer(db, admin, r[5], ReferralInput(inst, None, at(fri, 10), "phone"), now=at(fri, 11))
    lifecycle.start_service(db, admin, r[5], "开始服务", now=at(fri, 14))
    lifecycle.complete(db, admin, r[5], "已完成", now=at(fri, 16))
    # r6: feedback given (Thursday before)
    thu = mon - timedelta(days=4)
    r[6] = _new(db, admin, cl["luosifen"], "window", (CAT2_ITEM,), "企业标准化良好行为", at(thu, 9))
    for step, hour in (("register", 10), ("refer", 11), ("start_service", 12), ("complete", 14), ("feedback", 16)):
        when = at(thu, hour)
        if step == "register":
            lifecycle.register(db, admin, r[6], "请携带材料", now=when)
        elif step == "refer":
            lifecycle.refer(db, admin, r[6], ReferralInput(inst, None, when, "phone"), now=when)
        elif step == "start_service":
            lifecycle.start_service(db, admin, r[6], "开始服务", now=when)
        elif step == "complete":
            lifecycle.complete(db, admin, r[6], "已完成", now=when)
        else:
            lifecycle.give_feedback(db, admin, r[6], FeedbackInput("phone", when, "已电话告知"), now=when)
    # r7: withdrawn
    r[7] = _new(db, admin, cl["wei"], "survey", (CAT1_ITEM,), "食品生产许可咨询", at(mon - timedelta(days=6), 9))
    lifecycle.withdraw(db, admin, r[7], "企业撤回", now=at(mon - timedelta(days=6), 10))
    # r8: received Tuesday afternoon: response due Wednesday -> due today
    r[8] = _new(db, admin, cl["jinqiao"], "phone", (CAT3_ITEM,), "电梯年检到期咨询", at(mon + timedelta(days=1), 15))
    sample = Sample(db, admin, clerk, cl, inst, r)
    _check(sample)
    return sample


def _check(sample: Sample) -> None:
    """The due dates the tests rely on (from the default time limits), stated once."""
    due = {n: request_detail.get_request(sample.db, rid).due_on for n, rid in sample.r.items()}
    assert due == {1: date(2026, 11, 24), 2: date(2026, 11, 26), 3: None, 4: date(2026, 11, 20), 5: None, 6: None,
                   7: None, 8: date(2026, 11, 25)}, due
