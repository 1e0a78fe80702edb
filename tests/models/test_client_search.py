"""Client search, filters, sorting and paging over a registry, and the index following edits."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from desktop.demo import demo_clients
from desktop.models.clients import clients
from desktop.models.clients.clients import SORT_ORDERS, ClientInput, ClientQuery, ClientRow, ContactInput
from desktop.models.core.db import Database
from desktop.models.core.standard import DISTRICTS, INDUSTRIES
from desktop.models.core.validators import normalize_phone
from tests.support.stations import LUOSIFEN, make_uscc, open_station, variant

# ---- search, filters, sorting, paging over a registry ---------------------------------------------

SPECIAL = [
    ClientInput("达标率100%检测服务部", make_uscc(9001), district="城中区", industry="其他", size="micro"),
    ClientInput("柳州A_B贸易商行", make_uscc(9002), district="城中区", industry="商贸流通", size="micro"),
    ClientInput('"金桥"商贸有限公司', make_uscc(9003), district="柳北区", industry="商贸流通"),
    ClientInput("柳州'鹏程'物流有限公司", make_uscc(9004), district="柳江区", industry="物流", size="medium"),
    ClientInput("柳州市宏达机械有限公司", make_uscc(9005), district="柳南区", industry="机械装备", size="small"),
    ClientInput("柳州市宏达机械有限公司", make_uscc(9006), district="柳南区", industry="机械装备", size="small"),
    ClientInput("福建某某科技有限公司", "91350100M000100Y43", district="", industry="电子信息", size="large",
                contacts=(ContactInput("林建国", "0591-87654321"),)),
    ClientInput("柳州市龙城螺蛳粉有限公司", make_uscc(9007), district="鱼峰区", industry="螺蛳粉产业", size="small",
                contacts=(ContactInput("覃春梅", "13912345678"), ContactInput("韦建国", "0772-2881234"))),
    ClientInput("柳州壶城螺蛳粉店", kind="person", district="鱼峰区", industry="螺蛳粉产业",
                contacts=(ContactInput("壶城", "18677290001"),)),
]


def _random_inputs(n: int) -> list[ClientInput]:
    rng = random.Random(4502)
    out: list[ClientInput] = []
    for i in range(n):
        industry = rng.choice(("汽车及零部件", "螺蛳粉产业", "化工", "", "物流"))
        district = rng.choice((*DISTRICTS[:5], ""))
        people = tuple(ContactInput(demo_clients.person_name(rng), demo_clients.phone(rng))
                       for _ in range(rng.choice((0, 1, 1, 2, 3))))
        if rng.random() < 0.2:
            out.append(ClientInput(demo_clients.person_name(rng), kind="person", district=district, industry=industry,
                                   contacts=people))
            continue
        trade = rng.choice(demo_clients.TRADES.get(industry or "其他", ("实业",)))
        name = f"柳州市{rng.choice(demo_clients.WORDS)}{trade}{rng.choice(demo_clients.FORMS)}"
        out.append(ClientInput(name, make_uscc(100 + i, district or "鱼峰区"), district=district, industry=industry,
                               size=rng.choice(("micro", "small", "medium", "large", "")), contacts=people))
    return out


@dataclass
class Registry:
    db: Database
    inputs: dict[int, ClientInput]

    def search_text(self, cid: int) -> str:
        inp = self.inputs[cid]
        parts = [inp.name, inp.uscc] + [f"{c.name} {normalize_phone(c.phone)}" for c in inp.contacts]
        return " ".join(p for p in parts if p)

    def expected(self, q: ClientQuery) -> set[int]:
        """What a search should find: every term a substring (ASCII case ignored); filters equal."""
        found = set()
        for cid, inp in self.inputs.items():
            hay = self.search_text(cid).lower()
            if all(t.lower() in hay for t in q.text.split()) and all(
                    not getattr(q, f) or getattr(q, f) == getattr(inp, f) for f in ("district", "size", "industry")):
                found.add(cid)
        return found


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    """About 50 clients, read-only for the tests that use it."""
    db, admin = open_station(tmp_path_factory.mktemp("registry") / "station.sqlite3")
    inputs = {}
    for inp in [*_random_inputs(40), *SPECIAL]:
        inputs[clients.create_client(db, admin, inp).ids[0]] = inp
    # spread the registration times over two years, with ties, so that created_at order is not id order
    rng = random.Random(11)
    base = datetime(2024, 6, 1, tzinfo=UTC)
    stamps = [base + timedelta(days=rng.randrange(700), seconds=rng.randrange(86400)) for _ in range(30)]
    with db.begin(admin) as s:
        for cid in inputs:
            stamp = rng.choice(stamps).isoformat(timespec="microseconds")
            s.execute(text("UPDATE client SET created_at = :t WHERE id = :id"), {"t": stamp, "id": cid})
    yield Registry(db, inputs)
    db.close()


def _found(db: Database, q: ClientQuery) -> set[int]:
    rows = clients.client_page(db, q, 0, 1000)
    ids = {r.id for r in rows}
    assert len(ids) == len(rows) == clients.count_matching(db, q)
    return ids


@pytest.mark.parametrize(("term", "at_least"), [
    ("螺蛳粉", 2),  # 3+ Chinese characters: FTS5 trigram
    ("龙城螺蛳粉有限", 1),
    ("有限公司", 5),
    ("螺蛳", 2),  # 1–2 characters: instr
    ("粉", 2),
    ("柳州", 20),
    ("宏达机械", 2),
    ("覃春梅", 1),  # a contact's name
    ("春梅", 1),
    ("2881234", 1),  # part of a phone
    ("0772-288", 1),
    ("139", 1),
    ("87654321", 1),
])
def test_search_matches_substrings(registry: Registry, term: str, at_least: int) -> None:
    q = ClientQuery(text=term)
    found = _found(registry.db, q)
    assert found == registry.expected(q)
    assert len(found) >= at_least


def test_search_by_uscc(registry: Registry) -> None:
    fujian = next(cid for cid, inp in registry.inputs.items() if inp.uscc == "91350100M000100Y43")
    for term in ("91350100M000100Y43", "M000100Y", "m000100y", "91350100m000100y43", "0100m0", "Y4", "y4", "m0"):
        q = ClientQuery(text=term)
        assert _found(registry.db, q) == {fujian} == registry.expected(q), term
    some = next(inp for inp in registry.inputs.values() if inp.uscc and inp.uscc.startswith("914502"))
    q = ClientQuery(text=some.uscc[6:14])
    assert _found(registry.db, q) == registry.expected(q) and len(registry.expected(q)) >= 1


@pytest.mark.parametrize(("term", "name"), [
    ("%", "达标率100%检测服务部"),
    ("100%", "达标率100%检测服务部"),
    ("_", "柳州A_B贸易商行"),
    ("A_B", "柳州A_B贸易商行"),
    ("a_b", "柳州A_B贸易商行"),
    ('"金桥"', '"金桥"商贸有限公司'),
    ('"', '"金桥"商贸有限公司'),
    ("'鹏程'", "柳州'鹏程'物流有限公司"),
    ("'", "柳州'鹏程'物流有限公司"),
])
def test_special_characters_are_data(registry: Registry, term: str, name: str) -> None:
    found = _found(registry.db, ClientQuery(text=term))
    assert [registry.inputs[i].name for i in found] == [name]


@pytest.mark.parametrize("term", [
    "%%", "%%%", "__", "___", "_%_", "%柳州%", "柳_", "柳%", '""', '"""', "''", "' OR 1=1 --",
    "'; DROP TABLE client; --",
    '" OR "1"="1', "柳州*", "NEAR(柳州", "^柳州", "search_text:柳州", "柳州 OR", "OR", "AND", "NOT 柳州", "\\",
    "(柳州)", "{柳州}", "-柳州",
])
def test_hostile_text_is_data(registry: Registry, term: str) -> None:
    q = ClientQuery(text=term)
    found = _found(registry.db, q)  # no SQL or FTS syntax error
    assert found == registry.expected(q)
    assert len(found) < len(registry.inputs)  # no wildcard matched everything


