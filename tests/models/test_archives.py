"""The archive room (issue 15): an archived record's whole file, what each reader may see of it, the printed file
(cover, contents list whose page numbers lead to the documents, "made by" on every page), the access log, and the
exported bundle that ``verify`` checks (and that names a changed, added or missing file, or an altered record)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import sys
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from unittest import mock

import openpyxl
import pypdfium2 as pdfium
import pytest

from desktop.cli import main
from desktop.models.archives import access_log, record_file
from desktop.models.archives.record_file import DocumentKind
from desktop.models.archives.tables import RecordKind
from desktop.models.core.errors import NotFound, Refused
from desktop.models.core.types import utcnow
from desktop.models.requests.attachments import add_attachment
from desktop.models.visits import editing
from desktop.paths import ATTACHMENTS
from desktop.printing.archive_bundle import export_bundle, verify_bundle
from desktop.printing.archive_file import Produced, build_archive_file
from desktop.printing.layout import day
from tests.support import complaints as complaint_support
from tests.support.requests import NOW, Station, drive, make_station, perform
from tests.support.visits import HOSTILE, sign, visit_input


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Station, int, int]]:
    """One station: a request with a referral, a signed visit, an attachment, an evaluation, archived, and a closed
    complaint about it; (station, request id, complaint id)."""
    folder = tmp_path_factory.mktemp("archive")
    st = make_station(folder / "station.sqlite3", roles=("clerk", "field_officer"))
    rid = drive(st, "in_service", description=f"咨询计量器具检定周期 {HOSTILE}")
    visit = editing.create_visit(st.db, st.ids["field_officer"], rid, visit_input(st), now=NOW).ids[0]
    sign(st, visit)
    source = folder / "营业执照.txt"
    source.write_text("营业执照复印件", encoding="utf-8")
    add_attachment(st.db, st.admin, rid, source, folder / ATTACHMENTS)
    for action in ("complete", "give_feedback", "evaluate", "archive"):
        perform(st, action, st.admin, rid)
    cid = complaint_support.drive(st, "closed", about_station=False, about_request_id=rid,
                                  now=NOW + timedelta(days=1))
    yield st, rid, cid
    st.db.close()


def test_a_request_file_holds_every_document_in_order(archived: tuple[Station, int, int]) -> None:
    st, rid, cid = archived
    f = record_file.archive_file(st.db, st.admin, RecordKind.REQUEST, rid)
    kinds = [d.kind for d in f.documents]
    assert kinds == [DocumentKind.REQUEST_RECORD, DocumentKind.NOTICE, DocumentKind.REFERRAL, DocumentKind.VISIT,
                     DocumentKind.COMPLAINT_RECORD, DocumentKind.RECEIPT, DocumentKind.RESULT,
                     DocumentKind.ATTACHMENT]
    assert [c.id for c in f.complaints] == [cid]
    assert f.request is not None and f.request.evaluations and f.request.referrals
    assert len(f.visits) == 1
    assert f.started is not None and f.ended is not None and f.started <= f.ended
    attachment = f.documents[-1]
    assert attachment.title == "附件：营业执照.txt" and len(attachment.sha256) == 64


def test_only_archived_records_have_a_file(archived: tuple[Station, int, int]) -> None:
    st, _rid, _cid = archived
    open_request = drive(st, "registered")
    with pytest.raises(Refused):
        record_file.archive_file(st.db, st.admin, RecordKind.REQUEST, open_request)
    open_complaint = complaint_support.drive(st, "accepted")
    with pytest.raises(Refused):
        record_file.archive_file(st.db, st.admin, RecordKind.COMPLAINT, open_complaint)
    with pytest.raises(NotFound):
        record_file.archive_file(st.db, st.admin, "nonsense", 1)


def test_what_each_reader_may_see(archived: tuple[Station, int, int]) -> None:
    st, rid, cid = archived
    # a field officer reads only the requests they handle
    with pytest.raises(NotFound):
        record_file.archive_file(st.db, st.ids["field_officer"], RecordKind.REQUEST, rid)
    # a complaint about a staff member is not in the file that staff member reads
    about_clerk = complaint_support.drive(st, "closed", about_station=False, about_request_id=rid,
                                          about_staff_id=st.ids["clerk"], actor=st.admin)
    seen_by_clerk = record_file.archive_file(st.db, st.ids["clerk"], RecordKind.REQUEST, rid)
    seen_by_admin = record_file.archive_file(st.db, st.admin, RecordKind.REQUEST, rid)
    assert about_clerk not in [c.id for c in seen_by_clerk.complaints]
    assert about_clerk in [c.id for c in seen_by_admin.complaints]
    with pytest.raises(NotFound):
        record_file.archive_file(st.db, st.ids["clerk"], RecordKind.COMPLAINT, about_clerk)
    assert record_file.archive_file(st.db, st.ids["clerk"], RecordKind.COMPLAINT, cid).number


def _pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_the_printed_file_leads_from_its_contents_to_its_documents(archived: tuple[Station, int, int],
                                                                   tmp_path: Path) -> None:
    st, rid, _cid = archived
    f = record_file.archive_file(st.db, st.admin, RecordKind.REQUEST, rid)
    target = tmp_path / "file.pdf"
    made = Produced("审计员 <b>甲</b>", utcnow())
    total = build_archive_file(st.db, st.path.parent, f, None, made, target)
    pages = _pages(target)
    assert total == len(pages) > len(f.documents)
    assert "案卷封面" in pages[0] and f.number in pages[0]
    flat = [p.replace(" ", "").replace("\r", "").replace("\n", "") for p in pages]
    contents = "".join(p for p in flat if "卷内目录" in p)
    front = sum(1 for p in flat if "案卷封面" in p or "卷内目录" in p)
    # each document restarts its own page count: where "第 1 页" is, a document begins
    starts = [n + 1 for n in range(front, len(pages)) if "第1页共" in flat[n]]
    heads = {DocumentKind.REQUEST_RECORD: "服务需求办理记录", DocumentKind.NOTICE: "一次性告知书",
             DocumentKind.REFERRAL: "服务转办单", DocumentKind.VISIT: "现场服务记录",
             DocumentKind.COMPLAINT_RECORD: "投诉处理记录", DocumentKind.RECEIPT: "投诉受理回执",
             DocumentKind.RESULT: "投诉处理结果告知书"}
    printed = [d for d in f.documents if d.kind != DocumentKind.ATTACHMENT]
    assert len(starts) == len(printed)
    for doc, start in zip(printed, starts, strict=True):
        assert heads[doc.kind] in flat[start - 1], (doc.kind, start)
        # its line in the contents list: title, date, first page
        assert f"{doc.title.replace(' ', '')}{day(doc.day)}{start}" in contents, doc.title
    # who made this copy, on every page; their name (markup and all) printed as typed; and the file's own page
    # numbers, which the contents list gives
    assert all("审计员 <b>甲</b>" in p for p in pages)
    assert all(f"案卷第{n}页共{total}页" in page for n, page in enumerate(flat, start=1))
    # the request's description prints literally
    assert any(HOSTILE in p.replace("\r\n", " ") or "<b>A&B</b>" in p for p in pages)


def test_reading_a_file_is_logged_and_the_log_is_for_admins_only(archived: tuple[Station, int, int],
                                                                 tmp_path: Path) -> None:
    st, rid, _cid = archived
    before, _rows = access_log.entries(st.db, st.admin)
    f = record_file.read_file(st.db, st.ids["clerk"], RecordKind.REQUEST, rid)
    count, rows = access_log.entries(st.db, st.admin)
    assert count == before + 1
    assert (rows[0].staff, rows[0].action, rows[0].document, rows[0].what) == (
        "clerk 甲", "read", "archive_file", f.number)
    with pytest.raises(Refused):
        access_log.entries(st.db, st.ids["clerk"])
    # a refused reading is not logged as done
    with pytest.raises(NotFound):
        record_file.read_file(st.db, st.ids["field_officer"], RecordKind.REQUEST, rid)
    assert access_log.entries(st.db, st.admin)[0] == count
    target = tmp_path / "log.xlsx"
    assert access_log.export_entries(st.db, st.admin, target) == count
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["时间", "人员", "操作", "文件", "内容", "记录数"]
    assert ["clerk 甲", "查阅", "档案案卷", f.number] == values[1][1:5]
    assert access_log.entries(st.db, st.admin)[1][0].document == "access_log"  # the export is logged too


def test_the_access_log_cannot_be_changed_in_the_database(archived: tuple[Station, int, int]) -> None:
    st, rid, _cid = archived
    record_file.read_file(st.db, st.admin, RecordKind.REQUEST, rid)
    conn = sqlite3.connect(st.path)
    try:
        for sql in ("UPDATE access_log SET what = 'x'", "DELETE FROM access_log"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    finally:
        conn.close()


# ---- the exported bundle ------------------------------------------------------------------------------------

@pytest.fixture
def bundle(archived: tuple[Station, int, int], tmp_path: Path) -> Path:
    st, rid, cid = archived
    path = tmp_path / "档案.zip"
    made = export_bundle(st.db, st.path.parent, st.admin, [(RecordKind.REQUEST, rid), (RecordKind.COMPLAINT, cid)],
                         path, Produced("管理员", utcnow()))
    assert made == 2
    return path


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None], manifest_too: bool = False) -> None:
    """A copy of the zip with members replaced (None: left out); with ``manifest_too`` the manifest is made to
    agree with the change (a forger's bundle)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        manifest = json.loads(zin.read("manifest.json"))
        for info in zin.infolist():
            if info.filename == "manifest.json":
                continue
            data = change.get(info.filename, zin.read(info)) if info.filename in change else zin.read(info)
            if data is None:
                continue
            zout.writestr(info.filename, data)
            if manifest_too and info.filename in change:
                manifest["files"][info.filename] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                for r in manifest["records"]:
                    if f"{r['folder']}/record.json" == info.filename:
                        r["record_sha256"] = hashlib.sha256(data).hexdigest()
        for name, data in change.items():
            if name not in zin.namelist() and data is not None:
                zout.writestr(name, data)
        zout.writestr("manifest.json", json.dumps(manifest))


def test_a_bundle_verifies_and_every_change_to_it_is_named(archived: tuple[Station, int, int], bundle: Path,
                                                           tmp_path: Path) -> None:
    st, _rid, _cid = archived
    assert verify_bundle(st.db, bundle, st.admin).outcome == "match"
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
        body_name = next(n for n in names if n.endswith("record.json") and "-TS-" not in n)
        body = z.read(body_name)
        pdf_name = next(n for n in names if n.endswith(".pdf"))
    assert any("/附件/01_营业执照.txt" in n for n in names)
    forged = tmp_path / "forged.zip"
    _rewrite(bundle, forged, {pdf_name: b"%PDF-1.4 not the file"})
    verdict = verify_bundle(st.db, forged, st.admin)
    assert verdict.outcome == "altered" and f"changed: {pdf_name}" in verdict.problems
    _rewrite(bundle, forged, {"extra/evil.exe": b"MZ"})
    assert "not in the manifest: extra/evil.exe" in verify_bundle(None, forged).problems
    _rewrite(bundle, forged, {pdf_name: None})
    assert f"missing: {pdf_name}" in verify_bundle(None, forged).problems
    # a forger who keeps the manifest consistent is caught by the station's records
    edited = body.replace("咨询计量器具检定周期".encode(), "咨询其他事项".encode())
    _rewrite(bundle, forged, {body_name: edited}, manifest_too=True)
    assert verify_bundle(None, forged).outcome == "match"  # without the station, only the manifest is checked
    verdict = verify_bundle(st.db, forged, st.admin)
    assert verdict.outcome == "altered" and any(p.startswith("differs from the station's records") for p in
                                                 verdict.problems)


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_what_is_not_a_bundle_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(content)
    assert verify_bundle(None, path).outcome == "unknown"


def test_a_zip_without_our_manifest_or_with_a_hostile_one_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    for manifest in (None, b"[1, 2]", b"{\"format\": \"other\"}", b"\xff\xfe garbage",
                     json.dumps({"format": "quality-station-archive-bundle/1", "files": [], "records": {}}).encode()):
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("../../etc/passwd", b"x")
            if manifest is not None:
                z.writestr("manifest.json", manifest)
        assert verify_bundle(None, path).outcome == "unknown"


def test_verify_on_the_command_line(archived: tuple[Station, int, int], bundle: Path, tmp_path: Path) -> None:
    st, _rid, _cid = archived

    def run(*args: str) -> tuple[int, str]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()), \
                mock.patch.dict(os.environ, {}), mock.patch.object(sys, "stdin", io.StringIO()):
            code = main(list(args))
        return code, out.getvalue()

    code, out = run("verify", str(bundle), "--data-dir", str(st.path.parent), "--lang", "en")
    assert code == 0 and "MATCHES" in out and "2 records" in out
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(bundle) as z:
        pdf_name = next(n for n in z.namelist() if n.endswith(".pdf"))
    _rewrite(bundle, broken, {pdf_name: b"x"})
    code, out = run("verify", str(broken), "--data-dir", str(st.path.parent), "--lang", "en")
    assert code == 1 and "ALTERED" in out and pdf_name in out
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"junk")
    assert run("verify", str(junk), "--data-dir", str(st.path.parent), "--lang", "en")[0] == 2


