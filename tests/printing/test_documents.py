"""The station's printed documents: 一次性告知书 (§7.2.3), 服务转办单 (§7.2.4), 服务信息公示 (§4.1).

Each is built from a real station file into a real PDF and read back with poppler (pdftotext, pdffonts,
pdftoppm): the Chinese fields are there, the CJK font is embedded, user text prints literally, long text
flows over pages without losing a line.
"""

from __future__ import annotations

import dataclasses
import io
import re
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop.models.catalogue import catalogue
from desktop.models.clients import clients
from desktop.models.core import station
from desktop.models.core.clock import station_zone
from desktop.models.core.standard import CATALOGUE
from desktop.models.core.station import StationInput
from desktop.models.institutions import institutions
from desktop.models.institutions.institutions import InstitutionInput
from desktop.models.requests import intake, lifecycle, request_detail, workdays
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.workdays import Limits
from desktop.printing.fonts import FontChoice
from desktop.printing.layout import day
from desktop.printing.notices import (
    NoticeData,
    ReferralData,
    StationFacts,
    build_one_time_notice,
    build_referral_slip,
    notice_from_request,
    referral_from_request,
)
from desktop.printing.public_notice import PROCESS, PublicNoticeData, build_public_notice, public_notice_from
from tests.support.hostile import KEPT
from tests.support.requests import ITEM, NOW, Station, clone, drive, make_station, referral_input
from tests.support.stations import LUOSIFEN, make_uscc, variant

HOSTILE = '<b>A&B</b> </para> <img src="x"/>'
COMPLAINT_PHONE = "0772-3812345"
COMPLAINT_EMAIL = "yfzlfw@example.cn"
ADDRESS = "柳州市鱼峰区箭盘路12号政务服务中心一楼"
PUBLISHED = date(2026, 11, 23)


# ---- reading a PDF back ------------------------------------------------------------------------------------

def pdf_text(path: Path, mode: str = "-layout") -> list[str]:
    """The text of each page (pdftotext -layout; ``-raw``, the drawing order, keeps a table cell's wrapped lines
    together where -layout interleaves them with the cells beside it)."""
    out = subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, text=True, check=True)
    pages = out.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def flat(text: str) -> str:
    """``text`` without whitespace: what survives line wrapping and layout spacing."""
    return re.sub(r"\s+", "", text)


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table, one dict per font, split on the columns its dashed line marks."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    header, dashes, rows = lines[0], lines[1], lines[2:]
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", dashes)]
    names = [header[a:b].strip() for a, b in spans]
    names[-1] = "object"  # "object ID" runs past its dashes
    return [{name: row[a:b if i < len(spans) - 1 else None].strip() for i, (name, (a, b)) in
             enumerate(zip(names, spans, strict=True))} for row in rows if row.strip()]


def assert_embedded(path: Path, font: FontChoice) -> None:
    assert font.embedded and not font.warning
    fonts = pdf_fonts(path)
    assert fonts, "the document names no font"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert all("+" in f["name"] for f in fonts), fonts  # embedded subsets, never a base-14 font like Helvetica


def assert_renders(path: Path, tmp_path: Path) -> None:
    prefix = tmp_path / f"{path.stem}-page"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(prefix)], check=True,
                   capture_output=True)
    pngs = sorted(tmp_path.glob(f"{path.stem}-page*.png"))
    assert len(pngs) == 1
    assert pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def assert_page_numbers(pages: list[str]) -> None:
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页共{total}页" in flat(page), (number, page[-300:])


def local_day(at: datetime) -> str:
    return day(at.astimezone(station_zone()).date())


# ---- the station -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    st = make_station(tmp_path_factory.mktemp("documents") / "station.sqlite3", roles=())
    station.update_station(st.db, st.admin, StationInput("LZ-YF01", "鱼峰区质量服务站", "district", "鱼峰区",
                                                         ADDRESS, COMPLAINT_PHONE, COMPLAINT_EMAIL))
    yield st
    st.db.close()


@pytest.fixture
def st(base: Station, tmp_path: Path) -> Iterator[Station]:
    """A copy of the station for one test (tests change requests, limits and the catalogue)."""
    copy = clone(base, tmp_path / "copy.sqlite3")
    yield copy
    copy.db.close()


def registered(st: Station, notice: str, client_id: int | None = None, description: str = "咨询计量器具检定周期",
               items: tuple[int, ...] = (ITEM,)) -> int:
    inp = RequestInput(client_id or st.client_id, "window", items, description, contact_name="覃春梅",
                       contact_phone="139 1234 5678")
    rid = intake.create_request(st.db, st.admin, inp, now=NOW).ids[0]
    lifecycle.register(st.db, st.admin, rid, notice, now=NOW)
    return rid


