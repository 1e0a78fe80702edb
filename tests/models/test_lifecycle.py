"""The request lifecycle (SPEC §4): every action from every status for every role, the city's decisions,
the escalated lock, and the fields each step requires.

The matrix shares one station file per module: refused calls must change nothing, so they all work on
one request per status; each allowed call gets a new request driven to its status.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.models.accounts import staff
from desktop.models.core.changes import Changes
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.requests import lifecycle, request_detail
from desktop.models.requests.lifecycle import ACTIONS, allowed_actions
from desktop.models.requests.tables import SCORES, STATUSES, ServiceRequest
from tests.support.requests import (
    EVENT_OF,
    MONDAY,
    NOW,
    PATHS,
    ROLES,
    Station,
    add_institution,
    drive,
    evaluation_input,
    events,
    make_station,
    perform,
    referral_input,
    snapshot,
)

ALL = set(ROLES)
DESK = {"clerk", "admin"}
OPEN = {"received", "registered", "awaiting_instruction", "referred", "in_service"}
# SPEC §4 written out independently of lifecycle.ACTIONS: action -> (source statuses, roles, target)
EXPECTED: dict[str, tuple[set[str], set[str], str | None]] = {
    "answer": ({"received"}, ALL, "answered"),
    "register": ({"received"}, DESK, "registered"),
    "await_instruction": ({"registered"}, DESK, "awaiting_instruction"),
    "instruction_received": ({"awaiting_instruction"}, DESK, "registered"),
    "refer": ({"registered", "referred"}, DESK, "referred"),
    "escalate": ({"registered", "awaiting_instruction"}, DESK, "escalated"),
    "start_service": ({"referred"}, ALL, "in_service"),
    "follow_up": ({"referred", "in_service"}, ALL, None),
    "complete": ({"in_service"}, ALL, "completed"),
    "give_feedback": ({"completed"}, DESK, "feedback_given"),
    "evaluate": ({"feedback_given", "answered"}, ALL, "evaluated"),
    "archive": ({"evaluated", "answered"}, DESK, "archived"),
    "withdraw": (OPEN, DESK, "withdrawn"),
    "edit": ({"received", "registered", "awaiting_instruction"}, DESK, None),
    "attach": (OPEN | {"answered", "completed", "feedback_given", "evaluated"}, ALL, None),
    "note": (OPEN | {"answered", "escalated", "completed", "feedback_given", "evaluated"}, ALL, None),
}
ESCALATED = ("This request has been escalated to the city platform; only notes can be added until the city "
             "decides.")
CLOSED = "This request is closed and can no longer be changed."
WRONG_STATE = "This cannot be done in the request's current state."
WRONG_ROLE = "Your role does not allow this."


@pytest.fixture(scope="module")
def st(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    station = make_station(tmp_path_factory.mktemp("lifecycle") / "station.sqlite3")
    yield station
    station.db.close()


@pytest.fixture(scope="module")
def by_status(st: Station) -> dict[str, int]:
    """One request in each status, for the calls that must be refused."""
    return {status: drive(st, status) for status in STATUSES}


@pytest.fixture(scope="module")
def scratch(st: Station, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], Path]:
    """Requests (made when first needed) for the allowed actions that keep the status: notes, follow-ups,
    attachments and corrections can all be taken on one request per status. And a folder for attachments."""
    return {}, tmp_path_factory.mktemp("attachments")


def test_the_state_machine_is_the_spec() -> None:
    assert set(ACTIONS) == set(EXPECTED)
    for name, (sources, roles, target) in EXPECTED.items():
        rule = ACTIONS[name]
        assert (set(rule.sources), set(rule.roles), rule.target) == (sources, roles, target), name
    for status, role in itertools.product(STATUSES, ROLES):
        assert set(allowed_actions(status, role)) == {
            a for a, (sources, roles, _) in EXPECTED.items() if status in sources and role in roles}
    # closed requests take nothing at all
    assert allowed_actions("archived", "admin") == allowed_actions("withdrawn", "admin") == []


@pytest.mark.parametrize(("action", "status", "role"), list(itertools.product(EXPECTED, STATUSES, ROLES)))
def test_transition(st: Station, by_status: dict[str, int], scratch: tuple[dict[str, int], Path], action: str,
                    status: str, role: str) -> None:
    sources, roles, target = EXPECTED[action]
    actor = st.ids[role]
    kept, folder = scratch
    attachments = folder / f"{action}-{status}-{role}"
    if status in sources and role in roles:
        if target is None:  # the status stays: one request per status serves every such call
            if status not in kept:
                kept[status] = drive(st, status)
            rid = kept[status]
        else:
            rid = drive(st, status)
        before, before_events = snapshot(st.db, rid), events(st.db, rid)
        changes = perform(st, action, actor, rid, NOW, attachments)
        assert changes == Changes(ServiceRequest, "updated", (rid,))
        after, after_events = snapshot(st.db, rid), events(st.db, rid)
        assert after["status"] == (target or status)
        assert after["version"] == before["version"] + 1
        assert len(after_events) == len(before_events) + 1 and after_events[:-1] == before_events
        new = after_events[-1]
        assert (new["kind"], new["from_status"], new["to_status"], new["actor_id"]) == (
            EVENT_OF[action], status, target, actor)
        return
    rid = by_status[status]
    before = snapshot(st.db, rid)
    with pytest.raises(Refused) as info:
        perform(st, action, actor, rid, NOW, attachments)
    if status not in sources:
        expected = ESCALATED if status == "escalated" else CLOSED if status in ("archived", "withdrawn") else \
            WRONG_STATE
    else:
        expected = WRONG_ROLE
    assert info.value.message == expected
    assert snapshot(st.db, rid) == before
    assert not (attachments / "store").exists()  # refused before the file was copied


def test_the_path_to_each_status_is_on_the_timeline(st: Station, by_status: dict[str, int]) -> None:
    for status, rid in by_status.items():
        timeline = events(st.db, rid)
        assert [e["kind"] for e in timeline] == ["received", *(EVENT_OF[a] for a in PATHS[status])]
        assert timeline[0]["from_status"] is None and timeline[0]["to_status"] == "received"
        for prev, event in itertools.pairwise(timeline):
            assert event["from_status"] == prev["to_status"]
        detail = request_detail.get_request(st.db, rid)
        assert detail.status == status and detail.version == len(timeline)


def test_escalated_is_read_only_except_notes(st: Station, tmp_path: Path) -> None:
    rid = drive(st, "escalated")
    for action in EXPECTED:
        if action == "note":
            continue
        with pytest.raises(Refused) as info:
            perform(st, action, st.admin, rid, NOW, tmp_path)
        assert info.value.message == ESCALATED, action
    assert allowed_actions("escalated", "admin") == ["note"]
    perform(st, "note", st.ids["field_officer"], rid)
    detail = request_detail.get_request(st.db, rid)
    assert detail.status == "escalated" and detail.city_status == "pending" and detail.due_on is None
    assert [e.kind for e in detail.events][-2:] == ["escalated", "note"]


# ---- the city's decisions ------------------------------------------------------------------------------

@pytest.mark.parametrize(("decision", "status"), [("accepted", "escalated"), ("assigned", "escalated"),
                                                  ("answered", "completed"), ("returned", "registered")])
def test_city_decision(st: Station, decision: str, status: str) -> None:
    rid = drive(st, "escalated")
    before = snapshot(st.db, rid)
    later = NOW + timedelta(days=4)  # Friday 27 November
    changes = lifecycle.city_decision(st.db, rid, decision, " 市平台意见 ", now=later)
    assert changes.ids == (rid,)
    detail = request_detail.get_request(st.db, rid)
    assert detail.status == status and detail.city_status == decision
    assert detail.version == before["version"] + 1
    last = events(st.db, rid)[-1]
    assert (last["kind"], last["actor_id"], last["from_status"], last["text"]) == (
        "city_decision", None, "escalated", "市平台意见")
    assert last["to_status"] == (None if status == "escalated" else status)
    assert detail.events[-1].actor == ""
    if decision == "answered":
        assert detail.result == "市平台意见" and detail.completed_at == later and detail.due_on is None
    elif decision == "returned":  # back at the station: the hand-over clock starts again (3 working days)
        assert detail.handover_due == detail.due_on == MONDAY + timedelta(days=9)  # Wednesday 2 December
        assert "refer" in allowed_actions(detail.status, "clerk")
    else:
        assert detail.due_on is None


@pytest.mark.parametrize("status", [s for s in STATUSES if s != "escalated"])
def test_city_decision_only_on_escalated(st: Station, by_status: dict[str, int], status: str) -> None:
    rid = by_status[status]
    before = snapshot(st.db, rid)
    with pytest.raises(Refused) as info:
        lifecycle.city_decision(st.db, rid, "answered", "已解答")
    assert info.value.message == "Only an escalated request can receive the city's decision."
    assert snapshot(st.db, rid) == before


def test_city_decision_bad_input(st: Station, by_status: dict[str, int]) -> None:
    rid = by_status["escalated"]
    before = snapshot(st.db, rid)
    with pytest.raises(Invalid) as info:
        lifecycle.city_decision(st.db, rid, "rejected")
    assert set(info.value.errors) == {"decision"}
    with pytest.raises(NotFound):
        lifecycle.city_decision(st.db, 999_999, "accepted")
    assert snapshot(st.db, rid) == before


# ---- who may act ---------------------------------------------------------------------------------------

def test_inactive_and_unknown_accounts_are_refused(st: Station, by_status: dict[str, int]) -> None:
    gone = staff.create_staff(st.db, st.admin, "former", "离职员工", "admin", "pass-word-1").ids[0]
    staff.set_active(st.db, st.admin, gone, False)
    rid = by_status["received"]
    before = snapshot(st.db, rid)
    for actor in (gone, 999_999):
        with pytest.raises(Refused) as info:
            lifecycle.answer(st.db, actor, rid, "当场解答", now=NOW)
        assert info.value.message == "You must be logged in with an active account."
    assert snapshot(st.db, rid) == before
    with pytest.raises(NotFound):
        lifecycle.add_note(st.db, st.admin, 999_999, "备注")


# ---- required fields -----------------------------------------------------------------------------------

BLANKS = ["", "   ", "\n\t　"]
TEXT_STEPS = [  # action, source status, call with one text, the field key
    ("answer", "received", lambda st, r, t: lifecycle.answer(st.db, st.admin, r, t, now=NOW), "answer"),
    ("register", "received", lambda st, r, t: lifecycle.register(st.db, st.admin, r, t, now=NOW), "notice"),
    ("await_instruction", "registered",
     lambda st, r, t: lifecycle.await_instruction(st.db, st.admin, r, t, now=NOW), "question"),
    ("instruction_received", "awaiting_instruction",
     lambda st, r, t: lifecycle.instruction_received(st.db, st.admin, r, t, now=NOW), "instruction"),
    ("escalate", "registered", lambda st, r, t: lifecycle.escalate(st.db, st.admin, r, t, now=NOW), "reason"),
    ("start_service", "referred",
     lambda st, r, t: lifecycle.start_service(st.db, st.admin, r, t, now=NOW), "feedback"),
    ("follow_up", "in_service", lambda st, r, t: lifecycle.follow_up(st.db, st.admin, r, t, now=NOW), "note"),
    ("complete", "in_service", lambda st, r, t: lifecycle.complete(st.db, st.admin, r, t, now=NOW), "result"),
    ("withdraw", "referred", lambda st, r, t: lifecycle.withdraw(st.db, st.admin, r, t, now=NOW), "reason"),
    ("note", "evaluated", lambda st, r, t: lifecycle.add_note(st.db, st.admin, r, t, now=NOW), "note"),
    ("give_feedback", "completed", lambda st, r, t: lifecycle.give_feedback(
        st.db, st.admin, r, lifecycle.FeedbackInput("sms", NOW, t), now=NOW), "content"),
]


@pytest.mark.parametrize(("action", "status", "call", "key"), TEXT_STEPS, ids=[s[0] for s in TEXT_STEPS])
def test_required_text(st: Station, by_status: dict[str, int], action: str, status: str,
                       call: Callable[[Station, int, str], object], key: str) -> None:
    rid = by_status[status]
    before = snapshot(st.db, rid)
    for bad in [*BLANKS, "长" * 4001]:
        with pytest.raises(Invalid) as info:
            call(st, rid, bad)
        assert set(info.value.errors) == {key}, (action, bad[:5])
        expected = "This field is required." if not bad.strip() else "Too long: at most 4000 characters."
        assert info.value.errors[key] == expected
    assert snapshot(st.db, rid) == before
    # the longest text allowed is kept, trimmed
    fresh = drive(st, status)
    call(st, fresh, " " + "长" * 3998 + " ")
    assert events(st.db, fresh)[-1]["text"] == "长" * 3998


def test_register_assessment_too_long(st: Station, by_status: dict[str, int]) -> None:
    rid = by_status["received"]
    before = snapshot(st.db, rid)
    with pytest.raises(Invalid) as info:
        lifecycle.register(st.db, st.admin, rid, "一次性告知", assessment="评" * 2001, now=NOW)
    assert set(info.value.errors) == {"assessment"}
    assert snapshot(st.db, rid) == before


@pytest.mark.parametrize(("changes", "keys"), [
    ({"institution_id": None}, {"institution"}),
    ({"told_at": None}, {"told_at"}),
    ({"told_at": NOW + timedelta(minutes=1)}, {"told_at"}),
    ({"told_via": "pigeon"}, {"told_via"}),
    ({"note": "注" * 2001}, {"note"}),
    ({"deadline": NOW.date() - timedelta(days=1)}, {"deadline"}),
    ({"institution_id": None, "told_via": "", "told_at": None}, {"institution", "told_via", "told_at"}),
])
def test_refer_bad_input(st: Station, by_status: dict[str, int], changes: dict[str, object],
                         keys: set[str]) -> None:
    rid = by_status["registered"]
    before = snapshot(st.db, rid)
    with pytest.raises(Invalid) as info:
        lifecycle.refer(st.db, st.admin, rid, referral_input(st, **changes), now=NOW)
    assert set(info.value.errors) == keys
    assert snapshot(st.db, rid) == before


def test_refer_to_unknown_or_inactive_institution(st: Station, by_status: dict[str, int]) -> None:
    closed = add_institution(st.db, st.admin, "已注销的检测机构", active=False)
    rid = by_status["registered"]
    before = snapshot(st.db, rid)
    for institution in (closed, 999_999):
        with pytest.raises(Invalid) as info:
            lifecycle.refer(st.db, st.admin, rid, referral_input(st, institution_id=institution), now=NOW)
        assert set(info.value.errors) == {"institution"}
    assert snapshot(st.db, rid) == before


@pytest.mark.parametrize(("channel", "at", "keys"), [
    ("fax", NOW, {"channel"}), ("phone", None, {"at"}), ("website", NOW + timedelta(seconds=1), {"at"}),
])
def test_feedback_bad_input(st: Station, by_status: dict[str, int], channel: str, at: object,
                            keys: set[str]) -> None:
    rid = by_status["completed"]
    before = snapshot(st.db, rid)
    with pytest.raises(Invalid) as info:
        lifecycle.give_feedback(st.db, st.admin, rid, lifecycle.FeedbackInput(channel, at, "已告知"), now=NOW)
    assert set(info.value.errors) == keys
    assert snapshot(st.db, rid) == before


@pytest.mark.parametrize(("changes", "keys"), [
    *(({score: value}, {score}) for score in SCORES for value in (0, 6, None, True)),
    ({"demand_matching": 2.5}, {"demand_matching"}),
    ({"visit_method": "email"}, {"visit_method"}),
    ({"at": None}, {"at"}),
    ({"at": NOW + timedelta(hours=1)}, {"at"}),
    ({"evaluator_type": "boss"}, {"evaluator_type"}),
    ({"evaluator": "名" * 101}, {"evaluator"}),
    ({"comment": "评" * 2001}, {"comment"}),
])
def test_evaluation_bad_input(st: Station, by_status: dict[str, int], changes: dict[str, object],
                              keys: set[str]) -> None:
    rid = by_status["feedback_given"]
    before = snapshot(st.db, rid)
    with pytest.raises(Invalid) as info:
        lifecycle.evaluate(st.db, st.admin, rid, evaluation_input(**changes), now=NOW)
    assert set(info.value.errors) == keys
    assert snapshot(st.db, rid) == before


def test_evaluation_is_recorded(st: Station) -> None:
    rid = drive(st, "answered")
    lifecycle.evaluate(st.db, st.ids["field_officer"], rid, evaluation_input(attitude=1), now=NOW)
    detail = request_detail.get_request(st.db, rid)
    (ev,) = detail.evaluations
    assert (ev.demand_matching, ev.service_level, ev.attitude, ev.complaint_handling) == (5, 4, 1, 3)
    assert (ev.visit_method, ev.evaluator_type, ev.evaluator, ev.comment) == ("phone", "client", "覃春梅", "满意")
    assert ev.at == NOW - timedelta(hours=1)
    assert detail.events[-1].data["attitude"] == 1
