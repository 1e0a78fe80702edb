"""Backups and restore (issue 15): a backup of a real station (the demo's: requests, complaints, signed visits
with their archived PDFs, attached files) is verified and recorded; later ones copy only what is new and keep N;
a restore into a new folder opens with every record and file; a damaged or incomplete backup is refused with
nothing written; a backup killed at any moment leaves the earlier ones whole and the next one complete; the
check names a dropped protection and a changed file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.demo.demo_station import ensure_demo_station
from desktop.models.backups import backups, store
from desktop.models.backups.check import check_station
from desktop.models.backups.restore import BackupDamaged, latest_good, restore
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, Refused
from desktop.models.core.station import get_station
from desktop.models.requests.attachments import add_attachment
from desktop.paths import database_path

ROOT = Path(__file__).resolve().parents[2]
COUNTED = ("service_request", "request_event", "client", "visit", "visit_document", "complaint", "evaluation",
           "request_attachment", "outbox", "audit_log")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "station"
    folder.mkdir()
    ensure_demo_station(folder)
    return folder


@pytest.fixture
def station(demo: Path, tmp_path: Path) -> Path:
    """A copy of the demo station's folder."""
    folder = tmp_path / "station"
    shutil.copytree(demo, folder)
    return folder


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
    finally:
        conn.close()


def _admin(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(text("SELECT min(id) FROM staff WHERE role = 'admin'")).scalar_one())


def test_a_backup_is_verified_listed_and_recorded(station: Path, tmp_path: Path) -> None:
    db = Database(database_path(station))
    try:
        assert backups.state(db)[0] == backups.BackupState.UNSET
        backups.set_setting(db, _admin(db), str(tmp_path / "usb"), 3)
        assert backups.state(db)[0] == backups.BackupState.NEVER
        made = backups.run_backup(db, station)
        code = get_station(db).code  # type: ignore[union-attr]
        assert made.path.parent == tmp_path / "usb" / code and made.path.is_dir()
        manifest = store.read_manifest(made.path)
        files = {f["path"] for f in manifest["files"]}
        assert any(p.startswith("archive/visits/") for p in files) and any(p.startswith("attachments/") for p in files)
        assert len(files) == made.files > 5
        assert store.verify(made.path) == []
        state, last = backups.state(db)
        assert state == backups.BackupState.OK and last is not None and last.ok and last.generation == made.path.name
        assert _counts(made.path / store.DATABASE) == _counts(database_path(station))
        # the copy is one self-contained file
        conn = sqlite3.connect(made.path / store.DATABASE)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        conn.close()
    finally:
        db.close()


def test_later_backups_copy_what_is_new_and_keep_n(station: Path, tmp_path: Path) -> None:
    db = Database(database_path(station))
    usb = tmp_path / "usb"
    try:
        admin = _admin(db)
        first = backups.run_backup(db, station, usb, keep=2)
        root = first.path.parent
        stored_before = {p.name for p in (root / "files").glob("*/*")}
        source = tmp_path / "营业执照.txt"
        source.write_text("营业执照复印件：新增", encoding="utf-8")
        with db.read() as s:
            rid = int(s.execute(text("SELECT min(id) FROM service_request WHERE status = 'registered'")).scalar_one())
        add_attachment(db, admin, rid, source, station / "attachments")
        second = backups.run_backup(db, station, usb, keep=2)
        stored_after = {p.name for p in (root / "files").glob("*/*")}
        assert len(stored_after - stored_before) == 1  # only the new file was copied
        assert second.files == first.files + 1
        third = backups.run_backup(db, station, usb, keep=2)
        assert [g.path.name for g in store.generations(root)] == [third.path.name, second.path.name]
        assert not first.path.exists() and store.verify(second.path) == [] == store.verify(third.path)
        # files only the removed generation listed went with it (none here: every file is still listed)
        assert {p.name for p in (root / "files").glob("*/*")} == stored_after
    finally:
        db.close()


