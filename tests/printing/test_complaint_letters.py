"""投诉受理回执 and 投诉处理结果告知书 read back with poppler: the Chinese text, the fonts embedded, hostile text
printed literally, the QR code decoded and checked against the station's records."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.models.complaints import complaint_detail
from desktop.models.core import station
from desktop.paths import database_path
from desktop.printing.complaint_letters import (
    RECEIPT,
    RESULT,
    NotPrintable,
    build_for_complaint,
    check_code,
    letter_from_complaint,
)
from tests.support.complaints import drive
from tests.support.requests import Station, clone, make_station
from tests.support.visits import HOSTILE

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils are installed by test.sh")


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Station:
    return make_station(tmp_path_factory.mktemp("letters") / "template.sqlite3")


@pytest.fixture
def st(template: Station, tmp_path: Path) -> Iterator[Station]:
    copy = clone(template, database_path(tmp_path))
    yield copy
    copy.db.close()


def _letter(st: Station, cid: int, letter: str, pdf: Path) -> str:
    detail = complaint_detail.get_complaint(st.db, st.admin, cid)
    data, font = build_for_complaint(detail, station.get_station(st.db), letter, pdf)
    assert font.embedded and not font.warning
    return data.code()


def test_the_receipt_reads_back_in_chinese(st: Station, tmp_path: Path) -> None:
    cid = drive(st, "accepted")
    pdf = tmp_path / "receipt.pdf"
    _letter(st, cid, RECEIPT, pdf)
    text = squeeze(run("pdftotext", pdf, "-"))
    detail = complaint_detail.get_complaint(st.db, st.admin, cid)
    for expected in ("投诉受理回执", "鱼峰区质量服务站", detail.number, "韦秀英", "13907721234", "电话",
                     "窗口人员态度冷淡", "希望改进服务态度", "本站服务", "办理时限", "前作出处理意见", "监督渠道",
                     "投诉人签收", "核验码", "第1页共1页"):
        assert expected in text, expected
    rows = run("pdffonts", pdf).splitlines()[2:]
    assert rows and all(row.split()[-5:-3] == ["yes", "yes"] for row in rows), rows  # embedded subsets only


def test_the_result_letter_after_the_complainant_is_told(st: Station, tmp_path: Path) -> None:
    cid = drive(st, "decided")
    detail = complaint_detail.get_complaint(st.db, st.admin, cid)
    with pytest.raises(NotPrintable):
        letter_from_complaint(detail, RESULT)  # not told yet
    cid = drive(st, "told")
    pdf = tmp_path / "result.pdf"
    _letter(st, cid, RESULT, pdf)
    text = squeeze(run("pdftotext", pdf, "-"))
    for expected in ("投诉处理结果告知书", "调查核实情况", "调取窗口录像，询问当班人员", "处理意见",
                     "投诉属实，责令整改", "救济途径", "复核", "GB/T19013"):
        assert expected in text, expected


def test_hostile_text_prints_literally(st: Station, tmp_path: Path) -> None:
    cid = drive(st, "told", what_happened=f"{HOSTILE}\n第二行 & <i>斜体</i>", wants="=cmd|' /C calc'!A0")
    pdf = tmp_path / "hostile.pdf"
    _letter(st, cid, RESULT, pdf)
    text = run("pdftotext", pdf, "-")
    assert '<b>A&B</b> </para> <img src="x"/>' in text and "<i>斜体</i>" in text


def test_the_qr_code_is_checked_against_the_records(st: Station, tmp_path: Path) -> None:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbar-tools are installed by test.sh")
    cid = drive(st, "accepted")
    pdf = tmp_path / "receipt.pdf"
    code = _letter(st, cid, RECEIPT, pdf)
    run("pdftoppm", "-r", "150", "-png", pdf, tmp_path / "page")
    pages = sorted(tmp_path.glob("page*.png"))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", *map(str, pages)], capture_output=True, text=True)
    assert decoded.stdout.strip() == code

    def find(uuid: str) -> complaint_detail.ComplaintDetail | None:
        return complaint_detail.find_by_uuid(st.db, st.admin, uuid)

    number = complaint_detail.get_complaint(st.db, st.admin, cid).number
    assert check_code(decoded.stdout, find).outcome == "ok"
    assert check_code(decoded.stdout, find).number == number
    forged = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert check_code(forged, find).outcome == "changed"
    assert check_code("QS-TS|00000000-0000-4000-a000-000000000000|receipt|0123456789abcdef", find).outcome == \
        "unknown"
    assert check_code("not a code", find).outcome == "unknown"
    # the receipt stays valid as the complaint goes on: it states only what was true at acceptance
    from tests.support.complaints import perform

    perform(st, "assess", st.admin, cid)
    assert check_code(code, find).outcome == "ok"


def test_the_verify_dialogs_check_takes_a_letters_code(st: Station, tmp_path: Path) -> None:
    from desktop.printing.verify import verify_code

    cid = drive(st, "told")
    code = _letter(st, cid, RESULT, tmp_path / "result.pdf")
    number = complaint_detail.get_complaint(st.db, st.admin, cid).number
    verdict = verify_code(st.db, code, st.admin)
    assert (verdict.outcome, verdict.request_number) == ("match", number)
    assert verify_code(st.db, code[:-1] + ("0" if code[-1] != "0" else "1"), st.admin).outcome == "altered"
    # a field officer (assigned to it) does not see the complainant the letter names: not theirs to check
    assert verify_code(st.db, code, st.ids["field_officer"]).outcome == "unknown"


def test_the_assessment_table_prints(st: Station, tmp_path: Path) -> None:
    from datetime import timedelta

    from desktop.models.complaints import complaint_stats
    from desktop.models.complaints.complaint_stats import Period
    from desktop.printing.complaint_report import build_assessment
    from tests.support.requests import MONDAY, add_institution

    place = add_institution(st.db, st.admin, "<b>柳州</b>&检测站")
    drive(st, "closed", about_institution_id=place, about_station=False)
    period = Period(MONDAY - timedelta(days=7), MONDAY)
    rows = complaint_stats.assessment(st.db, st.admin, period)
    classes = complaint_stats.classification(st.db, st.admin, period)
    pdf = tmp_path / "assessment.pdf"
    assert build_assessment("鱼峰区质量服务站", period, rows, classes, pdf).embedded
    text = squeeze(run("pdftotext", pdf, "-"))
    for expected in ("投诉考核统计表", "统计期间", "<b>柳州</b>&检测站", "服务机构或专家", "有效投诉", "按办理结果",
                     "按投诉对象"):
        assert expected in text, expected