def test_several_terms_must_all_match(registry: Registry) -> None:
    for text_ in ("柳州 螺蛳粉", "螺蛳粉 覃春梅", "柳州\u3000有限公司", "  宏达  机械 ", "螺蛳粉 不存在的词"):
        q = ClientQuery(text=text_)
        assert _found(registry.db, q) == registry.expected(q), text_
    assert _found(registry.db, ClientQuery(text="螺蛳粉 覃春梅")) and not _found(
        registry.db, ClientQuery(text="螺蛳粉 不存在的词"))


def test_empty_search_finds_all(registry: Registry) -> None:
    assert _found(registry.db, ClientQuery()) == set(registry.inputs)
    assert _found(registry.db, ClientQuery(text="   ")) == set(registry.inputs)
    assert clients.count_clients(registry.db) == len(registry.inputs)


@pytest.mark.parametrize("q", [
    ClientQuery(district="鱼峰区"),
    ClientQuery(district="城中区"),
    ClientQuery(district="三江侗族自治县"),  # nobody there
    ClientQuery(size="small"),
    ClientQuery(size="large"),
    ClientQuery(industry="螺蛳粉产业"),
    ClientQuery(industry="商贸流通"),
    ClientQuery(district="鱼峰区", industry="螺蛳粉产业"),
    ClientQuery(district="柳南区", size="small", industry="机械装备"),
    ClientQuery(text="柳州", district="城中区"),
    ClientQuery(text="螺蛳粉", size="small"),
    ClientQuery(text="有", industry="商贸流通"),
], ids=repr)
def test_filters(registry: Registry, q: ClientQuery) -> None:
    assert _found(registry.db, q) == registry.expected(q)