def test_restore_into_a_new_folder_has_every_record_and_file(station: Path, tmp_path: Path) -> None:
    db = Database(database_path(station))
    try:
        made = backups.run_backup(db, station, tmp_path / "usb")
    finally:
        db.close()
    target = tmp_path / "restored"
    done = restore(made.path, target)
    assert done.files == made.files
    assert _counts(database_path(target)) == _counts(database_path(station))
    assert check_station(target) == []  # every file present and unchanged, every protection there
    restored = Database(database_path(target))  # the app opens it
    try:
        assert get_station(restored) is not None
    finally:
        restored.close()
    with pytest.raises(Refused, match="not empty"):  # never over another station
        restore(made.path, target)


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_or_incomplete_backup_is_refused_and_nothing_is_written(station: Path, tmp_path: Path) -> None:
    db = Database(database_path(station))
    try:
        good = backups.run_backup(db, station, tmp_path / "usb")
        bad = backups.run_backup(db, station, tmp_path / "usb")
    finally:
        db.close()
    manifest = store.read_manifest(bad.path)
    pdf = next(f for f in manifest["files"] if f["path"].endswith(".pdf"))
    _flip(store.stored(bad.path.parent, pdf["sha256"]))  # a file shared by both generations
    for generation in (good.path, bad.path):
        with pytest.raises(BackupDamaged) as caught:
            restore(generation, tmp_path / "target")
        assert any(pdf["path"] in p for p in caught.value.problems)
        assert not (tmp_path / "target").exists()
    _flip(store.stored(bad.path.parent, pdf["sha256"]))  # put back: both verify again
    assert store.verify(good.path) == [] == store.verify(bad.path)
    (bad.path / store.MANIFEST).write_text("{", encoding="utf-8")  # cut short
    assert "manifest" in store.verify(bad.path)[0]
    assert latest_good(good.path.parent) == good.path  # the newest that verifies
    _flip(good.path / store.DATABASE)
    assert latest_good(good.path.parent) is None
    with pytest.raises(BackupDamaged):
        restore(good.path, tmp_path / "target")
    assert not (tmp_path / "target").exists()


def test_a_crafted_manifest_is_not_a_backup(station: Path, tmp_path: Path) -> None:
    """A manifest naming a file outside the station's folders, or a store file outside the store, is refused
    before anything is read or written."""
    db = Database(database_path(station))
    try:
        made = backups.run_backup(db, station, tmp_path / "usb")
    finally:
        db.close()
    good = (made.path / store.MANIFEST).read_text(encoding="utf-8")
    manifest = json.loads(good)
    for key, value in (("path", "../../outside.txt"), ("path", ""), ("path", "logs/x.log"),
                       ("sha256", "../../../etc/passwd"), ("size", -1)):
        crafted = json.loads(good)
        crafted["files"][0][key] = value
        (made.path / store.MANIFEST).write_text(json.dumps(crafted), encoding="utf-8")
        assert "manifest" in store.verify(made.path)[0], (key, value)
        with pytest.raises(BackupDamaged):
            restore(made.path, tmp_path / "target")
        assert not (tmp_path / "target").exists()
    assert manifest["files"]


def test_a_folder_inside_the_station_and_bad_settings_are_refused(station: Path) -> None:
    db = Database(database_path(station))
    try:
        with pytest.raises(Refused, match="outside"):
            backups.run_backup(db, station, station / "backups")
        assert backups.state(db)[0] == backups.BackupState.UNSET  # no folder chosen yet
        with pytest.raises(Invalid) as caught:
            backups.set_setting(db, _admin(db), "backups\x07", 0)
        assert set(caught.value.errors) == {"folder", "keep"}
        with pytest.raises(Invalid):
            backups.set_setting(db, _admin(db), "relative/folder", 3)
    finally:
        db.close()


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=300)


