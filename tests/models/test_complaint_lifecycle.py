"""The complaint lifecycle against a table of the rules written here, apart from ``lifecycle.ACTIONS``: every step
× every status × every role, through the real service calls on a real SQLite file. A refused step changes
nothing; an allowed one leads where the table says and writes its timeline event."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models.complaints.lifecycle import ACTIONS, Step, allowed_actions
from desktop.models.complaints.tables import Complaint, ComplaintEvent
from desktop.models.core.errors import Invalid, NotFound, Refused
from tests.support.complaints import PATHS, drive, perform
from tests.support.requests import Station, make_station

DESK = {"clerk", "admin"}
ADMIN = {"admin"}
EVERYONE = {"clerk", "admin", "field_officer"}
OPEN = {"received", "accepted", "assessed", "investigated", "forwarded", "replied", "decided", "told", "satisfied",
        "dissatisfied", "referred_out"}
# step -> (the statuses it starts from, who may take it, where it leads: None = the status stays). Conditions
# beyond these (anonymous complainants, one review, an outcome before closing) have tests of their own below; the
# complaints driven here have a named complainant, no review and no outcome.
RULES: dict[str, tuple[set[str], set[str], str | None]] = {
    "accept": ({"received"}, DESK, "accepted"),
    "not_accept": ({"received"}, DESK, "not_accepted"),
    "assess": ({"accepted"}, ADMIN, "assessed"),
    "investigate": ({"assessed"}, EVERYONE, "investigated"),
    "forward": ({"investigated"}, DESK, "forwarded"),
    "record_reply": ({"forwarded"}, DESK, "replied"),
    "decide": ({"investigated", "replied"}, ADMIN, "decided"),
    "tell": ({"decided"}, DESK, "told"),
    "record_reaction": ({"told"}, DESK, "satisfied"),
    "record_reaction:no": ({"told"}, DESK, "dissatisfied"),
    "review": ({"dissatisfied"}, ADMIN, "investigated"),
    "refer_out": ({"dissatisfied"}, ADMIN, "referred_out"),
    "record_outcome": ({"referred_out"}, DESK, None),
    "close": ({"satisfied", "told"}, ADMIN, "closed"),
    "withdraw": (OPEN, DESK, "withdrawn"),
    "edit": ({"received", "accepted"}, DESK, None),
    "note": (OPEN, EVERYONE, None),
}
# a field officer sees a complaint once it is assigned to them, at its assessment
ASSIGNED = {"assessed", "investigated", "forwarded", "replied", "decided", "told", "satisfied", "dissatisfied",
            "referred_out", "closed"}


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    st = make_station(tmp_path_factory.mktemp("complaints") / "station.sqlite3")
    yield st
    st.db.close()


def _state(st: Station, cid: int) -> tuple[str, int, int]:
    with st.db.read() as s:
        c = s.get(Complaint, cid)
        assert c is not None
        events = s.scalar(select(func.count()).select_from(ComplaintEvent).where(ComplaintEvent.complaint_id == cid))
        return c.status, c.version, int(events or 0)


def test_the_table_here_and_the_state_machine_name_the_same_steps() -> None:
    assert {s.split(":")[0] for s in RULES} | {"attach"} == {s.value for s in Step}


@pytest.mark.parametrize("status", sorted(PATHS))
def test_every_step_in_every_status_for_every_role(station: Station, status: str) -> None:
    cid = drive(station, status)
    for step, (sources, roles, target) in RULES.items():
        for role in sorted(EVERYONE):
            before = _state(station, cid)
            assert before[0] == status
            hidden = role == "field_officer" and status not in ASSIGNED
            if status in sources and role in roles and not hidden:
                perform(station, step, station.ids[role], cid)
                after = _state(station, cid)
                assert after[0] == (target or status), (step, role)
                assert after[1] == before[1] + 1 and after[2] == before[2] + 1, (step, role)
                cid = drive(station, status)  # the next attempt starts from the status again
            else:
                expected = NotFound if hidden else Refused
                with pytest.raises(expected):
                    perform(station, step, station.ids[role], cid)
                assert _state(station, cid) == before, (step, role)


@pytest.mark.parametrize("status", sorted(PATHS))
def test_the_steps_offered_are_the_steps_allowed(station: Station, status: str) -> None:
    cid = drive(station, status)
    with station.db.read() as s:
        c = s.get(Complaint, cid)
        assert c is not None
        for role in EVERYONE:
            offered = {step.value for step in allowed_actions(c, role)} - {"attach"}
            expected = {step.split(":")[0] for step, (sources, roles, _t) in RULES.items()
                        if status in sources and role in roles}
            assert offered == expected, role


def test_an_anonymous_complaint_is_never_told_and_closes_once_decided(station: Station) -> None:
    cid = drive(station, "decided", kind="anonymous")
    with pytest.raises(Refused, match="anonymous"):
        perform(station, "tell", station.ids["clerk"], cid)
    perform(station, "close", station.admin, cid)
    assert _state(station, cid)[0] == "closed"
    named = drive(station, "decided")
    with pytest.raises(Refused, match="Tell the complainant"):
        perform(station, "close", station.admin, named)


def test_an_anonymous_complaint_is_accepted_without_saying_how_to_tell(station: Station) -> None:
    from desktop.models.complaints import lifecycle
    from tests.support.complaints import new_complaint

    cid = new_complaint(station, "anonymous")
    lifecycle.accept(station.db, station.ids["clerk"], cid, None)
    assert _state(station, cid)[0] == "accepted"
    named = new_complaint(station)
    with pytest.raises(Invalid) as refused:
        lifecycle.accept(station.db, station.ids["clerk"], named, None)
    assert set(refused.value.errors) == {"told_via"}
    assert _state(station, named)[0] == "received"


def test_a_dissatisfied_complainant_gets_one_review_then_closure(station: Station) -> None:
    cid = drive(station, "dissatisfied")
    with pytest.raises(Refused, match="review or a referral"):
        perform(station, "close", station.admin, cid)
    perform(station, "review", station.admin, cid)
    for step in ("decide", "tell", "record_reaction:no"):
        perform(station, step, station.admin, cid)
    with pytest.raises(Refused, match="reviewed once"):
        perform(station, "review", station.admin, cid)
    perform(station, "close", station.admin, cid)
    assert _state(station, cid)[0] == "closed"


def test_a_dispute_referred_out_closes_once_its_outcome_is_recorded(station: Station) -> None:
    cid = drive(station, "referred_out")
    with pytest.raises(Refused, match="outcome"):
        perform(station, "close", station.admin, cid)
    perform(station, "record_outcome", station.ids["clerk"], cid)
    perform(station, "close", station.admin, cid)
    assert _state(station, cid)[0] == "closed"


def test_every_rule_of_the_state_machine_is_in_the_table_here() -> None:
    for step, action in ACTIONS.items():
        if step == Step.ATTACH:
            continue
        names = [k for k in RULES if k.split(":")[0] == step.value]
        sources = set().union(*(RULES[n][0] for n in names))
        assert {s.value for s in action.sources} >= sources, step
        assert {r.value for r in action.roles} == RULES[names[0]][1], step


def test_the_file_is_sound_after_all_of_it(station: Station, tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(station.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO complaint_fts(complaint_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()
