"""The institutions and experts registry: validation, admin-only edits with their audit trail, the qualification
states, referral suggestions, and an institution's record computed from real referrals and evaluations."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from desktop.models.accounts import staff
from desktop.models.catalogue.catalogue import list_catalogue
from desktop.models.clients import clients
from desktop.models.core.clock import from_local
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.institutions import institutions
from desktop.models.institutions.institutions import InstitutionContactInput, InstitutionInput, QualificationInput
from desktop.models.institutions.tables import Institution
from desktop.models.requests import intake, lifecycle
from tests.support.stations import LUOSIFEN, audit_entries

TODAY = date(2026, 3, 16)


def _categories(db: Database) -> list[int]:
    return [c.id for c in list_catalogue(db)]


def _inp(db: Database, name: str = "柳州市产品质量检验研究院", cats: tuple[int, ...] | None = None,
         **fields: object) -> InstitutionInput:
    base: dict[str, object] = {
        "kind": "institution", "name": name, "contact_name": "蓝海燕", "phone": "0772-2612345",
        "email": "zjy@example.cn", "address": "柳州市城中区三中路12号", "note": "",
        "category_ids": cats if cats is not None else tuple(_categories(db)[:2]),
        "qualifications": (QualificationInput("检验检测机构资质认定证书", "CMA-2020-0451",
                                              date(2024, 1, 1), date(2030, 12, 31)),),
        "contacts": (InstitutionContactInput("覃工", "139 1234 5678", "主任"),),
    }
    base.update(fields)
    return InstitutionInput(**base)  # type: ignore[arg-type]


def _qual(until: date | None, name: str = "资质证书") -> tuple[QualificationInput, ...]:
    return (QualificationInput(name, "NO-1", None, until),)


# ---- validation, create, edit -------------------------------------------------------------------------

def test_each_bad_field_has_its_own_key(db: Database) -> None:
    errors = institutions.validate_institution(InstitutionInput(
        kind="lab", name=" ", contact_name="联" * 51, phone="12345", email="not-mail", address="路" * 201,
        note="注" * 1001, category_ids=(),
        qualifications=(QualificationInput("", "号" * 101, date(2026, 5, 1), date(2026, 4, 30)),
                        QualificationInput("有效", "", None, date(2020, 1, 1))),
        contacts=(InstitutionContactInput("", "0772-123"),),
    ))
    assert set(errors) == {
        "kind", "name", "contact_name", "phone", "email", "address", "note", "categories",
        "qualifications.0.name", "qualifications.0.certificate_no", "qualifications.0.valid_until",
        "contacts.0.name", "contacts.0.phone",
    }
    assert errors["qualifications.0.valid_until"] == "The end of validity cannot be before its start."
    assert errors["name"] == "This field is required."
    # phone and e-mail may be left empty; an open-ended qualification is fine
    assert institutions.validate_institution(_inp(db, phone="", email="", qualifications=_qual(None))) == {}


def test_create_and_read_back(db: Database, admin_id: int) -> None:
    cats = _categories(db)
    changes = institutions.create_institution(db, admin_id, _inp(db, name=" 柳州市产品质量检验研究院 "))
    assert (changes.entity, changes.kind) == (Institution, "created")
    d = institutions.get_institution(db, changes.ids[0], TODAY)
    assert (d.kind, d.name, d.contact_name, d.phone, d.email, d.active) == (
        "institution", "柳州市产品质量检验研究院", "蓝海燕", "0772-2612345", "zjy@example.cn", True)
    assert d.category_ids == tuple(cats[:2])
    assert [c.clause for c in d.categories] == ["5.1", "5.2"]
    assert [(q.name, q.certificate_no, q.valid_from, q.valid_until, q.state) for q in d.qualifications] == [
        ("检验检测机构资质认定证书", "CMA-2020-0451", date(2024, 1, 1), date(2030, 12, 31), "")]
    assert [(c.name, c.phone, c.title) for c in d.contacts] == [("覃工", "13912345678", "主任")]
    assert institutions.find_by_name(db, "柳州市产品质量检验研究院 ") == d.id


def test_names_are_unique(db: Database, admin_id: int) -> None:
    first = institutions.create_institution(db, admin_id, _inp(db)).ids[0]
    with pytest.raises(Invalid) as info:
        institutions.create_institution(db, admin_id, _inp(db, name="柳州市产品质量检验研究院  "))
    assert info.value.errors == {"name": "Another institution or expert already has this name."}
    other = institutions.create_institution(db, admin_id, _inp(db, name="韦志强", kind="expert")).ids[0]
    with pytest.raises(Invalid):
        institutions.update_institution(db, admin_id, other, _inp(db, name="柳州市产品质量检验研究院"))
    institutions.update_institution(db, admin_id, first, _inp(db, note="保留原名"))  # its own name is fine
    assert institutions.get_institution(db, first).note == "保留原名"


def test_edit_keeps_children_by_id_and_audits_every_change(db: Database, admin_id: int) -> None:
    cats = _categories(db)
    iid = institutions.create_institution(db, admin_id, _inp(db)).ids[0]
    d = institutions.get_institution(db, iid, TODAY)
    kept = d.qualifications[0]
    institutions.update_institution(db, admin_id, iid, _inp(
        db, cats=(cats[1], cats[4]),
        qualifications=(QualificationInput(kept.name, kept.certificate_no, kept.valid_from, date(2031, 6, 30),
                                           kept.id),
                        QualificationInput("计量授权证书", "JL-88", None, None)),
        contacts=()))
    after = institutions.get_institution(db, iid, TODAY)
    assert after.category_ids == (cats[1], cats[4])
    assert after.qualifications[0].id == kept.id and after.qualifications[0].valid_until == date(2031, 6, 30)
    assert after.qualifications[1].valid_from is None and after.contacts == ()

    assert [e["action"] for e in audit_entries(db, "institution") if e["entity_id"] == iid] == ["create", "event",
                                                                                                 "event"]
    events = [e["changes"] for e in audit_entries(db, "institution", "event")]
    assert events[-1] == {"categories": [sorted(cats[:2]), sorted((cats[1], cats[4]))]}
    assert sorted(e["action"] for e in audit_entries(db, "qualification")) == ["create", "create", "update"]
    assert [e["action"] for e in audit_entries(db, "institution_contact")] == ["create", "delete"]
    assert all(e["actor_id"] == admin_id for e in audit_entries(db, "qualification"))


def test_only_admins_change_the_registry(db: Database, admin_id: int) -> None:
    iid = institutions.create_institution(db, admin_id, _inp(db)).ids[0]
    clerk = staff.create_staff(db, admin_id, "clerk1", "窗口甲", "clerk", "first-pass-1").ids[0]
    with pytest.raises(Refused, match="Only a station admin"):
        institutions.create_institution(db, clerk, _inp(db, name="另一家"))
    with pytest.raises(Refused):
        institutions.update_institution(db, clerk, iid, _inp(db, note="改"))
    with pytest.raises(Refused):
        institutions.set_active(db, clerk, iid, False)
    assert [r.name for r in institutions.list_institutions(db, TODAY)] == ["柳州市产品质量检验研究院"]  # all read
    with pytest.raises(NotFound):
        institutions.set_active(db, admin_id, 999, False)


def test_disabled_ones_leave_the_list_unless_asked(db: Database, admin_id: int) -> None:
    iid = institutions.create_institution(db, admin_id, _inp(db)).ids[0]
    institutions.set_active(db, admin_id, iid, False)
    assert institutions.list_institutions(db, TODAY) == []
    [row] = institutions.list_institutions(db, TODAY, include_inactive=True)
    assert not row.active
    assert [e["changes"] for e in audit_entries(db, "institution", "update")] == [{"active": [True, False]}]
    institutions.set_active(db, admin_id, iid, True)
    assert len(institutions.list_institutions(db, TODAY)) == 1


def test_the_database_refuses_a_reversed_validity(db: Database, admin_id: int, raw) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    iid = institutions.create_institution(db, admin_id, _inp(db)).ids[0]
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("UPDATE qualification SET valid_from = '2031-01-01' WHERE institution_id = ?", (iid,))


# ---- qualification states and the list ------------------------------------------------------------------

def test_list_rows_show_the_worst_qualification_state(db: Database, admin_id: int) -> None:
    cats = _categories(db)
    soon = TODAY + timedelta(days=30)
    institutions.create_institution(db, admin_id, _inp(db, name="甲", qualifications=_qual(date(2030, 1, 1))))
    institutions.create_institution(db, admin_id, _inp(db, name="乙", qualifications=(
        QualificationInput("一", "", None, date(2030, 1, 1)), QualificationInput("二", "", None, soon))))
    institutions.create_institution(db, admin_id, _inp(db, name="丙", qualifications=(
        QualificationInput("一", "", None, TODAY - timedelta(days=1)), QualificationInput("二", "", None, soon))))
    institutions.create_institution(db, admin_id, _inp(db, name="丁", qualifications=_qual(TODAY)))
    institutions.create_institution(db, admin_id, _inp(
        db, name="戊", kind="expert", phone="", qualifications=(), cats=(cats[3],), contact_name="",
        contacts=(InstitutionContactInput("韦志强", "13877221234"),)))
    rows = {r.name: r for r in institutions.list_institutions(db, TODAY)}
    assert [(n, r.qualification_state, r.next_expiry) for n, r in sorted(rows.items())] == sorted([
        ("甲", "", date(2030, 1, 1)), ("乙", "expiring", soon), ("丙", "expired", TODAY - timedelta(days=1)),
        ("丁", "expiring", TODAY), ("戊", "", None)])
    assert rows["甲"].categories == ("计量技术服务", "标准技术服务")
    assert (rows["甲"].contact, rows["甲"].phone) == ("蓝海燕", "0772-2612345")
    # without its own contact person the first contact shows
    assert (rows["戊"].contact, rows["戊"].phone, rows["戊"].kind) == ("韦志强", "13877221234", "expert")
    # a day later than 30 days ahead is not "expiring" yet
    assert institutions.qualification_state(TODAY + timedelta(days=31), TODAY) == ""
    detail = institutions.get_institution(db, rows["丙"].id, TODAY)
    assert [q.state for q in detail.qualifications] == ["expired", "expiring"]


def test_suggestions_put_expired_last(db: Database, admin_id: int) -> None:
    a, b, c = _categories(db)[:3]
    for name, cats, until in (("甲检测院", (a, b), date(2030, 1, 1)), ("乙计量所", (a,), None),
                              ("丙认证中心", (a, b), TODAY - timedelta(days=3)),
                              ("丁专家", (b,), TODAY + timedelta(days=5)), ("戊品牌中心", (c,), None),
                              ("己停用所", (a, b), None)):
        institutions.create_institution(db, admin_id, _inp(db, name=name, cats=cats, qualifications=_qual(until)))
    stopped = institutions.find_by_name(db, "己停用所")
    assert stopped is not None
    institutions.set_active(db, admin_id, stopped, False)

    found = institutions.suggest_for_request(db, [a, b], TODAY)
    assert [(s.name, s.covers, s.expired, s.expiring) for s in found] == [
        ("甲检测院", 2, False, False),
        ("丁专家", 1, False, True),  # by name among equal cover: 丁 sorts before 乙
        ("乙计量所", 1, False, False),
        ("丙认证中心", 2, True, False),  # expired: last whatever it covers
    ]
    assert institutions.suggest_for_request(db, [], TODAY) == []
    assert [s.name for s in institutions.suggest_for_request(db, [c], TODAY)] == ["戊品牌中心"]


# ---- an institution's record -------------------------------------------------------------------------------

def _at(day: date, hour: int = 10) -> datetime:
    """A time at the station on ``day`` (deadlines are the station's dates)."""
    return from_local(datetime(day.year, day.month, day.day, hour))


D0 = date(2026, 3, 2)


def _referred(db: Database, admin_id: int, client_id: int, item_id: int, institution_id: int,
              deadline: date) -> int:
    rid = intake.create_request(db, admin_id, intake.RequestInput(
        client_id, "window", (item_id,), "需要产品检验"), now=_at(D0, 9)).ids[0]
    lifecycle.register(db, admin_id, rid, "请带样品", now=_at(D0, 9))
    lifecycle.refer(db, admin_id, rid, lifecycle.ReferralInput(institution_id, deadline, _at(D0), "phone"),
                    now=_at(D0))
    return rid


def _finish(db: Database, admin_id: int, rid: int, responded: date, scores: tuple[int, int, int, int]) -> None:
    lifecycle.start_service(db, admin_id, rid, "已联系企业", now=_at(responded))
    lifecycle.complete(db, admin_id, rid, "检验完成", now=_at(responded, 15))
    lifecycle.give_feedback(db, admin_id, rid, lifecycle.FeedbackInput("phone", _at(responded, 16), "已告知"),
                            now=_at(responded, 16))
    lifecycle.evaluate(db, admin_id, rid, lifecycle.EvaluationInput("phone", _at(responded, 17), "client", *scores),
                       now=_at(responded, 17))


def test_record_counts_services_timeliness_and_evaluation(db: Database, admin_id: int) -> None:
    client = clients.create_client(db, admin_id, LUOSIFEN).ids[0]
    category = list_catalogue(db)[3]
    item = category.items[0].id
    x = institutions.create_institution(db, admin_id, _inp(db, name="甲检测院", cats=(category.id,))).ids[0]
    y = institutions.create_institution(db, admin_id, _inp(db, name="乙检测院", cats=(category.id,))).ids[0]
    assert institutions.institution_record(db, x, TODAY) == institutions.InstitutionRecord(0, 0, None, None, [])

    on_time = _referred(db, admin_id, client, item, x, D0 + timedelta(days=5))
    _finish(db, admin_id, on_time, D0 + timedelta(days=5), (5, 4, 4, 3))  # on the deadline day: in time
    late = _referred(db, admin_id, client, item, x, D0 + timedelta(days=2))
    _finish(db, admin_id, late, D0 + timedelta(days=4), (3, 3, 3, 3))
    _referred(db, admin_id, client, item, x, D0 + timedelta(days=3))  # never answered, deadline passed: late
    _referred(db, admin_id, client, item, x, TODAY + timedelta(days=3))  # still in time: not judged yet
    passed_on = _referred(db, admin_id, client, item, x, D0 + timedelta(days=1))
    lifecycle.refer(db, admin_id, passed_on, lifecycle.ReferralInput(y, D0 + timedelta(days=6), _at(D0), "sms"),
                    now=_at(D0, 11))
    _finish(db, admin_id, passed_on, D0 + timedelta(days=6), (1, 1, 1, 1))  # y served it, not x

    record = institutions.institution_record(db, x, TODAY)
    assert record.services == 5
    assert record.completed == 2
    assert record.on_time_rate == pytest.approx(1 / 4)
    assert record.average_evaluation == pytest.approx((4.0 + 3.0) / 2)
    numbers = [r.number for r in record.recent]
    assert len(numbers) == 5 and numbers == sorted(numbers, reverse=True)  # newest first
    by_id = {r.request_id: r for r in record.recent}
    assert by_id[on_time].on_time is True and by_id[on_time].status == "evaluated"
    assert by_id[late].on_time is False and by_id[late].responded_at is not None
    assert by_id[passed_on].on_time is False and by_id[passed_on].client == LUOSIFEN.name

    other = institutions.institution_record(db, y, TODAY)
    assert (other.services, other.completed, other.on_time_rate, other.average_evaluation) == (1, 1, 1.0, 1.0)
    with pytest.raises(NotFound):
        institutions.institution_record(db, 999, TODAY)
