"""The client registry: validation, create and edit, database CHECKs, search, filters, sorting, paging."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from desktop.models import clients, demo
from desktop.models.clients import (
    MAX_CONTACTS,
    SORT_ORDERS,
    ClientInput,
    ClientQuery,
    ClientRow,
    ContactInput,
    DuplicateClient,
)
from desktop.models.db import Database
from desktop.models.errors import Invalid, NotFound, Refused
from desktop.models.standard import DISTRICTS, INDUSTRIES
from desktop.models.tables import ClientContact
from desktop.models.validators import normalize_phone

from ._helpers import make_uscc, open_station

LUOSIFEN = ClientInput(
    "柳州市龙城螺蛳粉有限公司", make_uscc(1), district="鱼峰区", address="柳州市鱼峰区文昌路88号",
    industry="螺蛳粉产业", size="small",
    contacts=(ContactInput("覃春梅", "139 1234 5678", "总经理"), ContactInput("韦建国", "0772－2881234")),
)


def _with(inp: ClientInput, **changes: object) -> ClientInput:
    return ClientInput(**{**inp.__dict__, **changes})


# ---- create ----------------------------------------------------------------------------------------

def test_create_with_chinese_name_and_contacts(db: Database, admin_id: int) -> None:
    changes = clients.create_client(db, admin_id, LUOSIFEN)
    assert (changes.entity, changes.kind) == ("client", "created")
    detail = clients.get_client(db, changes.ids[0])
    assert detail.name == "柳州市龙城螺蛳粉有限公司"
    assert detail.kind == "enterprise" and detail.uscc == make_uscc(1)
    assert (detail.district, detail.address, detail.industry, detail.size) == (
        "鱼峰区", "柳州市鱼峰区文昌路88号", "螺蛳粉产业", "small")
    # phones are stored normalized (spaces out, full-width hyphen in ASCII)
    assert [(c.name, c.phone, c.title) for c in detail.contacts] == [
        ("覃春梅", "13912345678", "总经理"), ("韦建国", "0772-2881234", "")]
    assert detail.created_by == "管理员"
    assert detail.created_at.tzinfo is not None and detail.updated_at >= detail.created_at
    assert len(detail.uuid) == 36
    assert clients.count_clients(db) == 1
    assert clients.find_by_uscc(db, make_uscc(1).lower()) == detail.id


def test_fields_are_trimmed_and_uscc_normalized(db: Database, admin_id: int) -> None:
    cid = clients.create_client(db, admin_id, _with(
        LUOSIFEN, name="  柳州市龙城螺蛳粉有限公司 ", uscc=f" {make_uscc(1).lower()} ", address=" 文昌路 ",
        contacts=(ContactInput(" 覃春梅 ", "13912345678", " 经理 "),))).ids[0]
    detail = clients.get_client(db, cid)
    assert (detail.name, detail.uscc, detail.address) == ("柳州市龙城螺蛳粉有限公司", make_uscc(1), "文昌路")
    assert (detail.contacts[0].name, detail.contacts[0].title) == ("覃春梅", "经理")


def test_each_bad_field_has_its_own_key(db: Database, admin_id: int) -> None:
    good = make_uscc(1)
    bad_uscc = good[:17] + ("0" if good[17] != "0" else "1")
    inp = ClientInput(
        "  ", bad_uscc, district="桂林市", address="路" * 201, industry="业" * 51, size="huge", kind="enterprise",
        contacts=(ContactInput("覃春梅", "12912345678"), ContactInput("", "0772-2881234", "职" * 51)),
    )
    with pytest.raises(Invalid) as info:
        clients.create_client(db, admin_id, inp)
    errors = info.value.errors
    assert set(errors) == {"name", "uscc", "district", "address", "industry", "size", "contacts.0.phone",
                           "contacts.1.name", "contacts.1.title"}
    assert errors["name"] == "This field is required."
    assert "check character" in errors["uscc"]
    assert errors["address"] == "Too long: at most 200 characters."
    assert errors["address"].params == {"n": 200}
    assert errors["industry"].params == {"n": 50}
    assert errors["contacts.0.phone"] == "A mobile number is 11 digits starting with 13–19."
    assert clients.count_clients(db) == 0


@pytest.mark.parametrize(("changes", "key"), [
    ({"name": ""}, "name"),
    ({"name": "名" * 201}, "name"),
    ({"uscc": "91450200198230011X"}, "uscc"),
    ({"uscc": "9145020019823001"}, "uscc"),
    ({"contacts": (ContactInput("覃春梅", "0772-123"),)}, "contacts.0.phone"),
    ({"contacts": (ContactInput("覃春梅", "13912345678"), ContactInput("韦建国", ""))}, "contacts.1.phone"),
    ({"address": "址" * 201}, "address"),
    ({"kind": "company"}, "kind"),
    ({"size": "巨型"}, "size"),
])
def test_one_bad_field_one_key(db: Database, admin_id: int, changes: dict[str, object], key: str) -> None:
    with pytest.raises(Invalid) as info:
        clients.create_client(db, admin_id, _with(LUOSIFEN, **changes))
    assert set(info.value.errors) == {key}


def test_limits_are_inclusive(db: Database, admin_id: int) -> None:
    cid = clients.create_client(db, admin_id, _with(
        LUOSIFEN, name="名" * 200, address="址" * 200, industry="业" * 50,
        contacts=tuple(ContactInput("人" * 50, f"139{n:08d}", "职" * 50) for n in range(MAX_CONTACTS)))).ids[0]
    detail = clients.get_client(db, cid)
    assert len(detail.name) == 200 and len(detail.contacts) == MAX_CONTACTS
    assert [c.phone for c in detail.contacts] == [f"139{n:08d}" for n in range(MAX_CONTACTS)]


def test_too_many_contacts(db: Database, admin_id: int) -> None:
    contacts = tuple(ContactInput("王伟", f"139{n:08d}") for n in range(MAX_CONTACTS + 1))
    with pytest.raises(Invalid) as info:
        clients.create_client(db, admin_id, _with(LUOSIFEN, contacts=contacts))
    assert set(info.value.errors) == {"contacts"}


def test_duplicate_uscc(db: Database, admin_id: int) -> None:
    first = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    with pytest.raises(DuplicateClient) as info:
        clients.create_client(db, admin_id, _with(LUOSIFEN, name="另一家公司", uscc=make_uscc(1).lower()))
    assert info.value.existing_id == first
    assert info.value.existing_name == "柳州市龙城螺蛳粉有限公司"
    assert set(info.value.errors) == {"uscc"}
    assert isinstance(info.value, Invalid)
    assert clients.count_clients(db) == 1


def test_update_to_another_clients_uscc(db: Database, admin_id: int) -> None:
    first = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    second = clients.create_client(db, admin_id, _with(LUOSIFEN, name="柳州鑫源汽车配件厂", uscc=make_uscc(2))).ids[0]
    with pytest.raises(DuplicateClient) as info:
        clients.update_client(db, admin_id, second, _with(LUOSIFEN, name="柳州鑫源汽车配件厂"))
    assert info.value.existing_id == first
    assert clients.get_client(db, second).uscc == make_uscc(2)
    # keeping its own code is no duplicate
    clients.update_client(db, admin_id, first, _with(LUOSIFEN, size="large"))
    assert clients.get_client(db, first).size == "large"


def test_person_without_uscc_but_not_an_enterprise(db: Database, admin_id: int) -> None:
    cid = clients.create_client(db, admin_id, ClientInput(
        "王伟", kind="person", contacts=(ContactInput("王伟", "13800001111"),))).ids[0]
    detail = clients.get_client(db, cid)
    assert (detail.kind, detail.uscc, detail.size, detail.district) == ("person", "", "", "")
    with pytest.raises(Invalid) as info:
        clients.create_client(db, admin_id, ClientInput("柳州鑫源汽车配件厂"))
    assert info.value.errors == {"uscc": "An enterprise needs its unified social credit code."}
    # two people without a code do not collide on the unique USCC
    clients.create_client(db, admin_id, ClientInput("李娜", kind="person"))
    with pytest.raises(Invalid) as bad:  # a person's code, if given, is checked too
        clients.create_client(db, admin_id, ClientInput("张强", kind="person", uscc="123"))
    assert set(bad.value.errors) == {"uscc"}
    assert clients.count_clients(db) == 2


def test_any_logged_in_role_may_register(db: Database, admin_id: int) -> None:
    with pytest.raises(Refused):
        clients.create_client(db, 999, LUOSIFEN)
    with pytest.raises(Refused):
        clients.create_client(db, None, LUOSIFEN)  # type: ignore[arg-type]
    assert clients.count_clients(db) == 0


# ---- update ----------------------------------------------------------------------------------------

def test_update_keeps_ids_of_kept_contacts(db: Database, admin_id: int) -> None:
    cid = clients.create_client(db, admin_id, _with(LUOSIFEN, contacts=(
        ContactInput("覃春梅", "13912345678"), ContactInput("韦建国", "0772-2881234"),
        ContactInput("蓝志红", "15977201234")))).ids[0]
    a, b, c = clients.get_client(db, cid).contacts
    changes = clients.update_client(db, admin_id, cid, _with(LUOSIFEN, contacts=(
        ContactInput("蓝志红", "15977201234", "会计", c.id),  # moved to the front, title added
        ContactInput("莫海燕", "13307720000"),  # new
        ContactInput("覃春梅", "13912345670", "", a.id),  # phone changed
    )))
    assert (changes.kind, changes.ids) == ("updated", (cid,))
    after = clients.get_client(db, cid).contacts
    assert after[0].id == c.id and after[2].id == a.id
    assert after[1].id not in {a.id, b.id, c.id}
    assert [(x.name, x.phone, x.title) for x in after] == [
        ("蓝志红", "15977201234", "会计"), ("莫海燕", "13307720000", ""), ("覃春梅", "13912345670", "")]
    with db.read() as s:
        rows = s.scalars(select(ClientContact).where(ClientContact.client_id == cid)
                         .order_by(ClientContact.position)).all()
        assert [r.position for r in rows] == [0, 1, 2]
        assert s.get(ClientContact, b.id) is None  # the removed contact is deleted, not orphaned
    # the first contact is the one the table shows
    row = clients.client_page(db, ClientQuery(), 0, 10)[0]
    assert (row.contact, row.phone) == ("蓝志红", "15977201234")


def test_contact_id_of_another_client_is_not_stolen(db: Database, admin_id: int) -> None:
    first = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    second = clients.create_client(db, admin_id, _with(LUOSIFEN, name="柳州鑫源汽车配件厂", uscc=make_uscc(2))).ids[0]
    foreign = clients.get_client(db, first).contacts[0]
    clients.update_client(db, admin_id, second, _with(
        LUOSIFEN, name="柳州鑫源汽车配件厂", uscc=make_uscc(2),
        contacts=(ContactInput("黄丽", "18677290001", "", foreign.id),)))
    assert clients.get_client(db, first).contacts[0] == foreign
    assert clients.get_client(db, second).contacts[0].id != foreign.id


def test_update_unknown_client(db: Database, admin_id: int) -> None:
    with pytest.raises(NotFound):
        clients.update_client(db, admin_id, 404, LUOSIFEN)
    with pytest.raises(NotFound):
        clients.get_client(db, 404)
    assert clients.find_by_uscc(db, make_uscc(1)) is None


def test_update_validates(db: Database, admin_id: int) -> None:
    cid = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    with pytest.raises(Invalid) as info:
        clients.update_client(db, admin_id, cid, _with(LUOSIFEN, name=""))
    assert set(info.value.errors) == {"name"}
    assert clients.get_client(db, cid).name == LUOSIFEN.name


def test_full_width_digits_in_a_phone_are_refused_on_the_phone_or_stored_in_ascii(db: Database,
                                                                                    admin_id: int) -> None:
    # either fix is right: refuse the number beside its field, or normalize it to ASCII digits
    cid = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    typed = (ContactInput("覃春梅", "139１２３４５６７８"),)
    try:
        other = clients.create_client(db, admin_id, _with(LUOSIFEN, uscc=make_uscc(2), contacts=typed)).ids[0]
    except Invalid as created:
        assert set(created.errors) == {"contacts.0.phone"}
    else:
        assert clients.get_client(db, other).contacts[0].phone == "13912345678"
    try:
        clients.update_client(db, admin_id, cid, _with(LUOSIFEN, contacts=typed))
    except Invalid as updated:
        assert set(updated.errors) == {"contacts.0.phone"}
    else:
        assert clients.get_client(db, cid).contacts[0].phone == "13912345678"


# ---- database CHECK constraints (any tool that writes the file) -----------------------------------

NOW = "2026-01-01T00:00:00.000000+00:00"


def _insert_client(raw: sqlite3.Connection, uscc: str | None = None, size: str | None = "small",
                   kind: str = "enterprise", name: str = "柳州鑫源汽车配件厂", address: str = "") -> int:
    cur = raw.execute(
        "INSERT INTO client (uuid, kind, name, uscc, district, address, industry, size, search_text, created_at,"
        " updated_at) VALUES (hex(randomblob(16)), ?, ?, ?, '鱼峰区', ?, '', ?, ?, ?, ?)",
        (kind, name, uscc, address, size, name, NOW, NOW))
    return int(cur.lastrowid)


def _insert_contact(raw: sqlite3.Connection, client_id: int, phone: str, name: str = "王伟") -> None:
    raw.execute("INSERT INTO client_contact (uuid, client_id, position, name, phone, title)"
                " VALUES (hex(randomblob(16)), ?, 0, ?, ?, '')", (client_id, name, phone))


def test_database_accepts_good_rows(db: Database, raw: sqlite3.Connection) -> None:
    cid = _insert_client(raw, make_uscc(1), "large")
    _insert_contact(raw, cid, "13912345678")
    _insert_contact(raw, cid, "0772-2881234")
    _insert_contact(raw, cid, "010-12345678")
    _insert_client(raw, None, None, "person", "王伟")
    raw.commit()
    assert clients.count_clients(db) == 2


@pytest.mark.parametrize("uscc", ["", "9145020300000101", "91450203000001019X0", "914502030000010I9M",
                                  "91450203ma5kb12345", "91450203-0000101-9"])
def test_database_refuses_bad_uscc(raw: sqlite3.Connection, uscc: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="ck_client_uscc"):
        _insert_client(raw, uscc)


@pytest.mark.parametrize("phone", ["", "12912345678", "1391234567", "07721234567", "0772-0123456", "0772 2881234",
                                   "+8613912345678", "139-1234-5678"])
def test_database_refuses_bad_phone(raw: sqlite3.Connection, phone: str) -> None:
    cid = _insert_client(raw, make_uscc(1))
    with pytest.raises(sqlite3.IntegrityError, match="ck_client_contact_phone"):
        _insert_contact(raw, cid, phone)


@pytest.mark.parametrize("size", ["huge", "小型", "", "Micro"])
def test_database_refuses_bad_size(raw: sqlite3.Connection, size: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="ck_client_size"):
        _insert_client(raw, make_uscc(1), size)


@pytest.mark.parametrize(("kwargs", "constraint"), [
    ({"kind": "company"}, "ck_client_kind"),
    ({"name": "   "}, "ck_client_name"),
    ({"name": "名" * 201}, "ck_client_name"),
    ({"address": "址" * 201}, "ck_client_lengths"),
])
def test_database_refuses_other_bad_values(raw: sqlite3.Connection, kwargs: dict[str, str], constraint: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match=constraint):
        _insert_client(raw, make_uscc(1), **kwargs)


def test_database_refuses_duplicate_uscc(raw: sqlite3.Connection) -> None:
    _insert_client(raw, make_uscc(1))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        _insert_client(raw, make_uscc(1))


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
        people = tuple(ContactInput(demo.person_name(rng), demo.phone(rng)) for _ in range(rng.choice((0, 1, 1, 2, 3))))
        if rng.random() < 0.2:
            out.append(ClientInput(demo.person_name(rng), kind="person", district=district, industry=industry,
                                   contacts=people))
            continue
        trade = rng.choice(demo.TRADES.get(industry or "其他", ("实业",)))
        name = f"柳州市{rng.choice(demo.WORDS)}{trade}{rng.choice(demo.FORMS)}"
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
    clients.update_client(db, admin_id, cid, _with(LUOSIFEN, name="柳州市壶城米粉有限公司",
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