@pytest.mark.slow
def test_a_backup_killed_at_any_moment_leaves_the_others_whole(station: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    assert _cli("backup", "--data-dir", str(station), "--to", str(usb)).returncode == 0
    root = next(usb.iterdir())
    first = store.generations(root)
    cut_short = 0
    for delay in (0.0, 0.02, 0.1, 0.3):  # after the backup's own folder appears: while it writes
        proc = subprocess.Popen([sys.executable, "-m", "desktop", "backup", "--data-dir", str(station),
                                 "--to", str(usb)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not list(root.glob("*.partial")) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        cut_short += proc.returncode == -signal.SIGKILL and bool(list(root.glob("*.partial")))
        for g in store.generations(root):
            assert store.verify(g.path) == [], g.path.name  # whole, or not listed at all
    assert cut_short >= 2  # the kills landed while a backup was being written
    assert store.verify(first[0].path) == []
    done = _cli("backup", "--data-dir", str(station), "--to", str(usb))
    assert done.returncode == 0, done.stderr
    newest = store.generations(root)[0]
    assert store.verify(newest.path) == [] and not list(root.glob("*.partial"))
    assert not list((root / "files").glob(".incoming/*"))


def test_the_commands_exit_codes(station: Path, tmp_path: Path) -> None:
    result = _cli("backup", "--data-dir", str(station), "--lang", "en")
    assert result.returncode == 2 and "Choose a folder" in result.stderr
    result = _cli("backup", "--data-dir", str(station), "--to", str(tmp_path / "usb"))
    assert result.returncode == 0, result.stderr
    root = next((tmp_path / "usb").iterdir())
    result = _cli("restore", str(root), "--data-dir", str(tmp_path / "new"))
    assert result.returncode == 0, result.stderr
    assert _cli("check", "--data-dir", str(tmp_path / "new")).returncode == 0
    assert _cli("restore", str(root), "--data-dir", str(tmp_path / "new")).returncode == 2  # not empty
    assert _cli("restore", str(tmp_path / "nothing"), "--data-dir", str(tmp_path / "other")).returncode == 2
    generation = store.generations(root)[0].path
    _flip(generation / store.DATABASE)
    result = _cli("restore", str(generation), "--data-dir", str(tmp_path / "other"), "--lang", "en")
    assert result.returncode == 1 and "damaged" in result.stderr
    assert _cli("check", "--data-dir", str(tmp_path / "nowhere")).returncode == 2


def test_the_check_names_a_dropped_protection_and_a_changed_file(station: Path) -> None:
    assert check_station(station) == []
    conn = sqlite3.connect(database_path(station))
    conn.execute("DROP TRIGGER request_event_no_delete")  # what someone with the file could do
    conn.commit()
    pdf = conn.execute("SELECT file_name FROM visit_document LIMIT 1").fetchone()[0]
    conn.close()
    _flip(station / "archive" / "visits" / pdf)
    problems = check_station(station)
    assert any("request_event_no_delete" in p for p in problems)
    assert any(pdf in p and "changed" in p for p in problems)
    assert json.dumps(problems, ensure_ascii=False)  # plain text, each


def _damage(db_file: Path) -> None:
    """Garbage over the first pages (a disk that failed, a copy cut short)."""
    with db_file.open("r+b") as f:
        f.write(b"\x00garbage" * 4096)


def test_a_damaged_database_is_recognised_and_its_latest_good_backup_put_in_place(station: Path,
                                                                                  tmp_path: Path) -> None:
    from desktop.models.backups import recovery

    db = Database(database_path(station))
    try:
        backups.set_setting(db, _admin(db), str(tmp_path / "usb"), 3)
        backups.run_backup(db, station)
        newest = backups.run_backup(db, station)
    finally:
        db.close()
    at_backup = _counts(newest.path / store.DATABASE)
    for suffix in ("-wal", "-shm"):
        Path(str(database_path(station)) + suffix).unlink(missing_ok=True)
    _damage(database_path(station))
    with pytest.raises(Exception) as caught:
        Database(database_path(station))
    assert recovery.damaged(caught.value)
    assert not recovery.damaged(RuntimeError("something else"))
    candidate = recovery.latest_backup(station)  # found through the note beside the database
    assert candidate is not None and candidate.generation == newest.path
    _flip(newest.path / store.DATABASE)  # the newest is damaged too: the one before is offered
    candidate = recovery.latest_backup(station)
    assert candidate is not None and candidate.generation != newest.path
    aside = recovery.recover(station, candidate)
    assert aside.name.startswith("station.damaged-") and database_path(aside).is_file()  # kept, never deleted
    assert _counts(database_path(station)) == at_backup
    assert (station / recovery.LOCATION_FILE).read_text(encoding="utf-8").splitlines()[0] == str(tmp_path / "usb")
    reopened = Database(database_path(station))
    reopened.close()


def test_no_backup_written_down_offers_none(station: Path) -> None:
    from desktop.models.backups import recovery

    assert recovery.latest_backup(station) is None


def test_one_backup_at_a_time_to_a_folder(station: Path, tmp_path: Path) -> None:
    """A scheduled backup and the app's daily one at the same moment: the second is refused, said, recorded;
    the lock goes with the process that held it."""
    db = Database(database_path(station))
    try:
        code = get_station(db).code  # type: ignore[union-attr]
        root = store.station_folder(tmp_path / "usb", code)
        root.mkdir(parents=True)
        with store.one_at_a_time(root):  # another backup is writing
            with pytest.raises(Refused, match="under way"):
                backups.run_backup(db, station, tmp_path / "usb")
            assert not backups.runs(db)  # another backup under way: nothing recorded
        made = backups.run_backup(db, station, tmp_path / "usb")  # free again
        assert store.verify(made.path) == []
    finally:
        db.close()


def test_recovery_never_offers_another_stations_backup(station: Path, tmp_path: Path) -> None:
    """Several stations back up to one share: a damaged station is offered only its own backups."""
    from desktop.models.backups import recovery

    db = Database(database_path(station))
    try:
        backups.set_setting(db, _admin(db), str(tmp_path / "share"), 3)
        mine = backups.run_backup(db, station)
    finally:
        db.close()
    other = store.station_folder(tmp_path / "share", "LZ-OTHER")
    shutil.copytree(mine.path.parent, other)  # newer, verifying, another station's
    newest = store.generations(other)[0].path
    manifest = json.loads((newest / store.MANIFEST).read_text(encoding="utf-8"))
    manifest["station"], manifest["made_at"] = "LZ-OTHER", "2030-01-01T00:00:00+00:00"
    (newest / store.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    candidate = recovery.latest_backup(station)
    assert candidate is not None and candidate.generation == mine.path


def test_prune_keeps_the_files_of_a_backup_it_cannot_read(station: Path, tmp_path: Path) -> None:
    """A generation whose manifest cannot be read for a moment (a share that hiccups) keeps its files: prune
    removes no store file then; once it can read them all, it removes what no kept generation lists."""
    db = Database(database_path(station))
    try:
        first = backups.run_backup(db, station, tmp_path / "usb", keep=5)
        root = first.path.parent
        listed = {f["sha256"] for f in store.read_manifest(first.path)["files"]}
        (first.path / store.MANIFEST).rename(first.path / "manifest.away")
        extra = store.stored(root, "f" * 64)
        extra.parent.mkdir(parents=True, exist_ok=True)
        extra.write_bytes(b"listed by no generation")
        backups.run_backup(db, station, tmp_path / "usb", keep=5)
        assert all(store.stored(root, sha).is_file() for sha in listed) and extra.is_file()
        (first.path / "manifest.away").rename(first.path / store.MANIFEST)
        backups.run_backup(db, station, tmp_path / "usb", keep=5)
        assert store.verify(first.path) == [] and not extra.exists()
    finally:
        db.close()


def test_a_backup_just_made_is_kept_whatever_the_clock_said_before(station: Path, tmp_path: Path) -> None:
    db = Database(database_path(station))
    try:
        ahead = backups.run_backup(db, station, tmp_path / "usb")
        manifest = json.loads((ahead.path / store.MANIFEST).read_text(encoding="utf-8"))
        manifest["made_at"] = "2099-01-01T00:00:00+00:00"  # made while the clock was set years ahead
        (ahead.path / store.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        made = backups.run_backup(db, station, tmp_path / "usb", keep=1)
        assert made.path.is_dir() and store.verify(made.path) == [] and not ahead.path.exists()
        assert backups.runs(db)[0].ok
    finally:
        db.close()


def test_a_lock_goes_with_the_process_that_held_it(station: Path, tmp_path: Path) -> None:
    db = Database(database_path(station))
    try:
        root = store.station_folder(tmp_path / "usb", get_station(db).code)  # type: ignore[union-attr]
        root.mkdir(parents=True)
        holder = subprocess.Popen([sys.executable, "-c", (
            "import sys, time; from pathlib import Path; from desktop.models.backups import store\n"
            "with store.one_at_a_time(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)"),
            str(root)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(store.BackupBusy):
            backups.run_backup(db, station, tmp_path / "usb")
        assert not backups.runs(db)  # another's backup under way: not a failure of this station's
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        assert store.verify(backups.run_backup(db, station, tmp_path / "usb").path) == []
    finally:
        db.close()


def test_an_unexpected_error_is_recorded_and_said(station: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A full disk or a pulled drive during the database's copy: recorded as a failure, said as a refusal."""
    def broken(*_args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "_copy_database", broken)
    db = Database(database_path(station))
    try:
        with pytest.raises(Refused, match="disk I/O error"):
            backups.run_backup(db, station, tmp_path / "usb")
        last = backups.runs(db)[0]
        assert not last.ok and "disk I/O" in last.message
    finally:
        db.close()


def test_a_weekly_deep_backup_heals_a_damaged_stored_copy(station: Path, tmp_path: Path) -> None:
    """Bit rot in the backup folder: a stored file no longer hashes to its name. The next backup in the same week
    reuses it by size (and says nothing); the week's deep one hashes every stored file, copies the damaged one
    again from the station, and the older generations that share it verify again."""
    from datetime import timedelta

    from desktop.models.core.station import get_station as station_info

    db = Database(database_path(station))
    try:
        code = station_info(db).code  # type: ignore[union-attr]
    finally:
        db.close()
    usb, now = tmp_path / "usb", datetime.now(UTC)
    first = store.make_backup(database_path(station), station, usb, code, 5, now=now)
    assert store.read_manifest(first.path)["deep"] is True  # the first of the week
    pdf = next(f for f in store.read_manifest(first.path)["files"] if f["path"].endswith(".pdf"))
    _flip(store.stored(first.path.parent, pdf["sha256"]))
    second = store.make_backup(database_path(station), station, usb, code, 5, now=now + timedelta(days=1))
    assert store.read_manifest(second.path)["deep"] is False and store.verify(second.path) != []
    third = store.make_backup(database_path(station), station, usb, code, 5, now=now + timedelta(days=8))
    assert store.read_manifest(third.path)["deep"] is True
    assert store.verify(third.path) == [] == store.verify(first.path) == store.verify(second.path)