def test_filters_are_not_vacuous(registry: Registry) -> None:
    assert len(registry.expected(ClientQuery(district="鱼峰区"))) >= 2
    assert len(registry.expected(ClientQuery(district="柳南区", size="small", industry="机械装备"))) == 2
    assert registry.expected(ClientQuery(district="三江侗族自治县")) == set()


def test_industries(registry: Registry) -> None:
    assert clients.industries(registry.db) == sorted({i.industry for i in registry.inputs.values() if i.industry})
    assert set(clients.industries(registry.db)) <= set(INDUSTRIES)


# size sorts in its natural order, not alphabetically; no size ('' from NULL) first, as NULL in SQLite
SIZE_RANK = {"": 0, "micro": 1, "small": 2, "medium": 3, "large": 4}


def _sort_key(sort: str):
    columns = ["size_rank" if c.startswith("CASE") else c.removeprefix("c.") for c in SORT_ORDERS[sort]]

    def key(row: ClientRow) -> tuple[object, ...]:
        # NULL USCC comes back as '' and sorts first, as NULL does in SQLite
        return tuple(SIZE_RANK[row.size] if c == "size_rank" else getattr(row, c) for c in columns)
    return key


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", list(SORT_ORDERS))
def test_sort_orders(registry: Registry, sort: str, descending: bool) -> None:
    q = ClientQuery(sort=sort, descending=descending)
    rows = clients.client_page(registry.db, q, 0, 1000)
    assert len(rows) == len(registry.inputs)
    expected = sorted(rows, key=_sort_key(sort), reverse=descending)
    assert [r.id for r in rows] == [r.id for r in expected]
    assert clients.client_ids(registry.db, q) == [r.id for r in rows]
    # paging the same query yields the same order, each row exactly once
    paged: list[int] = []
    for offset in range(0, len(rows) + 7, 7):
        page = clients.client_page(registry.db, q, offset, 7)
        assert len(page) == min(7, max(0, len(rows) - offset))
        paged += [r.id for r in page]
    assert paged == [r.id for r in rows]


def test_sort_keys_have_ties(registry: Registry) -> None:
    # the tie-breakers (name, id) are exercised: several rows share a district, a name, a timestamp
    rows = clients.client_page(registry.db, ClientQuery(), 0, 1000)
    assert len({r.name for r in rows}) < len(rows)
    assert len({r.created_at for r in rows}) < len(rows)
    assert len({r.district for r in rows}) < len(rows)


