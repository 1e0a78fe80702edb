"""Where the station's data lives, and that only its user can read it. No Qt here: the CLI uses it too.

The default place is the user's **local** app-data folder: on Windows ``%LOCALAPPDATA%``, which a roaming
profile does not copy to other computers; stations set up by earlier versions in the roaming folder
(``%APPDATA%``) are moved there once (``move_from_roaming``). On POSIX the folder is 0700 and what is in it 0600:
the process's umask makes new files so (the database and its -wal/-shm, logs, drafts, archive PDFs, exports,
attachments), and an existing station's folder is corrected when it is opened (``make_private``). On Windows the
local app-data folder is readable by its user (and administrators) only.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import platformdirs

from desktop import APP_NAME, APP_ORG
from desktop.models.core.errors import Msg, Refused

ENV_DATA_DIR = "QUALITY_STATION_DATA_DIR"
DB_FILE = "station.sqlite3"
ATTACHMENTS = Path("attachments")  # the attached files, kept by their SHA-256, in the data folder
VISIT_ARCHIVE = Path("archive") / "visits"  # the signed visit records' PDFs, in the data folder


class DataDirConflict(Refused):
    """A station in both the roaming and the local folder: which one is current is for a person to say."""


def local_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_ORG, roaming=False))


def roaming_data_dir() -> Path:
    """Where earlier versions kept the data on Windows (elsewhere the same folder as ``local_data_dir``)."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_ORG, roaming=True))


def move_from_roaming(roaming: Path, local: Path) -> Path:
    """``local``, after moving a station found in ``roaming`` there (the whole folder). Raises
    ``DataDirConflict``, having changed nothing, when both hold data.

    On one volume the move is a rename. Across volumes (a roaming profile redirected to a network share) the
    folder is copied to ``<local>.moving``, the old folder set aside as ``<roaming>.moved-to-local`` (never
    deleted), and the copy renamed into place; a start after a cut-short move throws away a partial copy and
    moves again, or finishes a move whose copy was complete."""
    moving = local.with_name(local.name + ".moving")
    aside = roaming.with_name(roaming.name + ".moved-to-local")
    if moving.is_dir() and not local.exists():
        if aside.is_dir() and not roaming.exists():  # the copy was complete: finish
            os.rename(moving, local)
            return local
        shutil.rmtree(moving)  # a partial copy: start again from the folder that is still there
    if roaming.resolve() == local.resolve() or not roaming.is_dir():
        return local
    if local.is_dir() and any(local.iterdir()):
        raise DataDirConflict(Msg(
            "Station data exists in two places: {roaming} (used by earlier versions) and {local}. Nothing was "
            "moved. Keep the folder of the station you use: move the other one somewhere else (or start with "
            "--data-dir to open it), then start again.", roaming=str(roaming), local=str(local)))
    local.parent.mkdir(parents=True, exist_ok=True)
    if local.is_dir():
        local.rmdir()  # empty
    try:
        os.rename(roaming, local)
        return local
    except OSError:
        pass  # another volume, or a file held open: copy, then swap
    try:
        shutil.copytree(roaming, moving)
        os.rename(roaming, aside)
        os.rename(moving, local)
    except OSError as exc:  # a file of the old folder in use (Windows), a full disk: say so, lose nothing
        raise DataDirConflict(Msg(
            "The station's data could not be moved from {roaming} to {local} ({error}). Nothing was lost: the data "
            "is still in {roaming}. Close any other program using it (an older version of this app, a backup "
            "tool) and start again.", roaming=str(roaming), local=str(local), error=exc.strerror or str(exc))
        ) from exc
    return local


def make_private(data_dir: Path) -> None:
    """POSIX: from now on this process creates files 0600 and folders 0700, and a station's folder and what is in
    it lose every group and other permission (an existing station, set up by an earlier version, had them
    0644/0755). A folder that holds something but no station (``--data-dir ~`` by mistake) is not changed; a
    folder already private is not walked again."""
    if os.name != "posix":
        return
    os.umask(0o077)
    if not stat.S_IMODE(data_dir.stat().st_mode) & 0o077:
        return  # private already, and what is made in it is private too (the umask)
    if not (data_dir / DB_FILE).exists() and any(data_dir.iterdir()):
        return  # not a station's folder: the user's own files
    uid = os.getuid()
    for folder, dirs, files in os.walk(data_dir):
        for path in (Path(folder), *(Path(folder) / f for f in files)):
            info = path.lstat()
            mode = stat.S_IMODE(info.st_mode)
            if info.st_uid == uid and not stat.S_ISLNK(info.st_mode) and mode & 0o077:
                path.chmod(mode & ~0o077)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None, *, local_dir: Path | None = None,
                     roaming_dir: Path | None = None) -> Path:
    """The data directory: ``--data-dir`` first, then the environment, then the platform's local app-data place
    (``local_dir`` and ``roaming_dir`` stand in for the platform's two folders in tests). Created if need be, and
    made private."""
    if cli_value:
        path = Path(cli_value)
    elif os.environ.get(ENV_DATA_DIR):
        path = Path(os.environ[ENV_DATA_DIR])
    else:
        path = move_from_roaming(roaming_dir or roaming_data_dir(), local_dir or local_data_dir())
    path = path.expanduser().resolve()
    if os.name == "posix":
        os.umask(0o077)
    path.mkdir(parents=True, exist_ok=True)
    make_private(path)
    return path


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILE
