"""POST /v1/chains (issue 15): a device's hash-chain heads are acknowledged while its history only grows; a head
that no longer leads to what the hub acknowledged is refused as a change and recorded; each device is kept apart
(another device's, another station's, a wrong station code); hostile reports are refused, never a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from cityhub.db import Database
from desktop.sync import wire
from tests.support.hub_api import assert_error, enrol

H1, H2, H3 = "1" * 64, "2" * 64, "3" * 64


def _report(dev: Any, *heads: dict[str, Any], station: str | None = None, protocol: int = wire.PROTOCOL
            ) -> dict[str, Any]:
    return {"protocol": protocol, "station_code": station or dev.station, "device_uuid": dev.uuid,
            "chains": list(heads)}


def _head(chain: str, last_id: int, hash_: str, known_id: int = 0, known_hash: str = "", entries: int | None = None
          ) -> dict[str, Any]:
    return {"chain": chain, "entries": last_id if entries is None else entries, "last_id": last_id, "hash": hash_,
            "known_id": known_id, "known_hash": known_hash}


def test_growing_history_is_acknowledged_and_a_changed_one_reported(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    first = client.post("/v1/chains", json=_report(dev, _head("audit_log", 10, H1)), headers=dev.headers)
    assert first.status_code == 200, first.text
    assert first.json() == {"held": [{"chain": "audit_log", "last_id": 10, "hash": H1}], "mismatches": []}
    grown = client.post("/v1/chains", json=_report(dev, _head("audit_log", 15, H2, 10, H1)), headers=dev.headers)
    assert grown.json()["held"][0] == {"chain": "audit_log", "last_id": 15, "hash": H2}
    # entry 15 presented with another link: the history was changed; the hub keeps what it held
    changed = client.post("/v1/chains", json=_report(dev, _head("audit_log", 20, H3, 15, H1)), headers=dev.headers)
    assert changed.json() == {"held": [{"chain": "audit_log", "last_id": 15, "hash": H2}],
                              "mismatches": ["audit_log"]}
    # shorter than what the hub saw (entries cut from the end, or an older backup restored)
    shorter = client.post("/v1/chains", json=_report(dev, _head("audit_log", 12, H3, 15, H2)), headers=dev.headers)
    assert shorter.json()["mismatches"] == ["audit_log"]
    with db.transaction() as session:
        from cityhub import report

        # one alert per device and chain, however often it is reported again
        assert [(a.chain, a.held_id, a.said_id) for a in report.history_alerts(session)] == [("audit_log", 15, 15)]


def test_a_device_keeps_a_bounded_number_of_chains(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    for start in (0, 10):
        heads = [_head("chain_" + "abcdefghijklmnopqrst"[start + i], 1, H1) for i in range(10)]
        assert client.post("/v1/chains", json=_report(dev, *heads), headers=dev.headers).status_code == 200
    assert_error(client.post("/v1/chains", json=_report(dev, _head("one_more", 1, H1)), headers=dev.headers),
                 400, "too_many_chains")


def test_devices_and_stations_are_kept_apart(client: TestClient, db: Database) -> None:
    one = enrol(client, db)
    other = enrol(client, db)  # the same station's other computer: its own chains
    elsewhere = enrol(client, db, station="LZ-LB01")
    for dev, hash_ in ((one, H1), (other, H2), (elsewhere, H3)):
        answer = client.post("/v1/chains", json=_report(dev, _head("request_event", 5, hash_)), headers=dev.headers)
        assert answer.json()["held"] == [{"chain": "request_event", "last_id": 5, "hash": hash_}]
    # a report naming another station, or another device, with this device's token
    assert_error(client.post("/v1/chains", json=_report(one, station="LZ-LB01"), headers=one.headers), 403,
                 "wrong_station")
    spoofed = {**_report(one), "device_uuid": other.uuid}
    assert_error(client.post("/v1/chains", json=spoofed, headers=one.headers), 403, "wrong_station")
    assert_error(client.post("/v1/chains", json=_report(one), headers={}), 401, "unauthorized")


@pytest.mark.parametrize("bad", [
    {"chains": [{"chain": "x" * 31, "entries": 0, "last_id": 0}]},
    {"chains": [{"chain": "Audit Log", "entries": 0, "last_id": 0}]},
    {"chains": [{"chain": "a", "entries": -1, "last_id": 0}]},
    {"chains": [{"chain": "a", "entries": 0, "last_id": 2**31}]},
    {"chains": [{"chain": "a", "entries": 0, "last_id": 0, "hash": "XYZ"}]},
    {"chains": [{"chain": f"c{i}", "entries": 0, "last_id": 0} for i in range(21)]},
    {"chains": "none"},
])
def test_hostile_reports_are_refused(client: TestClient, db: Database, bad: dict[str, Any]) -> None:
    dev = enrol(client, db)
    answer = client.post("/v1/chains", json={**_report(dev), **bad}, headers=dev.headers)
    assert answer.status_code == 422, answer.text


def test_another_protocol_is_refused(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    assert_error(client.post("/v1/chains", json=_report(dev, protocol=99), headers=dev.headers), 400, "protocol")
