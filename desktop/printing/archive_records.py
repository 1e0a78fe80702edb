"""The handling records an archive file opens with: 服务需求办理记录 (a request: its facts, timeline, referrals,
feedback, evaluations, rectifications and attachments) and 投诉处理记录 (a complaint: its facts, stages and
timeline). Plain data in (``record_file.ArchiveFile``); every piece of user text prints literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.models.archives.record_file import ArchiveFile, DocumentKind
from desktop.models.complaints.complaint_detail import ComplaintDetail
from desktop.models.complaints.labels import (
    COMPLAINANT_KIND_LABELS,
    COMPLAINT_CHANNEL_LABELS,
    COMPLAINT_EVENT_LABELS,
    COMPLAINT_STATUS_LABELS,
)
from desktop.models.improvement.labels import RECTIFICATION_SOURCE_LABELS, RECTIFICATION_STATUS_LABELS
from desktop.models.improvement.rectifications import RectificationRow
from desktop.models.requests.labels import (
    CHANNEL_LABELS,
    EVALUATOR_LABELS,
    EVENT_LABELS,
    REQUEST_STATUS_LABELS,
    RETURN_VISIT_LABELS,
    SCORE_LABELS,
    TOLD_VIA_LABELS,
)
from desktop.models.requests.request_detail import RequestDetail
from desktop.models.requests.tables import Score
from desktop.printing.fonts import FontChoice
from desktop.printing.layout import BODY_WIDTH, Metadata, Page, Styles, build, day, esc, grid_table, styles, when
from desktop.printing.notices import facts_table, item_label, text_list, title_block

REQUEST_RECORD_TITLE = "服务需求办理记录"
COMPLAINT_RECORD_TITLE = "投诉处理记录"
TIMELINE_HEADER = ("时间", "人员", "事项", "说明")
TIMELINE_WIDTHS = [0.2 * BODY_WIDTH, 0.13 * BODY_WIDTH, 0.17 * BODY_WIDTH, 0.5 * BODY_WIDTH]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], st: Styles) -> Flowable:
    """A ruled table with a shaded header; cells are markup (escape user text first)."""
    body = [[Paragraph(h, st.small) for h in header]] + [[Paragraph(c, st.small) for c in r] for r in rows]
    table = grid_table(body, widths, header=True)
    table.repeatRows = 1
    return table


def _section(title: str, st: Styles, empty: bool, *content: Flowable) -> list[Flowable]:
    if empty:
        return [Paragraph(esc(title), st.heading), Paragraph("无", st.normal)]
    return [Paragraph(esc(title), st.heading), *content]


def _rectifications(rows: Sequence[RectificationRow], st: Styles) -> list[Flowable]:
    header = ("来源", "发现时间", "状态", "核实情况与整改措施", "服务对象意见")
    widths = [0.12 * BODY_WIDTH, 0.16 * BODY_WIDTH, 0.1 * BODY_WIDTH, 0.38 * BODY_WIDTH, 0.24 * BODY_WIDTH]
    lines = [(RECTIFICATION_SOURCE_LABELS.zh(r.source), when(r.opened_at), RECTIFICATION_STATUS_LABELS.zh(r.status),
              "<br/>".join(x for x in (esc(r.found), esc(r.done), esc(r.verify_note)) if x) or "—",
              esc(r.client_response) or ("满意" if r.client_satisfied else "—")) for r in rows]
    return _section("整改记录", st, not rows, _table(header, lines, widths, st))


def _attachments(f: ArchiveFile, st: Styles) -> list[Flowable]:
    files = [d for d in f.documents if d.kind == DocumentKind.ATTACHMENT]
    header = ("文件", "日期", "大小", "SHA-256")
    widths = [0.34 * BODY_WIDTH, 0.14 * BODY_WIDTH, 0.12 * BODY_WIDTH, 0.4 * BODY_WIDTH]
    rows = [(esc(d.title.removeprefix("附件：")), day(d.day), f"{d.size:,} 字节", d.sha256) for d in files]
    return _section("附件（电子文件，随档案导出包提供）", st, not files, _table(header, rows, widths, st))


def request_story(f: ArchiveFile, d: RequestDetail, station: str, st: Styles) -> list[Flowable]:
    story = title_block(station, REQUEST_RECORD_TITLE, f"编号 {esc(d.number)}", st)
    story.append(facts_table([
        ("服务对象", esc(d.client_name), "统一社会信用代码", esc(d.client_uscc) or "—"),
        ("联系人", esc(d.contact_name) or "—", "联系电话", esc(d.contact_phone) or "—"),
        ("受理时间", when(d.received_at), "受理人", esc(d.received_by) or "—"),
        ("渠道", CHANNEL_LABELS.zh(d.channel), "状态", REQUEST_STATUS_LABELS.zh(d.status)),
        ("经办人", esc(d.handler) or "—", "承办机构", esc(d.institution) or "—"),
        ("办结时间", when(d.completed_at) or "—", "归档时间", when(d.closed_at) or "—"),
        ("服务事项", "<br/>".join(esc(item_label(i)) for i in d.items) or "—"),
    ], st))
    story += [Paragraph("需求描述", st.heading), *text_list(d.description, st)]
    if d.assessment.strip():
        story += [Paragraph("分析评估", st.heading), *text_list(d.assessment, st)]
    if d.result.strip():
        story += [Paragraph("办理结果", st.heading), *text_list(d.result, st)]
    timeline = [(when(e.at), esc(e.actor) or "市平台", EVENT_LABELS.zh(e.kind), esc(e.text) or "—") for e in d.events]
    story += _section("办理过程", st, not timeline, _table(TIMELINE_HEADER, timeline, TIMELINE_WIDTHS, st))
    referrals = [(esc(r.institution), when(r.referred_at), day(r.deadline), TOLD_VIA_LABELS.zh(r.told_via),
                  when(r.responded_at) or "—", esc(r.note) or "—") for r in d.referrals]
    widths = [0.2 * BODY_WIDTH, 0.16 * BODY_WIDTH, 0.14 * BODY_WIDTH, 0.1 * BODY_WIDTH, 0.16 * BODY_WIDTH,
              0.24 * BODY_WIDTH]
    header = ("承办机构", "转办时间", "办理时限", "告知方式", "机构反馈", "说明")
    story += _section("转办记录", st, not referrals, _table(header, referrals, widths, st))
    evaluations = [(when(e.at), RETURN_VISIT_LABELS.zh(e.visit_method),
                    f"{EVALUATOR_LABELS.zh(e.evaluator_type)} {esc(e.evaluator)}".strip(),
                    "<br/>".join(f"{SCORE_LABELS.zh(key)}：{getattr(e, key)} 分" for key in Score),
                    esc(e.comment) or "—") for e in d.evaluations]
    widths = [0.17 * BODY_WIDTH, 0.12 * BODY_WIDTH, 0.16 * BODY_WIDTH, 0.25 * BODY_WIDTH, 0.3 * BODY_WIDTH]
    story += _section("回访评价", st, not evaluations,
                      _table(("时间", "方式", "评价人", "评分", "意见"), evaluations, widths, st))
    story += _rectifications(f.rectifications, st)
    story += _attachments(f, st)
    return story


def complaint_story(f: ArchiveFile, c: ComplaintDetail, st: Styles, with_files: bool) -> list[Flowable]:
    about = "；".join(a for a in (c.about_request and f"服务需求 {c.about_request}", c.about_staff and
                                  f"工作人员 {c.about_staff}", c.about_institution, "本站服务" if c.about_station
                                  else "") if a)
    complainant = "匿名" if c.complainant_kind == "anonymous" else c.complainant
    story = title_block(c.station_name, COMPLAINT_RECORD_TITLE, f"编号 {esc(c.number)}", st)
    story.append(facts_table([
        ("投诉人", esc(complainant) or "—", "投诉人类型", COMPLAINANT_KIND_LABELS.zh(c.complainant_kind)),
        ("联系电话", esc(c.complainant_phone) or "—", "渠道", COMPLAINT_CHANNEL_LABELS.zh(c.channel)),
        ("登记时间", when(c.received_at), "登记人", esc(c.received_by) or "—"),
        ("投诉对象", esc(about) or "—"),
        ("状态", COMPLAINT_STATUS_LABELS.zh(c.status), "办结时间", when(c.closed_at) or "—"),
        ("是否有效", {True: "有效", False: "无效", None: "—"}[c.valid], "是否整改",
         {True: "已整改", False: "未整改", None: "—"}[c.rectified]),
    ], st))
    for title, value in (("投诉内容", c.what_happened), ("投诉诉求", c.wants), ("调查核实", c.investigation),
                         ("机构答复", c.reply), ("处理意见", c.decision), ("告知内容", c.told_text),
                         ("投诉人反馈", c.reaction), ("结案说明", c.close_reason), ("整改情况", c.rectification),
                         ("不予受理理由", c.not_accepted_reason), ("撤回理由", c.withdraw_reason)):
        if value.strip():
            story += [Paragraph(title, st.heading), *text_list(value, st)]
    timeline = [(when(e.at), esc(e.actor) or "市平台", COMPLAINT_EVENT_LABELS.zh(e.kind), esc(e.text) or "—")
                for e in c.events]
    story += _section("处理过程", st, not timeline, _table(TIMELINE_HEADER, timeline, TIMELINE_WIDTHS, st))
    if with_files:
        story += _rectifications(f.rectifications, st)
        story += _attachments(f, st)
    return story


def build_request_record(f: ArchiveFile, d: RequestDetail, station: str, target: Path | BinaryIO) -> FontChoice:
    st = styles()
    build(target, request_story(f, d, station, st), Page(station, REQUEST_RECORD_TITLE, f"编号 {d.number}"),
          Metadata(REQUEST_RECORD_TITLE, subject=d.number), st)
    return st.font


def build_complaint_record(f: ArchiveFile, c: ComplaintDetail, target: Path | BinaryIO, with_files: bool
                           ) -> FontChoice:
    st = styles()
    story = [*complaint_story(f, c, st, with_files), Spacer(1, 2)]
    build(target, story, Page(c.station_name, COMPLAINT_RECORD_TITLE, f"编号 {c.number}"),
          Metadata(COMPLAINT_RECORD_TITLE, subject=c.number), st)
    return st.font
