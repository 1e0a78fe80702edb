"""书面报告 (§4.4, §7.6.4, §8.1.1): 统计分析报告, 服务评价报告 and 投诉统计分析报告 of a period, as an A4 PDF (the
statistics page's charts as vector drawings, its tables, a short automatic summary in Chinese, lines for the
preparer and approver) and the same tables as an ``.xlsx``. Plain data in (``statistics_tables.Figures``), so it
builds in a background task or a command; user text (names, districts) prints literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from desktop.models.core.spreadsheets import BadFile, written_beside, xlsx_text
from desktop.models.improvement.labels import ACTION_STATUS_LABELS, SOURCE_KIND_LABELS
from desktop.models.requests.labels import SCORE_LABELS
from desktop.models.statistics.labels import REPORT_TITLES, STAGE_LABELS, Figure
from desktop.printing.fonts import FontChoice
from desktop.printing.layout import BODY_WIDTH, Metadata, Page, Styles, build, day, esc, grid_table, styles
from desktop.printing.notices import centred, title_block
from desktop.printing.statistics_tables import Figures, FigureTable, Tables

ZH = "zh_CN"


@dataclass(frozen=True)
class ReportKind:
    title: str
    figures: tuple[Figure, ...]  # which of the statistics' figures it has, in order
    plans: bool = False  # the improvement plans with their actions and reviews after the figures


REPORTS = {
    "statistics": ReportKind(REPORT_TITLES["statistics"], tuple(Figure)),
    "evaluation": ReportKind(REPORT_TITLES["evaluation"], (
        Figure.SATISFACTION, Figure.TIME_LIMITS, Figure.INSTITUTIONS, Figure.COMPLAINTS_BY_ENDING)),
    "complaints": ReportKind(REPORT_TITLES["complaints"], (
        Figure.COMPLAINTS_BY_ENDING, Figure.COMPLAINTS_BY_SUBJECT, Figure.COMPLAINTS_BY_CHANNEL,
        Figure.COMPLAINTS_BY_CATEGORY)),
    "improvement": ReportKind(REPORT_TITLES["improvement"], (
        Figure.IMPROVEMENT, Figure.TIME_LIMITS, Figure.SATISFACTION), plans=True),
}


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before (a month before a month, a year before a year)."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    whole = start.day == 1 and (end + timedelta(days=1)).day == 1
    if whole:
        first = start
        for _ in range(months):
            first = (first - timedelta(days=1)).replace(day=1)
        return first, start - timedelta(days=1)
    return start - (end - start) - timedelta(days=1), start - timedelta(days=1)


def _change(now: int, before: int) -> str:
    if not before:
        return ""
    delta = (now - before) / before
    return f"，较上期{'增加' if delta >= 0 else '减少'} {abs(delta):.0%}"


def summary(f: Figures, previous: Figures | None) -> list[str]:
    """A few sentences on the period, in Chinese: how much came in, where most of it, the time limits against the
    previous period, the lowest-rated dimension, the complaints."""
    i = f.intake
    change = _change(i.received, previous.intake.received) if previous else ""
    lines = [f"本期共受理服务需求 {i.received:,} 件{change}。"]
    top = sorted(i.by_category, key=lambda c: -c.count)[:3]
    if top:
        lines.append("受理量最大的服务类别：" + "、".join(f"{c.name or c.key}（{c.count:,} 件）" for c in top) + "。")
    before = {s.key: s.rate for s in previous.time_limits} if previous else {}
    rates = []
    for s in f.time_limits:
        if s.rate is None:
            continue
        was = before.get(s.key)
        rates.append(f"{STAGE_LABELS.zh(s.key)} {s.rate:.0%}" + (f"（上期 {was:.0%}）" if was is not None else ""))
    if rates:
        lines.append("各环节按时率：" + "，".join(rates) + "。")
    rated = [d for d in f.satisfaction.dimensions if d.average is not None]
    if rated:
        low = min(rated, key=lambda d: d.average or 0)
        lines.append(f"回访评价 {f.satisfaction.evaluations:,} 条，得分最低的维度为“{SCORE_LABELS.zh(low.key)}”"
                     f"（平均 {low.average:.2f} 分）；有 1–2 分评价的需求 {f.satisfaction.dissatisfied.count:,} 件。")
    valid = next((c.count for c in f.complaints.by_ending if c.key == "valid"), 0)
    lines.append(f"受理投诉 {f.complaints.received.count:,} 件，其中有效投诉 {valid:,} 件。")
    return lines


def _tables(kind: ReportKind, f: Figures) -> list[FigureTable]:
    by_figure = {t.figure: t for t in Tables(ZH).all(f)}
    return [by_figure[k] for k in kind.figures]


def build_report(kind_key: str, station: str, f: Figures, previous: Figures | None,
                 target: Path | BinaryIO, filters: str = "") -> FontChoice:
    """Write the report ``kind_key`` (a key of ``REPORTS``); ``filters``: the requests' filters it was counted
    under, said under the period (``statistics_jobs.filters_text``). Returns the font used."""
    kind = REPORTS[kind_key]
    st = styles()
    c = centred(st)
    q = f.query
    subtitle = f"统计期间：{day(q.start)} 至 {day(q.end)}"
    story: list[Flowable] = [*title_block(station, kind.title, esc(subtitle), st)]
    if filters:
        story.append(Paragraph(esc(f"统计范围：{filters}（投诉与整改只按服务类别）"), c))
    story.append(Paragraph("一、概述", st.heading))
    story += [Paragraph(esc(line), st.normal) for line in summary(f, previous)]
    for n, table in enumerate(_tables(kind, f), start=1):
        heading = Paragraph(esc(f"{_numeral(n + 1)}、{table.title}"), st.heading)
        parts: list[Flowable] = [heading]
        if table.note:
            parts.append(Paragraph(esc(table.note), st.normal))
        if table.chart is not None and table.rows:
            parts.append(table.chart.drawing)
        story.append(KeepTogether(parts))
        if not table.rows:
            story.append(Paragraph("本期间无数据。", st.normal))
            continue
        first = 0.4 if len(table.columns) > 2 else 0.6
        rest = (1 - first) / (len(table.columns) - 1)
        widths = [first * BODY_WIDTH, *[rest * BODY_WIDTH] * (len(table.columns) - 1)]
        header = [Paragraph(esc(h), c) for h in table.columns]
        rows = [[Paragraph(esc(r.texts[0]), st.normal), *(Paragraph(esc(t), c) for t in r.texts[1:])]
                for r in table.rows]
        story += [Spacer(1, 2 * mm), grid_table([header, *rows], widths, header=True), Spacer(1, 3 * mm)]
    if kind.plans:
        story += plans_story(f, len(kind.figures) + 2, st)
    story += [Spacer(1, 10 * mm),
              Paragraph("编制人：______________　　审核人：______________　　日期：______________", st.normal),
              Spacer(1, 3 * mm),
              Paragraph("注：各项统计的口径见《统计口径说明》；需求按受理时间、投诉按登记时间归入统计期间。", st.small)]
    build(target, story, Page(station, kind.title, subtitle), Metadata(kind.title, subject=subtitle), st)
    return st.font


def plans_story(f: Figures, number: int, st: Styles) -> list[Flowable]:
    """The plans made in the period or still in progress: problem, goal, sources, actions, reviews."""
    c = centred(st)
    story: list[Flowable] = [Paragraph(f"{_numeral(number)}、持续改进计划及复查记录", st.heading)]
    if not f.improvement.plans:
        story.append(Paragraph("本期间没有持续改进计划。", st.normal))
    for n, plan in enumerate(f.improvement.plans, start=1):
        state = "已关闭" if plan.status == "closed" else "进行中"
        story.append(Paragraph(esc(f"计划 {n}：{plan.problem}（{state}）"), st.label))
        if plan.goal:
            story.append(Paragraph(esc(f"目标：{plan.goal}"), st.normal))
        for src in plan.sources:
            story.append(Paragraph(esc(f"来源：{SOURCE_KIND_LABELS.zh(src.kind)} {src.note}"), st.normal))
        if plan.actions:
            header = [Paragraph(h, c) for h in ("改进措施", "责任人", "完成期限", "状态", "完成证据")]
            rows = [[Paragraph(esc(a.what), st.normal), Paragraph(esc(a.owner), c), Paragraph(day(a.due_on), c),
                     Paragraph(ACTION_STATUS_LABELS.zh(a.status), c), Paragraph(esc(a.evidence), st.normal)]
                    for a in plan.actions]
            w = BODY_WIDTH
            story += [Spacer(1, 1 * mm), grid_table([header, *rows], [0.34 * w, 0.12 * w, 0.16 * w, 0.1 * w, 0.28 * w],
                                                    header=True)]
        for r in plan.reviews:
            verdict = "有效" if r.effective else "无效"
            story.append(Paragraph(esc(f"复查（{day(r.day)}，{r.reviewer}，{verdict}）：{r.finding} {r.follow_up}"),
                                   st.normal))
        story.append(Spacer(1, 3 * mm))
    return story


def _numeral(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else "十" + digits[n - 10] if n < 20 else str(n)


def export_report(kind_key: str, f: Figures, path: Path, filters: str = "") -> int:
    """The report's tables to the .xlsx ``path`` (one sheet, one block per figure; beside it first, then moved
    into place). Returns the tables written."""
    if path.suffix.lower() != ".xlsx":
        raise BadFile("Choose an .xlsx file.")
    import openpyxl

    kind = REPORTS[kind_key]
    tables = _tables(kind, f)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(kind.title)
    sheet.append([kind.title, f"{f.query.start.isoformat()} 至 {f.query.end.isoformat()}",
                  xlsx_text(sheet, filters)])
    for line in summary(f, None):
        sheet.append([xlsx_text(sheet, line)])
    for table in tables:
        sheet.append([])
        sheet.append([xlsx_text(sheet, table.title)])
        sheet.append(list(table.columns))
        for r in table.rows:
            sheet.append([xlsx_text(sheet, r.texts[0]), *(_number(t) for t in r.texts[1:])])
    with written_beside(path) as tmp:
        book.save(tmp)
    return len(tables)


def _number(text: str) -> object:
    """A count as a number in the sheet ("1,234" → 1234; "85%" → 0.85); anything else as text."""
    plain = text.replace(",", "")
    try:
        return float(plain[:-1]) / 100 if plain.endswith("%") else (int(plain) if plain.isdigit() else float(plain))
    except ValueError:
        return text

