"""Attachment uploads: chunked, resumable from what the hub holds, checked against their name."""

from __future__ import annotations

import hashlib
import os
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from cityhub import report
from cityhub.app import create_app
from cityhub.db import Blob, BlobChunk, Database, open_db
from desktop.sync import wire
from tests.support.hub_api import Dev, assert_error, enrol, outcomes, push
from tests.support.hub_records import OTHER_STATION, attachment, escalation

CHUNK = wire.CHUNK_BYTES


def _put(client: TestClient, dev: Dev, sha: str, offset: int, size: int, data: bytes) -> Any:
    return client.put(f"/v1/blobs/{sha}", params={"offset": offset, "size": size}, content=data,
                      headers=dev.headers | {"Content-Type": "application/octet-stream"})


def _stored(db: Database, sha: str) -> bytes:
    """The finished file's bytes as the hub holds them."""
    with db.transaction() as session:
        return b"".join(session.scalars(select(BlobChunk.data).where(BlobChunk.sha256 == sha)
                                        .order_by(BlobChunk.offset)))


def _state(client: TestClient, dev: Dev, *hashes: str) -> list[dict[str, Any]]:
    answer = client.post("/v1/blobs/query", json={"hashes": list(hashes)}, headers=dev.headers)
    assert answer.status_code == 200, answer.text
    return list(answer.json()["blobs"])


