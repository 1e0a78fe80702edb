"""Where the station's data lives and who may read it: a private folder (0700, files 0600) on POSIX, created so and
corrected at start for existing stations; on Windows the local (not roaming) app-data folder, a station found in
the roaming one moved there once with nothing lost, and never over another station."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.models.core.errors import Refused
from desktop.paths import DataDirConflict, move_from_roaming, resolve_data_dir
from tests.test_cli import run, setup_station

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture
def shared_umask() -> Iterator[None]:
    """The usual umask of a desktop session (files 0644): the app must not rely on a stricter one."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def _modes(folder: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.stat().st_mode)
    return found


@posix_only
def test_a_new_station_is_private(tmp_path: Path, shared_umask: None) -> None:
    data = tmp_path / "station"
    assert setup_station(data).returncode == 0
    result = run("demo-data", "--data-dir", str(data), "--clients", "20", "--requests", "30", "--visits", "2",
                 "--lang", "en")
    assert result.returncode == 0, result.stderr
    export = run("clients", "export", str(data / "clients.xlsx"), "--data-dir", str(data))
    assert export.returncode == 0, export.stderr
    modes = _modes(data)
    assert {"station.sqlite3", "clients.xlsx"} <= set(modes) and any(p.startswith("archive/") for p in modes)
    wrong = {p: oct(m) for p, m in modes.items() if m != (0o700 if (data / p).is_dir() else 0o600)}
    assert wrong == {}


@posix_only
def test_an_existing_station_is_made_private_at_start(tmp_path: Path, shared_umask: None) -> None:
    data = tmp_path / "station"
    (data / "logs").mkdir(parents=True)
    for name in ("station.sqlite3", "station.sqlite3-wal", "logs/quality-station.log"):
        (data / name).write_bytes(b"x")
        (data / name).chmod(0o644)
    data.chmod(0o755)
    (data / "logs").chmod(0o755)
    assert resolve_data_dir(data) == data
    assert _modes(data) == {".": 0o700, "logs": 0o700, "station.sqlite3": 0o600, "station.sqlite3-wal": 0o600,
                            "logs/quality-station.log": 0o600}


@posix_only
def test_a_folder_that_is_not_a_station_is_not_changed(tmp_path: Path, shared_umask: None) -> None:
    """``--data-dir ~`` by mistake: the user's own files keep their modes (a script its execute bit)."""
    home = tmp_path / "home"
    (home / "bin").mkdir(parents=True)
    (home / "bin" / "backup.sh").write_text("#!/bin/sh\n")
    (home / "bin" / "backup.sh").chmod(0o755)
    (home / "notes.txt").write_text("x")
    (home / "notes.txt").chmod(0o644)
    home.chmod(0o755)
    before = _modes(home)
    assert resolve_data_dir(home) == home
    assert _modes(home) == before


def _station(folder: Path, marker: str) -> None:
    (folder / "archive" / "visits").mkdir(parents=True)
    (folder / "station.sqlite3").write_text(marker)
    (folder / "archive" / "visits" / "r1.pdf").write_text(marker + " pdf")


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_station_in_the_roaming_folder_moves_to_the_local_one_once(tmp_path: Path) -> None:
    roaming, local = tmp_path / "Roaming" / "QualityStation", tmp_path / "Local" / "QualityStation"
    _station(roaming, "old")
    before = _tree(roaming)
    assert resolve_data_dir(local_dir=local, roaming_dir=roaming) == local.resolve()
    assert _tree(local) == before and not roaming.exists()
    assert move_from_roaming(roaming, local) == local  # the next start: nothing to move
    assert _tree(local) == before


def test_an_empty_local_folder_does_not_stop_the_move(tmp_path: Path) -> None:
    roaming, local = tmp_path / "Roaming" / "QS", tmp_path / "Local" / "QS"
    _station(roaming, "old")
    local.mkdir(parents=True)
    assert move_from_roaming(roaming, local) == local
    assert _tree(local)["station.sqlite3"] == "old" and not roaming.exists()


