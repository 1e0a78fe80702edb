"""Request numbers ``<station code>-<yyyymmdd>-<nnnn>``: unique and without gaps even when several windows
(threads of one app, or separate processes on the same file) create requests at the same moment."""

from __future__ import annotations

import multiprocessing
import re
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.models.core.db import Database
from desktop.models.core.errors import Refused
from desktop.models.requests import intake, request_detail
from desktop.models.requests.intake import RequestInput
from tests.support.requests import ITEM, MONDAY, NOW, Station, clone, local_noon, make_station, new_request

PER_WORKER = 6
WORKERS = 4  # threads
PROCESSES = 3  # each spawned process imports the app afresh (about a second of CPU)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    station = make_station(tmp_path_factory.mktemp("numbering") / "template.sqlite3", roles=())
    yield station
    station.db.close()


@pytest.fixture
def st(template: Station, tmp_path: Path) -> Iterator[Station]:
    station = clone(template, tmp_path / "station.sqlite3")
    yield station
    station.db.close()


def numbers(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(text("SELECT number FROM service_request ORDER BY id")))


def assert_sequence(found: list[str], day: str, count: int) -> None:
    assert all(re.fullmatch(rf"LZ-YF01-{day}-\d{{4}}", n) for n in found), found
    assert sorted(int(n[-4:]) for n in found) == list(range(1, count + 1))


def _create_many(path: str, actor: int, client: int, now: str, barrier: object, count: int) -> None:
    """One window: its own Database on the shared file, creating ``count`` requests once all are ready."""
    db = Database(Path(path))
    try:
        barrier.wait(timeout=60)  # type: ignore[attr-defined]
        for n in range(count):
            inp = RequestInput(client, "window", (ITEM,), f"并发创建的需求 {n}")
            intake.create_request(db, actor, inp, now=datetime.fromisoformat(now))
    finally:
        db.close()


def test_numbers_of_a_day(st: Station) -> None:
    first = new_request(st)
    assert request_detail.get_request(st.db, first).number == "LZ-YF01-20261123-0001"
    new_request(st, now=NOW + timedelta(hours=3))
    # the next day starts again at 0001; the day is the local one of the moment of entry
    tuesday = new_request(st, now=local_noon(MONDAY + timedelta(days=1), 8))
    assert request_detail.get_request(st.db, tuesday).number == "LZ-YF01-20261124-0001"
    assert numbers(st.db) == ["LZ-YF01-20261123-0001", "LZ-YF01-20261123-0002", "LZ-YF01-20261124-0001"]
    with st.db.read() as s:
        assert s.execute(text("SELECT day, last FROM request_counter ORDER BY day")).all() == [
            ("20261123", 2), ("20261124", 1)]


def test_concurrent_threads(st: Station) -> None:
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait(timeout=30)
            for n in range(PER_WORKER):
                new_request(st, description=f"线程并发 {n}")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert_sequence(numbers(st.db), "20261123", WORKERS * PER_WORKER)


def test_concurrent_processes(st: Station) -> None:
    """Separate processes on the same file, as two instances of the app on one computer would be."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES + 1)
    procs = [ctx.Process(target=_create_many, args=(str(st.path), st.admin, st.client_id, NOW.isoformat(), barrier,
                                                    PER_WORKER)) for _ in range(PROCESSES)]
    try:
        for p in procs:
            p.start()
        barrier.wait(timeout=60)  # every worker has opened the file: now they all start at once
        new_request(st, description="主进程同时创建")
        for p in procs:
            p.join(timeout=60)
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
    assert [p.exitcode for p in procs] == [0] * PROCESSES
    assert_sequence(numbers(st.db), "20261123", PROCESSES * PER_WORKER + 1)


def test_the_10000th_request_of_a_day_is_refused(st: Station) -> None:
    with st.db.begin(None) as s:
        s.execute(text("INSERT INTO request_counter (day, last) VALUES ('20261123', 9998)"))
    last = new_request(st)
    assert request_detail.get_request(st.db, last).number == "LZ-YF01-20261123-9999"
    with pytest.raises(Refused) as info:
        new_request(st)
    assert info.value.message == "This station has used all 9,999 request numbers of the day."
    assert numbers(st.db) == ["LZ-YF01-20261123-9999"]
    with st.db.read() as s:
        assert s.scalar(text("SELECT last FROM request_counter WHERE day = '20261123'")) == 9999
    # the next day is open again
    assert new_request(st, now=local_noon(date(2026, 11, 24))) == last + 1
