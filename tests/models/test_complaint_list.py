"""The complaints list: only what the viewer may see, every filter, search (trigram and short terms, hostile
text as data), the order, pages and a row's position."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.models.complaints.complaint_list import (
    ComplaintQuery,
    complaint_page,
    due_state,
    position_of,
    rows_by_id,
    run_query,
)
from tests.support.complaints import drive, new_complaint
from tests.support.requests import MONDAY, Station, local_noon, make_station, new_request

TODAY = MONDAY


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    st = make_station(tmp_path_factory.mktemp("complaint-list") / "station.sqlite3")
    yield st
    st.db.close()


@pytest.fixture(scope="module")
def made(station: Station) -> dict[str, int]:
    """A few complaints of every kind, registered over three days."""
    st, clerk, officer = station, station.ids["clerk"], station.ids["field_officer"]
    rid = new_request(st)
    return {
        "person": new_complaint(st, now=local_noon(MONDAY - timedelta(days=2))),
        "client": new_complaint(st, "client", channel="letter", now=local_noon(MONDAY - timedelta(days=1))),
        "anonymous": new_complaint(st, "anonymous", what_happened="检测报告延误两周", about_station=False,
                                   about_request_id=rid, channel="website"),
        "about_clerk": new_complaint(st, about_staff_id=clerk, actor=st.admin, about_station=False,
                                     what_happened="工作人员推诿"),
        "about_officer": new_complaint(st, about_staff_id=officer, about_station=False, what_happened="外勤迟到"),
        "assigned": drive(st, "investigated", what_happened="计量检定收费过高"),
        "closed": drive(st, "closed", about_institution_id=st.institution_id, what_happened="机构答复不清"),
    }


def _ids(st: Station, viewer: str, **q: object) -> list[int]:
    result = run_query(st.db, ComplaintQuery(st.ids[viewer], **q), TODAY)  # type: ignore[arg-type]
    assert result.ids is not None and result.count == len(result.ids)
    return result.ids


def test_each_viewer_sees_what_they_may(station: Station, made: dict[str, int]) -> None:
    everything = set(made.values())
    assert set(_ids(station, "admin")) == everything
    assert set(_ids(station, "clerk")) == everything - {made["about_clerk"]}
    # the field officer: the one assigned to them (at its assessment), never the one about them
    assert set(_ids(station, "field_officer")) == {made["assigned"], made["closed"]}


def test_a_field_officer_does_not_see_or_find_the_complainant(station: Station, made: dict[str, int]) -> None:
    officer = station.ids["field_officer"]
    rows = rows_by_id(station.db, officer, [made["assigned"], made["person"]])
    assert [r.id for r in rows] == [made["assigned"]] and rows[0].complainant == ""
    assert _ids(station, "field_officer", text="韦秀英") == []
    assert _ids(station, "field_officer", text="139077") == []
    assert _ids(station, "field_officer", text="收费过高") == [made["assigned"]]
    clerk_rows = rows_by_id(station.db, station.ids["clerk"], [made["assigned"]])
    assert clerk_rows[0].complainant == "韦秀英"
    assert complaint_page(station.db, ComplaintQuery(officer), 0, 10, TODAY)[0].complainant == ""


@pytest.mark.parametrize(("query", "expected"), [
    ({"channel": "letter"}, {"client"}),
    ({"subject": "request"}, {"anonymous"}),
    ({"subject": "institution"}, {"closed"}),
    ({"subject": "staff"}, {"about_clerk", "about_officer"}),
    ({"validity": "valid"}, {"closed"}),
    ({"statuses": ("investigated", "closed")}, {"assigned", "closed"}),
    ({"received_to": MONDAY - timedelta(days=1)}, {"person", "client"}),
    ({"received_from": MONDAY - timedelta(days=1), "received_to": MONDAY - timedelta(days=1)}, {"client"}),
    ({"text": "检测报告"}, {"anonymous"}),
    ({"text": "推诿"}, {"about_clerk"}),
    ({"text": "韦秀英 收费"}, {"assigned"}),
    ({"text": "龙城螺蛳粉"}, {"client"}),
])
def test_filters_and_search(station: Station, made: dict[str, int], query: dict[str, object],
                            expected: set[str]) -> None:
    assert set(_ids(station, "admin", **query)) == {made[k] for k in expected}


@pytest.mark.parametrize("hostile", ['"', "' OR 1=1 --", "*", "NEAR(a b)", "%", "_", "\\", "a\"b", "()", "AND OR",
                                     "=cmd|' /C calc'!A0", "<b>x</b>", "\u202e", "𠀋𠀋𠀋"])
def test_hostile_search_text_is_data(station: Station, made: dict[str, int], hostile: str) -> None:
    assert _ids(station, "admin", text=hostile) == []


def test_order_pages_and_position(station: Station, made: dict[str, int]) -> None:
    admin = station.ids["admin"]
    newest_first = _ids(station, "admin")
    assert newest_first[-2:] == [made["client"], made["person"]]
    assert _ids(station, "admin", descending=False) == newest_first[::-1]
    page = complaint_page(station.db, ComplaintQuery(admin), 2, 3, TODAY)
    assert [r.id for r in page] == newest_first[2:5]
    q = ComplaintQuery(admin, sort="number", descending=False)
    ordered = _ids(station, "admin", sort="number", descending=False)
    assert position_of(station.db, q, ordered[3], TODAY) == 3
    assert position_of(station.db, ComplaintQuery(station.ids["clerk"]), made["about_clerk"], TODAY) is None
    by_status = _ids(station, "admin", sort="status", descending=False)
    assert by_status[0] != made["closed"] and by_status[-1] == made["closed"]
    assert position_of(station.db, ComplaintQuery(admin, sort="status", descending=False), made["closed"],
                       TODAY) == len(by_status) - 1


def test_due_dates_stand_out_until_the_complaint_ends(station: Station, made: dict[str, int]) -> None:
    rows = {r.id: r for r in rows_by_id(station.db, station.admin, list(made.values()))}
    person = rows[made["person"]]
    assert person.due_on is not None
    assert due_state(person.due_on, person.status, person.due_on + timedelta(days=1)) == "overdue"
    assert due_state(person.due_on, person.status, person.due_on) == "due_soon"
    assert due_state(person.due_on, "closed", person.due_on + timedelta(days=9)) == ""
    late = person.due_on + timedelta(days=1)
    overdue = run_query(station.db, ComplaintQuery(station.admin, due="overdue"), late).ids
    assert overdue is not None and made["person"] in overdue and made["closed"] not in overdue


def test_a_number_or_its_start_is_found_by_the_number(station: Station, made: dict[str, int]) -> None:
    rows = rows_by_id(station.db, station.admin, list(made.values()))
    number = next(r.number for r in rows if r.id == made["client"])
    assert _ids(station, "admin", text=number) == [made["client"]]
    assert _ids(station, "admin", text=number.lower()) == [made["client"]]  # typed in lower case
    day = number.rsplit("-", 1)[0]  # <code>-TS-<yyyymmdd>
    same_day = {r.id for r in rows if r.number.startswith(day + "-")}
    assert set(_ids(station, "admin", text=day)) == same_day and len(same_day) >= 1
    assert set(_ids(station, "admin", text=number.split("-TS-")[0] + "-TS-")) == set(made.values())


def test_a_large_result_is_counted_by_the_same_rule(station: Station, made: dict[str, int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ID_WINDOW the count is worked out apart from the ids (the filters' count less the complaints about the
    viewer): it must equal what the ids path finds."""
    import desktop.models.complaints.complaint_list as complaint_list

    expected = {viewer: {**{q: len(_ids(station, viewer, **dict(q))) for q in QUERIES}}
                for viewer in ("admin", "clerk", "field_officer")}
    monkeypatch.setattr(complaint_list, "ID_WINDOW", 0)
    for viewer, counts in expected.items():
        for q, count in counts.items():
            result = run_query(station.db, ComplaintQuery(station.ids[viewer], **dict(q)), TODAY)
            assert result.ids is None or count == 0
            assert result.count == count, (viewer, q)


QUERIES = (  # as tuples of (field, value), hashable
    (),
    (("text", "投诉"),),
    (("text", "推诿"),),
    (("channel", "phone"),),
    (("subject", "staff"),),
    (("text", "LZ-YF01-TS-"),),
)


def test_the_first_pages_of_a_large_result_come_from_its_head(station: Station, made: dict[str, int],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.models.complaints.complaint_list as complaint_list

    monkeypatch.setattr(complaint_list, "ID_WINDOW", 3)
    q = ComplaintQuery(station.ids["clerk"])
    result = run_query(station.db, q, TODAY)
    assert result.ids is None and len(result.head) == 3
    for offset, limit in ((0, 2), (1, 2), (2, 5)):
        by_head = [r.id for r in complaint_page(station.db, q, offset, limit, TODAY, result.head)]
        assert by_head == [r.id for r in complaint_page(station.db, q, offset, limit, TODAY)]
