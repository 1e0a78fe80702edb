"""Attachments: copied into the data folder under their SHA-256, recorded on the timeline, checked on the
way out."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.requests import attachments, request_detail
from desktop.models.requests.attachments import add_attachment, attachment_file, stored_path
from tests.support.requests import Station, drive, events, make_station, snapshot

CONTENT = "营业执照复印件：柳州市龙城螺蛳粉有限公司".encode()
SHA = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture(scope="module")
def st(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    station = make_station(tmp_path_factory.mktemp("attachments") / "station.sqlite3", roles=("field_officer",))
    yield station
    station.db.close()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "营业执照.pdf"
    path.write_bytes(CONTENT)
    return path


def test_add_attachment(st: Station, source: Path, tmp_path: Path) -> None:
    store = tmp_path / "attachments"
    rid = drive(st, "registered")
    officer = st.ids["field_officer"]
    version = request_detail.get_request(st.db, rid).version
    assert add_attachment(st.db, officer, rid, source, store).ids == (rid,)
    detail = request_detail.get_request(st.db, rid)
    (att,) = detail.attachments
    assert (att.file_name, att.sha256, att.size) == ("营业执照.pdf", SHA, len(CONTENT))
    assert att.added_by == "field_officer 甲"
    assert detail.version == version + 1 and detail.status == "registered"
    event = detail.events[-1]
    assert (event.kind, event.text, event.from_status, event.to_status) == ("attachment", "营业执照.pdf",
                                                                            "registered", None)
    assert event.data == {"sha256": SHA, "size": len(CONTENT), "attachment_id": att.id}
    stored = stored_path(store, SHA)
    assert stored == store / SHA[:2] / f"{SHA}.bin" and stored.read_bytes() == CONTENT
    assert attachment_file(st.db, att.id, store) == (stored, "营业执照.pdf")
    assert not list(store.rglob("*.part"))  # no temporary copy left behind
    # the original may go away: the stored copy is what counts
    source.unlink()
    assert attachment_file(st.db, att.id, store)[0].read_bytes() == CONTENT


def test_same_file_twice_is_stored_once(st: Station, source: Path, tmp_path: Path) -> None:
    store = tmp_path / "attachments"
    first, second = drive(st, "received"), drive(st, "completed")
    add_attachment(st.db, st.admin, first, source, store)
    renamed = source.with_name("副本.pdf")
    renamed.write_bytes(CONTENT)
    add_attachment(st.db, st.admin, second, renamed, store)
    add_attachment(st.db, st.admin, second, renamed, store)
    assert [p.name for p in store.rglob("*") if p.is_file()] == [f"{SHA}.bin"]
    names = [a.file_name for a in request_detail.get_request(st.db, second).attachments]
    assert names == ["副本.pdf", "副本.pdf"]
    assert [e["kind"] for e in events(st.db, second)].count("attachment") == 2


def test_missing_or_altered_copy_is_refused(st: Station, source: Path, tmp_path: Path) -> None:
    store = tmp_path / "attachments"
    rid = drive(st, "in_service")
    add_attachment(st.db, st.admin, rid, source, store)
    (att,) = request_detail.get_request(st.db, rid).attachments
    stored = stored_path(store, SHA)
    stored.write_bytes(CONTENT + b" altered")
    with pytest.raises(NotFound) as info:
        attachment_file(st.db, att.id, store)
    assert info.value.message == "The attached file has been altered since it was attached."
    # attaching the original again puts the good copy back
    add_attachment(st.db, st.admin, rid, source, store)
    assert attachment_file(st.db, att.id, store)[0].read_bytes() == CONTENT
    stored.unlink()
    with pytest.raises(NotFound) as info:
        attachment_file(st.db, att.id, store)
    assert info.value.message == "The attached file is missing from the data folder."
    add_attachment(st.db, st.admin, rid, source, store)
    assert attachment_file(st.db, att.id, store)[0].read_bytes() == CONTENT
    with pytest.raises(NotFound):
        attachment_file(st.db, 999_999, store)


@pytest.mark.parametrize("status", ["escalated", "archived", "withdrawn"])
def test_refused_when_escalated_or_closed(st: Station, source: Path, tmp_path: Path, status: str) -> None:
    store = tmp_path / "attachments"
    rid = drive(st, status)
    before = snapshot(st.db, rid)
    with pytest.raises(Refused):
        add_attachment(st.db, st.admin, rid, source, store)
    assert snapshot(st.db, rid) == before
    assert not store.exists()  # refused before anything was copied


def test_bad_files(st: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "attachments"
    rid = drive(st, "registered")
    before = snapshot(st.db, rid)
    for bad in (tmp_path / "no-such-file.pdf", tmp_path):
        with pytest.raises(Invalid) as info:
            add_attachment(st.db, st.admin, rid, bad, store)
        assert set(info.value.errors) == {"file"}
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 3000)
    monkeypatch.setattr(attachments, "MAX_BYTES", 2048)
    monkeypatch.setattr(attachments, "CHUNK", 1024)
    with pytest.raises(Invalid) as info:
        add_attachment(st.db, st.admin, rid, big, store)
    assert info.value.errors == {"file": "The file is larger than 200 MB."}
    assert not [p for p in store.rglob("*") if p.is_file()]  # the partial copy is gone
    assert snapshot(st.db, rid) == before
    with pytest.raises(NotFound):
        add_attachment(st.db, st.admin, 999_999, big, store)


def test_odd_file_names(st: Station, tmp_path: Path) -> None:
    store = tmp_path / "attachments"
    rid = drive(st, "received")
    long_stem = "很" * 300
    for name, kept in (("  ", "attachment"), (" 空格.txt  ", "空格.txt"), ("x" * 255, "x" * 255),
                       (long_stem + ".jpeg", long_stem[:250] + ".jpeg"), ("empty.txt", "empty.txt")):
        path = tmp_path / "src" / name
        path.parent.mkdir(exist_ok=True)
        try:
            path.write_bytes(b"" if name == "empty.txt" else name.encode())
        except OSError:  # longer than the file system allows: make the name from a shorter file
            continue
        add_attachment(st.db, st.admin, rid, path, store)
        assert request_detail.get_request(st.db, rid).attachments[-1].file_name == kept
    assert request_detail.get_request(st.db, rid).attachments[-1].size == 0
    assert attachments.display_name(Path(long_stem + ".jpeg")) == long_stem[:250] + ".jpeg"
