"""Push outcomes: accepted, already_had, conflict, rejected, each answered in order in one transaction."""

from __future__ import annotations

import copy
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from cityhub import feed
from cityhub.db import Database, Device, Escalation, Record
from desktop.sync import wire
from tests.support.hub_api import assert_error, enrol, outcomes, push
from tests.support.hub_records import OTHER_STATION, archive, escalation, record, request_body


def _count(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Record)) or 0


def test_accepted_then_already_had(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    batch = [escalation(), archive()]
    assert outcomes(push(client, dev, batch)) == ["accepted", "accepted"]
    answer = push(client, dev, batch)
    assert outcomes(answer) == ["already_had", "already_had"]
    assert [(a["kind"], a["uuid"], a["version"]) for a in answer.json()["answers"]] == [
        (r["kind"], r["uuid"], r["version"]) for r in batch]
    assert _count(db) == 2
    with db.transaction() as session:
        stored = session.scalars(select(Record).where(Record.uuid == batch[0]["uuid"])).one()
        assert stored.body == wire.canonical_json(batch[0]["body"]).decode()
        assert wire.content_hash(json.loads(stored.body)) == stored.content_hash
        device = session.scalars(select(Device)).one()
        assert device.last_push_at is not None and device.last_seen_at is not None


def test_the_same_record_twice_in_one_batch(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    one = escalation()
    assert outcomes(push(client, dev, [one, copy.deepcopy(one)])) == ["accepted", "already_had"]
    assert _count(db) == 1


def test_same_version_with_another_body_is_a_conflict(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    first = escalation()
    push(client, dev, [first])
    changed = record(first["body"] | {"description": "改过的描述"}, uuid=first["uuid"])
    answer = push(client, dev, [changed])
    assert outcomes(answer) == ["conflict"]
    reason, code = answer.json()["answers"][0]["reason"], answer.json()["answers"][0]["code"]
    assert first["content_hash"][:12] in reason and changed["content_hash"][:12] in reason and code == "conflict"
    newer = record(changed["body"], uuid=first["uuid"], version=2)
    assert outcomes(push(client, dev, [newer])) == ["accepted"]
    assert _count(db) == 2


def _reason(client: TestClient, dev, rec) -> str:  # type: ignore[no-untyped-def]
    """The hub's words, prefixed with its reason code: "code: words"."""
    answer = push(client, dev, [rec])
    assert outcomes(answer) == ["rejected"], answer.json()
    first = answer.json()["answers"][0]
    assert first["code"] in wire.REASON_CODES
    return f"{first['code']}: {first['reason']}"


def test_rejections_say_why(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    other_dev = enrol(client, db, OTHER_STATION)
    body = request_body()
    bad = copy.deepcopy(body)
    bad["client"]["name"] = ""
    assert _reason(client, dev, record(bad)).startswith("validation: body.client.name")
    missing = {k: v for k, v in body.items() if k != "timeline"}
    assert _reason(client, dev, record(missing)).startswith("validation: body.timeline")
    assert _reason(client, dev, record(body, content_hash="0" * 64)) == (
        "hash_mismatch: content hash does not match the body")
    assert _reason(client, dev, escalation(OTHER_STATION)).startswith("wrong_station: body.station_code")
    theirs = escalation(OTHER_STATION)
    assert outcomes(push(client, other_dev, [theirs])) == ["accepted"]
    assert _reason(client, dev, escalation(uuid=theirs["uuid"])) == "other_station: uuid belongs to another station"
    assert _reason(client, dev, archive(uuid=theirs["uuid"])) == "other_station: uuid belongs to another station"
    huge = request_body(description="柳" * (wire.MAX_RECORD_BYTES // 3 + 1))
    assert _reason(client, dev, record(huge)).startswith("too_large: body is")
    assert _reason(client, dev, record(body, kind="visit")).startswith("kind: unknown kind")
    assert _reason(client, dev, record(body, version=0)).startswith("version: version must be")
    assert _reason(client, dev, record(body, uuid="not-a-uuid")).startswith("uuid: uuid is not a UUID")
    assert _count(db) == 1  # theirs


def test_a_mixed_batch_is_answered_in_order_and_stores_only_the_accepted(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    held = escalation()
    push(client, dev, [held])
    fresh = [escalation(), archive()]
    batch = [fresh[0], record(request_body(), content_hash="f" * 64), held,
             record(held["body"] | {"notice": "x"}, uuid=held["uuid"]), fresh[1], escalation(OTHER_STATION)]
    assert outcomes(push(client, dev, batch)) == [
        "accepted", "rejected", "already_had", "conflict", "accepted", "rejected"]
    with db.transaction() as session:
        stored = set(session.scalars(select(Record.uuid)))
    assert stored == {held["uuid"], fresh[0]["uuid"], fresh[1]["uuid"]}


def test_a_new_escalation_version_reopens_it(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    first = escalation(client_name="柳州五菱配件厂", reason="第一次")
    push(client, dev, [first])
    number = first["body"]["number"]
    with db.transaction() as session:
        feed.decide(session, number, "returned", "请补充材料")
    second = record(first["body"] | {"reason": "第二次"}, uuid=first["uuid"], version=3)
    older = record(first["body"] | {"reason": "较早"}, uuid=first["uuid"], version=2)
    assert outcomes(push(client, dev, [second, older])) == ["accepted", "accepted"]
    with db.transaction() as session:
        row = session.scalars(select(Escalation)).one()
        assert (row.status, row.version, row.reason, row.client_name) == ("open", 3, "第二次", "柳州五菱配件厂")
    assert _count(db) == 3


def test_a_body_over_the_limit_is_refused_before_it_is_read(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    headers = {**dev.headers, "Content-Type": "application/json", "Content-Length": str(wire.MAX_PUSH_BYTES + 1)}
    assert_error(client.post("/v1/push", content=b"{}", headers=headers), 413, "too_large")
    no_length = client.build_request("POST", "/v1/push", content=iter([b"{}"]), headers=dev.headers)
    assert_error(client.send(no_length), 411, "length")


def test_a_version_too_large_for_the_hub_is_rejected_alone(client: TestClient, db: Database) -> None:
    """Versions past what the hub's columns hold (2^31 - 1 on PostgreSQL, 2^63 - 1 on SQLite) reject their record
    with a reason; the rest of the batch is taken."""
    dev = enrol(client, db)
    fine = escalation(version=wire.MAX_INT)
    batch = [escalation(version=v) for v in (wire.MAX_INT + 1, 2**63, 2**64 + 5, 10**40, -(2**63) - 1)]
    answer = push(client, dev, [*batch, fine])
    assert outcomes(answer) == ["rejected"] * 5 + ["accepted"]
    answers = answer.json()["answers"]
    assert [a["version"] for a in answers] == [r["version"] for r in [*batch, fine]]
    assert {a["code"] for a in answers[:5]} == {"version"}
    assert all(a["reason"].startswith(f"version must be from 1 to {wire.MAX_INT}") for a in answers[:5])
    assert _count(db) == 1


def test_bodies_are_stored_compressed_with_lz4_on_postgresql(db: Database) -> None:
    """PostgreSQL compresses the records' bodies with lz4 (pglz took most of a batch's insert); the setting is
    made once, by opening the database, and stays when it is opened again."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL storage setting")
    from cityhub.db import open_db

    again = open_db(db.engine.url.render_as_string(hide_password=False))
    again.dispose()
    with db.transaction() as session:
        compression = session.execute(text("SELECT attcompression FROM pg_attribute WHERE attrelid = "
                                           "'record'::regclass AND attname = 'body'")).scalar()
    assert compression == "l"


def test_a_complaint_record_is_checked_against_its_own_schema(client: TestClient, db: Database) -> None:
    from tests.support.hub_records import complaint, complaint_body

    dev = enrol(client, db)
    good = complaint()
    wrong_schema = record(request_body(), kind="complaint")  # a request's body under the complaint kind
    as_archive = record(complaint_body(), kind="archive")  # a complaint's body under a request's kind
    other = complaint(OTHER_STATION)
    hostile = complaint(what_happened="<script>alert(1)</script>'; DROP TABLE record; --\u202e",
                        complainant="=cmd|' /C calc'!A0")
    answers = push(client, dev, [good, wrong_schema, as_archive, other, hostile]).json()["answers"]
    assert [a["outcome"] for a in answers] == ["accepted", "rejected", "rejected", "rejected", "accepted"]
    assert [a["code"] for a in answers] == ["", "validation", "validation", "wrong_station", ""]
    with db.transaction() as session:
        stored = session.scalars(select(Record.body).where(Record.uuid == hostile["uuid"])).one()
    assert json.loads(stored)["what_happened"] == hostile["body"]["what_happened"]  # kept as data
    assert outcomes(push(client, dev, [good])) == ["already_had"]


def test_a_complaint_referred_to_the_city_opens_an_escalation(client: TestClient, db: Database) -> None:
    from tests.support.hub_records import complaint, event

    dev = enrol(client, db)
    referred = complaint(status="referred_out", external_route="city_platform", closed_at=None,
                         timeline=[event("received", to_status="received"),
                                   event("referred_out", text="要求市级平台复查", to_status="referred_out")])
    mediation = complaint(status="referred_out", external_route="mediation", closed_at=None)
    assert outcomes(push(client, dev, [referred, mediation, complaint()])) == ["accepted"] * 3
    with db.transaction() as session:
        rows = session.scalars(select(Escalation)).all()
        assert [(e.request_uuid, e.client_name, e.reason, e.status) for e in rows] == [
            (referred["uuid"], "韦秀英", "要求市级平台复查", "open")]  # mediation and a closed one are not the city's