def test_chunked_upload_resumes_where_the_hub_stopped(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    data = os.urandom(2 * CHUNK + 1000)
    sha = hashlib.sha256(data).hexdigest()
    assert _state(client, dev, sha) == [{"sha256": sha, "received": 0, "complete": False}]
    first = _put(client, dev, sha, 0, len(data), data[:CHUNK])
    assert first.json() == {"sha256": sha, "received": CHUNK, "complete": False}
    # the connection dropped here; the station asks where to resume
    resume = _state(client, dev, sha)[0]["received"]
    assert resume == CHUNK
    assert _put(client, dev, sha, resume, len(data), data[resume:resume + CHUNK]).json()["received"] == 2 * CHUNK
    last = _put(client, dev, sha, 2 * CHUNK, len(data), data[2 * CHUNK:])
    assert last.json() == {"sha256": sha, "received": len(data), "complete": True}
    # complete: asked again, it answers the state and stores nothing
    assert _put(client, dev, sha, 0, len(data), data[:10]).json()["complete"] is True
    empty = hashlib.sha256(b"").hexdigest()
    assert _put(client, dev, empty, 0, 0, b"").json() == {"sha256": empty, "received": 0, "complete": True}
    assert [b["complete"] for b in _state(client, dev, sha, "0" * 64, empty)] == [True, False, True]


def test_wrong_offset_is_409_with_the_right_one(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    _put(client, dev, sha, 0, len(data), data[:1000])
    for offset in (0, 2000):
        answer = _put(client, dev, sha, offset, len(data), data[offset:offset + 1000])
        assert_error(answer, 409, "offset")
        assert answer.json()["received"] == 1000
    assert_error(_put(client, dev, sha, 1000, 5000, data[1000:]), 409, "size")
    assert_error(_put(client, dev, sha, 1000, len(data), data[1000:] + b"extra"), 400, "size")
    assert _put(client, dev, sha, 1000, len(data), data[1000:]).json()["complete"] is True


def test_hash_mismatch_discards_the_upload(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    data = os.urandom(CHUNK + 10)
    sha = hashlib.sha256(b"something else").hexdigest()
    _put(client, dev, sha, 0, len(data), data[:CHUNK])
    assert_error(_put(client, dev, sha, CHUNK, len(data), data[CHUNK:]), 422, "hash_mismatch")
    assert _state(client, dev, sha) == [{"sha256": sha, "received": 0, "complete": False}]
    right = b"something else"
    assert _put(client, dev, sha, 0, len(right), right).json()["complete"] is True


def test_a_file_sent_whole_is_checked_and_kept_at_once(client: TestClient, db: Database) -> None:
    """One chunk holding the whole file (what a station sends for a file under 1 MiB) is checked against its name
    and kept without an upload in between; a device's own upload in progress still decides the offset."""
    sender, other = enrol(client, db), enrol(client, db, OTHER_STATION)
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    assert_error(_put(client, sender, sha, 0, len(data), os.urandom(3000)), 422, "hash_mismatch")
    assert _state(client, sender, sha) == [{"sha256": sha, "received": 0, "complete": False}]
    with db.transaction() as session:
        assert session.scalars(select(Blob)).all() == []
    assert _put(client, sender, sha, 0, len(data), data[:1000]).json()["received"] == 1000
    answer = _put(client, sender, sha, 0, len(data), data)  # its upload holds 1000 bytes: resume from there
    assert_error(answer, 409, "offset")
    assert answer.json()["received"] == 1000
    assert _put(client, other, sha, 0, len(data), data).json() == {"sha256": sha, "received": 3000, "complete": True}
    assert _stored(db, sha) == data
    assert _put(client, sender, sha, 1000, len(data), data[1000:]).json()["complete"] is True
    assert _state(client, sender, sha) == [{"sha256": sha, "received": 3000, "complete": True}]
    assert _stored(db, sha) == data


def test_refusals_of_bad_names_and_sizes(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    sha = "a" * 64
    assert_error(_put(client, dev, sha, 0, CHUNK + 1, b"x" * (CHUNK + 1)), 413, "too_large")
    assert_error(_put(client, dev, sha, 0, 300 * 1024 * 1024, b"x"), 413, "too_large")
    assert_error(_put(client, dev, "A" * 64, 0, 1, b"x"), 422, "validation")
    assert_error(_put(client, dev, sha, -1, 1, b"x"), 422, "validation")
    assert_error(client.post("/v1/blobs/query", json={"hashes": ["nope"]}, headers=dev.headers), 400, "sha256")
    assert_error(client.put(f"/v1/blobs/{sha}?offset=0&size=1", content=b"x"), 401, "unauthorized")


def test_the_report_counts_records_whose_files_are_missing(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    photo, scan = os.urandom(500), os.urandom(700)
    rec = escalation(attachments=[attachment(photo), attachment(scan, "扫描件.pdf")])
    assert outcomes(push(client, dev, [rec, escalation()])) == ["accepted", "accepted"]

    def missing() -> int:
        with db.transaction() as session:
            return report.station_summaries(session)[0].missing_files

    assert missing() == 1
    _put(client, dev, hashlib.sha256(photo).hexdigest(), 0, len(photo), photo)
    assert missing() == 1
    _put(client, dev, hashlib.sha256(scan).hexdigest(), 0, len(scan), scan)
    assert missing() == 0


def test_a_squatted_upload_does_not_block_the_owner(client: TestClient, db: Database) -> None:
    """Another station's device starts an upload of a file it does not have, with a wrong size: the owner's real
    upload still goes through, and the squatter's part is its own."""
    owner, squatter = enrol(client, db), enrol(client, db, OTHER_STATION)
    data = os.urandom(CHUNK + 100)
    sha = hashlib.sha256(data).hexdigest()
    assert _put(client, squatter, sha, 0, len(data) + 7, b"junk").status_code == 200
    assert _state(client, owner, sha) == [{"sha256": sha, "received": 0, "complete": False}]
    assert _put(client, owner, sha, 0, len(data), data[:CHUNK]).json()["received"] == CHUNK
    assert _put(client, owner, sha, CHUNK, len(data), data[CHUNK:]).json()["complete"] is True
    # the finished file is everyone's, and stays what hashes to its name
    assert _put(client, squatter, sha, 4, len(data) + 7, b"more junk").json() == {
        "sha256": sha, "received": len(data), "complete": True}
    assert _state(client, squatter, sha)[0]["complete"] is True
    assert _stored(db, sha) == data


def test_another_device_cannot_finish_or_spoil_an_upload_in_progress(client: TestClient, db: Database) -> None:
    owner, saboteur = enrol(client, db), enrol(client, db, OTHER_STATION)
    same_station = enrol(client, db)
    data = os.urandom(CHUNK + 100)
    sha = hashlib.sha256(data).hexdigest()
    _put(client, owner, sha, 0, len(data), data[:CHUNK])
    for other in (saboteur, same_station):
        # the other device has none of this upload: it may not append to the owner's part
        answer = _put(client, other, sha, CHUNK, len(data), os.urandom(100))
        assert_error(answer, 409, "offset")
        assert answer.json()["received"] == 0
        assert _put(client, other, sha, 0, len(data) + 1, b"x").json()["received"] == 1  # its own upload
        assert _state(client, other, sha)[0]["received"] == 1
    assert _state(client, owner, sha)[0]["received"] == CHUNK
    assert _put(client, owner, sha, CHUNK, len(data), data[CHUNK:]).json()["complete"] is True
    assert _stored(db, sha) == data


def test_a_bad_upload_resets_only_the_uploaders_own_part(client: TestClient, db: Database) -> None:
    """Two stations upload the same file at once; one of them sends junk at the end: only its part is discarded."""
    first, second = enrol(client, db), enrol(client, db, OTHER_STATION)
    data = os.urandom(CHUNK + 100)
    sha = hashlib.sha256(data).hexdigest()
    _put(client, first, sha, 0, len(data), data[:CHUNK])
    _put(client, second, sha, 0, len(data), data[:CHUNK])
    assert_error(_put(client, second, sha, CHUNK, len(data), os.urandom(100)), 422, "hash_mismatch")
    assert _state(client, second, sha)[0]["received"] == 0
    assert _state(client, first, sha)[0]["received"] == CHUNK
    assert _put(client, first, sha, CHUNK, len(data), data[CHUNK:]).json()["complete"] is True
    assert _stored(db, sha) == data


def test_a_hub_database_of_shared_uploads_keeps_its_files_and_drops_the_unowned_parts(db_url: str) -> None:
    """A hub database from before uploads were per device: its finished files stay; an upload in progress there
    belonged to no device, so it is dropped and its device starts it again from 0."""
    done, partial = os.urandom(3000), os.urandom(3000)
    done_sha, partial_sha = hashlib.sha256(done).hexdigest(), hashlib.sha256(partial).hexdigest()
    old = open_db(db_url)
    with old.transaction() as session:
        session.add_all([Blob(sha256=done_sha, size=3000, received=3000, complete=True),
                         Blob(sha256=partial_sha, size=3000, received=1000, complete=False)])
        session.flush()
        session.add_all([BlobChunk(sha256=done_sha, offset=0, data=done),
                         BlobChunk(sha256=partial_sha, offset=0, data=partial[:1000])])
    old.dispose()
    db = open_db(db_url)
    try:
        with TestClient(create_app(db=db)) as client:
            dev = enrol(client, db)
            assert _state(client, dev, done_sha, partial_sha) == [
                {"sha256": done_sha, "received": 3000, "complete": True},
                {"sha256": partial_sha, "received": 0, "complete": False}]
            assert _put(client, dev, partial_sha, 0, 3000, partial).json()["complete"] is True
        assert _stored(db, done_sha) == done and _stored(db, partial_sha) == partial
    finally:
        db.dispose()


def test_offsets_and_sizes_out_of_range_are_refused_not_a_server_error(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    sha = hashlib.sha256(b"x").hexdigest()
    for offset, size in ((2**63, 1), (10**30, 1), (0, 2**63), (0, 10**30)):
        assert_error(_put(client, dev, sha, offset, size, b"x"), 422, "validation")
    answer = _put(client, dev, sha, wire.MAX_INT, 1, b"x")
    assert_error(answer, 409, "offset")
    assert _put(client, dev, sha, 0, 1, b"x").json()["complete"] is True
