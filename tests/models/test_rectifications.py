"""The bad-review loop (差评整改): an evaluation scoring 1–2, or a complaint closed as valid, opens a rectification
by itself, due in 15 working days; the owner records what was found and done and that the client was asked again;
an admin verifies it (not effective: back open; effective: closed, and then nothing changes it, not even SQL)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.improvement import rectifications as rect
from desktop.models.improvement.auto_open import open_missing
from desktop.models.requests import lifecycle, workdays
from desktop.models.requests.intake import local_day
from tests.support import complaints as complaint_support
from tests.support.requests import NOW, Station, drive, evaluation_input, make_station

GOOD = rect.RectifiedInput("核实：窗口人员解释不清", "重新培训并上门说明", NOW - timedelta(minutes=5), True, "满意")


@pytest.fixture()
def station(tmp_path: Path) -> Station:
    st = make_station(tmp_path / "station.sqlite3")
    yield st
    st.db.close()


def _bad_review(st: Station, **scores: int) -> int:
    rid = drive(st, "feedback_given")
    lifecycle.evaluate(st.db, st.admin, rid, evaluation_input(NOW, **scores), now=NOW)
    return rid


def test_a_bad_score_opens_a_rectification_due_in_15_working_days(station: Station) -> None:
    good = drive(station, "feedback_given")
    lifecycle.evaluate(station.db, station.admin, good, evaluation_input(NOW), now=NOW)  # 5, 4, 5, 3: none
    assert rect.list_rectifications(station.db, rect.RectificationQuery(station.admin), NOW.date()) == []
    rid = _bad_review(station, attitude=2, comment="态度差")
    [item] = rect.list_rectifications(station.db, rect.RectificationQuery(station.admin), NOW.date())
    assert (item.source, item.status) == ("evaluation", "open")
    assert "服务态度 2" in item.what and "态度差" in item.what
    calendar = workdays.calendar(station.db)
    assert item.due_on == calendar.add_working_days(local_day(NOW - timedelta(hours=1)), 15)  # the visit's day
    assert item.request_number and item.client
    counts = rect.dashboard_numbers(station.db, station.admin, NOW.date())
    assert counts["rectifications_open"] == 1 and counts["rectifications_overdue"] == 0
    later = item.due_on + timedelta(days=1)
    assert rect.dashboard_numbers(station.db, station.admin, later)["rectifications_overdue"] == 1
    assert [r.id for r in rect.list_rectifications(station.db, rect.RectificationQuery(station.admin, overdue=True),
                                                   later)] == [item.id]
    assert rid


def test_the_loop_to_closure_and_a_closed_one_stays_as_it_is(station: Station) -> None:
    _bad_review(station, service_level=1)
    [item] = rect.list_rectifications(station.db, rect.RectificationQuery(station.admin), NOW.date())
    with pytest.raises(Invalid) as missing:
        rect.record(station.db, station.admin, item.id, rect.RectifiedInput("", "", None, None), now=NOW)
    assert set(missing.value.errors) == {"found", "done", "told_at", "satisfied"}
    with pytest.raises(Refused):
        rect.verify(station.db, station.admin, item.id, True, "", now=NOW)  # not recorded yet
    rect.record(station.db, station.admin, item.id, GOOD, now=NOW)
    clerk = station.ids["clerk"]
    with pytest.raises(Refused):
        rect.verify(station.db, clerk, item.id, True, "", now=NOW)  # admins verify
    with pytest.raises(Invalid):
        rect.verify(station.db, station.admin, item.id, False, "", now=NOW)  # say why not effective
    rect.verify(station.db, station.admin, item.id, False, "客户仍不满意，需再次上门", now=NOW)
    again = rect.get_rectification(station.db, station.admin, item.id)
    assert again.status == "open" and again.verify_note == "客户仍不满意，需再次上门" and again.done  # kept
    rect.record(station.db, station.admin, item.id, GOOD, now=NOW)
    rect.verify(station.db, station.admin, item.id, True, "复核有效", now=NOW)
    closed = rect.get_rectification(station.db, station.admin, item.id)
    assert closed.status == "closed" and closed.closed_at is not None
    assert rect.list_rectifications(station.db, rect.RectificationQuery(station.admin), NOW.date()) == []
    assert [r.id for r in rect.list_rectifications(station.db, rect.RectificationQuery(station.admin, status=""),
                                                   NOW.date())] == [item.id]
    with pytest.raises(Refused):
        rect.assign(station.db, station.admin, item.id, clerk, date(2027, 1, 5))
    conn = sqlite3.connect(station.path)
    try:
        for sql in ("UPDATE rectification SET done = 'x'", "DELETE FROM rectification"):
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(sql)
    finally:
        conn.close()


def test_a_valid_complaint_opens_one_and_its_staff_member_does_not_see_it(station: Station) -> None:
    clerk = station.ids["clerk"]
    cid = complaint_support.drive(station, "closed", actor=station.admin, about_staff_id=clerk)
    [item] = rect.list_rectifications(station.db, rect.RectificationQuery(station.admin, status=""), NOW.date())
    assert item.source == "complaint" and item.complaint_number
    assert item.status == "rectified" and item.done == "已培训"  # rectified when closed: awaiting verification
    assert rect.list_rectifications(station.db, rect.RectificationQuery(clerk, status=""), NOW.date()) == []
    with pytest.raises(NotFound):
        rect.get_rectification(station.db, clerk, item.id)
    officer = station.ids["field_officer"]  # assigned to investigate: its owner, who sees it
    assert [r.id for r in rect.list_rectifications(station.db, rect.RectificationQuery(officer, status=""),
                                                   NOW.date())] == [item.id]
    rect.assign(station.db, station.admin, item.id, station.admin, date(2027, 1, 5))
    assert rect.list_rectifications(station.db, rect.RectificationQuery(officer, status=""), NOW.date()) == []
    assert cid


def test_an_owner_who_is_not_an_admin_records_their_own_only(station: Station) -> None:
    _bad_review(station, attitude=1)
    [item] = rect.list_rectifications(station.db, rect.RectificationQuery(station.admin), NOW.date())
    clerk = station.ids["clerk"]
    with pytest.raises(Refused):
        rect.record(station.db, clerk, item.id, GOOD, now=NOW)
    rect.assign(station.db, station.admin, item.id, clerk, item.due_on)
    rect.record(station.db, clerk, item.id, GOOD, now=NOW)
    assert rect.get_rectification(station.db, clerk, item.id).status == "rectified"


def test_the_days_are_an_admin_setting_and_bulk_rows_get_theirs(station: Station) -> None:
    with pytest.raises(Invalid):
        rect.set_rectification_days(station.db, station.admin, 0)
    with pytest.raises(Refused):
        rect.set_rectification_days(station.db, station.ids["clerk"], 10)
    rect.set_rectification_days(station.db, station.admin, 10)
    assert rect.rectification_days(station.db) == 10
    rid = drive(station, "feedback_given")
    conn = sqlite3.connect(station.path)  # a bulk loader's plain SQL: no rectification opens by itself
    try:
        conn.execute("INSERT INTO evaluation (uuid, request_id, at, recorded_by, visit_method, evaluator_type, "
                     "evaluator, demand_matching, service_level, attitude, complaint_handling, comment) VALUES "
                     "('u-1', ?, '2026-11-20T02:00:00.000000+00:00', ?, 'phone', 'client', '', 1, 3, 3, 3, '')",
                     (rid, station.admin))
        conn.commit()
    finally:
        conn.close()
    assert rect.list_rectifications(station.db, rect.RectificationQuery(station.admin), NOW.date()) == []
    assert open_missing(station.db) == 1 and open_missing(station.db) == 0
    [item] = rect.list_rectifications(station.db, rect.RectificationQuery(station.admin), NOW.date())
    assert item.due_on > local_day(NOW)


def test_a_complaint_about_an_admin_is_hidden_from_that_admin_and_not_theirs_to_own(station: Station) -> None:
    from desktop.models.accounts import staff

    clerk, officer = station.ids["clerk"], station.ids["field_officer"]
    deputy = staff.create_staff(station.db, station.admin, "deputy", "副站长", "admin", "kapok-river-1987-b").ids[0]
    complaint_support.drive(station, "closed", actor=station.admin, about_staff_id=clerk)
    complaint_support.drive(station, "closed", actor=deputy, about_staff_id=station.admin)
    everything = rect.list_rectifications(station.db, rect.RectificationQuery(deputy, status=""), NOW.date())
    assert len(everything) == 2
    about_clerk, about_admin = sorted(r.id for r in everything)
    mine = rect.list_rectifications(station.db, rect.RectificationQuery(station.admin, status=""), NOW.date())
    assert [r.id for r in mine] == [about_clerk]  # the admin complained about does not see theirs
    with pytest.raises(NotFound):
        rect.verify(station.db, station.admin, about_admin, True, "", now=NOW)
    with pytest.raises(Invalid):  # nor can the clerk complained about own the other one
        rect.assign(station.db, station.admin, about_clerk, clerk, date(2027, 1, 5))
    rect.assign(station.db, station.admin, about_clerk, officer, date(2027, 1, 5))
