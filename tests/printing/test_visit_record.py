"""The printed 现场服务记录 read back with poppler: Chinese text, the embedded font, the QR code, hostile text
printed literally, long text over pages, page numbers; the archive copy and a batch export."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.models.visits import records
from desktop.models.visits.records import RecordContent
from desktop.paths import database_path
from desktop.printing import archive, fonts
from desktop.printing.verify import read_pdf
from desktop.printing.visit_record import build_visit_record, parse_qr_payload, qr_payload
from tests.support.requests import Station, clone, make_station
from tests.support.stations import LUOSIFEN
from tests.support.visits import HOSTILE, new_visit, sign, signed_visit

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils are installed by test.sh")


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Station:
    return make_station(tmp_path_factory.mktemp("print") / "template.sqlite3")


@pytest.fixture
def st(template: Station, tmp_path: Path) -> Iterator[Station]:
    station = clone(template, database_path(tmp_path))  # the data directory is tmp_path
    yield station
    station.db.close()


def content(st: Station, **changes: object) -> RecordContent:
    return records.record_content(st.db, signed_visit(st, **changes))


def test_the_signed_record_reads_back_in_chinese(st: Station, tmp_path: Path) -> None:
    c = content(st)
    pdf = tmp_path / "record.pdf"
    build_visit_record(c, pdf)
    text = squeeze(run("pdftotext", pdf, "-"))
    for expected in ("现场服务记录", "鱼峰区质量服务站", LUOSIFEN.name, "柳州市鱼峰区阳和工业园阳惠路8号",
                     "覃春梅", "质量部经理", "检查企业计量器具台账", "压力表检定周期", "计量器具清单",
                     "协助联系柳州市计量检定测试所送检", "服务对象签字确认", "王小明", "第1页共",
                     c.request_number, c.uuid, c.content_hash or "-"):
        assert expected in text, expected


def test_the_cjk_font_is_embedded_and_nothing_else_is_used(st: Station, tmp_path: Path) -> None:
    pdf = tmp_path / "record.pdf"
    used = build_visit_record(content(st), pdf)
    assert used.embedded and not used.warning
    rows = run("pdffonts", pdf).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_rest = row.split()
        emb, sub, _uni = row.split()[-5:-2]
        assert (emb, sub) == ("yes", "yes"), row  # every font embedded (as a subset)
        assert name != "Helvetica"


def test_the_qr_code_carries_the_identity_and_hash(st: Station, tmp_path: Path) -> None:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbar-tools are installed by test.sh")
    c = content(st)
    pdf = tmp_path / "record.pdf"
    build_visit_record(c, pdf)
    run("pdftoppm", "-r", "150", "-png", pdf, tmp_path / "page")
    pages = sorted(tmp_path.glob("page*.png"))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", *map(str, pages)], capture_output=True, text=True)
    assert decoded.stdout.strip() == qr_payload(c.uuid, c.content_hash)
    assert parse_qr_payload(decoded.stdout) == (c.uuid, c.content_hash)


def test_hostile_text_prints_literally(st: Station, tmp_path: Path) -> None:
    c = content(st, place=HOSTILE, work_done=f"{HOSTILE}\n第二行 & <i>斜体</i>",
                attendees=())
    pdf = tmp_path / "record.pdf"
    build_visit_record(c, pdf)
    text = squeeze(run("pdftotext", pdf, "-"))
    assert squeeze(HOSTILE) in text
    assert squeeze("第二行 & <i>斜体</i>") in text


def test_long_text_flows_over_pages_without_losing_a_line(st: Station, tmp_path: Path) -> None:
    lines = [f"第{n:03d}行：现场检查计量器具台账与检定证书是否一致，逐台核对。" for n in range(1, 121)]
    c = content(st, work_done="\n".join(lines), questions="问：" + "检定" * 900)
    pdf = tmp_path / "record.pdf"
    build_visit_record(c, pdf)
    text = run("pdftotext", pdf, "-")
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf)).group(1))  # type: ignore[union-attr]
    assert pages >= 4
    squeezed = squeeze(text)
    for line in lines:
        assert squeeze(line) in squeezed, line
    # a paragraph longer than a page goes on after the page break (read without the running header/footer)
    assert "问：" + "检定" * 900 in read_pdf(pdf.read_bytes()).body
    for n in range(1, pages + 1):
        assert f"第{n}页共{pages}页" in squeezed


def test_a_declined_signature_and_the_pen_form(st: Station, tmp_path: Path) -> None:
    declined = new_visit(st)
    sign(st, declined, declined="负责人不在场")
    build_visit_record(records.record_content(st.db, declined), tmp_path / "declined.pdf")
    assert "服务对象拒绝签字。理由：负责人不在场" in run("pdftotext", tmp_path / "declined.pdf", "-")
    draft = records.record_content(st.db, new_visit(st))
    build_visit_record(draft, tmp_path / "form.pdf")
    form = run("pdftotext", tmp_path / "form.pdf", "-")
    assert "现场服务记录表" in form and "签字：" in form and LUOSIFEN.name in form and "内容哈希" not in form
    build_visit_record(draft, tmp_path / "blank.pdf", blank=True)
    blank = run("pdftotext", tmp_path / "blank.pdf", "-")
    assert "现场服务记录表" in blank and LUOSIFEN.name not in blank and "签字：" in blank


def test_building_is_deterministic(st: Station) -> None:
    c = content(st)
    a, b = io.BytesIO(), io.BytesIO()
    build_visit_record(c, a)
    build_visit_record(c, b)
    assert a.getvalue() == b.getvalue()
    facts = read_pdf(a.getvalue())
    assert (facts.uuid, facts.content_hash) == (c.uuid, c.content_hash)


def test_the_archive_copy_is_kept_with_its_hash_and_made_again_when_damaged(st: Station, tmp_path: Path) -> None:
    vid = signed_visit(st)
    path, doc = archive.archive_signed_record(st.db, tmp_path, vid)
    assert path.parent == tmp_path / "archive" / "visits"
    assert archive.file_sha256(path) == doc.sha256 and doc.size == path.stat().st_size
    assert archive.archive_signed_record(st.db, tmp_path, vid) == (path, doc)  # intact: not made again
    path.write_bytes(b"damaged")
    again, doc2 = archive.archive_signed_record(st.db, tmp_path, vid)
    assert again == path and doc2.id != doc.id and archive.file_sha256(again) == doc2.sha256
    assert list(path.parent.glob("*.damaged-*.pdf"))  # the damaged copy kept aside, not overwritten
    # and the repair is in the audit trail, so it hides nothing (the review found it silent)
    from tests.support.stations import audit_entries

    noted = [e for e in audit_entries(st.db, "visit_document") if "damaged_copy" in e["changes"]]
    assert [n["changes"] for n in noted] == [{"damaged_copy": doc.file_name, "found": "changed"}]


def test_a_draft_is_not_archived(st: Station, tmp_path: Path) -> None:
    from desktop.models.core.errors import Refused

    with pytest.raises(Refused):
        archive.archive_signed_record(st.db, tmp_path, new_visit(st))


def test_export_reports_progress_and_stops_when_cancelled(st: Station, tmp_path: Path) -> None:
    ids = [signed_visit(st) for _ in range(4)]
    new_visit(st)  # a draft is not exported
    assert archive.signed_visit_ids(st.db) == ids
    seen: list[tuple[int, int]] = []
    result = archive.export_signed_records(st.db, tmp_path, ids, tmp_path / "out",
                                           progress=lambda done, total: seen.append((done, total)))
    assert result.written == 4 and not result.cancelled
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 4
    calls = iter([False, False, True])
    stopped = archive.export_signed_records(st.db, tmp_path, ids, tmp_path / "out2", cancelled=lambda: next(calls))
    assert stopped.cancelled and stopped.written == 2
    assert len(list((tmp_path / "out2").glob("*.pdf"))) == 2


def test_without_a_truetype_font_the_fallback_is_flagged(st: Station, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "candidates", lambda: [(tmp_path / "missing.ttf", 0)])
    fonts.reset_for_tests()
    try:
        used = build_visit_record(content(st), tmp_path / "fallback.pdf")
        assert not used.embedded and "not embedded" in used.warning
        assert "STSong-Light" in run("pdffonts", tmp_path / "fallback.pdf")
    finally:
        monkeypatch.undo()
        fonts.reset_for_tests()
    assert fonts.cjk_font().embedded


def test_a_font_file_can_be_chosen_explicitly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, "/nowhere/font.ttc#1")
    assert fonts.candidates()[0] == (Path("/nowhere/font.ttc"), 1)
