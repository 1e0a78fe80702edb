"""Helpers for the hub's API tests: enrolling a device and calling the API as it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from cityhub import auth
from cityhub.db import Database
from tests.support.hub_records import STATION, new_uuid, push_body


def new_code(db: Database, station: str = STATION, name: str | None = None) -> str:
    with db.transaction() as session:
        return auth.make_enrolment_code(session, station, name)


@dataclass(frozen=True)
class Dev:
    uuid: str
    token: str
    station: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def enrol(client: TestClient, db: Database, station: str = STATION, device_uuid: str | None = None) -> Dev:
    device_uuid = device_uuid or new_uuid()
    answer = client.post("/v1/enrol", json={"code": new_code(db, station),
                                            "station_code": station, "device_uuid": device_uuid,
                                            "device_name": "前台电脑"})
    assert answer.status_code == 200, answer.text
    return Dev(device_uuid, answer.json()["token"], station)


def push(client: TestClient, dev: Dev, records: list[dict[str, Any]], station: str | None = None) -> Any:
    """POST /v1/push as ``dev``; returns the response."""
    return client.post("/v1/push", json=push_body(records, dev.uuid, station or dev.station), headers=dev.headers)


def outcomes(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [a["outcome"] for a in response.json()["answers"]]


def assert_error(response: Any, status: int, code: str) -> None:
    """The protocol's error shape: exactly ``{"error", "message"}`` (plus ``received`` for offsets)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    assert set(body) - {"received"} == {"error", "message"}
