"""现场服务记录 (§7.3.4) as a PDF: the signed record, the pre-filled form for a pen signature, the blank form.

A signed record carries its identity in three places: the QR code (``QR_PREFIX``, the record's UUID and
content hash), the identity lines printed under it, and the PDF's keywords. Verification reads them back.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desktop.models.core.clock import DEFAULT_TIME_ZONE
from desktop.models.visits.records import RecordContent, SignatureView
from desktop.printing.font_cache import FIRST_SUBSET_SIZE
from desktop.printing.fonts import FontChoice
from desktop.printing.layout import (
    BODY_WIDTH,
    KeptParagraph,
    Metadata,
    Page,
    Styles,
    build,
    day,
    esc,
    font_command,
    grid_table,
    paragraphs,
    station_line,
    styles,
    when,
)
from desktop.printing.png_image import PngImage
from desktop.printing.qr import QrFlowable

QR_PREFIX = "QSVISIT"
KEYWORD_PREFIX = "quality-station-visit"
BLANK_ROWS = 4
QR_SIZE = 24 * mm
WRITING_HEIGHT = 7 * mm


def qr_payload(uuid: str, content_hash: str | None) -> str:
    """What the QR code says: ``QSVISIT:1:<uuid>:<sha256>`` (no hash on an unsigned form)."""
    return f"{QR_PREFIX}:1:{uuid}:{content_hash or ''}"


def parse_qr_payload(text: str) -> tuple[str, str | None] | None:
    """(uuid, hash or None) from a QR payload or the same typed by hand; None if it is not one of ours."""
    parts = text.strip().split(":")
    if len(parts) != 4 or parts[0] != QR_PREFIX or parts[1] != "1" or len(parts[2]) != 36:
        return None
    return parts[2], (parts[3].lower() or None)


def keywords(uuid: str, content_hash: str | None) -> str:
    return f"{KEYWORD_PREFIX} uuid={uuid} sha256={content_hash or ''}"


def _qr(payload: str, size: float) -> Flowable:
    # one filled path, no text (reportlab's Drawing widget would name a non-embedded Helvetica)
    return QrFlowable(payload, size, border=2)


def _title(c: RecordContent, st: Styles, blank: bool) -> list[Flowable]:
    if blank:
        title = "现场服务记录表"
    elif c.amends_uuid:
        title = "现场服务记录（更正）"
    else:
        title = "现场服务记录" if c.status != "draft" else "现场服务记录表"
    subtitle = "" if blank else f"需求编号：{esc(c.request_number)}"
    heading = [KeptParagraph(esc(station_line(c.station)), st.subtitle), KeptParagraph(title, st.title),
               KeptParagraph(subtitle, st.subtitle)]
    if blank:
        return [*heading, Spacer(1, 4 * mm)]
    # the QR code (identity and content hash) top right of the first page, where a scanner finds it
    side = QR_SIZE + 2 * mm
    table = Table([["", heading, _qr(qr_payload(c.uuid, c.content_hash), QR_SIZE)]],
                  colWidths=[side, BODY_WIDTH - 2 * side, side])
    table.setStyle(TableStyle([font_command(), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 3 * mm)]


def _cells(st: Styles, *texts: str) -> list[Flowable]:
    return [KeptParagraph(t, st.normal) for t in texts]


def _writable_row(st: Styles, columns: int) -> list[Flowable]:
    """An empty row tall enough to write in by pen."""
    return [Spacer(1, WRITING_HEIGHT), *(KeptParagraph("", st.normal) for _ in range(columns - 1))]


def _facts(c: RecordContent, st: Styles, blank: bool) -> Table:
    v = (lambda s: "") if blank else esc
    rows = [
        _cells(st, "服务对象", v(c.client_name), "统一社会信用代码", v(c.client_uscc)),
        _cells(st, "服务时间", "" if blank else when(c.visited_at, c.time_zone), "服务地点", v(c.place)),
        _cells(st, "服务人员", v("、".join(c.officers)), "服务事项", v("；".join(c.items))),
    ]
    w = BODY_WIDTH
    return grid_table(rows, [0.16 * w, 0.34 * w, 0.2 * w, 0.3 * w], label_columns=(0, 2),
                      min_height=WRITING_HEIGHT + 2 * mm if blank else None)


def _attendees(c: RecordContent, st: Styles, blank: bool) -> list[Flowable]:
    rows: list[list[Flowable]] = [_cells(st, "序号", "企业参加人员姓名", "职务", "联系电话")]
    people = [] if blank else list(c.attendees)
    for i, (name, title, phone) in enumerate(people, start=1):
        rows.append(_cells(st, str(i), esc(name), esc(title), esc(phone)))
    for _ in range(max(0, (BLANK_ROWS if blank or c.status == "draft" else 1) - len(people))):
        rows.append(_writable_row(st, 4))
    w = BODY_WIDTH
    return [KeptParagraph("一、企业参加人员", st.heading),
            grid_table(rows, [0.1 * w, 0.3 * w, 0.25 * w, 0.35 * w], header=True)]


def _section(heading: str, text: str, st: Styles, blank: bool) -> list[Flowable]:
    if blank:
        return [KeptParagraph(heading, st.heading), _ruled_lines(5)]
    return [KeptParagraph(heading, st.heading), *paragraphs(text, st.normal, empty="无")]


def _ruled_lines(count: int) -> Table:
    table = Table([[""] for _ in range(count)], colWidths=[BODY_WIDTH], rowHeights=[9 * mm] * count)
    table.setStyle(TableStyle([font_command(), ("LINEBELOW", (0, 0), (-1, -1), 0.5, "#888888")]))
    return table


def _follow_ups(c: RecordContent, st: Styles, blank: bool) -> list[Flowable]:
    rows: list[list[Flowable]] = [_cells(st, "序号", "后续事项", "责任人", "完成期限")]
    items = [] if blank else list(c.follow_ups)
    for i, (action, owner, due) in enumerate(items, start=1):
        rows.append(_cells(st, str(i), esc(action), esc(owner), day(due)))
    if blank or (not items and c.status == "draft"):  # a form to fill in by pen
        rows += [_writable_row(st, 4) for _ in range(max(1, BLANK_ROWS - len(items)))]
    elif not items:
        rows.append(_cells(st, "", "无", "", ""))
    w = BODY_WIDTH
    return [KeptParagraph("五、后续事项及责任人", st.heading),
            grid_table(rows, [0.1 * w, 0.5 * w, 0.18 * w, 0.22 * w], header=True)]


def _signature_cell(sig: SignatureView | None, role: str, c: RecordContent, st: Styles) -> list[Flowable]:
    label = "服务对象签字确认" if role == "client" else "服务人员签字"
    out: list[Flowable] = [KeptParagraph(label, st.label)]
    if c.paper_scan_sha256:
        out += [Spacer(1, 3 * mm), KeptParagraph("纸质签字（见签字页扫描件）", st.normal)]
    elif sig is None:  # a form to sign by pen
        out += [Spacer(1, 14 * mm), KeptParagraph("签字：______________", st.normal),
                KeptParagraph("日期：______年____月____日", st.normal)]
        return out
    elif sig.declined_reason is not None:
        out += [KeptParagraph(f"服务对象拒绝签字。理由：{esc(sig.declined_reason)}", st.normal)]
    elif sig.png:
        out.append(PngImage(sig.png, 60 * mm, 20 * mm))  # the pad's PNG as it is, not decoded again
    if sig is not None:
        out += [KeptParagraph(f"姓名：{esc(sig.name)}", st.normal),
                KeptParagraph(f"时间：{when(sig.signed_at, c.time_zone)}", st.normal)]
    return out


def _signatures(c: RecordContent, st: Styles, blank: bool) -> list[Flowable]:
    by_role = {} if blank else {s.role: s for s in c.signatures}
    confirm = KeptParagraph("以上记录内容经服务对象确认属实。", st.normal)
    cells = [[_signature_cell(by_role.get("client"), "client", c, st),
              _signature_cell(by_role.get("officer"), "officer", c, st)]]
    table = Table(cells, colWidths=[BODY_WIDTH / 2] * 2)
    table.setStyle(TableStyle([font_command(), ("GRID", (0, 0), (-1, -1), 0.6, "#444444"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return [KeptParagraph("六、签字确认", st.heading), confirm, Spacer(1, 2 * mm), table]


def _identity(c: RecordContent, st: Styles) -> list[Flowable]:
    lines = [f"记录标识：{c.uuid}"]
    if c.content_hash:
        lines += [f"内容哈希（SHA-256）：{c.content_hash}", f"签字锁定：{when(c.locked_at, c.time_zone)}"]
        if c.paper_scan_sha256:
            lines.append(f"签字页扫描件（SHA-256）：{c.paper_scan_sha256}")
        lines.append("本记录签字后不可修改；扫描首页二维码或使用质量服务工作站的“核验”功能与档案核对。")
    else:
        lines.append("本表签字后请交回服务站，扫描或拍照存档。")
    # the sentence every record sealed in Beijing time has carried (so their text, which verification compares,
    # stays the same); a station in another zone names its zone
    lines.append("本记录中的时间均为北京时间。" if c.time_zone == DEFAULT_TIME_ZONE
                 else f"本记录中的时间均为 {c.time_zone} 时区的时间。")
    return [Spacer(1, 3 * mm), *(KeptParagraph(esc(line), st.small) for line in lines)]


def _amendment_note(c: RecordContent, st: Styles) -> list[Flowable]:
    if not c.amends_uuid:
        return []
    text = (f"本记录更正记录 {esc(c.amends_uuid)}（内容哈希 {esc((c.amends_hash or '')[:16])}…）。"
            f"更正原因：{esc(c.amendment_reason)}")
    return [KeptParagraph(text, st.normal), Spacer(1, 3 * mm)]


# What every signed record prints, in the order it prints it, then frequent characters up to the font's first
# subset (FIRST_SUBSET_SIZE): that subset, the same in every record, is made and compressed once per process.
SEED = "".join(dict.fromkeys(
    "现场服务记录需求编号：对象统一社会信用代码时间地点人员、事项；序企业参加姓名职务联系电话一二三四五六无"
    "内容解答的问题收集信息和资料后续及责任完成期限签字确认以上经属实年月日标识哈希（）锁定本不可修改首维码或使用"
    "质量工作站“核验”功能与档案核对。中均为北京第页共·"
    "的是在了有人这大上个国我要他来们生到作于出就分成会主发动同也能下过子说产种面而方多行学法所民得十之进着等部度家"
    "电力里如水化高自理起小物现实加都两体制机当点从去把性好应开它还因由其些然前外天政那社义事平形相全表样关各重新线"))
FIRST_SUBSET_SEED = SEED[:FIRST_SUBSET_SIZE]


def build_visit_record(c: RecordContent, target: Path | BinaryIO, *, blank: bool = False) -> FontChoice:
    """Write the record (signed, or a pre-filled form if it is a draft; ``blank`` for an empty form).
    Returns the font used (its ``warning`` is non-empty when the font could not be embedded)."""
    st = styles()
    story: list[Flowable] = [*_title(c, st, blank), *([] if blank else _amendment_note(c, st)), _facts(c, st, blank),
                             *_attendees(c, st, blank),
                             *_section("二、服务内容", c.work_done, st, blank),
                             *_section("三、解答的问题", c.questions, st, blank),
                             *_section("四、收集的信息和资料", c.collected, st, blank),
                             *_follow_ups(c, st, blank)]
    # the signatures and the record's identity stay on one page
    story.append(KeepTogether(_signatures(c, st, blank) + ([] if blank else _identity(c, st))))
    footer = "" if blank or not c.content_hash else f"记录 {c.uuid} · 哈希 {c.content_hash[:16]}"
    page = Page(station_line(c.station), "现场服务记录", footer)
    meta = Metadata("现场服务记录", subject=c.request_number if not blank else "",
                    keywords="" if blank else keywords(c.uuid, c.content_hash))
    build(target, story, page, meta, st, FIRST_SUBSET_SEED)
    return st.font
