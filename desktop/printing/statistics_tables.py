"""The statistics' figures as tables with their charts, in one language: what the statistics page shows and the
statistics report prints (the same rows, the same drawings). Qt-free; built off the GUI thread.

Each :class:`FigureTable` has its columns, its rows (texts, and for each count the list it opens: a ``Cell``) and
a bar chart whose bar ``i`` is row ``i``.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from desktop.models.clients.labels import CLIENT_SIZE_LABELS
from desktop.models.complaints.labels import COMPLAINT_CHANNEL_LABELS, OUTCOME_LABELS, SUBJECT_KIND_LABELS
from desktop.models.core.db import Database
from desktop.models.core.labels import LabelTable
from desktop.models.requests.labels import CHANNEL_LABELS, REQUEST_STATUS_LABELS, SCORE_LABELS
from desktop.models.statistics.complaint_figures import ComplaintFigures, complaints
from desktop.models.statistics.improvement_figures import ImprovementFigures, improvement
from desktop.models.statistics.institution_figures import InstitutionRow, institutions
from desktop.models.statistics.intake_figures import Cell, IntakeFigures, StatsQuery, intake
from desktop.models.statistics.labels import (
    COLUMN_LABELS,
    COMPLAINTS_NOTE,
    DISSATISFIED_ROW,
    EVALUATED_ROW,
    EVALUATIONS_NOTE,
    FIGURE_LABELS,
    IMPROVEMENT_LINE_LABELS,
    NO_DISTRICT,
    NO_SIZE,
    REQUEST_OUTCOME_LABELS,
    STAGE_LABELS,
    Column,
    Figure,
    ImprovementLine,
)
from desktop.models.statistics.satisfaction_figures import SatisfactionFigures, satisfaction
from desktop.models.statistics.suggestions import Suggestion, suggestions
from desktop.models.statistics.time_limit_figures import StageFigures, time_limits
from desktop.printing.charts import Chart, bar_chart

CHART_ROWS = 12  # the most bars a chart shows (the first rows: the largest); the table has them all


@dataclass(frozen=True)
class FigureRow:
    texts: list[str]
    cells: dict[int, Cell] = field(default_factory=dict)  # column -> the list behind that count


@dataclass(frozen=True)
class FigureTable:
    figure: Figure
    title: str
    columns: list[str]
    rows: list[FigureRow]
    chart: Chart | None
    note: str = ""  # a line under the title (a total, a median)

    @property
    def chart_column(self) -> int:
        """The column whose list a bar opens (the first with a count)."""
        return min((c for r in self.rows for c in r.cells), default=1)


@dataclass(frozen=True)
class Figures:
    """Everything counted for one period."""

    query: StatsQuery
    intake: IntakeFigures
    satisfaction: SatisfactionFigures
    time_limits: list[StageFigures]
    institutions: list[InstitutionRow]
    complaints: ComplaintFigures
    improvement: ImprovementFigures
    suggestions: list[Suggestion] = field(default_factory=list)  # where to act


def count_all(db: Database, viewer_id: int, q: StatsQuery, today: date,
              progress: Callable[[int, int], None] | None = None) -> Figures:
    steps: list[Callable[[], object]] = [
        lambda: intake(db, q), lambda: satisfaction(db, q), lambda: time_limits(db, q, today),
        lambda: institutions(db, viewer_id, q, today),
        lambda: complaints(db, viewer_id, q.start, q.end, today, q.category_id),
        lambda: improvement(db, viewer_id, q.start, q.end, today)]
    done = []
    for n, step in enumerate(steps):
        done.append(step())
        if progress:
            progress(n + 1, len(steps))
    f = Figures(q, *done)  # type: ignore[arg-type]
    return replace(f, suggestions=suggestions(f.time_limits, f.institutions, f.satisfaction, q.start, q.end))


def _n(value: int) -> str:
    return f"{value:,}"


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class Tables:
    """Turns ``Figures`` into tables in ``language`` ("zh_CN" or "en")."""

    def __init__(self, language: str) -> None:
        self.language = language

    def col(self, column: Column) -> str:
        return COLUMN_LABELS.text(column, self.language)

    def counts(self, figure: Figure, cells: Sequence[Cell], name: Callable[[Cell], str],
               unit: Column = Column.REQUESTS, note: str = "") -> FigureTable:
        """One count per row, the chart horizontal; a count with no list behind it opens none."""
        rows = [FigureRow([name(c), _n(c.count)], {1: c} if c.query is not None else {}) for c in cells]
        chart = bar_chart([r.texts[0] for r in rows[:CHART_ROWS]], [c.count for c in cells[:CHART_ROWS]],
                          horizontal=True)
        return FigureTable(figure, FIGURE_LABELS.text(figure, self.language), [self.col(Column.ITEM), self.col(unit)],
                           rows, chart, note)

    def label(self, table: LabelTable) -> Callable[[Cell], str]:  # type: ignore[type-arg]
        return lambda c: table.text(c.key, self.language)

    def all(self, f: Figures) -> list[FigureTable]:
        zh = self.language.startswith("zh")
        named = lambda c: f"{c.key} {c.name}".strip()  # noqa: E731
        i = f.intake
        months = [FigureRow([c.key, _n(c.count)], {1: c}) for c in i.by_month]
        month_names = [f"{int(c.key[5:])}月" if zh else calendar.month_abbr[int(c.key[5:])] for c in i.by_month]
        by_month = FigureTable(Figure.BY_MONTH, FIGURE_LABELS.text(Figure.BY_MONTH, self.language),
                               [self.col(Column.ITEM), self.col(Column.REQUESTS)], months,
                               bar_chart(month_names, [c.count for c in i.by_month]))
        k = f.complaints
        return [
            by_month,
            self.counts(Figure.BY_CATEGORY, i.by_category, named),
            self.counts(Figure.BY_CHANNEL, i.by_channel, self.label(CHANNEL_LABELS)),
            self.counts(Figure.BY_DISTRICT, i.by_district, lambda c: c.key or NO_DISTRICT.text(self.language)),
            self.counts(Figure.BY_SIZE, i.by_size, lambda c: CLIENT_SIZE_LABELS.text(c.key, self.language)
                        if c.key else NO_SIZE.text(self.language)),
            self.counts(Figure.BY_INDUSTRY, i.by_industry, lambda c: c.key or NO_DISTRICT.text(self.language)),
            self.counts(Figure.BY_OUTCOME, i.by_outcome, self.label(REQUEST_OUTCOME_LABELS)),
            self.counts(Figure.BY_STATUS, i.by_status, self.label(REQUEST_STATUS_LABELS)),
            self.satisfaction(f.satisfaction),
            self.time_limits(f.time_limits),
            self.institutions(f.institutions),
            self.counts(Figure.COMPLAINTS_BY_ENDING, k.by_ending, self.label(OUTCOME_LABELS), Column.COMPLAINTS,
                        self.complaints_note(k)),
            self.counts(Figure.COMPLAINTS_BY_SUBJECT, k.by_subject, self.label(SUBJECT_KIND_LABELS),
                        Column.COMPLAINTS),
            self.counts(Figure.COMPLAINTS_BY_CHANNEL, k.by_channel, self.label(COMPLAINT_CHANNEL_LABELS),
                        Column.COMPLAINTS),
            self.counts(Figure.COMPLAINTS_BY_CATEGORY, k.by_category, named, Column.COMPLAINTS),
            self.improvement(f.improvement),
        ]

    def improvement(self, m: ImprovementFigures) -> FigureTable:
        def line(key: ImprovementLine, value: str, cell: Cell | None = None) -> FigureRow:
            return FigureRow([IMPROVEMENT_LINE_LABELS.text(key, self.language), value], {1: cell} if cell else {})

        rows = [line(ImprovementLine.OPENED, f"{_n(m.opened.count)}（{m.from_reviews} / {m.from_complaints}）",
                     m.opened),
                line(ImprovementLine.CLOSED, _n(m.closed.count), m.closed),
                line(ImprovementLine.STILL_OPEN, _n(m.still_open.count), m.still_open),
                line(ImprovementLine.OVERDUE, _n(m.overdue.count), m.overdue),
                line(ImprovementLine.ON_TIME, _n(m.closed_on_time)),
                line(ImprovementLine.TOLD_AGAIN, _n(m.told_again)),
                line(ImprovementLine.RATE, _share(m.rate)),
                line(ImprovementLine.PLANS, f"{m.plans_made}（{m.plans_closed}）"),
                line(ImprovementLine.ACTIONS, f"{m.actions_done}（{m.actions_open}）")]
        counts = [m.opened.count, m.closed.count, m.still_open.count, m.overdue.count]
        chart = bar_chart([r.texts[0] for r in rows[:4]], counts, horizontal=True)
        return FigureTable(Figure.IMPROVEMENT, FIGURE_LABELS.text(Figure.IMPROVEMENT, self.language),
                           [self.col(Column.ITEM), self.col(Column.NUMBER)], rows, chart)

    def complaints_note(self, k: ComplaintFigures) -> str:
        return COMPLAINTS_NOTE.text(self.language) % (_n(k.received.count), _days(k.median_days) or "—")

    def satisfaction(self, s: SatisfactionFigures) -> FigureTable:
        rows = [FigureRow([SCORE_LABELS.text(d.key, self.language), _score(d.average), _share(d.satisfied),
                           _share(d.dissatisfied)]) for d in s.dimensions]
        rate = _share(s.return_visit_rate) or "—"
        rows.append(FigureRow([EVALUATED_ROW.text(self.language) % rate, _n(s.evaluated.count), "", ""],
                              {1: s.evaluated}))
        rows.append(FigureRow([DISSATISFIED_ROW.text(self.language), _n(s.dissatisfied.count), "", ""],
                              {1: s.dissatisfied}))
        chart = bar_chart([r.texts[0] for r in rows[:len(s.dimensions)]], [d.average or 0 for d in s.dimensions],
                          horizontal=True, value_format="{:.2f}", maximum=5)
        note = EVALUATIONS_NOTE.text(self.language) % _n(s.evaluations)
        return FigureTable(Figure.SATISFACTION, FIGURE_LABELS.text(Figure.SATISFACTION, self.language),
                           [self.col(c) for c in (Column.ITEM, Column.AVERAGE, Column.SATISFIED,
                                                  Column.DISSATISFIED)], rows, chart, note)

    def time_limits(self, stages: list[StageFigures]) -> FigureTable:
        rows = [FigureRow([STAGE_LABELS.text(s.key, self.language), _n(s.on_time.count), _n(s.late.count),
                           _n(s.overdue.count), _share(s.rate), _days(s.median_days)],
                          {1: s.on_time, 2: s.late, 3: s.overdue}) for s in stages]
        chart = bar_chart([r.texts[0] for r in rows], [100 * (s.rate or 0) for s in stages], horizontal=True,
                          value_format="{:.0f}%", maximum=100)
        return FigureTable(Figure.TIME_LIMITS, FIGURE_LABELS.text(Figure.TIME_LIMITS, self.language),
                           [self.col(c) for c in (Column.ITEM, Column.ON_TIME, Column.LATE, Column.OVERDUE,
                                                  Column.RATE, Column.MEDIAN)], rows, chart)

    def institutions(self, found: list[InstitutionRow]) -> FigureTable:
        rows = [FigureRow([r.name, _n(r.referred.count), _n(r.on_time.count), _n(r.late.count), _share(r.rate),
                           _score(r.average), _n(r.valid_complaints.count)],
                          {1: r.referred, 2: r.on_time, 3: r.late, 6: r.valid_complaints}) for r in found]
        chart = bar_chart([r.name for r in found[:CHART_ROWS]], [100 * (r.rate or 0) for r in found[:CHART_ROWS]],
                          horizontal=True, value_format="{:.0f}%", maximum=100)
        return FigureTable(Figure.INSTITUTIONS, FIGURE_LABELS.text(Figure.INSTITUTIONS, self.language),
                           [self.col(c) for c in (Column.ITEM, Column.REFERRED, Column.ON_TIME, Column.LATE,
                                                  Column.RATE, Column.EVALUATION, Column.VALID_COMPLAINTS)],
                           rows, chart)
