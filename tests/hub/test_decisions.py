"""The city's decisions: the rules for recording them, and the per-station feed with its opaque cursor."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cityhub import feed
from cityhub.db import Database
from cityhub.errors import HubError, NotFound, Refused
from desktop.sync import wire
from tests.support.hub_api import Dev, assert_error, enrol, outcomes, push
from tests.support.hub_records import OTHER_STATION, escalation, record, request_body


def _escalate(client: TestClient, dev: Dev, **body: Any) -> dict[str, Any]:
    rec = escalation(dev.station, **body)
    assert outcomes(push(client, dev, [rec])) == ["accepted"]
    return rec


def _decide(db: Database, number: str, decision: str, text: str = "", assignee: str = "") -> wire.Decision:
    with db.transaction() as session:
        return feed.decide(session, number, decision, text, assignee)


def _pull(client: TestClient, dev: Dev, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
    params: dict[str, str | int] = {}
    if cursor is not None:
        params["cursor"] = cursor
    if limit is not None:
        params["limit"] = limit
    answer = client.get("/v1/decisions", params=params, headers=dev.headers)
    assert answer.status_code == 200, answer.text
    wire.DecisionPage.model_validate(answer.json())
    return dict(answer.json())


def test_decision_rules(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    rec = _escalate(client, dev)
    number = rec["body"]["number"]
    with pytest.raises(NotFound):
        _decide(db, "LZ-CZ-0000-none", "accepted")
    for kind, text, assignee in [("answered", " ", ""), ("returned", "", ""), ("assigned", "", " "),
                                 ("closed", "x", "")]:
        with pytest.raises(HubError) as refused:
            _decide(db, number, kind, text, assignee)
        assert refused.value.code == "decision"
    accepted = _decide(db, number, "accepted")
    assert (accepted.decision, accepted.request_uuid, accepted.request_number) == ("accepted", rec["uuid"], number)
    assigned = _decide(db, number, "assigned", assignee="市计量所 李工")
    assert assigned.assignee == "市计量所 李工"
    answered = _decide(db, number, "answered", "已安排上门检定")
    assert answered.text == "已安排上门检定" and answered.assignee == ""
    for kind in wire.DECISIONS:  # answered: nothing more until the station escalates again
        with pytest.raises(Refused):
            _decide(db, number, kind, "x", "x")
    push(client, dev, [record(rec["body"] | {"reason": "再次上报"}, uuid=rec["uuid"], version=2)])
    returned = _decide(db, number, "returned", "请站点自行处理")
    assert returned.decision == "returned"
    with pytest.raises(Refused):
        _decide(db, number, "accepted")


def test_two_requests_with_one_number_are_decided_by_uuid(client: TestClient, db: Database) -> None:
    """Two computers of one station number their requests each on their own: the hub takes both, and asks for
    the UUID when the number alone is ambiguous."""
    first, second = enrol(client, db), enrol(client, db)
    mine = _escalate(client, first)
    theirs = record(request_body(number=mine["body"]["number"], client_name="柳州另一家企业"))
    assert outcomes(push(client, second, [theirs])) == ["accepted"]
    with pytest.raises(Refused) as ambiguous:
        _decide(db, mine["body"]["number"], "accepted")
    assert mine["uuid"] in ambiguous.value.message and theirs["uuid"] in ambiguous.value.message
    decided = _decide(db, theirs["uuid"], "accepted")
    assert (decided.request_uuid, decided.request_number) == (theirs["uuid"], mine["body"]["number"])


def test_feed_pages_oldest_first_with_cursor_and_more(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    numbers = [_escalate(client, dev)["body"]["number"] for _ in range(3)]
    made = [_decide(db, n, "accepted").uuid for n in numbers] + [_decide(db, numbers[0], "answered", "好").uuid]
    page = _pull(client, dev, limit=3)
    assert [d["uuid"] for d in page["decisions"]] == made[:3] and page["more"] is True
    again = _pull(client, dev, limit=3)  # no cursor: from the start again
    assert again["decisions"] == page["decisions"]
    rest = _pull(client, dev, page["cursor"], limit=3)
    assert [d["uuid"] for d in rest["decisions"]] == made[3:] and rest["more"] is False
    empty = _pull(client, dev, rest["cursor"])
    assert empty == {"decisions": [], "cursor": rest["cursor"], "more": False}
    later = _decide(db, numbers[1], "answered", "已答复")
    assert [d["uuid"] for d in _pull(client, dev, empty["cursor"])["decisions"]] == [later.uuid]
    assert len(_pull(client, dev, limit=5000)["decisions"]) == 5  # the limit is capped, not refused


def test_a_station_sees_only_its_own_decisions(client: TestClient, db: Database) -> None:
    ours, theirs = enrol(client, db), enrol(client, db, OTHER_STATION)
    mine = _decide(db, _escalate(client, ours)["body"]["number"], "accepted")
    other = _decide(db, _escalate(client, theirs)["body"]["number"], "accepted")
    assert [d["uuid"] for d in _pull(client, ours)["decisions"]] == [mine.uuid]
    their_page = _pull(client, theirs)
    assert [d["uuid"] for d in their_page["decisions"]] == [other.uuid]
    # their cursor (past a higher seq) shows us nothing of theirs, and nothing of ours we would not see anyway
    assert _pull(client, ours, their_page["cursor"])["decisions"] == []


def test_bad_cursors_are_refused(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    for cursor in ["???", "bm90IGpzb24", base64.urlsafe_b64encode(b'{"v":2,"seq":1}').decode(),
                   base64.urlsafe_b64encode(b'{"v":1,"seq":-4}').decode(), base64.urlsafe_b64encode(b"[1]").decode()]:
        assert_error(client.get("/v1/decisions", params={"cursor": cursor}, headers=dev.headers), 400, "cursor")
    assert_error(client.get("/v1/decisions", params={"limit": 0}, headers=dev.headers), 422, "validation")


def test_cursors_and_limits_out_of_range_are_refused_not_a_server_error(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    for seq in (2**31, 2**63, 10**30):
        forged = base64.urlsafe_b64encode(f'{{"v":1,"seq":{seq}}}'.encode()).decode().rstrip("=")
        assert_error(client.get("/v1/decisions", params={"cursor": forged}, headers=dev.headers), 400, "cursor")
    for limit in (2**63, 10**30):
        assert_error(client.get("/v1/decisions", params={"limit": limit}, headers=dev.headers), 422, "validation")
    assert client.get("/v1/decisions", params={"limit": 5000}, headers=dev.headers).status_code == 200  # capped
