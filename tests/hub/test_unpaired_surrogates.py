"""JSON can spell text that is not Unicode: an unpaired surrogate escape ("\\ud800"). Python reads it into a str
that cannot be written as UTF-8, so the database and the JSON answer both fail on it. The hub answers such input
as any other bad input: a record carrying one is rejected alone, anything else is refused with the protocol's
error shape, and never a 5xx."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cityhub.db import Database, Record
from desktop.sync import wire
from tests.support.hub_api import Dev, enrol, outcomes
from tests.support.hub_records import escalation, new_uuid, push_body, request_body

LONE = ("\ud800", "\udfff", "a\udc00b")  # a high one alone, a low one alone, a low one inside text


def _post(client: TestClient, path: str, value: Any, headers: dict[str, str] | None = None) -> Any:
    """``value`` as JSON with non-ASCII escaped, as any JSON library may send it: the lone surrogate arrives as
    a ``\\uXXXX`` escape in otherwise valid UTF-8."""
    return client.post(path, content=json.dumps(value).encode("ascii"),
                       headers={"Content-Type": "application/json", **(headers or {})})


def _stored(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Record)) or 0


def _answer_is_json(answer: Any) -> dict[str, Any]:
    assert answer.status_code < 500, answer.text
    return dict(answer.json())


@pytest.mark.parametrize("lone", LONE)
def test_a_record_whose_body_holds_one_is_rejected_alone(client: TestClient, db: Database, lone: str) -> None:
    dev = enrol(client, db)
    good = escalation()
    body = request_body()
    body["reason"] = f"需要{lone}支持"
    bad = {"kind": "escalation", "uuid": new_uuid(), "version": 1, "content_hash": "0" * 64, "body": body}
    answer = _post(client, "/v1/push", push_body([good, bad], dev.uuid, dev.station), dev.headers)
    assert outcomes(answer) == ["accepted", "rejected"]
    rejected = answer.json()["answers"][1]
    assert rejected["code"] == "validation"
    assert "Unicode" in rejected["reason"]
    assert _stored(db) == 1


def test_one_in_a_key_of_the_body_is_rejected_alone(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    body = request_body()
    body["client"]["\ud800"] = "x"
    bad = {"kind": "escalation", "uuid": new_uuid(), "version": 1, "content_hash": "0" * 64, "body": body}
    answer = _post(client, "/v1/push", push_body([bad], dev.uuid, dev.station), dev.headers)
    assert outcomes(answer) == ["rejected"]
    assert _stored(db) == 0


@pytest.mark.parametrize("field", ["kind", "uuid", "content_hash"])
def test_one_in_a_record_field_is_answered_without_a_5xx(client: TestClient, db: Database, field: str) -> None:
    dev = enrol(client, db)
    good = escalation()
    bad = copy.deepcopy(escalation())
    bad[field] = "\ud800"
    answer = _answer_is_json(_post(client, "/v1/push", push_body([good, bad], dev.uuid, dev.station),
                                   dev.headers))
    if "answers" in answer:
        assert [a["outcome"] for a in answer["answers"]] == ["accepted", "rejected"]
        json.dumps(answer, ensure_ascii=False).encode("utf-8")  # what it echoes is text
    else:
        assert answer["error"] == "validation"


def _dev_requests(dev: Dev) -> list[tuple[str, Any]]:
    return [
        ("/v1/push", {"protocol": 1, "station_code": "\ud800", "device_uuid": dev.uuid, "records": []}),
        ("/v1/push", {"protocol": 1, "station_code": dev.station, "device_uuid": "\ud800", "records": []}),
        ("/v1/push", {"protocol": "\ud800", "station_code": dev.station, "device_uuid": dev.uuid, "records": []}),
        ("/v1/push", {"\ud800": 1, "station_code": dev.station, "device_uuid": dev.uuid, "records": []}),
        ("/v1/blobs/query", {"hashes": ["\ud800"]}),
        ("/v1/blobs/query", {"\udc00": []}),
    ]


def test_anything_else_holding_one_is_refused_with_the_error_shape(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    for path, value in _dev_requests(dev):
        answer = _answer_is_json(_post(client, path, value, dev.headers))
        assert set(answer) - {"received"} == {"error", "message"}, (path, answer)
        answer["message"].encode("utf-8")
    enrolments = [{"code": "\ud800", "station_code": dev.station, "device_uuid": new_uuid(), "device_name": "x"},
                  {"code": "ABCD-EFGH", "station_code": "\ud800", "device_uuid": new_uuid(), "device_name": "x"},
                  {"code": "ABCD-EFGH", "station_code": dev.station, "device_uuid": new_uuid(),
                   "device_name": "前台\udfff电脑"}]
    for value in enrolments:
        answer = _answer_is_json(_post(client, "/v1/enrol", value))
        assert set(answer) == {"error", "message"}, answer
    assert _stored(db) == 0


def test_the_content_hash_of_such_a_body_cannot_be_made_on_a_station() -> None:
    """The station never sends one: its own hash of the body fails first (so the hub's rejection is for
    hostile or broken clients only)."""
    body = request_body()
    body["reason"] = "\ud800"
    with pytest.raises(UnicodeEncodeError):
        wire.content_hash(body)