def notice_data(st: Station, rid: int) -> NoticeData:
    return notice_from_request(request_detail.get_request(st.db, rid), station.get_station(st.db),
                               workdays.category_limits(st.db))


def referral_data(st: Station, rid: int, referral_id: int | None = None) -> ReferralData:
    detail = request_detail.get_request(st.db, rid)
    chosen = next((r for r in reversed(detail.referrals) if referral_id in (None, r.id)), None)
    inst = institutions.get_institution(st.db, chosen.institution_id) if chosen else None
    return referral_from_request(detail, station.get_station(st.db), referral_id, inst)


def public_data(st: Station) -> PublicNoticeData:
    return public_notice_from(station.get_station(st.db), catalogue.list_catalogue(st.db),
                              workdays.category_limits(st.db), PUBLISHED)


# ---- 一次性告知书 ----------------------------------------------------------------------------------------------

def test_one_time_notice_prints_the_request_the_notice_and_the_limits(st: Station, tmp_path: Path) -> None:
    rid = drive(st, "referred", contact_name="覃春梅", contact_phone="139 1234 5678")
    detail = request_detail.get_request(st.db, rid)
    path = tmp_path / "notice.pdf"
    font = build_one_time_notice(notice_data(st, rid), path)
    pages = pdf_text(path)
    text = flat("".join(pages))
    assert "一次性告知书" in text and "鱼峰区质量服务站" in text
    for expected in (detail.number, "柳州市龙城螺蛳粉有限公司", LUOSIFEN.uscc, "覃春梅", "13912345678",
                     "5.1.1计量法律法规政策咨询", "咨询计量器具检定周期", "请携带计量器具清单", "一次性告知",
                     f"告知日期：{local_day(NOW)}", "受理人管理员"):
        assert expected in text, expected
    # the category's limits (seeded 1/3/5/20 working days) and the request's due dates
    assert "计量技术服务" in text
    assert "1个工作日3个工作日5个工作日20个工作日" in text
    assert f"截止日期—{day(detail.handover_due)}—{day(detail.completion_due)}" in text
    assert f"监督电话：{COMPLAINT_PHONE}" in text and f"电子邮箱：{COMPLAINT_EMAIL}" in text
    assert "服务对象签收：" in text and "（盖章）" in text
    assert_page_numbers(pages)
    assert_embedded(path, font)
    assert_renders(path, tmp_path)


def test_notice_limits_are_the_strictest_of_the_requests_categories(st: Station, tmp_path: Path) -> None:
    cats = {c.clause: c.id for c in catalogue.list_catalogue(st.db)}
    workdays.set_limits(st.db, st.admin, cats["5.1"], Limits(2, 6, 9, 30))
    workdays.set_limits(st.db, st.admin, cats["5.2"], Limits(1, 4, 12, 25))
    rid = registered(st, "请携带计量器具清单", items=(ITEM, 3))
    build_one_time_notice(notice_data(st, rid), tmp_path / "notice.pdf")
    text = flat("".join(pdf_text(tmp_path / "notice.pdf")))
    assert "适用类别：计量技术服务、标准技术服务" in text
    assert "1个工作日4个工作日9个工作日25个工作日" in text


def test_a_notice_of_several_lines_is_a_numbered_list(st: Station, tmp_path: Path) -> None:
    rid = registered(st, "携带营业执照副本\n\n携带计量器具清单\n填写服务申请表")
    build_one_time_notice(notice_data(st, rid), tmp_path / "notice.pdf")
    text = flat("".join(pdf_text(tmp_path / "notice.pdf")))
    assert "1．携带营业执照副本2．携带计量器具清单3．填写服务申请表" in text


def test_a_notice_numbered_by_the_clerk_is_not_numbered_again(st: Station, tmp_path: Path) -> None:
    rid = registered(st, "1. 携带营业执照副本\n2. 携带计量器具清单")
    build_one_time_notice(notice_data(st, rid), tmp_path / "notice.pdf")
    text = flat("".join(pdf_text(tmp_path / "notice.pdf")))
    assert "1.携带营业执照副本2.携带计量器具清单" in text
    assert "1．1." not in text


def test_a_long_notice_flows_over_pages_without_losing_a_line(st: Station, tmp_path: Path) -> None:
    lines = [f"第{i:03d}项材料" for i in range(1, 301)]
    description = "\n".join(f"描述第{i:03d}行" for i in range(1, 301))
    rid = registered(st, "\n".join(lines), description=description)
    path = tmp_path / "notice.pdf"
    build_one_time_notice(notice_data(st, rid), path)
    pages = pdf_text(path)
    assert len(pages) >= 5
    text = flat("".join(pages))
    missing = [n for n, line in enumerate(lines, start=1) if f"{n}．{line}" not in text]
    assert missing == []
    assert all(f"描述第{i:03d}行" in text for i in range(1, 301))
    assert text.index("第300项材料") < text.index("三、办理时限")
    assert_page_numbers(pages)


