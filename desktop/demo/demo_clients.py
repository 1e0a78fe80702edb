"""Realistic demo data for a Liuzhou station: valid USCCs, districts, industries, contacts.

Bulk inserts go straight through the DBAPI in large transactions (200,000 clients in a few seconds);
the search indexes are filled at the end of the load, their insert triggers set aside meanwhile. One audit
event records what was generated and by whom.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from desktop.models.clients.clients import ContactInput, search_text
from desktop.models.core import audit
from desktop.models.core.chars import document
from desktop.models.core.db import Database
from desktop.models.core.standard import DISTRICT_CODES, DISTRICTS, INDUSTRIES
from desktop.models.core.types import new_uuid
from desktop.models.core.validators import USCC_CHARSET, uscc_check_char

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韦覃蓝莫廖龙潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海燕春梅斌鹏飞"
WORDS = ("金桥", "鑫源", "宏达", "柳钢", "龙城", "壶城", "江滨", "华丰", "恒信", "盛达", "桂中", "新柳",
         "鹏程", "荣昌", "顺发", "嘉禾", "广源", "东泉", "融江", "百朋", "雒容", "洛维", "官塘", "立冲",
         "河西", "白沙", "太阳村", "沙塘", "长塘", "里雍")
TRADES = {
    "汽车及零部件": ("汽车配件", "汽车零部件", "车桥", "座椅"), "钢铁冶金": ("钢材", "金属制品", "冶金"),
    "机械装备": ("机械", "工程机械", "液压设备"), "化工": ("化工", "精细化工", "涂料"),
    "食品加工": ("食品", "粮油", "饮料"), "螺蛳粉产业": ("螺蛳粉", "米粉", "酸笋"),
    "林产加工": ("木业", "林产品", "人造板"), "电子信息": ("电子", "智能科技", "光电"),
    "建材": ("建材", "水泥制品", "新型墙材"), "纺织服装": ("服饰", "纺织"), "医药": ("药业", "医疗器械"),
    "商贸流通": ("商贸", "贸易"), "餐饮住宿": ("餐饮管理", "酒店"), "农业": ("农业发展", "生态农业", "茶业"),
    "物流": ("物流", "供应链管理"), "软件和信息服务": ("软件", "信息技术", "网络科技"), "其他": ("实业", "发展"),
}
FORMS = ("有限公司", "有限责任公司", "股份有限公司", "厂", "经营部")
SIZES = ("micro",) * 5 + ("small",) * 3 + ("medium",) * 2 + ("large",)
STREETS = ("文昌路", "东环大道", "航生路", "屏山大道", "柳太路", "阳和大道", "桂柳路", "跃进路", "潭中西路",
           "红光路", "柳长路", "官塘大道", "新柳大道", "双仁路", "白沙路", "古亭山路")
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
INSERT_TRIGGERS = ("client_fts_ai", "client_chars_ai")  # set aside while loading, put back as they were


def org_code(n: int) -> str:
    """A GB 11714 organization code (8 characters + check) made from ``n``."""
    body = f"{n % 10**8:08d}"
    c = 11 - sum(int(ch) * w for ch, w in zip(body, ORG_WEIGHTS, strict=True)) % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))


def make_uscc(district: str, n: int) -> str:
    region = DISTRICT_CODES.get(district, "450200")
    first17 = "91" + region + org_code(n)
    assert all(ch in USCC_CHARSET for ch in first17)
    return first17 + uscc_check_char(first17)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def phone(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
    return "0772-" + rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(6))


def generate_clients(db: Database, count: int, actor_id: int | None = None, seed: int = 2026,
                     progress: Callable[[int, int], None] | None = None) -> int:
    """Add ``count`` clients (about 1.6 contacts each). Returns how many were added."""
    rng = random.Random(seed)
    start_n = rng.randrange(10**6, 10**7)
    with db.read() as s:
        offset = int(s.execute(text("SELECT coalesce(max(id), 0) FROM client")).scalar_one())
    now = datetime.now(UTC)
    batch = 20_000
    added = 0
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA cache_size=-262144")  # 256 MiB while bulk-loading: the indexes take random keys
        # One transaction: the search indexes' insert triggers are set aside (indexing row by row costs 5x more
        # than indexing the new rows in one statement at the end; the character index's SQL document, 10x more
        # than ``chars.document``) and put back before commit.
        cur.execute("BEGIN")
        triggers = [cur.execute("SELECT sql FROM sqlite_master WHERE type='trigger' AND name=?", (name,)).fetchone()[0]
                    for name in INSERT_TRIGGERS]
        for name in INSERT_TRIGGERS:
            cur.execute(f"DROP TRIGGER {name}")
        while added < count:
            clients, contacts = _batch(rng, offset + added, min(batch, count - added), start_n, now, actor_id)
            cur.executemany(
                "INSERT INTO client (id, uuid, kind, name, uscc, district, address, industry, size, search_text,"
                " created_at, created_by, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", clients)
            cur.executemany(
                "INSERT INTO client_contact (uuid, client_id, position, name, phone, title) VALUES (?,?,?,?,?,?)",
                contacts)
            cur.executemany("INSERT INTO client_chars (rowid, doc) VALUES (?, ?)",
                            [(c[0], document(str(c[9]))) for c in clients])  # search_text: 9
            added += len(clients)
            if progress:
                progress(added, count)
        cur.execute("INSERT INTO client_fts(rowid, search_text) SELECT id, search_text FROM client WHERE id > ?",
                    (offset,))
        for sql in triggers:
            cur.execute(sql)
        cur.execute("INSERT INTO client_chars(client_chars) VALUES ('optimize')")  # one segment: faster counts
        cur.execute("COMMIT")
    except BaseException:
        raw.rollback()
        raise
    finally:
        raw.close()
    with db.begin(actor_id) as s:
        audit.record_event(s, "client", {"demo_data": added})
    return added


def _batch(rng: random.Random, first: int, n: int, start_n: int, now: datetime, actor_id: int | None,
           ) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    clients: list[tuple[object, ...]] = []
    contacts: list[tuple[object, ...]] = []
    for i in range(first + 1, first + n + 1):
        district = rng.choice(DISTRICTS)
        industry = rng.choice(INDUSTRIES)
        words = rng.choice(WORDS) + (rng.choice(WORDS) if rng.random() < 0.6 else "")
        name = f"柳州市{words}{rng.choice(TRADES[industry])}{rng.choice(FORMS)}"
        uscc = make_uscc(district, start_n + i * 7919)
        people = [(person_name(rng), phone(rng)) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
        stamp = (now - timedelta(days=rng.randrange(0, 5 * 365), seconds=rng.randrange(86400))
                 ).isoformat(timespec="microseconds")
        address = f"柳州市{district}{rng.choice(STREETS)}{rng.randrange(1, 400)}号"
        clients.append((i, new_uuid(), "enterprise", name, uscc, district, address, industry,
                        rng.choice(SIZES), search_text(name, uscc, [ContactInput(n, p) for n, p in people]),
                        stamp, actor_id, stamp, actor_id))
        contacts += [(new_uuid(), i, pos, n, p, "") for pos, (n, p) in enumerate(people)]
    return clients, contacts


def demo_data(db: Database, data_dir: Path, count: int, actor_id: int | None,
              progress: Callable[[int, int], None]) -> int:
    """``quality-station demo-data --clients`` (``desktop.models.clients.area``)."""
    del data_dir, progress
    return generate_clients(db, count, actor_id)
