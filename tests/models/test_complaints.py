"""Registering complaints (§7.5.2): numbers, the three kinds of complainant, what a complaint is about, the time
limit of each stage on the station's calendar, fairness to the staff member complained about, and an ended
complaint kept as it is (the service and the database both refuse to change it)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.models.complaints import intake, lifecycle
from desktop.models.complaints.intake import load_visible
from desktop.models.complaints.lifecycle import Assessment
from desktop.models.complaints.tables import Complaint, ComplaintEvent
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.requests import workdays
from tests.support.complaints import complaint_input, drive, new_complaint, perform
from tests.support.requests import MONDAY, NOW, Station, local_noon, make_station, new_request


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    st = make_station(tmp_path_factory.mktemp("complaints") / "station.sqlite3")
    yield st
    st.db.close()


def _complaint(st: Station, cid: int) -> Complaint:
    with st.db.read() as s:
        c = s.get(Complaint, cid)
        assert c is not None
        s.expunge(c)
        return c


def test_numbers_run_per_day_and_carry_the_station_code(station: Station) -> None:
    later = local_noon(MONDAY + timedelta(days=1))
    first, second = new_complaint(station, now=later), new_complaint(station, now=later)
    a, b = _complaint(station, first), _complaint(station, second)
    assert a.number.endswith("-TS-20261124-0001") and b.number.endswith("-TS-20261124-0002")
    assert a.number.split("-TS-")[0] == b.number.split("-TS-")[0] != ""
    assert a.uuid != b.uuid and len(a.uuid) == 36


def test_the_three_kinds_of_complainant(station: Station) -> None:
    client = _complaint(station, new_complaint(station, "client"))
    assert client.client_id == station.client_id and "龙城螺蛳粉有限公司 覃春梅 窗口" in client.search_text
    person = _complaint(station, new_complaint(station, "person"))
    assert person.client_id is None and person.complainant_phone == "13907721234"
    anonymous = _complaint(station, new_complaint(station, "anonymous"))
    assert anonymous.complainant_name == "" and anonymous.complainant_phone is None


@pytest.mark.parametrize(("kind", "changes", "fields"), [
    ("person", {"complainant_name": "  "}, {"complainant_name"}),
    ("client", {"client_id": None}, {"client"}),
    ("anonymous", {"complainant_name": "韦某"}, {"complainant_name"}),
    ("anonymous", {"complainant_phone": "13907721234"}, {"complainant_phone"}),
    ("person", {"complainant_phone": "12345"}, {"complainant_phone"}),
    ("person", {"about_station": False}, {"subject"}),
    ("person", {"what_happened": " \n "}, {"what_happened"}),
    ("person", {"what_happened": "投诉" * 2001}, {"what_happened"}),
    ("person", {"channel": "fax"}, {"channel"}),
    ("person", {"complainant_kind": "robot"}, {"complainant_kind"}),
    ("person", {"wants": "a\x07b"}, {"wants"}),
    ("person", {"received_at": NOW + timedelta(days=2)}, {"received_at"}),
])
def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(station: Station, kind: str, changes: dict,
                                                                 fields: set[str]) -> None:
    with station.db.read() as s:
        before = len(s.scalars(select(Complaint.id)).all())
    with pytest.raises(Invalid) as refused:
        intake.create_complaint(station.db, station.ids["clerk"], complaint_input(station, kind, **changes), now=NOW)
    assert set(refused.value.errors) == fields
    with station.db.read() as s:
        assert len(s.scalars(select(Complaint.id)).all()) == before


def test_what_a_complaint_names_must_exist(station: Station) -> None:
    with pytest.raises(Invalid) as refused:
        new_complaint(station, about_request_id=999_999, about_institution_id=999_999, category_id=999_999)
    assert set(refused.value.errors) == {"about_request", "about_institution", "category"}
    rid = new_request(station)
    cid = new_complaint(station, about_request_id=rid, about_institution_id=station.institution_id, category_id=1)
    assert _complaint(station, cid).about_request_id == rid


def test_a_field_officer_cannot_register_a_complaint(station: Station) -> None:
    with pytest.raises(Refused):
        new_complaint(station, actor=station.ids["field_officer"])


def test_the_staff_member_complained_about_never_sees_it(station: Station) -> None:
    clerk = station.ids["clerk"]
    cid = new_complaint(station, about_staff_id=clerk, actor=station.admin)
    with station.db.read() as s:
        with pytest.raises(NotFound, match="No such complaint"):
            load_visible(s, clerk, cid)
        load_visible(s, station.admin, cid)
    for step in ("accept", "withdraw", "note"):  # the clerk's own steps: refused as if it did not exist
        with pytest.raises(NotFound):
            perform(station, step, clerk, cid)
    with pytest.raises(Invalid, match="colleague"):
        new_complaint(station, about_staff_id=clerk, actor=clerk)


def test_the_staff_member_complained_about_cannot_investigate_it(station: Station) -> None:
    officer = station.ids["field_officer"]
    cid = new_complaint(station, about_staff_id=officer)
    perform(station, "accept", station.ids["clerk"], cid)
    with pytest.raises(Invalid) as refused:
        lifecycle.assess(station.db, station.admin, cid, Assessment("minor", "normal", "unclear", officer), now=NOW)
    assert set(refused.value.errors) == {"assigned_to"}
    assert _complaint(station, cid).status == "accepted"


def test_each_stage_is_due_after_its_working_days_on_the_calendar(station: Station) -> None:
    # Monday 23 November: a holiday on Wednesday 25th and a make-up workday on Saturday 28th
    workdays.set_calendar_day(station.db, station.admin, date(2026, 11, 25), "holiday", "测试假日")
    workdays.set_calendar_day(station.db, station.admin, date(2026, 11, 28), "workday", "调休")
    try:
        intake.set_time_limit(station.db, station.admin, "assess", 3)
        cid = new_complaint(station)
        # accept: 7 working days from Monday 23rd, skipping the 25th and counting Saturday 28th
        assert _complaint(station, cid).due_on == date(2026, 12, 2)
        perform(station, "accept", station.ids["clerk"], cid)
        assert _complaint(station, cid).due_on == date(2026, 11, 27)  # 24, 26, 27
    finally:
        intake.set_time_limit(station.db, station.admin, "assess", 2)
        workdays.clear_calendar_day(station.db, station.admin, date(2026, 11, 25))
        workdays.clear_calendar_day(station.db, station.admin, date(2026, 11, 28))


@pytest.mark.parametrize("days", [0, 366, -1, True, "3"])
def test_a_time_limit_is_one_to_365_working_days_set_by_an_admin(station: Station, days: object) -> None:
    with pytest.raises(Invalid):
        intake.set_time_limit(station.db, station.admin, "assess", days)  # type: ignore[arg-type]
    with pytest.raises(Refused):
        intake.set_time_limit(station.db, station.ids["clerk"], "assess", 4)
    assert intake.time_limits(station.db)[intake.Stage.ASSESS] == 2


def test_forwarding_sets_the_reply_deadline(station: Station) -> None:
    cid = drive(station, "forwarded")
    c = _complaint(station, cid)
    assert c.institution_id == station.institution_id and c.reply_due == c.due_on == date(2026, 12, 7)
    with pytest.raises(Invalid) as refused:
        lifecycle.forward(station.db, station.ids["clerk"], drive(station, "investigated"), station.institution_id,
                          MONDAY - timedelta(days=1), now=NOW)
    assert set(refused.value.errors) == {"deadline"}


@pytest.mark.parametrize("status", ["closed", "not_accepted", "withdrawn"])
def test_an_ended_complaint_is_kept_as_it_is(station: Station, status: str) -> None:
    cid = drive(station, status)
    c = _complaint(station, cid)
    assert c.closed_at is not None and c.due_on is None
    with pytest.raises(Refused, match="closed"):
        perform(station, "note", station.admin, cid)
    conn = sqlite3.connect(station.path)
    try:
        for sql in ("UPDATE complaint SET what_happened = 'x' WHERE id = ?", "DELETE FROM complaint WHERE id = ?",
                    "UPDATE complaint_event SET text = 'x' WHERE complaint_id = ?",
                    "DELETE FROM complaint_event WHERE complaint_id = ?"):
            with pytest.raises(sqlite3.DatabaseError):
                conn.execute(sql, (cid,))
    finally:
        conn.close()


def test_a_correction_is_on_the_timeline_with_what_it_was(station: Station) -> None:
    cid = new_complaint(station)
    lifecycle.edit(station.db, station.ids["clerk"], cid, complaint_input(station, wants="书面道歉"), now=NOW)
    with station.db.read() as s:
        last = s.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == cid)
                         .order_by(ComplaintEvent.id.desc())).first()
        assert last is not None and last.kind == "edited"
        assert '"wants": ["希望改进服务态度", "书面道歉"]' in last.data
    assert "书面道歉" in _complaint(station, cid).search_text
    with pytest.raises(Invalid, match="withdraw"):
        lifecycle.edit(station.db, station.ids["clerk"], cid, complaint_input(station, "anonymous"), now=NOW)


def test_files_are_attached_as_a_requests_are_and_only_by_who_may_see(station: Station, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.models.complaints import attachments

    folder = tmp_path / "attachments"
    evidence = tmp_path / "录音.mp3"
    evidence.write_bytes(b"\x00\x01" * 500)
    cid = new_complaint(station, about_staff_id=station.ids["clerk"], actor=station.admin)
    attachments.add_attachment(station.db, station.admin, cid, evidence, folder)
    with station.db.read() as s:
        rows = s.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == cid,
                                                      ComplaintEvent.kind == "attachment")).all()
        assert [r.text for r in rows] == ["录音.mp3"]
        attachment_id = json.loads(rows[0].data)["attachment_id"]
    path, name = attachments.attachment_file(station.db, station.admin, attachment_id, folder)
    assert name == "录音.mp3" and path.read_bytes() == evidence.read_bytes()
    with pytest.raises(NotFound):  # the clerk complained about: not theirs to open
        attachments.attachment_file(station.db, station.ids["clerk"], attachment_id, folder)
    with pytest.raises(NotFound):
        attachments.add_attachment(station.db, station.ids["clerk"], cid, evidence, folder)
    closed = drive(station, "closed")
    with pytest.raises(Refused, match="closed"):
        attachments.add_attachment(station.db, station.admin, closed, evidence, folder)