def test_two_stations_are_never_merged_or_overwritten(tmp_path: Path) -> None:
    roaming, local = tmp_path / "Roaming" / "QS", tmp_path / "Local" / "QS"
    _station(roaming, "roaming")
    _station(local, "local")
    with pytest.raises(DataDirConflict) as caught:
        resolve_data_dir(local_dir=local, roaming_dir=roaming)
    assert isinstance(caught.value, Refused)
    assert str(roaming) in caught.value.message and str(local) in caught.value.message
    assert _tree(roaming)["station.sqlite3"] == "roaming" and _tree(local)["station.sqlite3"] == "local"


def test_the_same_folder_is_left_alone(tmp_path: Path) -> None:
    """On Linux and macOS the roaming and local folders are one."""
    folder = tmp_path / "QS"
    _station(folder, "here")
    assert move_from_roaming(folder, folder) == folder
    assert _tree(folder)["station.sqlite3"] == "here"


def _rename_across_volumes(monkeypatch: pytest.MonkeyPatch, roaming: Path) -> None:
    """The roaming folder on another volume (a redirected profile on a network share): renaming it fails."""
    real = os.rename

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src) == roaming and Path(dst).name == roaming.name:
            raise OSError(18, "Invalid cross-device link")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)


def test_a_move_across_volumes_copies_first_and_keeps_the_old_folder_aside(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    roaming, local = tmp_path / "Roaming" / "QS", tmp_path / "Local" / "QS"
    _station(roaming, "old")
    before = _tree(roaming)
    _rename_across_volumes(monkeypatch, roaming)
    assert move_from_roaming(roaming, local) == local
    assert _tree(local) == before and not roaming.exists()
    assert _tree(roaming.with_name("QS.moved-to-local")) == before  # nothing deleted: set aside


def test_a_move_cut_short_is_finished_or_started_again_never_lost(tmp_path: Path) -> None:
    """A kill (or a power cut) during the copy leaves a partial ``.moving`` copy: the next start throws it away
    and moves again. A kill after the copy was complete and the old folder set aside: the next start finishes."""
    roaming, local = tmp_path / "Roaming" / "QS", tmp_path / "Local" / "QS"
    _station(roaming, "old")
    before = _tree(roaming)
    partial = local.with_name("QS.moving")
    (partial / "archive").mkdir(parents=True)  # the copy had only begun
    assert move_from_roaming(roaming, local) == local
    assert _tree(local) == before and not partial.exists()

    roaming2, local2 = tmp_path / "Roaming2" / "QS", tmp_path / "Local2" / "QS"
    _station(roaming2, "old2")
    before2 = _tree(roaming2)
    local2.parent.mkdir(parents=True)
    roaming2.rename(roaming2.with_name("QS.moved-to-local"))  # the copy was complete, the old folder set aside…
    _station(local2.with_name("QS.moving"), "old2")  # …and the kill came before the copy took its place
    assert move_from_roaming(roaming2, local2) == local2
    assert _tree(local2) == before2


def test_a_move_that_cannot_finish_says_why_and_loses_nothing(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to rename a folder while another program holds a file in it open."""
    roaming, local = tmp_path / "Roaming" / "QS", tmp_path / "Local" / "QS"
    _station(roaming, "old")
    before = _tree(roaming)
    real = os.rename

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src) == roaming:
            raise PermissionError(13, "The process cannot access the file because it is being used")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(DataDirConflict) as refused:
        move_from_roaming(roaming, local)
    assert str(roaming) in refused.value.message and "being used" in refused.value.message
    assert _tree(roaming) == before
    monkeypatch.setattr(os, "rename", real)  # the other program closed: the next start moves it
    assert move_from_roaming(roaming, local) == local and _tree(local) == before
