"""The API as a whole: error bodies, OpenAPI, the overview page, a real server on a socket, and no GUI imports."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from cityhub import feed, report
from cityhub.app import create_app
from cityhub.db import Database
from tests.support.hub_api import assert_error, enrol, outcomes, push
from tests.support.hub_records import STATION, escalation, new_uuid, push_body

ROOT = Path(__file__).resolve().parents[2]


def test_every_error_is_error_and_message(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    assert_error(client.get("/v1/nowhere"), 404, "not_found")
    assert_error(client.get("/v1/push"), 405, "method_not_allowed")
    assert_error(client.post("/v1/push", content=b"{not json", headers=dev.headers | {
        "Content-Type": "application/json"}), 422, "validation")
    answer = client.post("/v1/push", json={"protocol": 1, "station_code": STATION, "device_uuid": dev.uuid,
                                           "records": "none"}, headers=dev.headers)
    assert_error(answer, 422, "validation")
    assert "records" in answer.json()["message"]
    too_many = push_body([escalation()] * 501, dev.uuid)
    assert_error(client.post("/v1/push", json=too_many, headers=dev.headers), 422, "validation")
    assert_error(client.post("/v1/enrol", json={"code": "x"}), 422, "validation")


def test_openapi_lists_the_protocol(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/v1/health", "/v1/enrol", "/v1/push", "/v1/blobs/query", "/v1/blobs/{sha256}",
            "/v1/decisions"} <= set(spec["paths"])
    assert "/" not in spec["paths"]
    push_spec = spec["paths"]["/v1/push"]["post"]
    assert push_spec["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("PushResponse")
    assert push_spec["responses"]["403"]["content"]["application/json"]["schema"]["$ref"].endswith("ApiError")
    assert "application/octet-stream" in spec["paths"]["/v1/blobs/{sha256}"]["put"]["requestBody"]["content"]


def test_openapi_documents_every_answer_of_the_error_table(client: TestClient) -> None:
    """docs/sync-protocol.md's error table, operation by operation: what each can answer is in the document."""
    paths = client.get("/openapi.json").json()["paths"]
    documented = {f"{method.upper()} {path}": set(operation["responses"])
                  for path, item in paths.items() for method, operation in item.items()}
    body = {"411", "413"}  # a request body without Content-Length, or over the limit (before it is read)
    assert documented["POST /v1/enrol"] >= {"200", "400", "401", "409", "422", "500"} | body
    assert documented["POST /v1/push"] >= {"200", "400", "401", "403", "422", "500"} | body
    assert documented["POST /v1/blobs/query"] >= {"200", "400", "401", "422", "500"} | body
    assert documented["PUT /v1/blobs/{sha256}"] >= {"200", "400", "401", "409", "422", "500"} | body
    assert documented["GET /v1/decisions"] >= {"200", "400", "401", "422", "500"}
    conflict = paths["/v1/blobs/{sha256}"]["put"]["responses"]["409"]["content"]["application/json"]["schema"]
    assert conflict["$ref"].endswith("UploadConflict")


def test_what_the_fuzzer_found(client: TestClient, db: Database) -> None:
    """A method a path does not take is a 405 that says which it does; values only in their declared JSON type."""
    dev = enrol(client, db)
    for method, path, allowed in (("TRACE", "/v1/health", "GET"), ("PUT", "/v1/blobs/query", "POST"),
                                  ("GET", "/v1/push", "POST")):
        answer = client.request(method, path, headers=dev.headers)
        assert_error(answer, 405, "method_not_allowed")
        assert answer.headers["Allow"] == allowed
    for version in (True, 1.0, "1"):
        rec = escalation() | {"version": version}
        assert_error(client.post("/v1/push", json=push_body([rec], dev.uuid), headers=dev.headers),
                     422, "validation")


def test_the_overview_page_escapes_what_stations_send(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    hostile = "<script>alert(1)</script>"
    push(client, dev, [escalation(number=hostile, client_name="柳州某某机密企业", description="机密的描述内容")])
    answered = escalation(client_name="已答复的企业")
    push(client, dev, [answered])
    with db.transaction() as session:
        feed.decide(session, answered["body"]["number"], "answered", "好")
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert hostile not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "机密的描述内容" not in page.text and "柳州某某机密企业" not in page.text  # no content, no client
    assert "已答复的企业" not in page.text  # not open any more
    assert STATION in page.text and "市级平台" in page.text


@pytest.fixture
def live_url(db: Database) -> Iterator[str]:
    """The hub served by uvicorn on a loopback port of the system's choosing, in a background thread."""
    server = uvicorn.Server(uvicorn.Config(create_app(db=db), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_a_real_server_on_a_socket(live_url: str, db: Database) -> None:
    with TestClient(create_app(db=db)) as local:
        dev = enrol(local, db)
    with httpx.Client(base_url=live_url, headers=dev.headers, timeout=30) as http:
        assert http.get("/v1/health").json() == {"status": "ok", "protocol": 1}
        records = [escalation() for _ in range(30)]
        answers: list[list[str]] = []

        def push_all() -> None:  # two pushes of the same batch at once, over two connections
            with httpx.Client(base_url=live_url, headers=dev.headers, timeout=30) as own:
                answer = own.post("/v1/push", json=push_body(records, dev.uuid))
                answers.append(outcomes(answer))

        threads = [threading.Thread(target=push_all) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(answers) == [["accepted"] * 30, ["already_had"] * 30]
        with db.transaction() as session:
            feed.decide(session, records[0]["body"]["number"], "accepted")
        page = http.get("/v1/decisions").json()
        assert [d["request_uuid"] for d in page["decisions"]] == [records[0]["uuid"]]
        assert http.get("/v1/decisions", headers={"Authorization": "Bearer x"}).json()["error"] == "unauthorized"


def test_the_hub_needs_no_gui(tmp_path: Path) -> None:
    """With PySide6 and reportlab unimportable, the hub still imports and builds its app."""
    code = f"""
import sys
for name in ("PySide6", "reportlab", "shiboken6"):
    sys.modules[name] = None
from cityhub.app import create_app
from cityhub import cli
app = create_app({f"sqlite:///{tmp_path / 'hub.sqlite3'}"!r})
loaded = sorted(m for m in sys.modules if m.startswith("desktop") and sys.modules[m] is not None)
assert loaded == ["desktop", "desktop.sync", "desktop.sync.wire"], loaded
print("ok", app.title)
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok")


def test_unknown_device_uuid_in_envelope_is_only_informative(client: TestClient, db: Database) -> None:
    """The token identifies the device; the envelope's device_uuid is not trusted for anything."""
    dev = enrol(client, db)
    answer = client.post("/v1/push", json=push_body([escalation()], new_uuid()), headers=dev.headers)
    assert outcomes(answer) == ["accepted"]


def test_an_unexpected_failure_is_a_500_in_the_same_shape(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import cityhub.app

    def broken(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cityhub.app, "ingest", broken)
    with TestClient(create_app(db=db), raise_server_exceptions=False) as client:
        dev = enrol(client, db)
        answer = push(client, dev, [escalation()])
    assert_error(answer, 500, "internal")
    assert "fire" not in answer.text
    # answered outside the middlewares (by the server-error handler), yet with the security headers
    assert answer.headers["x-content-type-options"] == "nosniff" and answer.headers["x-frame-options"] == "DENY"


def test_nul_characters_do_not_break_the_database(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    rec = escalation(client_name="柳州\x00公司", reason="原因\x00")
    assert outcomes(push(client, dev, [rec, escalation(number="LZ-CZ-\x00")])) == ["accepted", "rejected"]
    with db.transaction() as session:
        assert [e.client_name for e in report.open_escalations(session)] == ["柳州公司"]  # stored, NUL removed
    assert client.get("/").status_code == 200
