"""The statistics page driven through its widgets: the figures of the last twelve months come in off the GUI
thread, each as a chart over its table; a bar clicked with the mouse, or a count in a table, opens the list it
counts (requests or complaints), and that list counts what the row says."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from PySide6.QtCore import Qt

from desktop.demo import demo_clients, demo_complaints, demo_requests
from desktop.models.complaints import complaint_list
from desktop.models.core.clock import local_today
from desktop.models.improvement import plans
from desktop.models.improvement.plans import PlanStart
from desktop.models.requests.request_list import run_query
from desktop.models.statistics.intake_figures import Cell
from desktop.models.statistics.labels import Figure
from desktop.views.improvement.improvement_page import ImprovementPage
from desktop.views.improvement.plan_dialog import PlanDialog
from desktop.views.statistics.statistics_page import StatisticsPage, period_of
from tests.support.widgets import set_up_station


def _count(ctx: object, cell: Cell) -> int:
    if cell.page == "complaints":
        return complaint_list.run_query(ctx.db, cell.query, local_today()).count  # type: ignore[attr-defined]
    return run_query(ctx.db, cell.query, local_today()).count  # type: ignore[attr-defined]


def test_rows_and_bars_open_the_lists_they_count(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, 40, ctx.user_id)
    demo_requests.generate_requests(ctx.db, 300, ctx.user_id, now=datetime.now(UTC))
    demo_complaints.generate_complaints(ctx.db, 60, ctx.user_id, now=datetime.now(UTC))
    page = StatisticsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    assert page.figures is not None and page.figures.intake.received > 0
    assert page.period_box.currentData() == "year"
    start, end = period_of("year", local_today())
    assert (page.query().start, page.query().end) == (start, end)
    assert [b.figure.figure for b in page.boxes if b.figure] == list(Figure)
    months = page.box(Figure.BY_MONTH)
    assert months.table.topLevelItemCount() == 12 and len(months.chart.chart.bars) == 12  # type: ignore[union-attr]
    assert months.title() == "按月受理需求"  # the Chinese screen
    opened: list[tuple[str, object]] = []
    page.open_list.connect(lambda key, q: opened.append((key, q)))
    # a count in a table: Enter on the row, in the column of that count
    for figure, column in ((Figure.BY_CHANNEL, 1), (Figure.BY_OUTCOME, 1), (Figure.TIME_LIMITS, 2),
                           (Figure.COMPLAINTS_BY_ENDING, 1), (Figure.SATISFACTION, 1)):
        box = page.box(figure)
        row = 4 if figure == Figure.SATISFACTION else 0  # satisfaction: the dimensions' averages open nothing
        item = box.table.topLevelItem(row)
        assert item is not None
        box.table.itemActivated.emit(item, column)
        cell = box.cell_at(row, column)
        assert isinstance(cell, Cell) and opened[-1] == (cell.page, cell.query)
        assert _count(ctx, cell) == cell.count == int(item.text(column).replace(",", "")), figure
    # a bar clicked with the mouse
    box = page.box(Figure.BY_CHANNEL)
    page.content.parentWidget().parentWidget().ensureWidgetVisible(box.chart)  # type: ignore[attr-defined]
    before = len(opened)
    qtbot.mouseClick(box.chart, Qt.MouseButton.LeftButton, pos=box.chart.bar_centre(0).toPoint())
    assert len(opened) == before + 1
    cell = box.cell_at(0, 1)
    assert opened[-1] == ("requests", cell.query)  # type: ignore[union-attr]
    assert _count(ctx, cell) == cell.count == int(box.figure.rows[0].texts[1].replace(",", ""))  # type: ignore[union-attr]
    qtbot.mouseClick(box.chart, Qt.MouseButton.LeftButton, pos=box.chart.rect().topLeft())  # no bar: nothing
    assert len(opened) == before + 1
    # where to act: a finding's button asks for a plan, which the improvement page starts with the finding
    assert page.suggestions.buttons and page.suggestions.buttons[0].isEnabled()  # an admin
    qtbot.mouseClick(page.suggestions.buttons[0], Qt.MouseButton.LeftButton)
    key, start = opened[-1]
    assert key == "improvement" and isinstance(start, PlanStart) and start.sources[0].note
    improvement = ImprovementPage(ctx)
    qtbot.addWidget(improvement)
    improvement.set_query(start)
    dialog = improvement.plans.last_dialog
    assert isinstance(dialog, PlanDialog) and dialog.sources == start.sources
    assert dialog.fields["problem"].toPlainText() == start.problem  # type: ignore[attr-defined]
    dialog.submit()
    assert plans.list_plans(ctx.db)[0].sources[0].note == start.sources[0].note
    page.channel_box.setCurrentIndex(page.channel_box.findData("phone"))
    qtbot.waitUntil(lambda: not page.loading and page.figures is not None and page.figures.query.channel == "phone")
    assert {c.key for c in page.figures.intake.by_channel} <= {"phone"}
    assert "reportlab" in sys.modules  # the charting came with the page


def test_the_app_starts_without_the_charting_library() -> None:
    import subprocess

    # the start imports neither the page nor the charting; the page's module (imported by the warmer after the
    # window is up) does not bring the charting either: it comes with the page's first counting
    code = ("import sys; import desktop.app, desktop.views.shell.main_window; "
            "print('reportlab.graphics' in sys.modules, 'desktop.views.statistics.statistics_page' in sys.modules); "
            "import desktop.views.statistics.statistics_page; print('reportlab.graphics' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""}).stdout.split()
    assert out == ["False", "False", "False"]


def test_the_reports_print_and_export_from_the_page(qtbot, tmp_path, zh_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    from PySide6.QtWidgets import QFileDialog

    from desktop.views.shared.pdf_preview import PdfPreviewDialog

    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, 20, ctx.user_id)
    demo_requests.generate_requests(ctx.db, 150, ctx.user_id, now=datetime.now(UTC))
    page = StatisticsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    page.print_report("evaluation")  # made in a worker process, then previewed
    qtbot.waitUntil(lambda: bool(page.findChildren(PdfPreviewDialog)), timeout=60_000)
    preview = page.findChildren(PdfPreviewDialog)[0]
    text = subprocess.run(["pdftotext", str(preview.pdf_path), "-"], capture_output=True, text=True).stdout
    assert "服务评价报告" in text and f"{page.figures.satisfaction.evaluations:,}" in text  # type: ignore[union-attr]
    preview.close()
    out = tmp_path / "统计.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    page.export_tables()
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=60_000)
    assert out.is_file() and "统计.xlsx" in page.last_message.text()  # type: ignore[union-attr]


def test_a_chart_is_drawn_once_per_size(qtbot, zh_app) -> None:  # type: ignore[no-untyped-def]
    """The drawing is laid out into a picture at the widget's size and painted from it (scrolling repaints
    copy it); a new size draws it again, to fit."""
    from PySide6.QtGui import QColor

    from desktop.printing.charts import bar_chart
    from desktop.views.statistics.chart_view import ChartView

    chart = bar_chart(["微型", "小型", "中型"], [12, 7, 3])
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(500, 200)
    view.set_chart(chart, chart.svg(), ["微型 12", "小型 7", "中型 3"])
    view.show()
    qtbot.waitExposed(view)

    def blue(image: object) -> int:  # pixels of the bars' colour
        return sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)  # type: ignore[attr-defined]
                   if QColor(image.pixel(x, y)).blue() > 150 > QColor(image.pixel(x, y)).red())  # type: ignore[attr-defined]

    first = view.grab().toImage()
    drawn = view._drawn
    assert not drawn.isNull() and drawn.size() == view.size() * view.devicePixelRatioF()
    assert blue(first) > 50
    view.grab()
    assert view._drawn.cacheKey() == drawn.cacheKey()  # painted again from the same picture
    view.resize(300, 200)
    smaller = view.grab().toImage()
    assert view._drawn.size() == view.size() * view.devicePixelRatioF() and blue(smaller) > 20
    view.set_chart(None)
    assert view._drawn.isNull()
