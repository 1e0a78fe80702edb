"""一次性告知书 (§7.2.3) and 服务转办单 (§7.2.4) as PDFs, plus the parts the station's documents share.

The builders take plain data (``NoticeData``, ``ReferralData``), made from a request by
``notice_from_request`` and ``referral_from_request``, so they never touch the database and can run in a
background task. Every piece of user text goes through ``esc``/``paragraphs``: it prints literally.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.models.core.clock import to_local
from desktop.models.core.station import StationInfo
from desktop.models.institutions.institutions import InstitutionDetail
from desktop.models.requests.labels import TOLD_VIA_LABELS
from desktop.models.requests.request_detail import ItemRef, ReferralInfo, RequestDetail
from desktop.models.requests.workdays import CategoryLimits, Limits
from desktop.printing.fonts import FontChoice
from desktop.printing.layout import (
    BODY_WIDTH,
    GRID,
    SHADE,
    Metadata,
    Page,
    Styles,
    build,
    day,
    esc,
    font_command,
    grid_table,
    paragraphs,
    styles,
    when,
)

NOTICE_TITLE = "一次性告知书"
REFERRAL_TITLE = "服务转办单"
BLANK_DATE = "______年____月____日"
GAP = "&nbsp;" * 4  # reportlab collapses runs of spaces (the ideographic space too); these it keeps
# a line that already carries its own number: "1.", "2、", "（3）", "(4)", "五、", "①"
_NUMBERED = re.compile(r"^\s*(?:\d+\s*[.．、)）]|[（(]\s*\d+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|[①-⑳])")


# ---- shared parts -----------------------------------------------------------------------------------------

FACT_WIDTHS = [0.16 * BODY_WIDTH, 0.31 * BODY_WIDTH, 0.21 * BODY_WIDTH, 0.32 * BODY_WIDTH]


@dataclass(frozen=True)
class StationFacts:
    """The station as its documents print it."""

    name: str
    address: str = ""
    complaint_phone: str = ""
    complaint_email: str = ""
    district: str = ""


def station_facts(info: StationInfo | None) -> StationFacts:
    if info is None:
        return StationFacts("")
    return StationFacts(info.name, info.address, info.complaint_phone, info.complaint_email, info.district)


def local_date(at: datetime | None) -> date | None:
    """The calendar day of ``at`` at the station."""
    local = to_local(at)
    return local.date() if local is not None else None


def title_block(station: str, title: str, subtitle: str, st: Styles) -> list[Flowable]:
    """Station name, the document's title, and a line under it (already markup: escape user text in it)."""
    return [Paragraph(esc(station), st.subtitle), Paragraph(esc(title), st.title), Paragraph(subtitle, st.subtitle),
            Spacer(1, 4 * mm)]


def centred(st: Styles) -> ParagraphStyle:
    return ParagraphStyle("centred", parent=st.normal, alignment=TA_CENTER)


def cells(st: Styles, *texts: str) -> list[Paragraph]:
    """Table cells from markup (escape user text first)."""
    return [Paragraph(t, st.normal) for t in texts]


def facts_table(rows: Sequence[Sequence[str]], st: Styles) -> Table:
    """A four-column grid of facts, labels shaded: each row is (label, value, label, value) or (label, value)
    for a value that takes the whole width. Values are markup."""
    table_rows: list[list[Paragraph]] = []
    spans: list[tuple[Any, ...]] = []
    for n, row in enumerate(rows):
        if len(row) == 2:
            table_rows.append([*cells(st, row[0], row[1]), Paragraph("", st.normal), Paragraph("", st.normal)])
            spans += [("SPAN", (1, n), (3, n)), ("BACKGROUND", (1, n), (3, n), colors.white)]
        else:
            table_rows.append(cells(st, *row))
    table = grid_table(table_rows, FACT_WIDTHS, label_columns=(0, 2))
    if spans:
        table.setStyle(TableStyle(spans))
    return table


