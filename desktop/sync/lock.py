"""One sync at a time per station folder: the app and a scheduled ``quality-station sync`` may both start one.

Two syncs at once would do no harm to the records (the hub answers the second copy "already had"), but they
would push the same batches twice and each would take the other's running log entry for one cut off. An
exclusive lock on ``<data dir>/sync.lock`` (flock on Linux and macOS, msvcrt on Windows) keeps the second out;
the operating system lets go of it when the process ends, however it ends.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

LOCK_FILE = "sync.lock"


class SyncBusy(Exception):
    pass


def _lock(f: BinaryIO) -> None:
    if sys.platform == "win32":
        import msvcrt

        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(f: BinaryIO) -> None:
    if sys.platform == "win32":
        import msvcrt

        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_UN)


@contextmanager
def sync_lock(data_dir: Path) -> Iterator[None]:
    """Hold the station folder's sync lock, or raise ``SyncBusy`` at once if another sync holds it."""
    f = (data_dir / LOCK_FILE).open("a+b")
    try:
        try:
            _lock(f)
        except OSError as exc:
            raise SyncBusy from exc
        try:
            yield
        finally:
            _unlock(f)
    finally:
        f.close()
