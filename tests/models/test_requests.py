"""Intake of service requests (§7.1), their due dates at each stage, corrections, search text, and the
append-only timeline as the database enforces it."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy.exc
from sqlalchemy import select, text

from desktop.models.accounts import staff
from desktop.models.catalogue import catalogue
from desktop.models.clients import clients
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.requests import intake, lifecycle, request_detail, workdays
from desktop.models.requests.attachments import add_attachment
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.tables import Evaluation, Referral, RequestAttachment, RequestEvent
from desktop.models.requests.workdays import Limits
from tests.support.requests import (
    ITEM,
    ITEM_CAT2,
    MONDAY,
    NOW,
    Station,
    clone,
    drive,
    events,
    local_noon,
    make_station,
    new_request,
    perform,
    referral_input,
    snapshot,
)
from tests.support.stations import LUOSIFEN, variant


@pytest.fixture(scope="module")
def st(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    """Shared by the tests that change no settings (time limits, calendar)."""
    station = make_station(tmp_path_factory.mktemp("requests") / "station.sqlite3")
    yield station
    station.db.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    station = make_station(tmp_path_factory.mktemp("requests") / "template.sqlite3", roles=())
    yield station
    station.db.close()


@pytest.fixture
def own(template: Station, tmp_path: Path) -> Iterator[Station]:
    """A station of its own (admin only), for tests that change the time limits, calendar or catalogue."""
    station = clone(template, tmp_path / "own.sqlite3")
    yield station
    station.db.close()


def fts(db: Database, term: str) -> set[int]:
    with db.read() as s:
        return set(s.scalars(text("SELECT rowid FROM request_fts WHERE request_fts MATCH :q"),
                             {"q": '"' + term.replace('"', '""') + '"'}))


def fts_integrity(db: Database) -> None:
    with db.begin(None) as s:
        s.execute(text("INSERT INTO request_fts(request_fts) VALUES ('integrity-check')"))


# ---- intake ----------------------------------------------------------------------------------------------

def test_create_request(st: Station) -> None:
    clerk = st.ids["clerk"]
    rid = new_request(st, actor=clerk, items=(ITEM, ITEM_CAT2), description="  咨询计量器具检定周期 ",
                      contact_name=" 覃春梅 ", contact_phone="139 1234 5678", assessment=" 一般咨询 ")
    d = request_detail.get_request(st.db, rid)
    assert re.fullmatch(r"LZ-YF01-20261123-\d{4}", d.number)
    assert (d.client_id, d.client_name, d.channel, d.status, d.version) == (
        st.client_id, LUOSIFEN.name, "window", "received", 1)
    assert (d.description, d.contact_name, d.contact_phone, d.assessment) == (
        "咨询计量器具检定周期", "覃春梅", "13912345678", "一般咨询")
    assert d.received_at == NOW and d.received_by == d.handler == "clerk 甲" and d.handler_id == clerk
    assert [i.id for i in d.items] == [ITEM, ITEM_CAT2] and [i.category_id for i in d.items] == [1, 2]
    (first,) = d.events
    assert (first.kind, first.from_status, first.to_status, first.actor, first.at, first.text) == (
        "received", None, "received", "clerk 甲", NOW, "咨询计量器具检定周期")
    assert first.data == {"channel": "window", "items": [ITEM, ITEM_CAT2]}
    assert request_detail.request_id_by_uuid(st.db, d.uuid) == rid
    with st.db.read() as s:
        row = s.execute(text("SELECT district, search_text FROM service_request WHERE id = :id"),
                        {"id": rid}).one()
    assert row.district == "鱼峰区"
    assert row.search_text == f"{d.number} {LUOSIFEN.name} 咨询计量器具检定周期 覃春梅 13912345678"
    assert rid in fts(st.db, "检定周期") and rid in fts(st.db, d.number)


def counter(db: Database) -> list[tuple[str, int]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(text("SELECT day, last FROM request_counter ORDER BY day"))]


@pytest.mark.parametrize(("changes", "keys"), [
    ({"client_id": None}, {"client"}),
    ({"client_id": 999_999}, {"client"}),
    ({"channel": "email"}, {"channel"}),
    ({"item_ids": ()}, {"items"}),
    ({"item_ids": tuple(range(1, 22))}, {"items"}),
    ({"item_ids": (999_999,)}, {"items"}),
    ({"description": "  \n"}, {"description"}),
    ({"description": "述" * 4001}, {"description"}),
    ({"contact_name": "名" * 51}, {"contact_name"}),
    ({"contact_phone": "12345"}, {"contact_phone"}),
    ({"assessment": "评" * 2001}, {"assessment"}),
    ({"received_at": NOW + timedelta(minutes=1)}, {"received_at"}),
    ({"client_id": None, "channel": "", "item_ids": (), "description": ""},
     {"client", "channel", "items", "description"}),
])
def test_create_request_bad_input(st: Station, changes: dict[str, object], keys: set[str]) -> None:
    values: dict[str, object] = {"client_id": st.client_id, "channel": "phone", "item_ids": (ITEM,),
                                 "description": "咨询"}
    before_counter = counter(st.db)
    with st.db.read() as s:
        before = s.scalar(text("SELECT count(*) FROM service_request"))
    with pytest.raises(Invalid) as info:
        intake.create_request(st.db, st.admin, RequestInput(**{**values, **changes}), now=NOW)  # type: ignore[arg-type]
    assert set(info.value.errors) == keys
    with st.db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM service_request")) == before
    assert counter(st.db) == before_counter  # no number used up


def test_create_request_retired_item_and_inactive_actor(own: Station) -> None:
    catalogue.set_retired(own.db, own.admin, ITEM_CAT2, True)
    with pytest.raises(Invalid) as info:
        new_request(own, items=(ITEM, ITEM_CAT2))
    assert set(info.value.errors) == {"items"}
    with pytest.raises(Refused):
        new_request(own, actor=999_999)
    assert counter(own.db) == []


# ---- due dates -----------------------------------------------------------------------------------------

def test_due_dates_at_intake(own: Station) -> None:
    rid = new_request(own)
    d = request_detail.get_request(own.db, rid)
    # default limits: response 1, completion 20 working days from Monday 23 November
    assert d.response_due == d.due_on == date(2026, 11, 24)
    assert d.completion_due == date(2026, 12, 21)
    assert d.handover_due is None and d.feedback_due is None
    # received on a Saturday: the day counts from the next working day
    saturday = new_request(own, now=local_noon(date(2026, 11, 28)))
    assert request_detail.get_request(own.db, saturday).response_due == date(2026, 11, 30)
    # a written survey entered on Monday but received the Friday before: due from Friday, numbered Monday
    late = new_request(own, received_at=local_noon(date(2026, 11, 20), 9))
    d = request_detail.get_request(own.db, late)
    assert d.response_due == date(2026, 11, 23) and d.completion_due == date(2026, 12, 18)
    assert "-20261123-" in d.number and d.received_at == local_noon(date(2026, 11, 20), 9)


def test_strictest_limits_of_several_categories(own: Station) -> None:
    workdays.set_limits(own.db, own.admin, 1, Limits(2, 5, 4, 30))
    workdays.set_limits(own.db, own.admin, 2, Limits(3, 2, 6, 10))
    workdays.set_calendar_day(own.db, own.admin, date(2026, 11, 25), "holiday", "测试假日")
    both = new_request(own, items=(ITEM, ITEM_CAT2))
    d = request_detail.get_request(own.db, both)
    # Limits(2, 2, 4, 10) counted from Monday over the Wednesday holiday
    assert d.response_due == date(2026, 11, 26) and d.completion_due == date(2026, 12, 8)
    lifecycle.register(own.db, own.admin, both, "一次性告知", now=NOW)
    assert request_detail.get_request(own.db, both).handover_due == date(2026, 11, 26)
    lifecycle.refer(own.db, own.admin, both, referral_input(own), now=NOW)
    d = request_detail.get_request(own.db, both)
    assert d.feedback_due == d.due_on == d.referrals[-1].deadline == date(2026, 11, 30)
    only_one = new_request(own, items=(ITEM,))
    assert request_detail.get_request(own.db, only_one).response_due == date(2026, 11, 26)  # 2 days, one holiday
    # changed limits keep the dates already promised
    workdays.set_limits(own.db, own.admin, 1, Limits(9, 9, 9, 90))
    assert request_detail.get_request(own.db, only_one).response_due == date(2026, 11, 26)


def test_due_dates_count_the_station_calendar(own: Station) -> None:
    workdays.set_calendar_day(own.db, own.admin, date(2026, 11, 28), "workday", "调休上班")
    workdays.set_calendar_day(own.db, own.admin, date(2026, 11, 30), "holiday", "测试假日")
    rid = new_request(own, now=local_noon(date(2026, 11, 27)))  # Friday: the make-up Saturday is next
    assert request_detail.get_request(own.db, rid).response_due == date(2026, 11, 28)
    lifecycle.register(own.db, own.admin, rid, "一次性告知", now=local_noon(date(2026, 11, 27), 15))
    # Saturday, (Sunday off, Monday a holiday) Tuesday, Wednesday
    assert request_detail.get_request(own.db, rid).handover_due == date(2026, 12, 2)


def test_due_on_follows_the_stage(st: Station) -> None:
    day = {n: local_noon(MONDAY + timedelta(days=n)) for n in range(10)}
    rid = new_request(st, now=day[0])

    def due() -> tuple[date | None, ...]:
        d = request_detail.get_request(st.db, rid)
        return d.due_on, d.response_due, d.handover_due, d.feedback_due, d.completion_due

    completion = date(2026, 12, 21)
    assert due() == (date(2026, 11, 24), date(2026, 11, 24), None, None, completion)
    lifecycle.register(st.db, st.admin, rid, "请携带清单", now=day[1])  # Tuesday: hand-over in 3 working days
    assert due() == (date(2026, 11, 27), date(2026, 11, 24), date(2026, 11, 27), None, completion)
    lifecycle.await_instruction(st.db, st.admin, rid, "请示", now=day[2])  # the clock stops
    assert due()[0] is None
    lifecycle.instruction_received(st.db, st.admin, rid, "批复", now=day[3])  # Thursday: starts again
    assert due()[:3] == (date(2026, 12, 1), date(2026, 11, 24), date(2026, 12, 1))
    lifecycle.refer(st.db, st.admin, rid, referral_input(st, day[4]), now=day[4])  # Friday: feedback in 5
    assert due()[0] == due()[3] == date(2026, 12, 4)
    again = referral_input(st, day[7], deadline=date(2026, 12, 10))  # Monday: another institution, own deadline
    lifecycle.refer(st.db, st.admin, rid, again, now=day[7])
    assert due()[0] == due()[3] == date(2026, 12, 10)
    lifecycle.start_service(st.db, st.admin, rid, "开始服务", now=day[8])
    assert due()[0] == completion
    d = request_detail.get_request(st.db, rid)
    assert [r.deadline for r in d.referrals] == [date(2026, 12, 4), date(2026, 12, 10)]
    assert [r.responded_at for r in d.referrals] == [None, day[8]]  # the current referral answered
    for action in ("complete", "give_feedback", "evaluate", "archive"):
        perform(st, action, st.admin, rid, day[9])
        assert due()[0] is None, action
    d = request_detail.get_request(st.db, rid)
    assert d.completed_at == d.closed_at == day[9]
    for status in ("answered", "escalated", "awaiting_instruction", "withdrawn"):
        assert request_detail.get_request(st.db, drive(st, status)).due_on is None, status


def test_start_service_keeps_the_first_response_time(st: Station) -> None:
    rid = drive(st, "referred")
    lifecycle.start_service(st.db, st.admin, rid, "开始服务", now=NOW)
    with st.db.read() as s:
        assert s.scalars(select(Referral.responded_at).where(Referral.request_id == rid)).all() == [NOW]


# ---- corrections ---------------------------------------------------------------------------------------

def test_update_request(st: Station) -> None:
    rid = new_request(st, contact_name="覃春梅")
    number = request_detail.get_request(st.db, rid).number
    inp = RequestInput(None, "window", (ITEM, ITEM_CAT2), " 咨询标准自我声明 ", "韦建国", "0772－2881234", "需转办")
    assert lifecycle.update_request(st.db, st.ids["clerk"], rid, inp).ids == (rid,)
    d = request_detail.get_request(st.db, rid)
    assert (d.description, d.contact_name, d.contact_phone, d.assessment, d.version) == (
        "咨询标准自我声明", "韦建国", "0772-2881234", "需转办", 2)
    assert [i.id for i in d.items] == [ITEM, ITEM_CAT2] and d.status == "received"
    edited = d.events[-1]
    assert (edited.kind, edited.from_status, edited.to_status, edited.actor) == ("edited", "received", None,
                                                                                  "clerk 甲")
    assert edited.data == {"description": ["咨询计量器具检定周期", "咨询标准自我声明"],
                           "contact_name": ["覃春梅", "韦建国"], "contact_phone": [None, "0772-2881234"],
                           "assessment": ["", "需转办"], "items": [[ITEM], [ITEM, ITEM_CAT2]]}
    assert rid in fts(st.db, "标准自我声明") and rid not in fts(st.db, "检定周期")
    with st.db.read() as s:
        assert s.scalar(text("SELECT search_text FROM service_request WHERE id = :id"), {"id": rid}) == (
            f"{number} {LUOSIFEN.name} 咨询标准自我声明 韦建国 0772-2881234")
        cats = s.scalars(text("SELECT category_id FROM request_category WHERE request_id = :id ORDER BY 1"),
                         {"id": rid}).all()
    assert cats == [1, 2]
    fts_integrity(st.db)
    # the same input again changes nothing and writes nothing
    assert lifecycle.update_request(st.db, st.admin, rid, inp).ids == ()
    assert request_detail.get_request(st.db, rid).version == 2 and len(events(st.db, rid)) == 2


def test_update_request_bad_input(st: Station) -> None:
    rid = new_request(st)
    before = snapshot(st.db, rid)
    for inp, key in [(RequestInput(None, "window", (), "述"), "items"),
                     (RequestInput(None, "window", (ITEM,), " "), "description"),
                     (RequestInput(None, "mail", (ITEM,), "述"), "channel"),
                     (RequestInput(None, "window", (ITEM,), "述", contact_phone="110"), "contact_phone"),
                     (RequestInput(None, "window", (999_999,), "述"), "items")]:
        with pytest.raises(Invalid) as info:
            lifecycle.update_request(st.db, st.admin, rid, inp)
        assert set(info.value.errors) == {key}
    assert snapshot(st.db, rid) == before


def test_update_request_keeps_retired_items(own: Station) -> None:
    rid = new_request(own, items=(ITEM,))
    catalogue.set_retired(own.db, own.admin, ITEM, True)
    # a correction may keep the item retired since, but not add another retired one
    lifecycle.update_request(own.db, own.admin, rid, RequestInput(None, "window", (ITEM,), "新的描述"))
    assert request_detail.get_request(own.db, rid).description == "新的描述"
    catalogue.set_retired(own.db, own.admin, ITEM_CAT2, True)
    with pytest.raises(Invalid) as info:
        lifecycle.update_request(own.db, own.admin, rid, RequestInput(None, "window", (ITEM, ITEM_CAT2), "新的描述"))
    assert set(info.value.errors) == {"items"}
    assert [i.id for i in request_detail.get_request(own.db, rid).items] == [ITEM]


# ---- the client's name and district follow it ------------------------------------------------------------

def test_client_rename_and_move_reach_its_requests(own: Station) -> None:
    first, second = new_request(own), new_request(own, description="第二个需求：标准咨询")
    other_client = clients.create_client(own.db, own.admin, variant(LUOSIFEN, name="柳州市鹿寨县某机械厂",
                                                                       uscc="", kind="person")).ids[0]
    other = intake.create_request(own.db, own.admin, RequestInput(other_client, "phone", (ITEM,), "其他"),
                                    now=NOW).ids[0]
    clients.update_client(own.db, own.admin, own.client_id,
                          variant(LUOSIFEN, name="柳州市龙城螺蛳粉集团有限公司", district="柳南区"))
    assert fts(own.db, "螺蛳粉集团") == {first, second}
    assert fts(own.db, "鹿寨县某机械") == {other}
    with own.db.read() as s:
        rows = s.execute(text("SELECT id, number, district, search_text FROM service_request ORDER BY id")).all()
    for row in rows:
        if row.id == other:
            assert row.district == "鱼峰区" and row.search_text.startswith(f"{row.number} 柳州市鹿寨县某机械厂 ")
        else:
            assert row.district == "柳南区"
            assert row.search_text.startswith(f"{row.number} 柳州市龙城螺蛳粉集团有限公司 ")
    assert rows[1].search_text.endswith(" 第二个需求：标准咨询")
    assert request_detail.get_request(own.db, first).client_name == "柳州市龙城螺蛳粉集团有限公司"
    fts_integrity(own.db)


# ---- the timeline is append-only in the database ---------------------------------------------------------

def test_timeline_rows_cannot_be_changed(st: Station, tmp_path: Path) -> None:
    rid = drive(st, "evaluated")
    source = tmp_path / "a.txt"
    source.write_text("附件", encoding="utf-8")
    add_attachment(st.db, st.admin, rid, source, tmp_path / "store")
    before = snapshot(st.db, rid)
    raw = sqlite3.connect(st.path)
    try:
        for table, column in (("request_event", "text"), ("evaluation", "comment"), ("request_attachment",
                                                                                    "file_name")):
            for sql in (f"UPDATE {table} SET {column} = 'x' WHERE request_id = ?",
                        f"DELETE FROM {table} WHERE request_id = ?"):
                with pytest.raises(sqlite3.IntegrityError, match=f"{table} is append-only"):
                    raw.execute(sql, (rid,))
                raw.rollback()
    finally:
        raw.close()
    for model in (RequestEvent, Evaluation, RequestAttachment):
        for change in ("update", "delete"):
            with pytest.raises(sqlalchemy.exc.IntegrityError, match="is append-only"), st.db.begin(st.admin) as s:
                row = s.scalars(select(model).where(model.request_id == rid)).first()
                assert row is not None
                if change == "delete":
                    s.delete(row)
                elif model is RequestEvent:
                    row.text = "改写"  # type: ignore[union-attr]
                elif model is Evaluation:
                    row.attitude = 1  # type: ignore[union-attr]
                else:
                    row.file_name = "改名.txt"  # type: ignore[union-attr]
    assert snapshot(st.db, rid) == before
    # appending stays possible
    lifecycle.add_note(st.db, st.admin, rid, "仍可追加备注")
    assert len(events(st.db, rid)) == before["request_event"] + 1


def test_get_request_unknown(st: Station) -> None:
    with pytest.raises(NotFound):
        request_detail.get_request(st.db, 999_999)
    assert request_detail.request_id_by_uuid(st.db, "no-such-uuid") is None


def test_received_by_someone_later_disabled(own: Station) -> None:
    clerk = staff.create_staff(own.db, own.admin, "temp", "临时", "clerk", "pass-word-1").ids[0]
    rid = new_request(own, actor=clerk)
    staff.set_active(own.db, own.admin, clerk, False)
    assert request_detail.get_request(own.db, rid).received_by == "临时"
    with pytest.raises(Refused):
        lifecycle.add_note(own.db, clerk, rid, "备注")