# ---- 服务转办单 ------------------------------------------------------------------------------------------------

def test_referral_slip_prints_the_referral_and_the_receipt_section(st: Station, tmp_path: Path) -> None:
    rid = drive(st, "referred")
    detail = request_detail.get_request(st.db, rid)
    ref = detail.referrals[-1]
    path = tmp_path / "referral.pdf"
    font = build_referral_slip(referral_data(st, rid), path)
    pages = pdf_text(path)
    text = flat("".join(pages))
    for expected in ("服务转办单", detail.number, "柳州市龙城螺蛳粉有限公司", "5.1.1计量法律法规政策咨询",
                     "咨询计量器具检定周期", "柳州市计量检定测试所", f"办结时限{day(ref.deadline)}前",
                     f"转办日期：{local_day(NOW)}", "电话告知", "请尽快联系企业", "经办人管理员",
                     "接收人签字", "接收日期", "处理意见", "承办单位（盖章）"):
        assert expected in text, expected
    assert_page_numbers(pages)
    assert_embedded(path, font)
    assert_renders(path, tmp_path)


def test_referral_slip_for_a_chosen_referral_with_the_institutions_contact(st: Station, tmp_path: Path) -> None:
    rid = drive(st, "referred")
    cat = request_detail.get_request(st.db, rid).items[0].category_id
    inp = InstitutionInput("expert_team", "柳州市标准化专家组", contact_name="韦国强", phone="0772-2881234",
                           address="柳州市城中区龙城路1号", category_ids=(cat,))
    second = institutions.create_institution(st.db, st.admin, inp).ids[0]
    deadline = NOW.astimezone(station_zone()).date() + timedelta(days=10)
    lifecycle.refer(st.db, st.admin, rid, referral_input(st, NOW, institution_id=second, deadline=deadline,
                                                         told_via="sms", note="改由专家组办理"), now=NOW)
    first, latest = request_detail.get_request(st.db, rid).referrals

    build_referral_slip(referral_data(st, rid), tmp_path / "latest.pdf")
    text = flat("".join(pdf_text(tmp_path / "latest.pdf")))
    for expected in ("柳州市标准化专家组", "韦国强", "07722881234", "柳州市城中区龙城路1号", "告知服务对象短信告知",
                     "改由专家组办理", f"{day(deadline)}前"):
        assert expected in text.replace("-", ""), expected
    assert latest.institution in text and "柳州市计量检定测试所" not in text

    build_referral_slip(referral_data(st, rid, first.id), tmp_path / "first.pdf")
    text = flat("".join(pdf_text(tmp_path / "first.pdf")))
    assert "柳州市计量检定测试所" in text and "柳州市标准化专家组" not in text and "请尽快联系企业" in text


def test_a_request_without_referral_has_no_slip(st: Station) -> None:
    rid = registered(st, "请携带计量器具清单")
    with pytest.raises(ValueError):
        referral_from_request(request_detail.get_request(st.db, rid), station.get_station(st.db))


def test_a_long_referral_flows_over_pages(st: Station, tmp_path: Path) -> None:
    description = "\n".join(f"描述第{i:03d}行" for i in range(1, 301))
    rid = registered(st, "请携带计量器具清单", description=description)
    lifecycle.refer(st.db, st.admin, rid, referral_input(st, NOW), now=NOW)
    path = tmp_path / "referral.pdf"
    build_referral_slip(referral_data(st, rid), path)
    pages = pdf_text(path)
    assert len(pages) >= 3
    text = flat("".join(pages))
    assert [i for i in range(1, 301) if f"描述第{i:03d}行" not in text] == []
    assert "接收人签字" in text
    assert_page_numbers(pages)


# ---- 服务信息公示 ----------------------------------------------------------------------------------------------