def test_a_forger_who_keeps_the_manifest_consistent_is_caught_by_the_station(
        archived: tuple[Station, int, int], bundle: Path, tmp_path: Path) -> None:
    st, _rid, _cid = archived
    data_dir = st.path.parent
    assert verify_bundle(st.db, bundle, st.admin, data_dir).outcome == "match"
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
        pdf_name = next(n for n in names if n.endswith(".pdf") and "-TS-" not in n)
        attachment = next(n for n in names if "/附件/" in n)
        other_pdf = next(n for n in names if n.endswith(".pdf") and n != pdf_name)
        other = z.read(other_pdf)
    forged = tmp_path / "forged.zip"
    _rewrite(bundle, forged, {pdf_name: other}, manifest_too=True)  # another record's file in its place
    verdict = verify_bundle(st.db, forged, st.admin, data_dir)
    assert verdict.outcome == "altered" and f"not the station's file: {pdf_name}" in verdict.problems
    _rewrite(bundle, forged, {attachment: "伪造的营业执照".encode()}, manifest_too=True)
    verdict = verify_bundle(st.db, forged, st.admin, data_dir)
    assert f"not the station's attachment: {attachment}" in verdict.problems


def test_a_bundle_stays_authentic_after_its_client_is_renamed(archived: tuple[Station, int, int],
                                                              tmp_path: Path) -> None:
    from desktop.models.clients import clients
    from desktop.models.clients.clients import ClientInput

    st, rid, _cid = archived
    path = tmp_path / "clerk.zip"
    assert export_bundle(st.db, st.path.parent, st.ids["clerk"], [(RecordKind.REQUEST, rid)], path,
                         Produced("clerk 甲", utcnow())) == 1
    detail = clients.get_client(st.db, st.client_id)
    clients.update_client(st.db, st.admin, st.client_id, ClientInput(detail.name + "（更名）", detail.uscc,
                                                                     district=detail.district))
    # checked as its maker read it (the clerk), whoever asks; the client's new name is not a change of the record
    assert verify_bundle(st.db, path, st.admin, st.path.parent).outcome == "match"
    clients.update_client(st.db, st.admin, st.client_id, ClientInput(detail.name, detail.uscc,
                                                                     district=detail.district))


