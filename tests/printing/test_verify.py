"""Verification of a printed record against the archive: match (naming a later amendment), altered (text or hash
edited, or the archive itself changed behind the app's back), unknown (a foreign PDF); the same from the
command line, whose exit code is 0 only for a match."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from desktop.models.visits import editing, records
from desktop.paths import database_path
from desktop.printing import archive
from desktop.printing.verify import ALTERED, MATCH, UNKNOWN, verify_code, verify_pdf
from desktop.printing.visit_record import build_visit_record, qr_payload
from tests.support.pdf_edit import replace_shown_text
from tests.support.requests import NOW, Station, clone, make_station
from tests.support.visits import sign, signed_visit


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Station:
    return make_station(tmp_path_factory.mktemp("verify") / "template.sqlite3")


@pytest.fixture
def st(template: Station, tmp_path: Path) -> Iterator[Station]:
    station = clone(template, database_path(tmp_path))
    yield station
    station.db.close()


def archived(st: Station, tmp_path: Path) -> tuple[int, Path]:
    vid = signed_visit(st)
    path, _doc = archive.archive_signed_record(st.db, tmp_path, vid)
    return vid, path


def test_the_archived_pdf_matches(st: Station, tmp_path: Path) -> None:
    vid, path = archived(st, tmp_path)
    verdict = verify_pdf(st.db, tmp_path, path)
    d = records.get_visit(st.db, vid)
    assert verdict.outcome == MATCH and verdict.ok
    assert (verdict.uuid, verdict.content_hash, verdict.request_number) == (d.uuid, d.content_hash, d.request_number)
    assert verdict.amendments == ()


def test_a_copy_built_again_elsewhere_matches_by_its_text(st: Station, tmp_path: Path) -> None:
    """Another computer prints the same record: the bytes differ, the identity and text do not."""
    vid, path = archived(st, tmp_path)
    copy = tmp_path / "printed-again.pdf"
    build_visit_record(records.record_content(st.db, vid), copy)
    with copy.open("ab") as f:  # a different file (a viewer re-saving it appends an update, say)
        f.write(b"\n% re-saved\n")
    assert archive.file_sha256(copy) != archive.file_sha256(path)
    assert verify_pdf(st.db, tmp_path, copy).outcome == MATCH


def test_a_later_amendment_is_named(st: Station, tmp_path: Path) -> None:
    vid, path = archived(st, tmp_path)
    amendment = editing.create_amendment(st.db, st.admin, vid, "联系电话写错").ids[0]
    detail = records.get_visit(st.db, amendment)
    editing.save_visit(st.db, st.admin, amendment, replace(detail.input, work_done="更正后的内容"), now=NOW)
    sign(st, amendment)
    verdict = verify_pdf(st.db, tmp_path, path)
    amended = records.get_visit(st.db, amendment)
    assert verdict.outcome == MATCH
    assert [a.uuid for a in verdict.amendments] == [amended.uuid]
    assert any(amended.uuid in reason and "amendment" in reason for reason in verdict.reasons)


def test_edited_text_is_altered(st: Station, tmp_path: Path) -> None:
    _vid, path = archived(st, tmp_path)
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(replace_shown_text(path.read_bytes(), b"13907721234", b"13907729999"))
    text = subprocess.run(["pdftotext", str(forged), "-"], capture_output=True, text=True, check=True).stdout
    assert "13907729999" in text  # the edit is really in the document a reader sees
    verdict = verify_pdf(st.db, tmp_path, forged)
    assert verdict.outcome == ALTERED
    assert any("text differs" in reason and "13907729999" in reason for reason in verdict.reasons)


def test_a_record_rebuilt_with_other_content_under_the_same_identity_is_altered(st: Station, tmp_path: Path) -> None:
    vid, _path = archived(st, tmp_path)
    genuine = records.record_content(st.db, vid)
    forged = tmp_path / "forged.pdf"
    build_visit_record(replace(genuine, work_done="企业已全部整改完毕，无遗留问题。"), forged)
    assert verify_pdf(st.db, tmp_path, forged).outcome == ALTERED


def test_an_edited_hash_is_altered(st: Station, tmp_path: Path) -> None:
    vid, _path = archived(st, tmp_path)
    genuine = records.record_content(st.db, vid)
    forged = tmp_path / "forged.pdf"
    build_visit_record(replace(genuine, content_hash="0" * 64), forged)
    verdict = verify_pdf(st.db, tmp_path, forged)
    assert verdict.outcome == ALTERED and any("hash" in r for r in verdict.reasons)


def test_an_archive_changed_behind_the_apps_back_is_reported(st: Station, tmp_path: Path) -> None:
    vid, path = archived(st, tmp_path)
    raw = sqlite3.connect(st.path)
    try:  # someone with a database tool drops the lock and edits the record
        raw.execute("DROP TRIGGER visit_locked_update")
        raw.execute("UPDATE visit SET work_done = 'forged' WHERE id = ?", (vid,))
        raw.commit()
    finally:
        raw.close()
    verdict = verify_pdf(st.db, tmp_path, path)
    assert verdict.outcome == ALTERED and any("outside the app" in r for r in verdict.reasons)


def test_a_foreign_pdf_is_unknown(st: Station, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.pdf"
    canvas = Canvas(str(foreign))
    canvas.drawString(72, 720, "An invoice, not a visit record")
    canvas.save()
    assert verify_pdf(st.db, tmp_path, foreign).outcome == UNKNOWN
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("plain text")
    assert verify_pdf(st.db, tmp_path, not_pdf).outcome == UNKNOWN


def test_another_stations_record_is_unknown(st: Station, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    other = make_station(database_path(tmp_path / "other"))
    try:
        vid = signed_visit(other)
        path, _ = archive.archive_signed_record(other.db, tmp_path / "other", vid)
    finally:
        other.db.close()
    verdict = verify_pdf(st.db, tmp_path, path)
    assert verdict.outcome == UNKNOWN and any("No record" in r for r in verdict.reasons)


def test_a_paper_copy_is_checked_by_its_code(st: Station, tmp_path: Path) -> None:
    vid = signed_visit(st)
    d = records.get_visit(st.db, vid)
    assert verify_code(st.db, qr_payload(d.uuid, d.content_hash)).outcome == MATCH
    assert verify_code(st.db, qr_payload(d.uuid, "1" * 64)).outcome == ALTERED
    assert verify_code(st.db, "hello").outcome == UNKNOWN


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True)


def test_the_command_line_exit_codes(st: Station, tmp_path: Path) -> None:
    _vid, path = archived(st, tmp_path)
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(replace_shown_text(path.read_bytes(), b"13907721234", b"13907729999"))
    foreign = tmp_path / "foreign.pdf"
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "hello")
    canvas.save()
    foreign.write_bytes(buffer.getvalue())
    st.db.close()
    ok = cli("verify", str(path), "--data-dir", str(tmp_path), "--lang", "en")
    assert ok.returncode == 0, ok.stderr
    assert "MATCHES" in ok.stdout
    bad = cli("verify", str(forged), "--data-dir", str(tmp_path), "--lang", "en")
    assert bad.returncode == 1 and "ALTERED" in bad.stdout
    unknown = cli("verify", str(foreign), "--data-dir", str(tmp_path))
    assert unknown.returncode == 2
    missing = cli("verify", str(tmp_path / "none.pdf"), "--data-dir", str(tmp_path))
    assert missing.returncode not in (0, 1, 2)


def test_a_sealed_record_keeps_the_times_it_was_signed_with_after_the_zone_changes(st: Station,
                                                                                     tmp_path: Path) -> None:
    """The station moves its clock after signing: the sealed record still prints (and is rebuilt for
    verification) in the zone it was signed in, so the copy the client took home is not called altered."""
    from desktop.models.core import clock, station

    vid, path = archived(st, tmp_path)
    taken_home = tmp_path / "client-copy.pdf"
    build_visit_record(records.record_content(st.db, vid), taken_home)
    with taken_home.open("ab") as f:  # not byte-identical to the archive copy: compared by its text
        f.write(b"\n%client's copy\n")
    before = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    try:
        station.set_time_zone(st.db, st.admin, "Europe/Berlin")
        path.unlink()  # the archive copy is lost: verification builds the record again from its sealed form
        assert verify_pdf(st.db, tmp_path, taken_home).outcome == MATCH
        again = tmp_path / "printed-after.pdf"
        build_visit_record(records.record_content(st.db, vid), again)
        after = subprocess.run(["pdftotext", str(again), "-"], capture_output=True, text=True, check=True).stdout
        assert after == before  # the same times, to the minute
    finally:
        clock.use_time_zone(clock.DEFAULT_TIME_ZONE)


def test_a_record_sealed_in_another_zone_says_which_zone_its_times_are_in(st: Station, tmp_path: Path) -> None:
    from desktop.models.core import clock, station

    try:
        station.set_time_zone(st.db, st.admin, "Europe/Berlin")
        vid = signed_visit(st)
        path = tmp_path / "berlin.pdf"
        build_visit_record(records.record_content(st.db, vid), path)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "北京时间" not in text and "Europe/Berlin" in text
    finally:
        clock.use_time_zone(clock.DEFAULT_TIME_ZONE)


def printed_the_earlier_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build records as the app did before the QR encoder, the PNG images and the binary streams of its own:
    reportlab's QR code, reportlab's decoded image, ASCII85 streams."""
    from reportlab.graphics.barcode.qr import QrCode
    from reportlab.platypus import Image

    from desktop.printing import layout, visit_record

    monkeypatch.setattr(visit_record, "_qr", lambda payload, size: QrCode(payload, width=size, height=size,
                                                                          qrLevel="M", qrBorder=2))
    monkeypatch.setattr(visit_record, "PngImage", lambda png, w, h: Image(io.BytesIO(png), width=w, height=h))
    monkeypatch.setattr(layout, "BINARY_STREAMS", False)


def test_records_archived_before_still_verify(st: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A record archived by the earlier way of printing still matches, and so does the same record printed now
    (its text is compared with the archived file's); and the other way round."""
    with monkeypatch.context() as m:
        printed_the_earlier_way(m)
        old_vid, old_path = archived(st, tmp_path)
        old_copy = tmp_path / "printed-before.pdf"
        new_vid = signed_visit(st)
        build_visit_record(records.record_content(st.db, new_vid), old_copy)
    assert b"ASCII85Decode" in old_path.read_bytes()
    assert verify_pdf(st.db, tmp_path, old_path).outcome == MATCH
    now = tmp_path / "printed-now.pdf"
    build_visit_record(records.record_content(st.db, old_vid), now)
    assert b"ASCII85Decode" not in now.read_bytes() and now.read_bytes() != old_path.read_bytes()
    assert verify_pdf(st.db, tmp_path, now).outcome == MATCH

    new_path, _doc = archive.archive_signed_record(st.db, tmp_path, new_vid)  # archived now, printed before
    assert verify_pdf(st.db, tmp_path, new_path).outcome == MATCH
    assert verify_pdf(st.db, tmp_path, old_copy).outcome == MATCH
