"""档案销毁清册 (§7.6.3) as a PDF: the list's number and state, each record on it (档号, 题名, 起止日期, 归档日期,
保管期限至), and the lines for the preparer, the approver and the witness. Plain data in (the list's rows), so it
builds in a background task; titles print literally. Who printed it and when is in the footer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from desktop.models.archives.labels import DISPOSAL_STATUS_LABELS, RECORD_KIND_LABELS
from desktop.models.archives.retention import ListRow
from desktop.models.archives.tables import DisposalItem
from desktop.printing.fonts import FontChoice
from desktop.printing.layout import BODY_WIDTH, Metadata, Page, build, esc, grid_table, styles, when
from desktop.printing.notices import facts_table, title_block

TITLE = "档案销毁清册"


@dataclass(frozen=True)
class DisposalData:
    station: str
    listed: ListRow
    items: Sequence[DisposalItem]
    years: int
    printed_by: str
    printed_at: datetime


def build_disposal_list(d: DisposalData, target: Path | BinaryIO) -> FontChoice:
    st = styles()
    listed = d.listed
    story = title_block(d.station, TITLE, f"清册编号 {esc(listed.number)}", st)
    story.append(facts_table([
        ("档案类别", RECORD_KIND_LABELS.zh(listed.kind), "保管期限", f"归档后 {d.years} 年"),
        ("编制人", esc(listed.prepared_by), "编制时间", when(listed.prepared_at)),
        ("状态", DISPOSAL_STATUS_LABELS.zh(listed.status), "销毁时间", when(listed.confirmed_at) or "—"),
        ("件数", f"{len(d.items)} 件"),
    ], st))
    story.append(Spacer(1, 4 * mm))
    header = [Paragraph(h, st.small) for h in ("序号", "档号", "题名", "起始日期", "归档日期", "保管期限至")]
    rows = [header] + [[Paragraph(text, st.small) for text in (
        str(n), esc(i.number), esc(i.title), i.started or "—", when(i.archived_at), i.kept_until)]
        for n, i in enumerate(d.items, start=1)]
    widths = [0.07 * BODY_WIDTH, 0.24 * BODY_WIDTH, 0.29 * BODY_WIDTH, 0.12 * BODY_WIDTH, 0.16 * BODY_WIDTH,
              0.12 * BODY_WIDTH]
    table = grid_table(rows, widths, header=True)
    table.repeatRows = 1
    story.append(table)
    story.append(Spacer(1, 8 * mm))
    story.append(Paragraph("以上档案已过保管期限，经鉴定同意销毁。销毁仅涉及本站保存的记录，市级平台保存的归档记录不受影响。",
                           st.normal))
    story.append(Spacer(1, 10 * mm))
    story.append(facts_table([("编制人（签字）", "", "日期", ""), ("审核人（签字）", "", "日期", ""),
                              ("监销人（签字）", "", "日期", "")], st))
    footer = f"由 {d.printed_by} 于 {when(d.printed_at)} 打印"
    build(target, story, Page(d.station, TITLE, footer), Metadata(TITLE, subject=listed.number), st)
    return st.font
