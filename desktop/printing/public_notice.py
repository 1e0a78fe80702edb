"""服务信息公示 (§4.1, GB/T 34417) as a PDF: the station, its service modes (§6), the service catalogue
(§5), the service process (§7), the time limits per category and the complaint channels (§7.5.2).

``public_notice_from`` gathers the data from what the models return; ``build_public_notice`` only lays it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.models.catalogue.catalogue import CategoryInfo
from desktop.models.core.labels import STATION_LEVEL_LABELS
from desktop.models.core.station import StationInfo
from desktop.models.requests.workdays import CategoryLimits
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
    styles,
)
from desktop.printing.notices import (
    StationFacts,
    cells,
    centred,
    complaint_text,
    facts_table,
    numbered,
    station_facts,
    title_block,
)

TITLE = "服务信息公示"
# §6 服务方式
MODES: tuple[tuple[str, str], ...] = (
    ("平台网站", "登录质量服务“一站式”平台网站，在线提交服务需求、查询办理进度。"),
    ("线下窗口", "到本站服务窗口现场咨询、提交服务需求。"),
    ("电话联系", "致电本站咨询、提交服务需求，工作人员登记后按流程办理。"),
    ("现场咨询", "工作人员走访企业或应约上门，开展现场咨询和现场服务。"),
)
# §7 服务流程
PROCESS: tuple[tuple[str, str], ...] = (
    ("需求收集", "通过平台网站、线下窗口、书面调查、企业走访、电话询问等渠道收集服务需求，并进行评估分析。"),
    ("响应与登记分类", "收到服务需求后及时作出响应；能即时答复和解决的，即时给予答复和解决；"
                 "不能即时解决的，予以登记并分类。"),
    ("一次性告知", "对需要补充材料或办理事项的，一次性告知服务对象所需材料和要求；需要请示报告的，待明确后及时处理。"),
    ("转办", "在规定时间内将服务需求交接给可提供相关服务的专家队伍或服务机构，并及时告知服务对象。"),
    ("跟踪", "与服务专家队伍或服务机构、服务对象保持联系，及时跟进、协调相关工作，并做好记录。"),
    ("现场服务", "需要时上门服务，当场解答问题，做好现场服务记录，并请服务对象签字确认。"),
    ("反馈", "服务结束后，通过网站、电话或短信等渠道向服务对象反馈服务结果。"),
    ("回访评价", "采取实地回访和电话回访相结合的方式回访服务对象，开展满意度评价。"),
    ("归档", "对服务过程、结果数据、服务人员、服务评价等建立档案，档案保存期限不少于2年。"),
)


@dataclass(frozen=True)
class CatalogueEntry:
    clause: str
    title: str
    text: str


@dataclass(frozen=True)
class CatalogueSection:
    clause: str
    name: str
    items: tuple[CatalogueEntry, ...]


@dataclass(frozen=True)
class LimitRow:
    clause: str
    name: str
    response_days: int
    handover_days: int
    feedback_days: int
    completion_days: int


@dataclass(frozen=True)
class PublicNoticeData:
    station: StationFacts
    level: str  # a station level code ("district"), "" if unknown
    catalogue: tuple[CatalogueSection, ...]
    limits: tuple[LimitRow, ...]
    published: date


def public_notice_from(station: StationInfo | None, catalogue: Sequence[CategoryInfo],
                       limits: Sequence[CategoryLimits], published: date) -> PublicNoticeData:
    """From ``station.get_station``, ``catalogue.list_catalogue`` and ``workdays.category_limits``.
    Retired items are not offered any more, so they are not published."""
    sections = tuple(
        CatalogueSection(c.clause, c.name, tuple(CatalogueEntry(i.clause or "", i.title, i.text)
                                                 for i in c.items if not i.retired))
        for c in catalogue)
    rows = tuple(LimitRow(c.clause, c.name, c.limits.response_days, c.limits.handover_days, c.limits.feedback_days,
                          c.limits.completion_days) for c in limits)
    return PublicNoticeData(station_facts(station), station.level if station else "", sections, rows, published)


def _station(d: PublicNoticeData, st: Styles) -> list[Flowable]:
    s = d.station
    rows = [("站点名称", esc(s.name)),
            ("服务区域", esc(s.district) or "—", "站点类型", f"{STATION_LEVEL_LABELS.zh(d.level)}服务站" if d.level
             else "—"),
            ("站点地址", esc(s.address) or "—"),
            ("监督电话", esc(s.complaint_phone) or "—", "电子邮箱", esc(s.complaint_email) or "—")]
    return [Paragraph("一、服务站点", st.heading), facts_table(rows, st)]


def _modes(st: Styles) -> list[Flowable]:
    w = BODY_WIDTH
    rows = [cells(st, "服务方式", "说明"), *(cells(st, name, text) for name, text in MODES)]
    table = grid_table(rows, [0.2 * w, 0.8 * w], header=True, label_columns=(0,))
    return [Paragraph("二、服务方式", st.heading), table]


def _catalogue(d: PublicNoticeData, st: Styles) -> list[Flowable]:
    w = BODY_WIDTH
    rows: list[list[Paragraph]] = [cells(st, "条款", "服务事项", "服务内容")]
    commands: list[tuple[Any, ...]] = [
        font_command(), ("GRID", (0, 0), (-1, -1), 0.6, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    for section in d.catalogue:
        n = len(rows)
        rows.append([*cells(st, f"<b>{esc(section.clause)}</b>", f"<b>{esc(section.name)}</b>"),
                     Paragraph("", st.normal)])
        # a category's heading row stays on the page of its first item
        commands += [("SPAN", (1, n), (2, n)), ("BACKGROUND", (0, n), (-1, n), SHADE), ("NOSPLIT", (0, n), (-1, n + 1))]
        for item in section.items:
            rows.append(cells(st, esc(item.clause), esc(item.title), esc(item.text)))
        if not section.items:
            rows.append(cells(st, "", "—", ""))
    table = Table(rows, colWidths=[0.11 * w, 0.3 * w, 0.59 * w], repeatRows=1)
    table.setStyle(TableStyle(commands))
    intro = "本站依据《质量服务“一站式”平台服务规范》提供以下服务："
    return [Paragraph("三、服务内容", st.heading), Paragraph(intro, st.normal), Spacer(1, 1.5 * mm), table]


def _process(st: Styles) -> list[Flowable]:
    steps = [f"<b>{name}</b>：{text}" for name, text in PROCESS]
    return [Paragraph("四、服务流程", st.heading), *numbered(steps, st)]


def _limits(d: PublicNoticeData, st: Styles) -> list[Flowable]:
    w = BODY_WIDTH
    centre = centred(st)
    heads = ("响应", "转办", "专家反馈", "办结")
    rows = [[Paragraph("服务类别", st.normal), *(Paragraph(h, centre) for h in heads)]]
    rows += [[Paragraph(f"{esc(r.clause)} {esc(r.name)}", st.normal),
              *(Paragraph(str(n), centre) for n in (r.response_days, r.handover_days, r.feedback_days,
                                                    r.completion_days))] for r in d.limits]
    table = grid_table(rows, [0.4 * w, 0.15 * w, 0.15 * w, 0.15 * w, 0.15 * w], header=True)
    table.repeatRows = 1  # the header again on the next page if the table is split
    note = ("注：单位为工作日，不含法定节假日，自受理之日的次一工作日起计算，0 表示当日办理；"
            "一项需求涉及多个类别的，按最短时限办理。")
    return [Paragraph("五、服务时限（工作日）", st.heading), table, Spacer(1, 1 * mm), Paragraph(note, st.small)]


def _complaints(d: PublicNoticeData, st: Styles) -> list[Flowable]:
    return [Paragraph("六、监督投诉", st.heading),
            Paragraph("本站主动接受社会监督。对服务质量有意见或建议的，可通过以下渠道投诉：", st.normal),
            Paragraph(complaint_text(d.station), st.normal),
            Paragraph("本站将对投诉内容进行调查核实，并将投诉内容反馈至对应机构处理；处理完毕后，及时将处理意见"
                      "反馈投诉人。", st.normal)]


def build_public_notice(d: PublicNoticeData, target: Path | BinaryIO) -> FontChoice:
    """Write the 服务信息公示 (§4.1). Returns the font used."""
    st = styles()
    subtitle = "依据《质量服务“一站式”平台服务规范》公开服务信息"
    signed = [Spacer(1, 6 * mm), Paragraph(esc(d.station.name), st.right),
              Paragraph(f"公示日期：{day(d.published)}", st.right)]
    story: list[Flowable] = [
        *title_block(d.station.name, TITLE, subtitle, st),
        *_station(d, st), *_modes(st), *_catalogue(d, st), *_process(st), *_limits(d, st),
        KeepTogether([*_complaints(d, st), *signed]),
    ]
    build(target, story, Page(d.station.name, TITLE), Metadata(TITLE, subject=d.station.name), st)
    return st.font
