"""A station's backups in a folder the admin chose (a USB drive, a network share): generations of the database,
and the station's files (attachments, archive PDFs) kept once by their hash for all generations. No Qt here.

    <folder>/<station code>/
        files/<sha256[:2]>/<sha256>          every file of every generation, once
        20261203-183000/station.sqlite3      a generation: the database (SQLite's online backup API, a
        20261203-183000/manifest.json        consistent copy taken while the app runs) and its manifest
        20261204-090000.partial/             one being written (or cut short): never used, removed later

A generation is written in its ``.partial`` folder, verified (the copy's integrity check, the hash of the database,
every file it lists present; once a week every file hashed again, a damaged stored copy made again from the
station's own), and only then renamed: killed at any moment, the folder has the previous generations
as they were, a ``.partial`` the next backup removes, and store files that are whole (each is written to a
temporary name and renamed) and used again. The newest ``keep`` generations are kept; store files no kept
generation lists go with the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop import __version__
from desktop.models.core.errors import Msg, Refused
from desktop.models.requests.attachments import sha256_of

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "station.sqlite3"
PARTIAL = ".partial"
LOCK = ".lock"
SHA256 = re.compile(r"[0-9a-f]{64}")
DEEP_EVERY = timedelta(days=7)
FOLDERS = ("attachments", "archive")  # of the data folder: what a backup copies besides the database
CHUNK = 1 << 20
Progress = Callable[[int, int], None]  # (done, total) steps


@dataclass(frozen=True)
class Generation:
    path: Path  # <folder>/<station code>/<name>
    made_at: datetime
    size: int  # bytes of the database and the files it lists
    files: int


class BackupBusy(Refused):
    """Another backup is writing to the folder: not a failure of this station's backups."""


