"""The whole loop with no faults: a station escalates and archives, syncs, the city decides at the hub, and the
decision reaches the request's timeline at the next sync. Real hub process, real sockets."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from cityhub import cli as hub_cli
from desktop.models.city_sync import sync_state
from desktop.models.requests import lifecycle, request_detail
from desktop.models.requests.attachments import add_attachment
from desktop.sync import service, wire
from desktop.sync.client import HubClient
from desktop.sync.credentials import CredentialError
from tests.support.hub_process import ROOT, HubProcess, connect, escalate_some, outbox_records, station_env
from tests.support.requests import Station, drive, perform


def number_of(st: Station, rid: int) -> str:
    return request_detail.get_request(st.db, rid).number


def timeline_kinds(st: Station, rid: int) -> list[str]:
    with st.db.read() as s:
        return list(s.execute(text("SELECT kind FROM request_event WHERE request_id = :r ORDER BY id"),
                              {"r": rid}).scalars())


def test_escalations_archives_and_files_reach_the_hub_once(st: Station, hub: HubProcess, tmp_path: Path) -> None:
    escalated = escalate_some(st, 3)
    archived = drive(st, "in_service")
    scan = tmp_path / "现场照片.bin"
    scan.write_bytes(bytes(range(256)) * 9000)  # 2.3 MB: three chunks
    add_attachment(st.db, st.admin, archived, scan, tmp_path / "attachments")
    for action in ("complete", "give_feedback", "evaluate", "archive"):
        perform(st, action, st.admin, archived)
    connect(st, hub, hub.url, batch_size=2)
    progress: list[tuple[str, int, int]] = []
    summary = service.sync_once(st.db, tmp_path, progress=lambda p: progress.append((p.phase, p.records_done,
                                                                                     p.records_total)))
    assert (summary.accepted, summary.already_had, summary.set_aside, summary.remaining) == (4, 0, 0, 0)
    assert summary.files_sent == 1 and summary.bytes_sent > scan.stat().st_size
    assert ("push", 4, 4) in progress
    assert hub.held() == outbox_records(st) and len(hub.held()) == 4
    assert outbox_records(st, "sent") == outbox_records(st)
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert hub.sql("SELECT complete, size FROM blob WHERE sha256 = :h", h=digest) == [(True, scan.stat().st_size)]
    assert len(escalated) == 3
    again = service.sync_once(st.db, tmp_path)  # nothing new: nothing sent
    assert (again.accepted, again.already_had, again.files_sent) == (0, 0, 0)
    [last, before] = sync_state.recent_runs(st.db, 2)
    assert (last.outcome, before.outcome, before.accepted) == ("ok", "ok", 4)


def test_a_file_of_one_chunk_is_sent_whole_without_asking(st: Station, hub: HubProcess, tmp_path: Path) -> None:
    """A file under one chunk goes whole in one PUT (no query first); one the hub already holds is answered
    complete and stays as it was; a larger file is asked about first."""
    from tests.support.fault_proxy import FaultProxy

    small, large = tmp_path / "回执.bin", tmp_path / "现场照片.bin"
    small.write_bytes(bytes(range(256)) * 20)  # 5 KiB
    large.write_bytes(hashlib.sha256(b"z").digest() * 40_000)  # 1.3 MB: two chunks
    first, second = drive(st, "registered"), drive(st, "registered")
    add_attachment(st.db, st.admin, first, small, tmp_path / "attachments")
    add_attachment(st.db, st.admin, first, large, tmp_path / "attachments")
    lifecycle.escalate(st.db, st.admin, first, "本站无法解决，上报市平台")
    proxy = FaultProxy(hub.port)
    try:
        connect(st, hub, proxy.url)
        summary = service.sync_once(st.db, tmp_path)
        assert (summary.accepted, summary.files_sent) == (1, 2)
        small_sha, large_sha = (hashlib.sha256(f.read_bytes()).hexdigest() for f in (small, large))
        assert proxy.count("/v1/blobs/query") == 1  # the large file only
        puts = [p for m, p, _a in proxy.seen if m == "PUT"]
        assert puts.count(f"/v1/blobs/{small_sha}") == 1 and puts.count(f"/v1/blobs/{large_sha}") == 2
        # the same small file on another request: sent whole again, answered complete, stored once
        add_attachment(st.db, st.admin, second, small, tmp_path / "attachments")
        lifecycle.escalate(st.db, st.admin, second, "本站无法解决，上报市平台")
        again = service.sync_once(st.db, tmp_path)
        assert (again.accepted, again.files_sent, proxy.count("/v1/blobs/query")) == (1, 1, 1)
    finally:
        proxy.close()
    for sha, f in ((small_sha, small), (large_sha, large)):
        assert hub.sql("SELECT complete, size FROM blob WHERE sha256 = :h", h=sha) == [(True, f.stat().st_size)]


def test_an_empty_file_reaches_the_hub(st: Station, hub: HubProcess, tmp_path: Path) -> None:
    """A file of no bytes (an empty scan saved by mistake is still the record's attachment) is sent like any
    other: the hub holds it complete, so the record's reference is never to a file the city lacks."""
    empty = tmp_path / "空白.txt"
    empty.write_bytes(b"")
    rid = drive(st, "registered")
    add_attachment(st.db, st.admin, rid, empty, tmp_path / "attachments")
    lifecycle.escalate(st.db, st.admin, rid, "本站无法解决，上报市平台")
    connect(st, hub, hub.url)
    summary = service.sync_once(st.db, tmp_path)
    assert (summary.accepted, summary.files_sent) == (1, 1)
    digest = hashlib.sha256(b"").hexdigest()
    assert hub.sql("SELECT complete, size FROM blob WHERE sha256 = :h", h=digest) == [(True, 0)]
    assert service.sync_once(st.db, tmp_path).files_sent == 0


def test_a_file_squatted_by_another_device_still_reaches_the_hub(st: Station, hub: HubProcess,
                                                                 tmp_path: Path) -> None:
    """Another station's device learns a file's hash and starts an upload of it with a wrong size and junk:
    the station's own upload of the file is not blocked, and the hub holds the true bytes."""
    rid = drive(st, "registered")
    scan = tmp_path / "scan.bin"
    scan.write_bytes(hashlib.sha256(b"y").digest() * 40_000)  # 1.3 MB: two chunks
    add_attachment(st.db, st.admin, rid, scan, tmp_path / "attachments")
    lifecycle.escalate(st.db, st.admin, rid, "本站无法解决，上报市平台")
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    with HubClient(hub.url) as rogue:
        rogue.token = rogue.enrol(wire.EnrolRequest(code=hub.code("LZ-LN"), station_code="LZ-LN",
                                                    device_uuid=str(uuid.uuid4()))).token
        assert rogue.put_blob(digest, 0, scan.stat().st_size + 7, b"junk").received == 4
    connect(st, hub, hub.url)
    summary = service.sync_once(st.db, tmp_path)
    assert (summary.accepted, summary.files_sent, summary.set_aside) == (1, 1, 0)
    assert hub.sql("SELECT complete, size FROM blob WHERE sha256 = :h", h=digest) == [(True, scan.stat().st_size)]


@pytest.mark.parametrize(("args", "status", "result"), [
    (["--answer", "已由市计量院完成检定"], "completed", "已由市计量院完成检定"),
    (["--return", "请本站转办至县级机构"], "registered", ""),
    (["--assign", "市计量院 张工"], "escalated", ""),
])
def test_the_citys_decision_reaches_the_timeline(st: Station, hub: HubProcess, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str], args: list[str], status: str,
                                                 result: str) -> None:
    [rid] = escalate_some(st, 1)
    connect(st, hub, hub.url)
    service.sync_once(st.db, tmp_path)
    assert hub_cli.main(["decide", number_of(st, rid), *args, "--db", hub.db_url]) == 0
    capsys.readouterr()
    summary = service.sync_once(st.db, tmp_path)
    assert (summary.pulled, summary.applied, summary.touched_requests) == (1, 1, [rid])
    detail = request_detail.get_request(st.db, rid)
    assert (detail.status, detail.result) == (status, result)
    assert timeline_kinds(st, rid)[-1] == "city_decision"
    assert service.sync_once(st.db, tmp_path).pulled == 0  # the cursor moved on


def test_a_returned_request_escalated_again_is_a_new_version(st: Station, hub: HubProcess, tmp_path: Path) -> None:
    [rid] = escalate_some(st, 1)
    connect(st, hub, hub.url)
    service.sync_once(st.db, tmp_path)
    assert hub_cli.main(["decide", number_of(st, rid), "--return", "材料不全", "--db", hub.db_url]) == 0
    service.sync_once(st.db, tmp_path)
    lifecycle.escalate(st.db, st.admin, rid, "材料已补齐，再次上报")
    summary = service.sync_once(st.db, tmp_path)
    assert summary.accepted == 1
    versions = [v for _k, _u, v in hub.held()]
    assert len(versions) == 2 and versions[0] < versions[1]
    assert hub.sql("SELECT status FROM escalation") == [("open",)]


def test_a_missing_keychain_is_an_error_not_a_plaintext_fallback(st: Station, hub: HubProcess, tmp_path: Path,
                                                                 memory_keyring: object) -> None:
    import keyring
    from keyring.backends import fail

    sync_state.save_settings(st.db, st.admin, sync_state.SyncSettings(hub.url))
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(CredentialError, match="No system keychain"):
        service.enrol(st.db, hub.code("LZ-YF01"))
    with pytest.raises(CredentialError):
        service.sync_once(st.db, tmp_path)
    assert not list(tmp_path.glob("*.json")) and not list(tmp_path.glob("*.cfg"))  # nothing written aside
    keyring.set_keyring(memory_keyring)  # type: ignore[arg-type]
    assert not service.is_enrolled(st.db)


