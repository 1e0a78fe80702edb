"""The client registry: validation, create and edit, database CHECKs (search: test_client_search.py)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from desktop.models.clients import clients
from desktop.models.clients.clients import MAX_CONTACTS, ClientInput, ClientQuery, ContactInput, DuplicateClient
from desktop.models.clients.tables import Client, ClientContact
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from tests.support.stations import LUOSIFEN, make_uscc, variant

# ---- create ----------------------------------------------------------------------------------------

def test_create_with_chinese_name_and_contacts(db: Database, admin_id: int) -> None:
    changes = clients.create_client(db, admin_id, LUOSIFEN)
    assert (changes.entity, changes.kind) == (Client, "created")
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
    cid = clients.create_client(db, admin_id, variant(
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
        clients.create_client(db, admin_id, variant(LUOSIFEN, **changes))
    assert set(info.value.errors) == {key}


def test_limits_are_inclusive(db: Database, admin_id: int) -> None:
    cid = clients.create_client(db, admin_id, variant(
        LUOSIFEN, name="名" * 200, address="址" * 200, industry="业" * 50,
        contacts=tuple(ContactInput("人" * 50, f"139{n:08d}", "职" * 50) for n in range(MAX_CONTACTS)))).ids[0]
    detail = clients.get_client(db, cid)
    assert len(detail.name) == 200 and len(detail.contacts) == MAX_CONTACTS
    assert [c.phone for c in detail.contacts] == [f"139{n:08d}" for n in range(MAX_CONTACTS)]


def test_too_many_contacts(db: Database, admin_id: int) -> None:
    contacts = tuple(ContactInput("王伟", f"139{n:08d}") for n in range(MAX_CONTACTS + 1))
    with pytest.raises(Invalid) as info:
        clients.create_client(db, admin_id, variant(LUOSIFEN, contacts=contacts))
    assert set(info.value.errors) == {"contacts"}


def test_duplicate_uscc(db: Database, admin_id: int) -> None:
    first = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    with pytest.raises(DuplicateClient) as info:
        clients.create_client(db, admin_id, variant(LUOSIFEN, name="另一家公司", uscc=make_uscc(1).lower()))
    assert info.value.existing_id == first
    assert info.value.existing_name == "柳州市龙城螺蛳粉有限公司"
    assert set(info.value.errors) == {"uscc"}
    assert isinstance(info.value, Invalid)
    assert clients.count_clients(db) == 1


def test_update_to_another_clients_uscc(db: Database, admin_id: int) -> None:
    first = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    second = clients.create_client(db, admin_id, variant(LUOSIFEN, name="柳州鑫源汽车配件厂", uscc=make_uscc(2))).ids[0]
    with pytest.raises(DuplicateClient) as info:
        clients.update_client(db, admin_id, second, variant(LUOSIFEN, name="柳州鑫源汽车配件厂"))
    assert info.value.existing_id == first
    assert clients.get_client(db, second).uscc == make_uscc(2)
    # keeping its own code is no duplicate
    clients.update_client(db, admin_id, first, variant(LUOSIFEN, size="large"))
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
    cid = clients.create_client(db, admin_id, variant(LUOSIFEN, contacts=(
        ContactInput("覃春梅", "13912345678"), ContactInput("韦建国", "0772-2881234"),
        ContactInput("蓝志红", "15977201234")))).ids[0]
    a, b, c = clients.get_client(db, cid).contacts
    changes = clients.update_client(db, admin_id, cid, variant(LUOSIFEN, contacts=(
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
    second = clients.create_client(db, admin_id, variant(LUOSIFEN, name="柳州鑫源汽车配件厂", uscc=make_uscc(2))).ids[0]
    foreign = clients.get_client(db, first).contacts[0]
    clients.update_client(db, admin_id, second, variant(
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
        clients.update_client(db, admin_id, cid, variant(LUOSIFEN, name=""))
    assert set(info.value.errors) == {"name"}
    assert clients.get_client(db, cid).name == LUOSIFEN.name


def test_full_width_digits_in_a_phone_are_refused_on_the_phone_or_stored_in_ascii(db: Database,
                                                                                    admin_id: int) -> None:
    # either fix is right: refuse the number beside its field, or normalize it to ASCII digits
    cid = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    typed = (ContactInput("覃春梅", "139１２３４５６７８"),)
    try:
        other = clients.create_client(db, admin_id, variant(LUOSIFEN, uscc=make_uscc(2), contacts=typed)).ids[0]
    except Invalid as created:
        assert set(created.errors) == {"contacts.0.phone"}
    else:
        assert clients.get_client(db, other).contacts[0].phone == "13912345678"
    try:
        clients.update_client(db, admin_id, cid, variant(LUOSIFEN, contacts=typed))
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
