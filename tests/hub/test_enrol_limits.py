"""Failed enrolments are limited per client address and per station code: guessing codes gets a 429 with
``Retry-After``, while good codes from elsewhere, and good codes in any number, still enrol."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cityhub import cli
from cityhub.app import create_app
from cityhub.db import Database
from cityhub.throttle import EnrolLimits
from tests.support.hub_api import assert_error, new_code
from tests.support.hub_records import OTHER_STATION, STATION, new_uuid


def _hub(db: Database, limits: EnrolLimits) -> Callable[[str], TestClient]:
    """Clients of one hub at the addresses they are called with (they share the hub's counts)."""
    app = create_app(db=db, enrol_limits=limits)
    return lambda address: TestClient(app, client=(address, 40000))


def _enrol(client: TestClient, code: str, station: str = STATION) -> Any:
    return client.post("/v1/enrol", json={"code": code, "station_code": station, "device_uuid": new_uuid()})


def _assert_throttled(answer: Any, longest: int) -> None:
    assert_error(answer, 429, "too_many_attempts")
    assert 0 < int(answer.headers["retry-after"]) <= longest
    assert "try again" in answer.json()["message"]


def test_guessing_from_one_address_is_stopped(db: Database) -> None:
    limits = EnrolLimits(per_address="3/minute", per_station="100/hour")
    at = _hub(db, limits)
    guesser = at("10.0.0.1")
    for _ in range(3):
        assert_error(_enrol(guesser, "AAAA-BBBB-CCCC-DDDD"), 401, "enrolment_code")
    _assert_throttled(_enrol(guesser, "AAAA-BBBB-CCCC-DDDD"), 60)
    _assert_throttled(_enrol(guesser, new_code(db)), 60)  # even a good code: the guess is not even looked at
    assert _enrol(at("10.0.0.2"), new_code(db)).status_code == 200  # another address is not held up


def test_guessing_for_one_station_is_stopped_from_any_address_that_guessed(db: Database) -> None:
    """Over a station's limit, every address that has failed lately waits, even with a good code; an address
    with no failure (the station's own new computer) still enrols, so guessing cannot lock a station out."""
    limits = EnrolLimits(per_address="100/minute", per_station="3/hour")
    at = _hub(db, limits)
    for n in range(3):
        assert_error(_enrol(at(f"10.0.1.{n}"), "AAAA-BBBB-CCCC-DDDD"), 401, "enrolment_code")
    guesser = at("10.0.1.0")
    _assert_throttled(_enrol(guesser, new_code(db)), 3600)
    _assert_throttled(_enrol(guesser, new_code(db), STATION.lower()), 3600)  # the code's case does not help
    assert _enrol(guesser, new_code(db, OTHER_STATION), OTHER_STATION).status_code == 200  # other stations enrol
    window_pc = at("10.0.1.9")
    assert _enrol(window_pc, new_code(db)).status_code == 200
    newcomer = at("10.0.1.10")  # a new address guessing: its guess is looked at once, then it waits too
    assert_error(_enrol(newcomer, "AAAA-BBBB-CCCC-DDDD"), 401, "enrolment_code")
    _assert_throttled(_enrol(newcomer, new_code(db)), 3600)


def test_wrong_station_and_other_refusals_count_as_failures(db: Database) -> None:
    limits = EnrolLimits(per_address="2/minute", per_station="100/hour")
    client = _hub(db, limits)("10.0.2.1")
    assert_error(_enrol(client, new_code(db, OTHER_STATION)), 400, "wrong_station")
    assert_error(_enrol(client, "AAAA-BBBB-CCCC-DDDD"), 401, "enrolment_code")
    _assert_throttled(_enrol(client, new_code(db)), 60)


def test_successful_enrolments_are_not_counted(db: Database) -> None:
    limits = EnrolLimits(per_address="2/minute", per_station="2/hour")
    client = _hub(db, limits)("10.0.3.1")
    for _ in range(6):
        assert _enrol(client, new_code(db)).status_code == 200
    assert_error(_enrol(client, "AAAA-BBBB-CCCC-DDDD"), 401, "enrolment_code")  # 1 failure: still below


def test_the_defaults_and_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert EnrolLimits() == EnrolLimits(per_address="10/minute", per_station="20/hour")
    args = cli.build_parser().parse_args(["serve", "--enrol-failures-per-address", "5/minute",
                                          "--enrol-failures-per-station", "30 per hour"])
    assert (args.enrol_failures_per_address, args.enrol_failures_per_station) == ("5/minute", "30 per hour")
    assert cli.main(["serve", "--enrol-failures-per-address", "lots"]) == cli.USAGE
    assert "lots" in capsys.readouterr().err