def test_public_notice_publishes_catalogue_process_limits_and_complaint_channels(st: Station, tmp_path: Path) -> None:
    cats = {c.clause: c for c in catalogue.list_catalogue(st.db)}
    workdays.set_limits(st.db, st.admin, cats["5.2"].id, Limits(2, 4, 7, 15))
    catalogue.add_item(st.db, st.admin, cats["5.4"].id, "新增检测咨询事项", "提供新增的检测咨询。")
    retired = catalogue.add_item(st.db, st.admin, cats["5.5"].id, "已停止的服务事项").ids[0]
    catalogue.set_retired(st.db, st.admin, retired, True)
    path = tmp_path / "public.pdf"
    font = build_public_notice(public_data(st), path)
    pages = pdf_text(path)
    text = flat("".join(pages))
    cells = flat("".join(pdf_text(path, "-raw")))
    assert "服务信息公示" in text and "鱼峰区质量服务站" in text and ADDRESS in text
    for mode in ("平台网站", "线下窗口", "电话联系", "现场咨询"):
        assert mode in text
    for category in CATALOGUE:
        assert f"{category.clause}{category.name}" in cells, category.clause
        for item in category.items:
            assert f"{item.clause}{item.title}{item.text}" in cells, item.clause
    assert "新增检测咨询事项提供新增的检测咨询。" in cells and "已停止的服务事项" not in cells
    assert [name for name, _ in PROCESS] == ["需求收集", "响应与登记分类", "一次性告知", "转办", "跟踪", "现场服务",
                                             "反馈", "回访评价", "归档"]
    assert "".join(f"{n}．{name}：{step}" for n, (name, step) in enumerate(PROCESS, start=1)) in flat(
        "".join(pdf_text(path, "-raw")))
    assert "服务类别响应转办专家反馈办结" in text
    assert "5.1计量技术服务13520" in text and "5.2标准技术服务24715" in text
    assert f"监督电话：{COMPLAINT_PHONE}" in text and f"电子邮箱：{COMPLAINT_EMAIL}" in text
    assert f"公示日期：{day(PUBLISHED)}" in text
    assert_page_numbers(pages)
    assert_embedded(path, font)
    assert_renders(path, tmp_path)


# ---- user text is data -------------------------------------------------------------------------------------

def test_markup_in_user_text_prints_literally(st: Station, tmp_path: Path) -> None:
    hostile_client = clients.create_client(st.db, st.admin, variant(LUOSIFEN, name=HOSTILE, uscc=make_uscc(2),
                                                                    contacts=())).ids[0]
    rid = registered(st, f"{HOSTILE}\n第二行 {HOSTILE}", client_id=hostile_client, description=HOSTILE)
    lifecycle.refer(st.db, st.admin, rid, referral_input(st, NOW, note=HOSTILE), now=NOW)
    public = public_data(st)
    public = dataclasses.replace(public, station=StationFacts(HOSTILE, HOSTILE, COMPLAINT_PHONE, HOSTILE))
    notice, referral = notice_data(st, rid), referral_data(st, rid)
    # each document and how often the text is in it at least (name, description, notice lines, note, station)
    built: dict[str, tuple[Callable[[Path], FontChoice], int]] = {
        "notice": (lambda p: build_one_time_notice(notice, p), 4),
        "referral": (lambda p: build_referral_slip(referral, p), 3),
        "public": (lambda p: build_public_notice(public, p), 4)}
    needle = flat(HOSTILE)
    for name, (build, at_least) in built.items():
        path = tmp_path / f"{name}.pdf"
        build(path)
        text = flat("".join(pdf_text(path, "-raw")))  # the client's name wraps in its cell
        assert text.count(needle) >= at_least, (name, text[:400])
        assert "<imgsrc" in flat("".join(pdf_text(path)))
        assert_renders(path, tmp_path)


PRINTABLE_HOSTILE = [h for h in KEPT if h.key in ("bold", "script", "font", "para_end", "img", "entity", "sql",
                                                   "sql_or", "formula_eq", "formula_cmd", "formula_at", "fullwidth")]


def test_the_hostile_catalogue_prints_as_data(st: Station, tmp_path: Path) -> None:
    """Every markup-, SQL- or formula-looking string of the catalogue is in the PDF's text as typed."""
    description = "\n".join(h.text for h in PRINTABLE_HOSTILE)
    rid = registered(st, "请提供营业执照复印件", description=description)
    path = tmp_path / "notice.pdf"
    build_one_time_notice(notice_data(st, rid), path)
    text = flat("".join(pdf_text(path, "-raw")))
    for h in PRINTABLE_HOSTILE:
        assert flat(h.text) in text, h.key


def test_control_characters_stored_before_the_rule_print_cleaned(st: Station, tmp_path: Path) -> None:
    rid = registered(st, "请提供营业执照复印件", description="旧数据")
    with sqlite3.connect(st.db.path) as raw:  # as a row written by a version before migration 0006
        raw.execute("DROP TRIGGER service_request_text_update")
        raw.execute("UPDATE service_request SET description = ? WHERE id = ?", ("旧\x00数\x07据\x1b[0m", rid))
    path = tmp_path / "notice.pdf"
    build_one_time_notice(notice_data(st, rid), path)
    assert "旧数据[0m" in flat("".join(pdf_text(path, "-raw")))


def test_a_document_can_be_written_to_a_binary_file_and_is_deterministic(st: Station, tmp_path: Path) -> None:
    rid = drive(st, "referred")
    data = notice_data(st, rid)
    buffer = io.BytesIO()
    build_one_time_notice(data, buffer)
    build_one_time_notice(data, tmp_path / "notice.pdf")
    assert buffer.getvalue().startswith(b"%PDF")
    assert buffer.getvalue() == (tmp_path / "notice.pdf").read_bytes()
