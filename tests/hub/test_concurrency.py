"""Two devices of a station pushing overlapping batches at once: every record is stored exactly once, and each
is answered accepted to exactly one of them (already_had to the other)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from cityhub import auth
from cityhub.db import Database, Escalation, Record
from cityhub.ingest import ingest
from desktop.sync import wire
from tests.support.hub_records import OTHER_STATION, STATION, escalation, new_uuid, push_body


def _device_token(db: Database, station: str = STATION) -> tuple[str, str]:
    with db.transaction() as session:
        code = auth.make_enrolment_code(session, station)
    device_uuid = new_uuid()
    with db.transaction() as session:
        answer = auth.enrol(session, wire.EnrolRequest(code=code, station_code=station, device_uuid=device_uuid))
    return device_uuid, answer.token


def _push_all(db: Database, batches: list[tuple[str, str, str, list[dict[str, Any]]]]) -> list[list[str]]:
    """Push each (station, device uuid, token, records) on its own thread, all released together."""
    start = threading.Barrier(len(batches))
    results: list[list[str]] = [[] for _ in batches]
    errors: list[BaseException] = []

    def run(i: int, station: str, device_uuid: str, token: str, records: list[dict[str, Any]]) -> None:
        try:
            request = wire.PushRequest.model_validate(push_body(records, device_uuid, station))
            start.wait()
            with db.transaction() as session:
                device = auth.device_for_token(session, token)
                results[i] = [a.outcome for a in ingest(session, device, request).answers]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, *batch)) for i, batch in enumerate(batches)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def test_overlapping_batches_store_each_record_once(db: Database) -> None:
    (uuid_a, token_a), (uuid_b, token_b) = _device_token(db), _device_token(db)
    records = [escalation() for _ in range(40)]
    rounds = [
        (records[:25], records[15:40]),  # overlapping, same order
        (records[:40], list(reversed(records))),  # all of them again, crosswise
    ]
    for first, second in rounds:
        a, b = _push_all(db, [(STATION, uuid_a, token_a, first), (STATION, uuid_b, token_b, second)])
        assert set(a) | set(b) <= {"accepted", "already_had"}
    fresh = [escalation() for _ in range(30)]
    a, b = _push_all(db, [(STATION, uuid_a, token_a, fresh), (STATION, uuid_b, token_b, list(reversed(fresh)))])
    accepted = Counter(r["uuid"] for r, o in [*zip(fresh, a, strict=True), *zip(reversed(fresh), b, strict=True)]
                       if o == "accepted")
    assert sorted(accepted.values()) == [1] * 30  # each accepted by exactly one of the two
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Record)) == 70
        assert session.scalar(select(func.count(func.distinct(Record.uuid)))) == 70
        assert session.scalar(select(func.count()).select_from(Escalation)) == 70


def test_two_stations_racing_for_one_uuid_leave_it_to_one(db: Database) -> None:
    """Stations do not wait for each other; the unique key decides, and the loser's batch is taken again."""
    (uuid_a, token_a), (uuid_b, token_b) = _device_token(db), _device_token(db, OTHER_STATION)
    shared = [new_uuid() for _ in range(20)]
    ours = [escalation(uuid=u) for u in shared]
    theirs = [escalation(OTHER_STATION, uuid=u) for u in shared]
    a, b = _push_all(db, [(STATION, uuid_a, token_a, ours), (OTHER_STATION, uuid_b, token_b, theirs)])
    assert set(a) | set(b) <= {"accepted", "rejected"}
    assert all((x == "accepted") != (y == "accepted") for x, y in zip(a, b, strict=True))
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Record)) == 20
        assert session.scalar(select(func.count()).select_from(Escalation)) == 20
