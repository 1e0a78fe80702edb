"""Sync under faults, with the real hub process on loopback and the fault proxy in between (real sockets).

After each fault the same things must hold: every record is at the hub exactly once, nothing is lost at the
station, and the queue drains (at once when the fault is retried away, or at the next sync once it is gone).
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import keyring
import pytest

from cityhub import cli as hub_cli
from desktop.models.city_sync import outbox, sync_state
from desktop.models.core import station
from desktop.models.requests import request_detail
from desktop.sync import service
from desktop.sync.client import AuthRefused, ServerError, Unreachable, WrongStation
from desktop.sync.credentials import DeviceCredential
from desktop.sync.engine import SyncFailed, SyncOptions
from tests.support.fault_proxy import FaultProxy
from tests.support.hub_process import ROOT, HubProcess, connect, escalate_some, new_device, outbox_records, station_env
from tests.support.hub_records import escalation, push_body
from tests.support.keyrings import FileKeyring
from tests.support.requests import Station

FAST = SyncOptions(batch_size=4, max_attempts=6, base_delay=0.05, max_delay=0.2)


def sync(st: Station, data_dir: Path, options: SyncOptions = FAST, timeout: float = 5.0) -> service.SyncSummary:
    return service.sync_once(st.db, data_dir, options=options, timeout=timeout)


def assert_exactly_once(hub: HubProcess, *stations: Station) -> None:
    held = hub.held()
    assert len(held) == len(set(held)), "a record is at the hub twice"
    expected = sorted(r for st in stations for r in outbox_records(st, "sent"))
    assert held == expected
    for st in stations:
        assert outbox.counts(st.db).pending == 0 and outbox_records(st, "pending") == []


def push_rule(action: object, times: int = 1) -> object:
    """The proxy rule: ``action`` for the first ``times`` pushes, then pass."""
    return lambda _m, p, n: action if p == "/v1/push" and n <= times else "pass"


@pytest.mark.parametrize("fault", ["drop_after", "drop_before", "error500", "twice"])
def test_a_fault_on_a_push_is_retried_away(st: Station, hub: HubProcess, proxy: FaultProxy, tmp_path: Path,
                                           fault: str) -> None:
    escalate_some(st, 10)
    connect(st, hub, proxy.url)
    proxy.rule = push_rule(fault, times=2)  # type: ignore[assignment]
    summary = sync(st, tmp_path)
    # drop_after: the hub took batch 1 at the first try, its answer was lost twice; twice: batches 1 and 2 came
    # twice, and their second answer says "already had"; otherwise the hub never saw the failed tries
    expected = {"drop_after": (6, 4, 0), "twice": (2, 8, 0)}.get(fault, (10, 0, 0))
    assert (summary.accepted, summary.already_had, summary.remaining) == expected
    assert proxy.count("/v1/push") == (3 if fault == "twice" else 5)  # 3 batches, the first two sent again
    assert_exactly_once(hub, st)


def test_a_timeout_is_retried_and_the_batch_is_not_taken_twice(st: Station, hub: HubProcess, proxy: FaultProxy,
                                                               tmp_path: Path) -> None:
    escalate_some(st, 5)
    connect(st, hub, proxy.url)
    proxy.rule = push_rule(("delay", 3.0))  # type: ignore[assignment]
    summary = sync(st, tmp_path, timeout=1.0)
    assert (summary.accepted, summary.already_had, summary.remaining) == (1, 4, 0)
    assert_exactly_once(hub, st)


def test_a_hub_that_keeps_failing_loses_nothing(st: Station, hub: HubProcess, proxy: FaultProxy,
                                                tmp_path: Path) -> None:
    escalate_some(st, 6)
    connect(st, hub, proxy.url)
    proxy.rule = push_rule("error500", times=10**6)  # type: ignore[assignment]
    with pytest.raises(SyncFailed) as failed:
        sync(st, tmp_path)
    assert isinstance(failed.value.cause, ServerError)
    assert proxy.count("/v1/push") == FAST.max_attempts  # then it gave up, for now
    assert len(outbox_records(st, "pending")) == 6 and hub.held() == []
    assert sync_state.recent_runs(st.db, 1)[0].outcome == "failed"
    proxy.rule = push_rule("pass")  # type: ignore[assignment]
    assert sync(st, tmp_path).accepted == 6
    assert_exactly_once(hub, st)


def test_the_hub_restarted_during_a_push(st: Station, hub: HubProcess, proxy: FaultProxy, tmp_path: Path) -> None:
    escalate_some(st, 12)
    connect(st, hub, proxy.url)

    restart = threading.Thread(target=lambda: (time.sleep(1.0), hub.start()), daemon=True)

    def kill_and_restart_later() -> None:
        hub.stop()
        restart.start()

    proxy.rule = lambda _m, p, n: kill_and_restart_later if p == "/v1/push" and n == 2 else "pass"  # type: ignore[assignment]
    # retries for as long as a hub may take to come back on a busy machine (seconds: imports, PostgreSQL)
    summary = sync(st, tmp_path, SyncOptions(batch_size=4, max_attempts=60, base_delay=0.2, max_delay=1.0))
    restart.join(60)
    assert summary.remaining == 0 and summary.accepted == 12
    assert_exactly_once(hub, st)


def test_the_hub_killed_after_taking_a_batch(st: Station, hub: HubProcess, proxy: FaultProxy, tmp_path: Path) -> None:
    escalate_some(st, 8)
    connect(st, hub, proxy.url)
    hub_killed = threading.Event()

    def rule(m: str, p: str, n: int) -> object:
        if p == "/v1/push" and n == 1:
            return "drop_after"  # the hub commits the batch; its answer never arrives
        if p == "/v1/push" and n == 2 and not hub_killed.is_set():
            hub_killed.set()
            return lambda: hub.restart(pause=0.2)
        return "pass"

    proxy.rule = rule  # type: ignore[assignment]
    summary = sync(st, tmp_path, SyncOptions(batch_size=4, max_attempts=60, base_delay=0.2, max_delay=1.0))
    assert (summary.accepted, summary.already_had) == (4, 4) and hub_killed.is_set()
    assert_exactly_once(hub, st)


def test_the_station_killed_during_a_push_and_restarted(st: Station, hub: HubProcess, proxy: FaultProxy,
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = station_env(tmp_path)
    monkeypatch.setenv("TEST_KEYRING_FILE", env["TEST_KEYRING_FILE"])
    keyring.set_keyring(FileKeyring())  # the separate process reads the token from here
    escalate_some(st, 9)
    connect(st, hub, proxy.url, batch_size=3)
    st.db.close()
    answered = threading.Event()

    def rule(_m: str, p: str, n: int) -> object:
        if p == "/v1/push" and n == 2:
            answered.set()
            return ("delay", 60.0)  # the hub has committed the second batch; the station waits for the answer
        return "pass"

    proxy.rule = rule  # type: ignore[assignment]
    command = [sys.executable, "-m", "desktop", "sync", "--data-dir", str(tmp_path), "--lang", "en"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert answered.wait(60), "the station never sent its second batch"
    deadline = time.monotonic() + 10
    while len(hub.held()) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert len(hub.held()) == 6  # two batches at the hub, the station knows of one
    proxy.rule = lambda _m, _p, _n: "pass"  # type: ignore[assignment]
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "3 accepted, 3 already at the city" in again.stdout
    con = sqlite3.connect(tmp_path / "station.sqlite3")
    outcomes = [r[0] for r in con.execute("SELECT outcome FROM sync_run ORDER BY id")]
    pending = con.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
    con.close()
    assert outcomes == ["failed", "ok"] and pending == 0
    assert len(hub.held()) == 9 == len(set(hub.held()))


def test_a_record_the_hub_rejects_is_set_aside_and_the_rest_goes_on(st: Station, hub: HubProcess,
                                                                    tmp_path: Path) -> None:
    escalate_some(st, 5)
    connect(st, hub, hub.url)
    con = sqlite3.connect(st.path)  # a record damaged on disk: its body no longer matches its hash
    con.execute("DROP TRIGGER outbox_record_fixed")
    con.execute("UPDATE outbox SET body = replace(body, '上报市平台', '上报省平台') WHERE id = 3")
    con.commit()
    con.close()
    summary = sync(st, tmp_path)
    assert (summary.accepted, summary.set_aside, summary.remaining) == (4, 1, 0)
    [aside] = outbox.set_aside_list(st.db)
    assert aside.id == 3 and aside.outcome == "rejected" and "hash" in aside.reason
    outbox.retry(st.db, st.admin, aside.id)  # nothing fixed: rejected again, and still not blocking
    assert sync(st, tmp_path).set_aside == 1
    outbox.drop(st.db, st.admin, aside.id)
    assert outbox.counts(st.db) == outbox.QueueCounts(0, 0, 0)
    assert_exactly_once(hub, st)


def test_a_conflict_is_set_aside_with_its_reason(st: Station, hub: HubProcess, tmp_path: Path) -> None:
    [rid] = escalate_some(st, 1)
    escalate_some(st, 2)
    connect(st, hub, hub.url)
    [mine] = [p for p in outbox.pending_batch(st.db, 0, 10) if p.id == 1]
    other = new_device(st, tmp_path / "other.sqlite3")  # another computer of the station sent something else
    try:
        connect(other, hub, hub.url)
        token = DeviceCredential(hub.url, station.get_station(other.db).device_uuid).get()  # type: ignore[union-attr]
        forged = escalation("LZ-YF01", uuid=mine.uuid, version=mine.version)
        body = push_body([forged], station.get_station(other.db).device_uuid, "LZ-YF01")  # type: ignore[union-attr]
        answer = httpx.post(hub.url + "/v1/push", json=body, headers={"Authorization": f"Bearer {token}"})
        assert answer.json()["answers"][0]["outcome"] == "accepted"
    finally:
        other.db.close()
    summary = sync(st, tmp_path)
    assert (summary.accepted, summary.set_aside) == (2, 1)
    [aside] = outbox.set_aside_list(st.db)
    assert aside.outcome == "conflict" and aside.number == outbox_number(st, rid)


def outbox_number(st: Station, rid: int) -> str:

    return request_detail.get_request(st.db, rid).number


def test_two_devices_of_one_station_push_at_once(st: Station, base_station: Station, hub: HubProcess,
                                                 tmp_path: Path) -> None:
    second = new_device(base_station, tmp_path / "second.sqlite3")
    (tmp_path / "second").mkdir()
    try:
        escalate_some(st, 24)
        escalate_some(second, 24)
        connect(st, hub, hub.url)
        connect(second, hub, hub.url)
        errors: list[BaseException] = []

        def run(device: Station, data_dir: Path) -> None:
            try:
                sync(device, data_dir, SyncOptions(batch_size=3, base_delay=0.05, max_delay=0.2))
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(st, tmp_path)),
                   threading.Thread(target=run, args=(second, tmp_path / "second"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == [], hub.log.read_text(errors="replace")[-4000:]
        assert len(hub.held()) == 48
        assert_exactly_once(hub, st, second)
        assert len(hub.sql("SELECT DISTINCT device_id FROM record")) == 2
    finally:
        second.db.close()


@pytest.mark.parametrize("how", ["wrong", "revoked"])
def test_a_wrong_or_revoked_token(st: Station, hub: HubProcess, tmp_path: Path, how: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    escalate_some(st, 3)
    connect(st, hub, hub.url)
    device_uuid = station.get_station(st.db).device_uuid  # type: ignore[union-attr]
    credential = DeviceCredential(hub.url, device_uuid)
    if how == "wrong":
        credential.set("not-the-token")
    else:
        assert hub_cli.main(["revoke", device_uuid, "--db", hub.db_url]) == 0
        capsys.readouterr()
    with pytest.raises(SyncFailed) as failed:
        sync(st, tmp_path)
    assert isinstance(failed.value.cause, AuthRefused)
    assert "enrolment code" in sync_state.recent_runs(st.db, 1)[0].message
    assert len(outbox_records(st, "pending")) == 3 and hub.held() == []
    service.enrol(st.db, hub.code("LZ-YF01"))  # the city gives a new code
    assert sync(st, tmp_path).accepted == 3
    assert_exactly_once(hub, st)


def test_a_token_of_another_station(st: Station, hub: HubProcess, tmp_path: Path) -> None:
    escalate_some(st, 3)
    connect(st, hub, hub.url)
    device_uuid = station.get_station(st.db).device_uuid  # type: ignore[union-attr]
    credential = DeviceCredential(hub.url, device_uuid)
    own = credential.get()
    other = httpx.post(hub.url + "/v1/enrol", json={"code": hub.code("LZ-LN02"), "station_code": "LZ-LN02",
                                                      "device_uuid": "11111111-2222-4333-8444-555555555555"})
    credential.set(other.json()["token"])
    with pytest.raises(SyncFailed) as failed:
        sync(st, tmp_path)
    assert isinstance(failed.value.cause, WrongStation)
    assert hub.held() == [] and len(outbox_records(st, "pending")) == 3
    assert own is not None
    credential.set(own)
    assert sync(st, tmp_path).accepted == 3
    assert_exactly_once(hub, st)


def test_an_unreachable_hub_fails_clearly_and_loses_nothing(st: Station, hub: HubProcess, tmp_path: Path) -> None:
    escalate_some(st, 2)
    connect(st, hub, hub.url)
    hub.stop()
    with pytest.raises(SyncFailed) as failed:
        sync(st, tmp_path, SyncOptions(max_attempts=2, base_delay=0.01, max_delay=0.01))
    assert isinstance(failed.value.cause, Unreachable)
    assert len(outbox_records(st, "pending")) == 2
    with st.db.read() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT min(attempts) FROM outbox")).scalar() == 2
    hub.start()
    assert sync(st, tmp_path).accepted == 2
    assert_exactly_once(hub, st)


@pytest.mark.parametrize("fault", ["drop_after", "drop_before"])
def test_a_file_upload_cut_off_resumes_where_the_hub_stopped(st: Station, hub: HubProcess, proxy: FaultProxy,
                                                             tmp_path: Path, fault: str) -> None:
    import hashlib

    from desktop.models.requests.attachments import add_attachment
    from tests.support.requests import drive

    rid = drive(st, "registered")
    scan = tmp_path / "scan.bin"
    scan.write_bytes(hashlib.sha256(b"x").digest() * 100_000)  # 3.2 MB: four chunks
    add_attachment(st.db, st.admin, rid, scan, tmp_path / "attachments")
    from desktop.models.requests import lifecycle

    lifecycle.escalate(st.db, st.admin, rid, "本站无法解决，上报市平台")
    connect(st, hub, proxy.url)
    proxy.rule = lambda _m, p, n: fault if p.startswith("/v1/blobs/") and _m == "PUT" and n == 2 else "pass"  # type: ignore[assignment]
    summary = sync(st, tmp_path)
    assert (summary.accepted, summary.files_sent) == (1, 1)
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert hub.sql("SELECT complete, size FROM blob WHERE sha256 = :h", h=digest) == [(True, scan.stat().st_size)]
    puts = [a for m, p, a in proxy.seen if m == "PUT"]
    assert len(puts) == 5  # 4 chunks, the second sent again
    # drop_after: the hub had kept the second chunk, refused it again at that offset, and the station asked
    # where to go on from; drop_before: the hub never saw it, and took it the second time
    assert proxy.count("/v1/blobs/query") == (2 if fault == "drop_after" else 1)
    assert_exactly_once(hub, st)


def test_the_sync_command_exits_1_when_the_hub_is_down(st: Station, hub: HubProcess, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    env = station_env(tmp_path)
    monkeypatch.setenv("TEST_KEYRING_FILE", env["TEST_KEYRING_FILE"])
    keyring.set_keyring(FileKeyring())
    escalate_some(st, 1)
    connect(st, hub, hub.url)
    st.db.close()
    hub.stop()
    result = subprocess.run([sys.executable, "-m", "desktop", "sync", "--data-dir", str(tmp_path), "--lang", "en",
                             "--timeout", "2"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 1
    assert "Sync failed: The city platform cannot be reached" in result.stderr
    assert "1 still waiting" in result.stdout + result.stderr


def test_a_second_sync_on_the_same_computer_does_not_start(st: Station, hub: HubProcess, tmp_path: Path) -> None:
    from desktop.sync.lock import sync_lock

    escalate_some(st, 1)
    connect(st, hub, hub.url)
    with sync_lock(tmp_path), pytest.raises(service.NotConfigured, match="Another sync"):
        sync(st, tmp_path)  # the scheduled task while the app syncs, say
    assert sync_state.recent_runs(st.db) == [] and hub.held() == []
    assert sync(st, tmp_path).accepted == 1  # the lock is gone with its holder


def test_the_connection_check_says_why(hub: HubProcess) -> None:
    from desktop.sync.client import HubClient

    with HubClient(hub.url) as client:
        assert client.check() is None
    hub.stop()
    with HubClient(hub.url, timeout=2) as client:
        problem = client.check()
    assert isinstance(problem, Unreachable) and "cannot be reached" in problem.message
