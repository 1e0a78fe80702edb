"""The statistics page driven through its widgets: the figures of the last twelve months come in off the GUI
thread; a row opens the requests list with the cell's query, and that list counts what the row says."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from desktop.demo import demo_clients, demo_requests
from desktop.models.core.clock import local_today
from desktop.models.requests.request_list import run_query
from desktop.models.statistics.intake_figures import Cell
from desktop.views.statistics.statistics_page import StatisticsPage, period_of
from tests.support.widgets import set_up_station


def test_a_row_opens_the_list_it_counts(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, 40, ctx.user_id)
    demo_requests.generate_requests(ctx.db, 300, ctx.user_id, now=datetime.now(UTC))
    page = StatisticsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    assert page.figures is not None and page.figures.received > 0
    assert "12" in page.period_box.currentText() or page.period_box.currentData() == "year"
    start, end = period_of("year", local_today())
    assert (page.query().start, page.query().end) == (start, end)
    months = page.tables["by_month"]
    assert months.topLevelItemCount() == 12
    opened: list[tuple[str, object]] = []
    page.open_list.connect(lambda key, q: opened.append((key, q)))
    for key in ("by_channel", "by_outcome", "by_month"):
        table = page.tables[key]
        item = table.topLevelItem(0)
        assert item is not None
        table.itemActivated.emit(item, 0)
        cell = item.data(0, Qt.ItemDataRole.UserRole)
        assert isinstance(cell, Cell) and opened[-1] == ("requests", cell.query)
        assert run_query(ctx.db, cell.query, local_today()).count == cell.count == int(item.text(1).replace(",", ""))
    rows = page.satisfaction_table
    assert rows.topLevelItemCount() == 6  # four dimensions, evaluated, dissatisfied
    evaluated = rows.topLevelItem(4)
    assert evaluated is not None and isinstance(evaluated.data(0, Qt.ItemDataRole.UserRole), Cell)
    rows.itemActivated.emit(evaluated, 0)
    cell = evaluated.data(0, Qt.ItemDataRole.UserRole)
    assert opened[-1] == ("requests", cell.query) and run_query(ctx.db, cell.query, local_today()).count == cell.count
    page.channel_box.setCurrentIndex(page.channel_box.findData("phone"))
    qtbot.waitUntil(lambda: not page.loading and page.figures is not None and page.query().channel == "phone")
    assert {c.key for c in page.figures.by_channel} <= {"phone"}