def test_the_sync_command_enrols_then_syncs(st: Station, hub: HubProcess, tmp_path: Path) -> None:
    escalate_some(st, 2)
    st.db.close()
    env = station_env(tmp_path)
    command = [sys.executable, "-m", "desktop", "sync", "--data-dir", str(tmp_path), "--lang", "en"]
    first = subprocess.run([*command, "--hub-url", hub.url, "--enrol", hub.code("LZ-YF01")], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "Enrolled" in first.stdout and "2 accepted" in first.stdout
    second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "0 accepted" in second.stdout and len(hub.held()) == 2
    no_key = subprocess.run(command, cwd=ROOT, env={**env, "TEST_KEYRING_FILE": str(tmp_path / "none.json")},
                            capture_output=True, text=True, timeout=120)
    assert no_key.returncode == 2 and "not enrolled" in no_key.stderr


def test_the_sync_command_refuses_a_bad_address_where_it_was_given(st: Station, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    st.db.close()
    assert main(["sync", "--data-dir", str(tmp_path), "--hub-url", "http://sync.example.cn"]) == 2
    err = capsys.readouterr().err
    assert "市级平台地址" in err and "https" in err  # the field, named in Chinese, and what is wrong
    assert main(["sync", "--data-dir", str(tmp_path)]) == 2  # nothing was saved: still not set up
    assert "尚未设置市级平台地址" in capsys.readouterr().err


def test_a_device_of_another_station_is_refused_with_the_reason(st: Station, hub: HubProcess) -> None:
    """The city knows this computer as a device of its first station: after the station's code changed, a code for
    the new code cannot enrol it (the hub refuses a takeover), and the station says why in the UI language."""
    from desktop.models.core import station
    from desktop.sync.client import EnrolmentRefused

    connect(st, hub, hub.url)
    info = station.get_station(st.db)
    assert info is not None
    renamed = station.StationInput("LZ-RN99", info.name, info.level, info.district)
    station.update_station(st.db, st.admin, renamed)
    with pytest.raises(EnrolmentRefused) as refused:
        service.enrol(st.db, hub.code("LZ-RN99"))
    assert refused.value.code == "device_other_station" and "another station" in refused.value.message
    assert hub.sql("SELECT s.code FROM device d JOIN hub_station s ON s.id = d.station_id") == [(info.code,)]
