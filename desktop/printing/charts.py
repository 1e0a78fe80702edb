"""The statistics' bar charts, drawn with reportlab's charting library (``reportlab.graphics.charts``): one
drawing for both places a chart appears. A report puts it in its PDF as vector graphics; the statistics page
shows it as SVG (Qt's own ``QSvgRenderer``), so screen and paper never disagree.

A :class:`Chart` carries, beside its drawing, where each bar is, so the page can tell which bar was clicked.
Labels are data: reportlab's SVG writer escapes them and a PDF draws them as text, never as markup. Nothing here
imports Qt; the statistics page imports this module only when it opens (the app's start does not pay for it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import BarChart, HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.models.core.validators import clean_text
from desktop.printing.fonts import cjk_font

BAR = colors.HexColor("#2F6DB5")
AXIS = colors.HexColor("#666666")
_CLIP = re.compile(r"<clipPath id=\"clip\">.*?</clipPath>", re.DOTALL)  # text is escaped: only the writer's tags
FONT_SIZE = 8
LABEL_ROOM = 0.38  # the most of a horizontal chart's width its category labels may take


@dataclass(frozen=True)
class Chart:
    drawing: Drawing
    width: float  # points (one point is one pixel on screen at 100 %)
    height: float
    bars: tuple[tuple[float, float, float, float], ...]  # each value's bar: x, y, width, height; y from the bottom
    font: str  # the reportlab name of the font its text is set in
    horizontal: bool = False  # bars along the x axis (the labels down the left side)

    def svg(self) -> bytes:
        """The drawing as an SVG document, without the clip path reportlab puts round it (Qt's SVG renderer
        draws that path's rectangle as a black background instead; nothing is drawn outside the drawing)."""
        document = renderSVG.drawToString(self.drawing)
        document = _CLIP.sub("", document).replace(' style="clip-path: url(#clip)"', "")
        return document.encode("utf-8")

    def bar_at(self, x: float, y: float) -> int | None:
        """The index of the bar at ``(x, y)`` (points, y from the top, as a screen counts), or None. A bar too
        short to hit (a zero) is found across its whole row or column."""
        y = self.height - y
        for n, (bx, by, bw, bh) in enumerate(self.bars):
            if self.horizontal:
                if by <= y <= by + bh and bx <= x <= bx + max(bw, 4):
                    return n
            elif bx <= x <= bx + bw and by <= y <= by + max(bh, 4):
                return n
        return None


def _fit(text: str, font: str, room: float) -> str:
    """``text`` cut with "…" to ``room`` points."""
    text = clean_text(text).replace("\n", " ")
    if stringWidth(text, font, FONT_SIZE) <= room:
        return text
    while text and stringWidth(text + "…", font, FONT_SIZE) > room:
        text = text[:-1]
    return text + "…"


def bar_chart(labels: Sequence[str], values: Sequence[float], *, width: float = 400, height: float = 170,
              horizontal: bool = False, value_format: str = "{:,.0f}", maximum: float | None = None) -> Chart:
    """One series as bars, each with its value over it; horizontal charts list the labels down the left side,
    first at the top (as the table under the chart reads). ``maximum``: the value axis's end (5 for scores)."""
    font = cjk_font().name
    labels, values = list(labels), [float(v) for v in values]
    chart: BarChart = HorizontalBarChart() if horizontal else VerticalBarChart()
    top = max(values, default=0.0)
    if horizontal:
        room = max((stringWidth(clean_text(t), font, FONT_SIZE) for t in labels), default=0.0)
        room = min(room + 6, width * LABEL_ROOM)
        chart.x, chart.y = room + 4, 8
        chart.width, chart.height = width - room - 40, height - 16
        # reportlab stacks categories from the bottom: reverse so the first is on top
        labels, values = labels[::-1], values[::-1]
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -3
        chart.categoryAxis.categoryNames = [_fit(t, font, room - 4) for t in labels]
        chart.valueAxis.visible = False
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
    else:
        chart.x, chart.y = 40, 30
        chart.width, chart.height = width - 50, height - 44
        slot = chart.width / max(len(labels), 1)
        chart.categoryAxis.categoryNames = [_fit(t, font, slot - 2) for t in labels]
        chart.categoryAxis.labels.boxAnchor = "n"
        chart.categoryAxis.labels.dy = -3
        chart.valueAxis.labels.fontName = font
        chart.valueAxis.labels.fontSize = FONT_SIZE
        chart.valueAxis.strokeColor = AXIS
        chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
        chart.valueAxis.visibleGrid = True
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 2
    chart.data = [values or [0.0]]
    if not labels:
        chart.categoryAxis.categoryNames = [""]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = maximum or (top * 1.15 if top > 0 else 1)
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = FONT_SIZE
    chart.categoryAxis.strokeColor = AXIS
    chart.categoryAxis.visibleTicks = False
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = FONT_SIZE
    chart.barLabelFormat = value_format.format  # reportlab calls it with each value
    chart.barSpacing = 2
    chart.groupSpacing = 6 if horizontal else 8
    drawing = Drawing(width, height)
    drawing.initialFontName = font  # else the PDF names Helvetica, a font that is not embedded
    drawing.add(chart)
    chart.draw()  # lays the bars out (what rendering does): their places are read from it below
    placed = [tuple(float(v) for v in p) for p in chart._barPositions[0]] if values else []
    if horizontal:
        placed = placed[::-1]
    return Chart(drawing, width, height, tuple(placed), font, horizontal)  # type: ignore[arg-type]
