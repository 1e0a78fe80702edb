"""The batch export on worker processes: every record archived, noted and exported once, with progress for each;
Cancel stops it with what the workers had in hand written and counted; the workers run below normal priority."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.models.visits import records
from desktop.paths import database_path
from desktop.printing import archive, batch
from tests.support.requests import Station, clone, make_station
from tests.support.visits import signed_visit


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Station:
    station = make_station(tmp_path_factory.mktemp("batch") / "template.sqlite3")
    for _ in range(10):
        signed_visit(station)
    return station


@pytest.fixture
def st(template: Station, tmp_path: Path) -> Iterator[Station]:
    station = clone(template, database_path(tmp_path))
    yield station
    station.db.close()


def test_two_workers_export_every_record_once(st: Station, tmp_path: Path) -> None:
    ids = archive.signed_visit_ids(st.db)
    seen: list[tuple[int, int]] = []
    result = archive.export_signed_records(st.db, tmp_path, ids, tmp_path / "out", workers=2,
                                           progress=lambda done, total: seen.append((done, total)))
    assert (result.written, result.total, result.cancelled) == (10, 10, False)
    assert seen == [(n, 10) for n in range(1, 11)]
    docs = records.archived_documents(st.db, ids)
    assert sorted(docs) == sorted(ids)
    for doc in docs.values():
        archived = archive.archive_dir(tmp_path) / doc.file_name
        assert archive.file_sha256(archived) == doc.sha256 and archived.stat().st_size == doc.size
        assert (tmp_path / "out" / doc.file_name).read_bytes() == archived.read_bytes()
        assert "embedded" in doc.font
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(d.file_name for d in docs.values())
    assert not list(archive.archive_dir(tmp_path).glob(".building-*"))

    again = archive.export_signed_records(st.db, tmp_path, ids, tmp_path / "out", workers=2)  # nothing to build
    assert again.written == 10 and records.archived_documents(st.db, ids) == docs


def test_cancel_stops_the_workers_between_records(st: Station, tmp_path: Path) -> None:
    ids = archive.signed_visit_ids(st.db)
    seen: list[int] = []
    result = archive.export_signed_records(st.db, tmp_path, ids, tmp_path / "out", workers=2,
                                           progress=lambda done, _total: seen.append(done),
                                           cancelled=lambda: bool(seen))  # Cancel once the first is reported
    # at most two records per worker are handed out ahead: those in hand are finished, no other is started
    assert result.cancelled and 1 <= result.written <= 2 * batch.AHEAD
    assert seen == list(range(1, result.written + 1))
    exported = list((tmp_path / "out").glob("*.pdf"))
    assert len(exported) == result.written == len(records.archived_documents(st.db, ids))


@pytest.mark.skipif(not hasattr(os, "nice"), reason="POSIX niceness")
def test_a_worker_lowers_its_priority() -> None:
    code = "import os; from desktop.printing import batch; batch._lower_priority(); print(os.nice(0))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert int(out) == min(19, os.nice(0) + 10)


def test_how_many_workers() -> None:
    cores = os.cpu_count() or 1
    assert batch.worker_count(None, 3) == 1  # not worth starting a process
    assert batch.worker_count(None, 1000) == cores
    assert batch.worker_count(4, 2) == 2 and batch.worker_count(1, 1000) == 1 and batch.worker_count(3, 0) == 1


def _start_nothing(*_args: object) -> None:
    os._exit(3)  # a worker that dies as it starts (as one would without freeze_support in a frozen build)


def double(n: int) -> int:
    return 2 * n


def test_without_workers_the_documents_are_built_here(monkeypatch: pytest.MonkeyPatch) -> None:
    here: list[int] = []

    def locally(n: int) -> int:
        here.append(n)
        return 2 * n

    monkeypatch.setattr(batch, "_start_worker", _start_nothing)
    with batch.Builder(2, locally, double) as builder:
        results = [r for n in range(6) for r in builder.submit(n)] + builder.drain()
    assert sorted(results) == [0, 2, 4, 6, 8, 10] and sorted(here) == list(range(6))