class BackupFailed(Refused):
    """The backup could not be written or did not verify: the generation was not kept (``problems``: what
    the verification found)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


def station_folder(folder: Path, station_code: str) -> Path:
    return folder / station_code


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def stored(root: Path, sha: str) -> Path:
    return root / "files" / sha[:2] / sha


def generations(root: Path) -> list[Generation]:
    """The complete generations in ``root`` (a station's backup folder), newest first; a folder whose manifest
    cannot be read is left out (``verify`` says why)."""
    found = []
    for path in root.iterdir() if root.is_dir() else ():
        if not path.is_dir() or path.name.endswith(PARTIAL) or path.name == "files":
            continue
        try:
            manifest = read_manifest(path)
        except Refused:
            continue
        found.append(Generation(path, datetime.fromisoformat(manifest["made_at"]),
                                int(manifest["database"]["size"]) + sum(int(f["size"]) for f in manifest["files"]),
                                len(manifest["files"])))
    return sorted(found, key=lambda g: g.made_at, reverse=True)


def _checked(manifest: dict) -> dict:  # type: ignore[type-arg]
    """``manifest`` if every entry is what a backup writes (it names paths and store files: nothing else)."""
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), list):
        raise ValueError("unknown format")
    if datetime.fromisoformat(manifest["made_at"]).utcoffset() is None:
        raise ValueError("a time without its zone")
    for entry in [manifest["database"], *manifest["files"]]:
        if not (isinstance(entry["sha256"], str) and SHA256.fullmatch(entry["sha256"])
                and isinstance(entry["size"], int) and entry["size"] >= 0):
            raise ValueError("a file's hash or size")
    for f in manifest["files"]:
        parts = Path(str(f["path"])).parts
        if (not parts or Path(str(f["path"])).is_absolute() or ".." in parts or parts[0] not in FOLDERS
                or "\\" in str(f["path"])):
            raise ValueError(f"a file outside the station's folders: {str(f['path'])[:100]}")
    return manifest


def read_manifest(generation: Path) -> dict:  # type: ignore[type-arg]
    try:
        return _checked(json.loads((generation / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Refused(Msg("This is not a complete backup: its manifest is missing or unreadable ({error}).",
                          error=str(exc)[:200])) from exc


def _data_files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    for name in FOLDERS:
        top = data_dir / name
        if top.is_dir():
            for path in sorted(top.rglob("*")):
                if path.is_file() and not path.name.endswith((".part", ".tmp")):
                    yield path.relative_to(data_dir).as_posix(), path


def _copy_into_store(root: Path, source: Path, known: str | None, deep: bool) -> tuple[str, int]:
    """Copy ``source`` into the store unless it is there (``known``: its hash, from the last generation, when its
    size and time are unchanged; ``deep``: only if the stored copy still hashes to it); its hash and size. The copy
    is read back and hashed before it is kept, and replaces a stored copy that no longer hashes to its name."""
    size = source.stat().st_size
    if known is not None and stored(root, known).is_file() and stored(root, known).stat().st_size == size and (
            not deep or sha256_of(stored(root, known)) == known):
        return known, size
    target_dir = root / "files" / ".incoming"
    target_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target_dir, suffix=".tmp")
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        if sha256_of(tmp) != sha:
            raise BackupFailed(Msg("A file changed or could not be read back while it was copied: {file}.",
                                   file=source.name))
        final = stored(root, sha)
        if final.is_file() and final.stat().st_size == size and (not deep or sha256_of(final) == sha):
            tmp.unlink()
        else:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
        return sha, size
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _copy_database(db_path: Path, target: Path) -> None:
    """A consistent copy of the live database (the online backup API, in one step: writers go on meanwhile),
    made a single self-contained file (``verify`` checks it)."""
    source = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()
    with target.open("rb+") as f:
        os.fsync(f.fileno())


@contextmanager
def one_at_a_time(root: Path) -> Iterator[None]:
    """Only one backup writes to a station's backup folder at a time (the app's daily one and a scheduled task):
    an OS lock on ``.lock``, which goes with the process that held it, however it ended."""
    with (root / LOCK).open("a+b") as f:
        try:
            if os.name == "nt":
                import msvcrt

                msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BackupBusy(Msg("Another backup to this folder is under way; try again when it has finished.")) \
                from None
        yield


def make_backup(db_path: Path, data_dir: Path, folder: Path, station_code: str, keep: int,
                revision: str = "", progress: Progress | None = None, now: datetime | None = None) -> Generation:
    """Write and verify a new generation of the station in ``folder``; then keep only the newest ``keep``."""
    if folder.resolve().is_relative_to(data_dir.resolve()):
        raise Refused(Msg("Back up to a folder outside the station's own folder (a USB drive or a network "
                          "share): a copy beside the data is lost with it."))
    root = station_folder(folder, station_code)
    root.mkdir(parents=True, exist_ok=True)
    with one_at_a_time(root):
        return _make(db_path, data_dir, root, station_code, keep, revision, progress, now)


def _make(db_path: Path, data_dir: Path, root: Path, station_code: str, keep: int, revision: str,
          progress: Progress | None, now: datetime | None) -> Generation:
    for stale in root.glob(f"*{PARTIAL}"):  # cut short earlier
        shutil.rmtree(stale, ignore_errors=True)
    made = (now or datetime.now(UTC)).astimezone(UTC)
    name = made.strftime("%Y%m%d-%H%M%S")
    while (root / name).exists():
        name += "-1"
    partial = root / (name + PARTIAL)
    partial.mkdir()
    earlier = generations(root)
    known: dict[str, tuple[int, int, str]] = {}  # path -> (size, mtime_ns, sha) of the last generation
    if earlier:
        for f in read_manifest(earlier[0].path)["files"]:
            known[f["path"]] = (int(f["size"]), int(f.get("mtime_ns", 0)), str(f["sha256"]))
    # once a week every stored file is hashed again (bit rot on a drive), and a damaged one copied again from
    # the station: the generations that share it are whole again
    deep = not any(read_manifest(g.path).get("deep") and made - g.made_at < DEEP_EVERY for g in earlier)
    files = list(_data_files(data_dir))
    total = len(files) + 2
    if progress:
        progress(0, total)
    _copy_database(db_path, partial / DATABASE)
    if progress:
        progress(1, total)
    listed, sizes = [], []
    for n, (rel, path) in enumerate(files, 2):
        st = path.stat()
        before = known.get(rel)
        sha, size = _copy_into_store(root, path, before[2] if before and before[:2] == (st.st_size, st.st_mtime_ns)
                                     else None, deep)
        listed.append({"path": rel, "sha256": sha, "size": size, "mtime_ns": st.st_mtime_ns})
        sizes.append(size)
        if progress:
            progress(n, total)
    manifest = {"format": FORMAT, "station": station_code, "made_at": made.isoformat(), "app_version": __version__,
                "revision": revision, "database": {"file": DATABASE, "sha256": sha256_of(partial / DATABASE),
                                                   "size": (partial / DATABASE).stat().st_size},
                "files": listed, "deep": deep}
    _write_synced(partial / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    problems = verify(partial, deep=deep)
    if problems:
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupFailed(Msg("The backup did not verify and was not kept."), problems)
    _fsync_dir(partial)
    os.replace(partial, root / name)
    _fsync_dir(root)
    prune(root, keep, name)
    if progress:
        progress(total, total)
    return Generation(root / name, made, (root / name / DATABASE).stat().st_size + sum(sizes), len(sizes))


def verify(generation: Path, deep: bool = True) -> list[str]:  # Msg each
    """What is wrong with a generation ([] when nothing): its manifest, its database (hash and integrity check),
    and each file it lists (present with its size; ``deep``: its hash too)."""
    try:
        manifest = read_manifest(generation)
    except Refused as exc:
        return [exc.message]
    problems: list[str] = []
    db = generation / DATABASE
    if not db.is_file():
        return [Msg("The database is missing from the backup.")]
    if sha256_of(db) != manifest["database"]["sha256"]:
        problems.append(Msg("The database of the backup has changed since it was written."))
    else:
        conn = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                problems.append(Msg("The database of the backup is damaged."))
        except sqlite3.DatabaseError as exc:
            problems.append(Msg("The database of the backup cannot be read: {error}.", error=str(exc)))
        finally:
            conn.close()
    root = generation.parent
    for f in manifest["files"]:
        path = stored(root, str(f["sha256"]))
        if not path.is_file() or path.stat().st_size != int(f["size"]):
            problems.append(Msg("A file of the backup is missing: {file}.", file=str(f["path"])))
        elif deep and sha256_of(path) != f["sha256"]:
            problems.append(Msg("A file of the backup has changed: {file}.", file=str(f["path"])))
        if len(problems) >= 20:
            break
    return problems


def prune(root: Path, keep: int, made: str) -> None:
    """Only the newest ``keep`` generations (the one just ``made`` always among them, whatever the clock said
    before), and the store files they list. While a generation's manifest cannot be read (a share that
    hiccups, a newer version's format), no store file is removed: it may be one of its files."""
    kept = generations(root)
    kept.sort(key=lambda g: g.path.name != made)  # stable: the one just made first, then newest first
    for old in kept[keep:]:
        shutil.rmtree(old.path, ignore_errors=True)
    listed = {g.path for g in kept}
    if any(p.is_dir() and p.name != "files" and not p.name.endswith(PARTIAL) and p not in listed
           for p in root.iterdir()):
        return
    wanted = {str(f["sha256"]) for g in kept[:keep] for f in read_manifest(g.path)["files"]}
    store = root / "files"
    for path in store.glob("*/*") if store.is_dir() else ():
        if path.parent.name != ".incoming" and path.name not in wanted:
            path.unlink(missing_ok=True)
    shutil.rmtree(store / ".incoming", ignore_errors=True)
