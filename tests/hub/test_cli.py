"""The ``cityhub`` command line: enroll, decide, report, revoke, devices, and its exit codes."""

from __future__ import annotations

import gc
import json
import re

import pytest
from fastapi.testclient import TestClient

from cityhub import auth
from cityhub.cli import main
from cityhub.db import Database
from tests.support.hub_api import assert_error, enrol, outcomes, push
from tests.support.hub_records import STATION, archive, complaint, escalation, new_uuid
from tests.support.pipes import assert_quiet_exit, run_into_closed_pipe


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_enroll_prints_a_code_that_enrols(capsys: pytest.CaptureFixture[str], db_url: str, client: TestClient) -> None:
    code, out, _ = _run(capsys, "enroll", "--station", STATION, "--name", "城中区服务站", "--db", db_url)
    assert code == 0
    first, second = out.splitlines()[:2]
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", first)
    assert "城中区服务站" in second and re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", second)
    answer = client.post("/v1/enrol", json={"code": first, "station_code": STATION, "device_uuid": new_uuid()})
    assert answer.status_code == 200 and answer.json()["station_name"] == "城中区服务站"


def test_decide_records_or_refuses(capsys: pytest.CaptureFixture[str], db_url: str, client: TestClient,
                                   db: Database) -> None:
    dev = enrol(client, db)
    number = escalation()["body"]["number"]
    rec = escalation(number=number)
    push(client, dev, [rec])
    code, out, _ = _run(capsys, "decide", number, "--assign", "李工", "--db", db_url)
    assert code == 0 and number in out and "assigned" in out and "李工" in out
    code, out, _ = _run(capsys, "decide", number, "--answer", "已上门检定完毕", "--db", db_url)
    assert code == 0 and "answered" in out
    code, out, err = _run(capsys, "decide", number, "--accept", "--db", db_url)
    assert code == 1 and out == "" and "answered" in err
    code, _, err = _run(capsys, "decide", "LZ-CZ-NOPE", "--accept", "--db", db_url)
    assert code == 1 and "LZ-CZ-NOPE" in err
    code, _, err = _run(capsys, "decide", number, "--db", db_url)  # no decision given
    assert code == 2 and "one of the arguments" in err
    code, _, _ = _run(capsys, "decide", number, "--accept", "--answer", "x", "--db", db_url)
    assert code == 2
    page = client.get("/v1/decisions", headers=dev.headers).json()
    assert [d["decision"] for d in page["decisions"]] == ["assigned", "answered"]


def test_report_table_and_json(capsys: pytest.CaptureFixture[str], db_url: str, client: TestClient,
                               db: Database) -> None:
    assert _run(capsys, "report", "--db", db_url)[1].strip() == "no stations yet"
    dev = enrol(client, db)
    complaint_uuid = new_uuid()
    assert outcomes(push(client, dev, [escalation(), escalation(attachments=[{
        "sha256": "b" * 64, "size": 3, "name": "a.jpg"}]), archive(), complaint(uuid=complaint_uuid),
        complaint(uuid=complaint_uuid, version=2)])) == ["accepted"] * 5
    code, out, _ = _run(capsys, "report", "--db", db_url)
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:3] == ["station", "name", "escalations"]
    assert row.startswith(STATION) and re.search(r"\s2\s+2\s+1\s+1\s+1\s+0\s+\d{4}-", row)  # one complaint
    code, out, _ = _run(capsys, "report", "--json", "--db", db_url)
    (station,) = json.loads(out)
    assert {k: station[k] for k in ("code", "escalations", "open_escalations", "archive_records", "complaints",
                                    "missing_files", "devices", "history_alerts")} == {
        "code": STATION, "escalations": 2, "open_escalations": 2, "archive_records": 1, "complaints": 1,
        "missing_files": 1, "devices": 1, "history_alerts": 0}
    assert station["last_sync"].endswith("Z")


def test_revoke_and_devices(capsys: pytest.CaptureFixture[str], db_url: str, client: TestClient,
                            db: Database) -> None:
    dev = enrol(client, db)
    code, out, _ = _run(capsys, "devices", "--db", db_url)
    assert code == 0 and dev.uuid in out and STATION in out and "前台电脑" in out
    code, out, _ = _run(capsys, "revoke", dev.uuid, "--db", db_url)
    assert code == 0 and dev.uuid in out
    assert_error(client.get("/v1/decisions", headers=dev.headers), 401, "unauthorized")
    assert _run(capsys, "revoke", new_uuid(), "--db", db_url)[0] == 1


def test_serve_freezes_what_start_up_made(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    """The objects made before serving are frozen out of the collector's walks (a push's parsed JSON otherwise
    made each collection walk the whole app)."""
    served: list[int] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **_kwargs: served.append(gc.get_freeze_count()))
    gc.unfreeze()
    try:
        assert main(["serve", "--db", db_url, "--port", "0"]) == 0
    finally:
        gc.unfreeze()
    assert served and served[0] > 10_000


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    assert main([]) == 2
    assert main(["enroll", "--db", db_url]) == 2  # --station is required
    assert main(["serve", "--ssl-certfile", "cert.pem", "--db", db_url]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["--help"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("argv", [("enroll", "--station", STATION), ("report",), ("report", "--json"), ("devices",)])
def test_output_into_a_pipe_closed_early_ends_quietly(db_url: str, db: Database, argv: tuple[str, ...]) -> None:
    """``cityhub enroll ... | head -1`` and the like: the reader closes the pipe before the command writes."""
    with db.transaction() as session:
        auth.make_enrolment_code(session, STATION, "城中区服务站")  # something to report
    result = run_into_closed_pipe("cityhub", *argv, env={"CITYHUB_DB": db_url})
    assert_quiet_exit(result)


def test_station_supplied_text_cannot_drive_the_admins_terminal(capsys: pytest.CaptureFixture[str], db_url: str,
                                                                 client: TestClient, db: Database) -> None:
    """A device names itself: a name with terminal escapes (clear the screen, retitle the window) or a bidi override
    reaches ``cityhub devices`` as visible escapes, never as control sequences for the admin's terminal."""
    from tests.support.hub_api import new_code

    hostile = "前台\x1b[2J\x1b]0;pwned\x07电脑\u202e1234"
    answer = client.post("/v1/enrol", json={"code": new_code(db, STATION), "station_code": STATION,
                                            "device_uuid": new_uuid(), "device_name": hostile})
    assert answer.status_code == 200, answer.text
    code, out, _ = _run(capsys, "devices", "--db", db_url)
    assert code == 0 and "前台" in out and "电脑" in out
    assert not any(c in out for c in "\x1b\x07\u202e")
    assert "\\u001b[2J" in out and "\\u202e" in out  # shown, so the admin sees something odd was sent
