"""The token is checked before anything else: a call without a valid token gets its 401 without the hub reading,
parsing or validating its body (or its query), so an unauthenticated client cannot make the hub work."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cityhub import auth
from cityhub.app import create_app
from cityhub.db import Database
from desktop.sync import wire
from tests.support.hub_api import Dev, assert_error, enrol, outcomes
from tests.support.hub_records import escalation, push_body

Receive = Callable[[], Any]


class BodyWatch:
    """The real hub behind an ASGI wrapper that records whether the app asked for the request's body."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.body_read = False

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Any) -> None:
        async def watched() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                self.body_read = True
            return message

        await self.app(scope, watched if scope["type"] == "http" else receive, send)


@pytest.fixture
def watched(db: Database) -> Iterator[tuple[TestClient, BodyWatch]]:
    watch = BodyWatch(create_app(db=db))
    with TestClient(watch) as test_client:
        yield test_client, watch


SHA = hashlib.sha256(b"x").hexdigest()
TOO_BIG_CHUNK = b"\0" * (wire.CHUNK_BYTES + 1)  # the hub refuses it once read (413): a 401 shows it was not


def _calls(client: TestClient, headers: dict[str, str]) -> dict[str, Callable[[], Any]]:
    """Each authenticated endpoint with a body (or query) the hub would refuse as malformed if it looked at it."""
    json_header = {"Content-Type": "application/json"}
    return {
        "push": lambda: client.post("/v1/push", content=b"{not json", headers=headers | json_header),
        "push (valid)": lambda: client.post("/v1/push", json=push_body([escalation()], "x"), headers=headers),
        "blobs query": lambda: client.post("/v1/blobs/query", content=b"[", headers=headers | json_header),
        "blob put": lambda: client.put(f"/v1/blobs/{SHA}", params={"offset": 0, "size": 1}, content=TOO_BIG_CHUNK,
                                       headers=headers),
        "decisions": lambda: client.get("/v1/decisions", params={"limit": 0}, headers=headers),
    }


def _refused_unread(client: TestClient, watch: BodyWatch, headers: dict[str, str]) -> None:
    for name, call in _calls(client, headers).items():
        watch.body_read = False
        answer = call()
        assert answer.status_code == 401, (name, answer.text)
        assert_error(answer, 401, "unauthorized")
        assert answer.headers["www-authenticate"] == "Bearer"
        assert not watch.body_read, f"{name}: the body was read before the token was checked"


def test_no_token_or_an_unknown_one_is_refused_before_the_body_is_read(
        watched: tuple[TestClient, BodyWatch]) -> None:
    client, watch = watched
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"},
                    {"Authorization": "Bearer "}):
        _refused_unread(client, watch, headers)


def test_a_revoked_token_is_refused_before_the_body_is_read(watched: tuple[TestClient, BodyWatch],
                                                            db: Database) -> None:
    client, watch = watched
    dev = enrol(client, db)
    with db.transaction() as session:
        auth.revoke(session, dev.uuid)
    _refused_unread(client, watch, dev.headers)


def test_a_good_token_still_gets_its_body_read_and_checked(watched: tuple[TestClient, BodyWatch],
                                                           db: Database) -> None:
    client, watch = watched
    dev: Dev = enrol(client, db)
    answer = client.post("/v1/push", json=push_body([escalation()], dev.uuid), headers=dev.headers)
    assert outcomes(answer) == ["accepted"] and watch.body_read
    assert_error(client.post("/v1/push", content=b"{not json", headers=dev.headers | {
        "Content-Type": "application/json"}), 422, "validation")
    assert_error(client.put(f"/v1/blobs/{SHA}", params={"offset": 0, "size": 1}, content=TOO_BIG_CHUNK,
                            headers=dev.headers), 413, "too_large")
    assert_error(client.get("/v1/decisions", params={"limit": 0}, headers=dev.headers), 422, "validation")
    states = client.post("/v1/blobs/query", json={"hashes": [SHA]}, headers=dev.headers).json()["blobs"]
    assert states[0]["received"] == 0
