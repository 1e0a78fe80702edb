"""The hostile-text catalogue on every text field of a complaint and of its steps: control characters refused
with a message for the field (nothing saved), tab and newline only where several lines are allowed, the rest
stored exactly, found by search as data, and printed literally."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from desktop.models.complaints import intake, lifecycle
from desktop.models.complaints.complaint_list import ComplaintQuery, run_query
from desktop.models.complaints.lifecycle import Closure
from desktop.models.complaints.tables import Complaint
from desktop.models.core.errors import Invalid
from tests.support.complaints import complaint_input, drive
from tests.support.hostile import KEPT, LONG, MULTI_LINE_ONLY, REFUSED, Hostile, ids
from tests.support.requests import MONDAY, NOW, Station, make_station

# field of ComplaintInput -> whether it takes several lines
INPUT_FIELDS = {"complainant_name": False, "what_happened": True, "wants": True}


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    st = make_station(tmp_path_factory.mktemp("complaint-hostile") / "station.sqlite3")
    yield st
    st.db.close()


def _count(st: Station) -> int:
    with st.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Complaint)) or 0)


@pytest.mark.parametrize("field", sorted(INPUT_FIELDS))
@pytest.mark.parametrize("h", REFUSED, ids=ids(REFUSED))
def test_control_characters_are_refused_at_the_field(station: Station, field: str, h: Hostile) -> None:
    before = _count(station)
    with pytest.raises(Invalid) as refused:
        intake.create_complaint(station.db, station.ids["clerk"], complaint_input(station, **{field: h.text}),
                                now=NOW)
    assert set(refused.value.errors) == {field}
    assert _count(station) == before


@pytest.mark.parametrize("field", sorted(INPUT_FIELDS))
def test_lines_only_where_several_are_allowed_and_length(station: Station, field: str) -> None:
    for h in MULTI_LINE_ONLY:
        inp = complaint_input(station, **{field: h.text + "投诉"})
        if INPUT_FIELDS[field]:
            intake.create_complaint(station.db, station.ids["clerk"], inp, now=NOW)
        else:
            with pytest.raises(Invalid):
                intake.create_complaint(station.db, station.ids["clerk"], inp, now=NOW)
    with pytest.raises(Invalid) as refused:
        intake.create_complaint(station.db, station.ids["clerk"], complaint_input(station, **{field: LONG}), now=NOW)
    assert set(refused.value.errors) == {field}


@pytest.mark.parametrize("h", KEPT, ids=ids(KEPT))
def test_other_text_is_kept_exactly_and_searched_as_data(station: Station, h: Hostile) -> None:
    text = h.text.strip() + " 投诉"
    cid = intake.create_complaint(station.db, station.ids["clerk"], complaint_input(
        station, complainant_name=h.text.strip()[:50] or "某", what_happened=text, wants=text), now=NOW).ids[0]
    with station.db.read() as s:
        c = s.get(Complaint, cid)
        assert c is not None and c.what_happened == text and c.wants == text
    found = run_query(station.db, ComplaintQuery(station.admin, text=h.text.strip()[:40]), MONDAY)
    if len(h.text.strip()) >= 1:
        assert found.ids is not None and cid in found.ids, h.key


@pytest.mark.parametrize("h", REFUSED[:4], ids=ids(REFUSED[:4]))
def test_every_steps_text_refuses_control_characters(station: Station, h: Hostile) -> None:
    db, clerk, admin = station.db, station.ids["clerk"], station.admin
    told = NOW - timedelta(minutes=5)
    cases = [
        ("investigated", lambda c: lifecycle.investigate(db, admin, c, h.text, now=NOW), "findings"),
        ("decided", lambda c: lifecycle.tell(db, clerk, c, "phone", told, h.text, now=NOW), "what"),
        ("received", lambda c: lifecycle.not_accept(db, clerk, c, h.text, "phone", told, now=NOW), "reason"),
        ("satisfied", lambda c: lifecycle.close(db, admin, c, Closure(True, h.text), now=NOW), "reason"),
        ("told", lambda c: lifecycle.record_reaction(db, clerk, c, False, h.text, now=NOW), "reaction"),
        ("accepted", lambda c: lifecycle.add_note(db, clerk, c, h.text, now=NOW), "note"),
    ]
    for status, call, field in cases:
        cid = drive(station, status)
        with pytest.raises(Invalid) as refused:
            call(cid)
        assert field in refused.value.errors, (status, field)
        with station.db.read() as s:
            c = s.get(Complaint, cid)
            assert c is not None and c.status == status
