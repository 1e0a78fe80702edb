"""投诉考核统计表 (§7.5.4, §7.5.5) as a PDF: the assessment of a period (each staff member and institution
complained about, with complaints, valid ones, rectified ones and those still open) and the period's classification.
Plain data in (``complaint_stats``' rows), so it builds in a background task; names print literally."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.models.complaints.complaint_stats import AssessmentRow, Period
from desktop.models.complaints.labels import COMPLAINT_CHANNEL_LABELS, OUTCOME_LABELS, SUBJECT_KIND_LABELS
from desktop.models.core.labels import LabelTable
from desktop.printing.fonts import FontChoice
from desktop.printing.layout import BODY_WIDTH, Metadata, Page, build, day, esc, grid_table, styles
from desktop.printing.notices import centred, title_block

TITLE = "投诉考核统计表"
DIMENSIONS = (("subject", "按投诉对象", SUBJECT_KIND_LABELS), ("outcome", "按办理结果", OUTCOME_LABELS),
              ("channel", "按投诉渠道", COMPLAINT_CHANNEL_LABELS), ("category", "按服务类别", None),
              ("route", "按转外部途径", None))


def build_assessment(station: str, period: Period, rows: list[AssessmentRow], classes: dict[str, dict[str, int]],
                     target: Path | BinaryIO) -> FontChoice:
    """Write the table. Returns the font used (``warning`` set when it is not embedded)."""
    st = styles()
    c = centred(st)
    subtitle = f"统计期间：{day(period.start)} 至 {day(period.end)}"
    header = [Paragraph(h, c) for h in ("对象类型", "名称", "投诉数", "有效投诉", "已整改", "未办结")]
    lines = [[Paragraph(esc(SUBJECT_KIND_LABELS.zh(r.kind)), st.normal), Paragraph(esc(r.name), st.normal),
              *(Paragraph(str(n), c) for n in (r.complaints, r.valid, r.rectified, r.open))] for r in rows]
    w = BODY_WIDTH
    story: list[Flowable] = [*title_block(station, TITLE, subtitle, st),
                             Paragraph("一、工作人员与服务机构", st.heading)]
    if lines:
        story.append(grid_table([header, *lines], [0.16 * w, 0.36 * w, *[0.12 * w] * 4], header=True))
    else:
        story.append(Paragraph("本期间没有针对工作人员或服务机构的投诉。", st.normal))
    story.append(Paragraph("二、分类统计", st.heading))
    for key, caption, table in DIMENSIONS:
        counts = classes.get(key, {})
        if not counts:
            continue
        named = [[Paragraph(esc(_name(table, value)), st.normal), Paragraph(str(n), c)] for value, n in counts.items()]
        story += [Paragraph(caption, st.label), Spacer(1, 1 * mm),
                  grid_table([[Paragraph("分类", c), Paragraph("投诉数", c)], *named], [0.6 * w, 0.2 * w],
                             header=True), Spacer(1, 3 * mm)]
    story.append(Paragraph("注：有效投诉由站点管理员办结时认定；统计按投诉登记时间归入期间。", st.small))
    page = Page(station, TITLE, subtitle)
    build(target, story, page, Metadata(TITLE, subject=subtitle), st)
    return st.font


def _name(table: LabelTable | None, value: str) -> str:  # type: ignore[type-arg]
    if not value:
        return "（未填写）"
    return table.zh(value) if table is not None else value