def test_rows_carry_the_right_fields(registry: Registry) -> None:
    for row in clients.client_page(registry.db, ClientQuery(), 0, 1000):
        inp = registry.inputs[row.id]
        assert (row.name, row.uscc, row.district, row.industry, row.size) == (
            inp.name, inp.uscc, inp.district, inp.industry, inp.size)
        first = inp.contacts[0] if inp.contacts else None
        assert (row.contact, row.phone) == ((first.name, normalize_phone(first.phone)) if first else ("", ""))
        assert row.created_at.tzinfo is not None


@pytest.mark.parametrize("q", [ClientQuery(text="柳州", sort="district"), ClientQuery(size="small", sort="uscc",
                                                                                     descending=True),
                               ClientQuery(text="有限", sort="created_at")], ids=repr)
@pytest.mark.parametrize("limit", [1, 4, 50])
def test_paging_filtered(registry: Registry, q: ClientQuery, limit: int) -> None:
    total = clients.count_matching(registry.db, q)
    assert total >= 2
    seen: list[int] = []
    offset = 0
    while True:
        page = clients.client_page(registry.db, q, offset, limit)
        if not page:
            break
        assert len(page) <= limit
        seen += [r.id for r in page]
        offset += limit
    assert len(seen) == len(set(seen)) == total
    assert set(seen) == registry.expected(q)
    assert clients.client_page(registry.db, q, total, limit) == []


def test_unknown_sort_is_refused(registry: Registry) -> None:
    with pytest.raises(ValueError, match="cannot sort"):
        clients.client_page(registry.db, ClientQuery(sort="phone"), 0, 10)


# ---- the index follows edits -----------------------------------------------------------------------

def test_broad_plan_finds_what_the_narrow_plan_finds(db: Database, admin_id: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cid = clients.create_client(db, admin_id, ClientInput("柳州ABC便利店", kind="person")).ids[0]
    monkeypatch.setattr(clients, "BROAD_MATCHES", 0)  # as if the search matched thousands of clients
    for term in ("ABC便利", "abc便利", "柳州abc"):
        q = ClientQuery(text=term)
        n = clients.count_matching(db, q)
        assert n == 1, term
        narrow = [r.id for r in clients.client_page(db, q, 0, 10)]
        broad = [r.id for r in clients.client_page(db, q, 0, 10, matches=n)]
        assert narrow == broad == [cid], term


def test_search_follows_updates_and_deletes(db: Database, admin_id: int) -> None:
    cid = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    assert _found(db, ClientQuery(text="龙城螺蛳粉")) == {cid}
    assert _found(db, ClientQuery(text="韦建国")) == {cid}
    clients.update_client(db, admin_id, cid, variant(LUOSIFEN, name="柳州市壶城米粉有限公司",
                                                   contacts=(ContactInput("莫海燕", "13307720000"),)))
    for gone in ("龙城螺蛳粉", "螺蛳", "韦建国", "2881234"):
        assert _found(db, ClientQuery(text=gone)) == set(), gone
    for now in ("壶城米粉", "米粉", "莫海燕", "13307720000"):
        assert _found(db, ClientQuery(text=now)) == {cid}, now
    with db.begin(admin_id) as s:
        s.execute(text("DELETE FROM client WHERE id = :id"), {"id": cid})
    assert _found(db, ClientQuery(text="壶城米粉")) == set()
    with db.read() as s:  # the FTS index holds nothing for the deleted row
        assert s.execute(text("SELECT count(*) FROM client_fts WHERE client_fts MATCH '\"壶城米粉\"'")).scalar() == 0


def test_search_text_is_name_uscc_contacts(db: Database, admin_id: int) -> None:
    cid = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    with db.read() as s:
        stored = s.execute(text("SELECT search_text FROM client WHERE id = :id"), {"id": cid}).scalar_one()
    assert stored == f"柳州市龙城螺蛳粉有限公司 {make_uscc(1)} 覃春梅 13912345678 韦建国 0772-2881234"


def test_short_search_finds_lowercase_letters(db: Database, admin_id: int) -> None:
    cid = clients.create_client(db, admin_id, ClientInput("柳州abc便利店", kind="person")).ids[0]
    assert _found(db, ClientQuery(text="abc")) == {cid}  # passes: FTS path
    assert _found(db, ClientQuery(text="ab")) == {cid}  # fails: instr(search_text, 'AB')

