"""Enrolment with one-time codes, device tokens, revocation, and the station check on every call."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from cityhub import auth
from cityhub.db import Database, Device, EnrolmentCode, utcnow
from tests.support.hub_api import assert_error, enrol, new_code, outcomes, push
from tests.support.hub_records import OTHER_STATION, STATION, escalation, new_uuid, push_body


def _enrol(client: TestClient, code: str, station: str = STATION, device_uuid: str | None = None):  # type: ignore[no-untyped-def]
    return client.post("/v1/enrol", json={"code": code, "station_code": station,
                                          "device_uuid": device_uuid or new_uuid()})


def test_code_format_and_storage(db: Database) -> None:
    code = new_code(db, STATION, "城中区服务站")
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}", code)
    with db.transaction() as session:
        row = session.scalars(select(EnrolmentCode)).one()
        assert code not in row.code_hash and len(row.code_hash) == 64
        assert timedelta(days=6, hours=23) < row.expires_at - utcnow() <= timedelta(days=7)


def test_good_code_gives_a_token_once(client: TestClient, db: Database) -> None:
    code = new_code(db, STATION, "城中区服务站")
    answer = _enrol(client, code.lower().replace("-", " "))  # typed sloppily: still the code
    assert answer.status_code == 200, answer.text
    assert answer.json()["station_code"] == STATION and answer.json()["station_name"] == "城中区服务站"
    token = answer.json()["token"]
    with db.transaction() as session:
        device = session.scalars(select(Device)).one()
        assert token not in device.token_hash
    assert client.get("/v1/decisions", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert_error(_enrol(client, code), 401, "enrolment_code")  # spent


def test_unknown_expired_and_wrong_station_codes(client: TestClient, db: Database) -> None:
    assert_error(_enrol(client, "AAAA-BBBB-CCCC-DDDD"), 401, "enrolment_code")
    expired = new_code(db)
    with db.transaction() as session:
        session.execute(update(EnrolmentCode).values(expires_at=utcnow() - timedelta(seconds=1)))
    answer = _enrol(client, expired)
    assert_error(answer, 401, "enrolment_code")
    assert "expired" in answer.json()["message"]
    other = new_code(db, OTHER_STATION)
    assert_error(_enrol(client, other, station=STATION), 400, "wrong_station")
    assert _enrol(client, other, station=OTHER_STATION).status_code == 200  # not spent by the refusal


def test_enrolling_again_revokes_the_old_token(client: TestClient, db: Database) -> None:
    first = enrol(client, db)
    second = enrol(client, db, device_uuid=first.uuid)
    assert second.token != first.token
    assert_error(client.get("/v1/decisions", headers=first.headers), 401, "unauthorized")
    assert client.get("/v1/decisions", headers=second.headers).status_code == 200
    with db.transaction() as session:
        assert len(session.scalars(select(Device)).all()) == 1


def test_missing_garbage_and_revoked_tokens_are_unauthorized(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    body = push_body([escalation()], dev.uuid)
    answer = client.post("/v1/push", json=body)
    assert_error(answer, 401, "unauthorized")
    assert answer.headers["www-authenticate"] == "Bearer"
    assert_error(client.post("/v1/push", json=body, headers={"Authorization": "Bearer nonsense"}), 401,
                 "unauthorized")
    assert_error(client.post("/v1/push", json=body, headers={"Authorization": "Basic abc"}), 401, "unauthorized")
    assert outcomes(push(client, dev, [])) == []
    with db.transaction() as session:
        auth.revoke(session, dev.uuid)
    for call in (lambda: push(client, dev, []), lambda: client.get("/v1/decisions", headers=dev.headers),
                 lambda: client.post("/v1/blobs/query", json={"hashes": []}, headers=dev.headers)):
        assert_error(call(), 401, "unauthorized")
    assert client.get("/v1/health").json() == {"status": "ok", "protocol": 1}  # needs no token


def test_a_push_for_another_station_is_refused_whole(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    enrol(client, db, OTHER_STATION)
    answer = push(client, dev, [escalation(OTHER_STATION)], station=OTHER_STATION)
    assert_error(answer, 403, "wrong_station")
    with db.transaction() as session:
        device = session.scalars(select(Device).where(Device.uuid == dev.uuid)).one()
        assert device.last_push_at is None


def test_another_protocol_version_is_refused(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    body = push_body([escalation()], dev.uuid) | {"protocol": 2}
    assert_error(client.post("/v1/push", json=body, headers=dev.headers), 400, "protocol")
    body = {"protocol": 2, "something": "new"}  # a v2 body need not look like v1 at all
    assert_error(client.post("/v1/push", json=body, headers=dev.headers), 400, "protocol")


def test_a_device_cannot_be_taken_over_by_another_station(client: TestClient, db: Database) -> None:
    """A device belongs to the station that first enrolled it: a code of another station, sent with that device's
    UUID and the other station's code, is refused, and the device keeps its token, its station and its name."""
    owner = enrol(client, db, STATION)
    answer = _enrol(client, new_code(db, OTHER_STATION), station=OTHER_STATION, device_uuid=owner.uuid)
    assert_error(answer, 409, "device_other_station")
    assert client.get("/v1/decisions", headers=owner.headers).status_code == 200  # its token still works
    with db.transaction() as session:
        device = session.scalars(select(Device).where(Device.uuid == owner.uuid)).one()
        assert auth.device_station(session, device).code == STATION and device.name == "前台电脑"
    again = _enrol(client, new_code(db, STATION), device_uuid=owner.uuid)  # its own station may enrol it again
    assert again.status_code == 200, again.text


def test_an_enrolment_body_larger_than_any_enrolment_is_refused_unread(client: TestClient) -> None:
    """Enrolment needs no token, so its body limit is an enrolment's size, not a push's 32 MiB."""
    body = b'{"code": "' + b"A" * 20_000 + b'"}'
    assert_error(client.post("/v1/enrol", content=body, headers={"Content-Type": "application/json"}), 413,
                 "too_large")