def numbered(items: Sequence[str], st: Styles) -> list[Flowable]:
    """One paragraph per item, numbered "1．" with a hanging indent (each flows over pages on its own).
    Items are markup (escape user text first)."""
    size = st.normal.fontSize
    indent = stringWidth(f"{len(items)}．", st.font.name, size) + 3
    style = ParagraphStyle("numbered", parent=st.normal, leftIndent=indent, bulletIndent=0,
                           bulletFontName=st.font.name, bulletFontSize=size, spaceAfter=1)
    return [Paragraph(text, style, bulletText=f"{n}．") for n, text in enumerate(items, start=1)]


def text_list(text: str, st: Styles, empty: str = "无") -> list[Flowable]:
    """User text with several lines as a numbered list (unless its lines carry their own numbers)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) < 2 or any(_NUMBERED.match(line) for line in lines):
        return paragraphs(text, st.normal, empty=empty)
    return numbered([esc(line) for line in lines], st)


def complaint_text(station: StationFacts) -> str:
    """The complaint channels (§7.5.2) as markup."""
    phone = esc(station.complaint_phone) or "（请向本站窗口咨询）"
    email = esc(station.complaint_email) or "（请向本站窗口咨询）"
    return f"监督电话：{phone}{GAP}电子邮箱：{email}"


def _days(n: int) -> str:
    return f"{n} 个工作日" if n else "当日"


# ---- the request as both documents show it ----------------------------------------------------------------

@dataclass(frozen=True)
class RequestFacts:
    number: str
    client_name: str
    client_uscc: str
    contact_name: str
    contact_phone: str
    items: tuple[str, ...]  # "5.1.1 计量法律法规政策咨询"
    categories: tuple[str, ...]  # the items' categories, once each
    description: str
    received_at: datetime | None
    received_by: str


def item_label(item: ItemRef) -> str:
    return f"{item.clause} {item.title}" if item.clause else item.title


def request_facts(detail: RequestDetail) -> RequestFacts:
    categories = tuple(dict.fromkeys(i.category for i in detail.items))
    return RequestFacts(detail.number, detail.client_name, detail.client_uscc, detail.contact_name,
                        detail.contact_phone, tuple(item_label(i) for i in detail.items), categories,
                        detail.description, detail.received_at, detail.received_by)


def _request_rows(r: RequestFacts, staff_label: str, staff: str) -> list[tuple[str, ...]]:
    return [
        ("服务对象", esc(r.client_name), "统一社会信用代码", esc(r.client_uscc) or "—"),
        ("联系人", esc(r.contact_name) or "—", "联系电话", esc(r.contact_phone) or "—"),
        ("受理时间", when(r.received_at), staff_label, esc(staff)),
        ("服务事项", "<br/>".join(esc(i) for i in r.items) or "—"),
    ]


# ---- 一次性告知书 ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoticeData:
    station: StationFacts
    request: RequestFacts
    notice: str  # what the client must bring or do, one item a line
    told_at: datetime | None  # when it was given (registration)
    told_by: str  # 受理人
    limits: Limits  # the strictest of the request's categories
    handover_due: date | None
    completion_due: date | None


def notice_from_request(detail: RequestDetail, station: StationInfo | None,
                        limits: Sequence[CategoryLimits]) -> NoticeData:
    """The notice given when ``detail`` was registered; ``limits`` from ``workdays.category_limits``."""
    registered = [e for e in detail.events if e.kind == "registered"]
    told_at = registered[-1].at if registered else detail.responded_at or detail.received_at
    told_by = (registered[-1].actor if registered else "") or detail.handler or detail.received_by
    categories = {i.category_id for i in detail.items}
    applying = Limits.strictest(c.limits for c in limits if c.category_id in categories)
    return NoticeData(station_facts(station), request_facts(detail), detail.notice, told_at, told_by, applying,
                      detail.handover_due, detail.completion_due)


def _notice_limits(n: NoticeData, st: Styles) -> list[Flowable]:
    lim = n.limits
    intro = ("以上为本站对您（单位）本次服务需求的一次性告知，本站不再要求补充上述以外的材料。"
             "您按上述要求补齐材料或办理完毕后，本站按下列时限办理：")
    categories = "、".join(esc(c) for c in n.request.categories) or "—"
    c = centred(st)
    rows = [[Paragraph("时限", st.normal), *(Paragraph(h, c) for h in ("响应", "转办", "机构反馈", "办结"))],
            [Paragraph("工作日", st.normal), *(Paragraph(_days(d), c) for d in (
                lim.response_days, lim.handover_days, lim.feedback_days, lim.completion_days))]]
    if n.handover_due or n.completion_due:
        rows.append([Paragraph("截止日期", st.normal), *(Paragraph(day(d) or "—", c) for d in (
            None, n.handover_due, None, n.completion_due))])
    w = BODY_WIDTH
    table = grid_table(rows, [0.16 * w, *[0.21 * w] * 4], header=True, label_columns=(0,))
    note = "注：时限以工作日计，不含法定节假日，自受理之日的次一工作日起计算；涉及多个类别的，按最短时限办理。"
    return [Paragraph("三、办理时限", st.heading), Paragraph(intro, st.normal),
            Paragraph(f"适用类别：{categories}", st.normal), Spacer(1, 2 * mm),
            table, Spacer(1, 1 * mm), Paragraph(note, st.small)]


def _sign_box(left: list[Flowable], right: list[Flowable]) -> Table:
    table = Table([[left, right]], colWidths=[BODY_WIDTH / 2] * 2)
    table.setStyle(TableStyle([font_command(), ("GRID", (0, 0), (-1, -1), 0.6, GRID),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 6),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 8), ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
    return table


def _notice_signatures(n: NoticeData, st: Styles) -> Flowable:
    told = day(local_date(n.told_at))
    client = [Paragraph("服务对象签收", st.label), Spacer(1, 3 * mm),
              Paragraph("本人已知悉上述告知事项。", st.normal), Spacer(1, 8 * mm),
              Paragraph("服务对象签收：______________", st.normal), Spacer(1, 2 * mm),
              Paragraph(f"日期：{BLANK_DATE}", st.normal)]
    office = [Paragraph("告知单位", st.label), Spacer(1, 3 * mm),
              Paragraph(f"受理人：{esc(n.told_by)}", st.normal), Spacer(1, 8 * mm),
              Paragraph(f"{esc(n.station.name)}（盖章）", st.right), Spacer(1, 2 * mm), Paragraph(told, st.right)]
    keep = Paragraph("本告知书一式两份，服务对象与本站各执一份。", st.small)
    return KeepTogether([Spacer(1, 5 * mm), _sign_box(client, office), Spacer(1, 1.5 * mm), keep])


def build_one_time_notice(n: NoticeData, target: Path | BinaryIO) -> FontChoice:
    """Write the 一次性告知书 (§7.2.3). Returns the font used (``warning`` set when it is not embedded)."""
    st = styles()
    r = n.request
    subtitle = f"编号：{esc(r.number)}{GAP}告知日期：{day(local_date(n.told_at))}"
    intro = "经审核，您（单位）提出的服务需求需补充以下材料或办理以下事项，现一次性告知如下："
    story: list[Flowable] = [
        *title_block(n.station.name, NOTICE_TITLE, subtitle, st),
        facts_table(_request_rows(r, "受理人", n.told_by), st),
        Paragraph("一、需求描述", st.heading), *paragraphs(r.description, st.normal, empty="无"),
        Paragraph("二、告知事项", st.heading), Paragraph(intro, st.normal), Spacer(1, 1 * mm),
        *text_list(n.notice, st),
        *_notice_limits(n, st),
        Paragraph("四、监督投诉", st.heading),
        Paragraph("对本站服务有意见或建议的，可通过以下渠道反映，本站将调查核实并及时反馈处理意见：", st.normal),
        Paragraph(complaint_text(n.station), st.normal),
        _notice_signatures(n, st),
    ]
    page = Page(n.station.name, NOTICE_TITLE, f"编号 {r.number}")
    build(target, story, page, Metadata(NOTICE_TITLE, subject=r.number), st)
    return st.font


# ---- 服务转办单 ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReferralData:
    station: StationFacts
    request: RequestFacts
    institution: str
    institution_contact: str
    institution_phone: str
    institution_address: str
    referred_at: datetime
    deadline: date  # 办结时限: the institution answers by this day
    told_at: datetime  # when and how the client was told of the hand-over
    told_via: str  # a TOLD_VIA code
    note: str
    handler: str  # 经办人


def referral_from_request(detail: RequestDetail, station: StationInfo | None, referral_id: int | None = None,
                          institution: InstitutionDetail | None = None) -> ReferralData:
    """One referral of ``detail`` (the latest unless ``referral_id`` says which); ``institution`` (from
    ``institutions.get_institution``) adds its contact, phone and address."""
    chosen: ReferralInfo | None = None
    for ref in detail.referrals:
        if referral_id is None or ref.id == referral_id:
            chosen = ref
    if chosen is None:
        raise ValueError("The request has no such referral.")
    inst = institution if institution is not None and institution.id == chosen.institution_id else None
    return ReferralData(station_facts(station), request_facts(detail), chosen.institution,
                        inst.contact_name if inst else "", inst.phone if inst else "", inst.address if inst else "",
                        chosen.referred_at, chosen.deadline, chosen.told_at, chosen.told_via, chosen.note,
                        detail.handler)


def _institution_receipt(d: ReferralData, st: Styles) -> Flowable:
    stamp = [Paragraph("处理意见：", st.normal), Spacer(1, 30 * mm),
             Paragraph("承办单位（盖章）", st.right), Spacer(1, 2 * mm), Paragraph(BLANK_DATE, st.right)]
    rows = [[*cells(st, "接收人签字", "", "接收日期", BLANK_DATE)],
            [stamp, *cells(st, "", "", "")]]
    table = Table(rows, colWidths=FACT_WIDTHS, rowHeights=[12 * mm, None])
    table.setStyle(TableStyle([font_command(), ("GRID", (0, 0), (-1, -1), 0.6, GRID), ("SPAN", (0, 1), (3, 1)),
                               ("BACKGROUND", (0, 0), (0, 0), SHADE), ("BACKGROUND", (2, 0), (2, 0), SHADE),
                               ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("VALIGN", (0, 1), (-1, 1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    ask = (f"请于 {day(d.deadline)} 前与服务对象联系并开展服务，并将处理意见反馈{esc(d.station.name)}。")
    return KeepTogether([Paragraph("四、承办单位签收", st.heading), Paragraph(ask, st.normal), Spacer(1, 2 * mm),
                         table])


def build_referral_slip(d: ReferralData, target: Path | BinaryIO) -> FontChoice:
    """Write the 服务转办单 (§7.2.4) for one referral. Returns the font used."""
    st = styles()
    r = d.request
    subtitle = f"编号：{esc(r.number)}{GAP}转办日期：{day(local_date(d.referred_at))}"
    transfer = [
        ("承办单位", esc(d.institution)),
        ("联系人", esc(d.institution_contact) or "—", "联系电话", esc(d.institution_phone) or "—"),
        *([("单位地址", esc(d.institution_address))] if d.institution_address else []),
        ("转办时间", when(d.referred_at), "办结时限", f"{day(d.deadline)}前"),
        ("告知服务对象", esc(TOLD_VIA_LABELS.zh(d.told_via)), "告知时间", when(d.told_at)),
        ("经办人", esc(d.handler) or "—"),
    ]
    story: list[Flowable] = [
        *title_block(d.station.name, REFERRAL_TITLE, subtitle, st),
        Paragraph("一、服务需求", st.heading), facts_table(_request_rows(r, "受理人", r.received_by), st),
        Spacer(1, 2 * mm), Paragraph("需求描述：", st.label), *paragraphs(r.description, st.normal, empty="无"),
        Paragraph("二、转办信息", st.heading), facts_table(transfer, st),
        Paragraph("三、转办说明", st.heading), *paragraphs(d.note, st.normal, empty="无"),
        _institution_receipt(d, st),
    ]
    page = Page(d.station.name, REFERRAL_TITLE, f"编号 {r.number}")
    build(target, story, page, Metadata(REFERRAL_TITLE, subject=r.number), st)
    return st.font
