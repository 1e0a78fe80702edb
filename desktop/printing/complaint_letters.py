"""投诉受理回执 and 投诉处理结果告知书 (§7.5.2, §7.5.3) as PDFs, and the check of the code printed on them.

The builders take plain data (``LetterData``, made from a complaint by ``letter_from_complaint``), so they never
touch the database and run in a background task. Every piece of user text prints literally (``esc``,
``paragraphs``). Each letter carries a QR code: ``QS-TS|<complaint uuid>|<letter>|<digest>``, the digest being
the first 16 hex digits of the SHA-256 of what the letter states; ``check_code`` reads the complaint again and
says whether a letter with that code is what the station's records say (nothing on paper can be altered unseen).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.models.complaints.complaint_detail import ComplaintDetail
from desktop.models.complaints.labels import COMPLAINT_CHANNEL_LABELS, TOLD_CHANNEL_LABELS
from desktop.models.core.station import StationInfo
from desktop.printing.fonts import FontChoice
from desktop.printing.layout import (
    BODY_WIDTH,
    GRID,
    Metadata,
    Page,
    Styles,
    build,
    day,
    esc,
    font_command,
    paragraphs,
    styles,
    when,
)
from desktop.printing.notices import (
    BLANK_DATE,
    GAP,
    StationFacts,
    complaint_text,
    facts_table,
    local_date,
    station_facts,
    title_block,
)
from desktop.printing.qr import QrFlowable

RECEIPT = "receipt"
RESULT = "result"
TITLES = {RECEIPT: "投诉受理回执", RESULT: "投诉处理结果告知书"}
CODE_PREFIX = "QS-TS"


class NotPrintable(Exception):
    """The complaint has not reached the step the letter records."""


@dataclass(frozen=True)
class LetterData:
    """What one letter states (its digest is over these fields, the station's name included)."""

    letter: str  # receipt | result
    uuid: str
    number: str
    station: str
    received_at: str  # ISO, UTC
    channel: str
    complainant: str  # "匿名" for an anonymous complainant
    phone: str
    about: str
    category: str
    what_happened: str
    wants: str
    accepted_at: str  # ISO, UTC
    accepted_by: str
    answer_by: str  # ISO date: the day promised on the receipt
    told_via: str  # how the complainant is told (the receipt: will be; the result: was)
    investigation: str = ""
    decision: str = ""
    told_at: str = ""

    def digest(self) -> str:
        body = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(body).hexdigest()[:16]

    def code(self) -> str:
        return f"{CODE_PREFIX}|{self.uuid}|{self.letter}|{self.digest()}"


def letter_from_complaint(d: ComplaintDetail, letter: str) -> LetterData:
    """The facts of ``letter`` for complaint ``d`` (read by a clerk or an admin: the complainant is named)."""
    accepted = next((e for e in d.events if e.kind == "accepted"), None)
    told = next((e for e in reversed(d.events) if e.kind == "told"), None)
    if accepted is None or (letter == RESULT and told is None):
        raise NotPrintable(letter)
    about = "；".join(a for a in (d.about_request and f"服务需求 {d.about_request}", d.about_staff and
                                  f"工作人员 {d.about_staff}", d.about_institution, "本站服务" if d.about_station
                                  else "") if a)
    told_via = str((told.data if letter == RESULT and told else accepted.data).get("told_via") or "")
    decided = next((e for e in reversed(d.events) if e.kind == "decided"), None)
    investigated = next((e for e in reversed(d.events) if e.kind == "investigated"), None)
    return LetterData(
        letter=letter, uuid=d.uuid, number=d.number, station=d.station_name,
        received_at=d.received_at.isoformat(), channel=d.channel,
        complainant="匿名" if d.complainant_kind == "anonymous" else d.complainant, phone=d.complainant_phone,
        about=about, category=d.category, what_happened=d.what_happened, wants=d.wants,
        accepted_at=accepted.at.isoformat(), accepted_by=accepted.actor,
        answer_by=str(accepted.data.get("answer_by") or ""), told_via=told_via,
        investigation=investigated.text if letter == RESULT and investigated else "",
        decision=decided.text if letter == RESULT and decided else "",
        told_at=told.at.isoformat() if letter == RESULT and told else "")


def _at(value: str) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _day_of(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _facts(d: LetterData, st: Styles) -> Table:
    return facts_table([
        ("投诉编号", esc(d.number), "登记时间", when(_at(d.received_at))),
        ("投诉人", esc(d.complainant) or "—", "联系电话", esc(d.phone) or "—"),
        ("投诉渠道", esc(COMPLAINT_CHANNEL_LABELS.zh(d.channel)), "受理人", esc(d.accepted_by) or "—"),
        ("投诉对象", esc(d.about) or "—"),
        ("服务类别", esc(d.category) or "—"),
    ], st)


def _signatures(d: LetterData, st: Styles, signed: str) -> Flowable:
    person = [Paragraph("投诉人签收", st.label), Spacer(1, 8 * mm), Paragraph("签收：______________", st.normal),
              Spacer(1, 2 * mm), Paragraph(f"日期：{BLANK_DATE}", st.normal)]
    office = [Paragraph("办理单位", st.label), Spacer(1, 8 * mm),
              Paragraph(f"{esc(d.station)}（盖章）", st.right), Spacer(1, 2 * mm), Paragraph(signed, st.right)]
    table = Table([[person, office]], colWidths=[BODY_WIDTH / 2] * 2)
    table.setStyle(TableStyle([font_command(), ("GRID", (0, 0), (-1, -1), 0.6, GRID),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 6),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 8), ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
    return KeepTogether([Spacer(1, 5 * mm), table])


def _code_block(d: LetterData, st: Styles) -> Flowable:
    words = Paragraph(f"核验码：{esc(d.digest())}<br/>扫描二维码或在本站核验此文书与投诉记录是否一致。", st.small)
    table = Table([[QrFlowable(d.code(), 24 * mm), words]], colWidths=[28 * mm, BODY_WIDTH - 28 * mm])
    table.setStyle(TableStyle([font_command(), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return KeepTogether([Spacer(1, 4 * mm), table])


def build_letter(d: LetterData, station: StationFacts, target: Path | BinaryIO) -> FontChoice:
    """Write the receipt or the result letter. Returns the font used (``warning`` set when not embedded)."""
    st = styles()
    title = TITLES[d.letter]
    if d.letter == RECEIPT:
        subtitle = f"编号：{esc(d.number)}{GAP}受理日期：{day(local_date(_at(d.accepted_at)))}"
        via = esc(TOLD_CHANNEL_LABELS.zh(d.told_via)) if d.told_via else ""
        promise = (f"您的投诉本站已受理。本站将调查核实，于 {day(_day_of(d.answer_by))} 前作出处理意见"
                   + (f"，并通过{via}告知您。" if via else "。"))
        if d.complainant == "匿名":
            promise += "本投诉为匿名投诉，处理结果不另行告知。"
        story: list[Flowable] = [
            *title_block(d.station, title, subtitle, st), _facts(d, st),
            Paragraph("一、投诉内容", st.heading), *paragraphs(d.what_happened, st.normal, empty="无"),
            Paragraph("二、投诉人诉求", st.heading), *paragraphs(d.wants, st.normal, empty="无"),
            Paragraph("三、办理时限", st.heading), Paragraph(promise, st.normal),
            Paragraph("注：时限以工作日计，不含法定节假日；需转交有关机构处理的，以机构答复时间为准并另行告知。",
                      st.small),
            Paragraph("四、监督渠道", st.heading), Paragraph(complaint_text(station), st.normal),
            _signatures(d, st, day(local_date(_at(d.accepted_at)))), _code_block(d, st)]
    else:
        subtitle = f"编号：{esc(d.number)}{GAP}告知日期：{day(local_date(_at(d.told_at)))}"
        story = [
            *title_block(d.station, title, subtitle, st), _facts(d, st),
            Paragraph("一、投诉事项", st.heading), *paragraphs(d.what_happened, st.normal, empty="无"),
            Paragraph("二、调查核实情况", st.heading), *paragraphs(d.investigation, st.normal, empty="无"),
            Paragraph("三、处理意见", st.heading), *paragraphs(d.decision, st.normal, empty="无"),
            Paragraph("四、救济途径", st.heading),
            Paragraph("如对上述处理意见不满意，您可在收到本告知书之日起向本站申请复核一次；复核后仍有异议的，"
                      "可通过调解、市级质量服务平台或其他法定途径解决（GB/T 19013）。", st.normal),
            Paragraph(complaint_text(station), st.normal),
            _signatures(d, st, day(local_date(_at(d.told_at)))), _code_block(d, st)]
    page = Page(d.station, title, f"编号 {d.number}")
    build(target, story, page, Metadata(title, subject=d.number, keywords=d.code()), st)
    return st.font


def build_for_complaint(d: ComplaintDetail, station: StationInfo | None, letter: str,
                        target: Path | BinaryIO) -> tuple[LetterData, FontChoice]:
    data = letter_from_complaint(d, letter)
    return data, build_letter(data, station_facts(station), target)


# ---- checking a printed code ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CodeCheck:
    outcome: str  # "ok" | "changed" | "unknown"
    number: str = ""
    letter: str = ""


def parse_code(code: str) -> tuple[str, str, str] | None:
    parts = code.strip().split("|")
    if len(parts) != 4 or parts[0] != CODE_PREFIX or parts[2] not in TITLES:
        return None
    return parts[1], parts[2], parts[3]


def check_code(code: str, find: object) -> CodeCheck:
    """``find(uuid)``: the complaint's ``ComplaintDetail`` as the checker may read it, or None. "ok" when the
    station's records give a letter with that digest; "changed" when they give another; "unknown" otherwise."""
    parsed = parse_code(code)
    if parsed is None:
        return CodeCheck("unknown")
    uuid, letter, digest = parsed
    detail = find(uuid)  # type: ignore[operator]
    if detail is None:
        return CodeCheck("unknown", letter=letter)
    try:
        expected = letter_from_complaint(detail, letter).digest()
    except NotPrintable:
        return CodeCheck("unknown", detail.number, letter)
    return CodeCheck("ok" if expected == digest else "changed", detail.number, letter)