def _zip(path: Path, members: list[tuple[str, bytes]], manifest: bytes | None = b"") -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members:
            z.writestr(name, data)
        if manifest is not None:
            z.writestr("manifest.json", manifest or json.dumps(
                {"format": "quality-station-archive-bundle/1", "records": [], "files": {}}).encode())
    return path


@pytest.mark.parametrize("members", [
    [("../../etc/passwd", b"x")], [("/abs/path", b"x")], [("C:/windows/x", b"x")], [("a\\..\\b", b"x")],
])
def test_unsafe_names_are_refused(tmp_path: Path, members: list[tuple[str, bytes]]) -> None:
    verdict = verify_bundle(None, _zip(tmp_path / "x.zip", members))
    assert verdict.outcome == "unknown" and verdict.problems[0].startswith("Refused: unsafe name")


def test_repeated_names_and_bombs_are_refused(tmp_path: Path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate it writes
        twice = _zip(tmp_path / "twice.zip", [("a/record.json", b"1"), ("a/record.json", b"2")])
    assert "occurs twice" in verify_bundle(None, twice).problems[0]
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a/zeros.bin", b"\0" * 50_000_000)
    assert "inflates" in verify_bundle(None, bomb).problems[0]


def test_damaged_and_odd_zips_are_answered_not_raised(tmp_path: Path) -> None:
    deep = _zip(tmp_path / "deep.zip", [], manifest=b"[" * 100_000 + b"]" * 100_000)
    assert verify_bundle(None, deep).outcome == "unknown"
    good = _zip(tmp_path / "good.zip", [("a/x.bin", b"hello" * 1000)])
    data = bytearray(good.read_bytes())
    header = data.index(b"PK\x03\x04")
    for offset, value in ((8, 99), (6, 1)):  # an unknown compression method; the "encrypted" flag
        broken = bytearray(data)
        broken[header + offset] = value
        central = broken.index(b"PK\x01\x02")
        broken[central + offset + 2] = value
        path = tmp_path / f"odd{offset}.zip"
        path.write_bytes(bytes(broken))
        assert verify_bundle(None, path).outcome in ("unknown", "altered")
    crc = bytearray(data)
    crc[crc.index(b"hello")] ^= 0xFF  # the stored member's bytes no longer match its CRC
    path = tmp_path / "crc.zip"
    path.write_bytes(bytes(crc))
    assert verify_bundle(None, path).outcome in ("unknown", "altered")


def test_exports_say_who_made_them_and_are_logged(archived: tuple[Station, int, int], tmp_path: Path) -> None:
    from desktop.models.clients import clients_io
    from desktop.models.complaints import complaint_export
    from desktop.models.complaints.complaint_list import ComplaintQuery
    from desktop.models.requests import request_export
    from desktop.models.requests.request_list import RequestQuery

    st, _rid, _cid = archived

    class Handle:
        cancelled = False

        def progress(self, done: int, total: int) -> None:
            del done, total

    made = (st.admin, "档案管理员")
    jobs = [(request_export.export_job, (RequestQuery(), NOW.date()), "requests"),
            (complaint_export.export_job, (ComplaintQuery(st.admin), NOW.date()), "complaints"),
            (clients_io.export_job, (None,), "clients")]
    for job, args, document in jobs:
        path = tmp_path / f"{document}.xlsx"
        written = job(Handle(), st.path, path, *args, made)  # type: ignore[operator]
        assert written > 0
        book = openpyxl.load_workbook(path)
        assert book.properties.creator == "档案管理员" and book.properties.created is not None
        newest = access_log.entries(st.db, st.admin)[1][0]
        assert (newest.action, newest.document, newest.what, newest.records) == ("export", document, path.name,
                                                                                 written)
