"""One figure of the statistics page: its title, a note, the chart and the table under it. A bar, or a count in
the table (Enter or double-click), opens the list it counts (``open_cell``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.views.statistics.chart_view import ChartView

if TYPE_CHECKING:  # the charting loads with the first counting, not with the page
    from desktop.printing.statistics_tables import FigureTable

ROW_HEIGHT_ROWS = 7  # the table shows about this many rows before it scrolls


class FigureBox(QGroupBox):
    open_cell = Signal(object)  # the Cell behind the count chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure: FigureTable | None = None
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self.chart = ChartView()
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setMinimumHeight(self.table.fontMetrics().height() * ROW_HEIGHT_ROWS)
        layout.addWidget(self.note)
        layout.addWidget(self.chart)
        layout.addWidget(self.table)
        self.chart.bar_clicked.connect(self._bar_clicked)
        self.table.itemActivated.connect(self._activated)

    def show_figure(self, figure: FigureTable, svg: bytes) -> None:
        self.figure = figure
        self.setTitle(figure.title)
        self.note.setText(figure.note)
        self.note.setVisible(bool(figure.note))
        self.chart.set_chart(figure.chart, svg, [f"{r.texts[0]}: {r.texts[figure.chart_column]}"
                                                 for r in figure.rows])
        table = self.table
        table.clear()
        table.setColumnCount(len(figure.columns))
        table.setHeaderLabels(figure.columns)
        header = table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column in range(1, len(figure.columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for n, row in enumerate(figure.rows):
            item = QTreeWidgetItem(row.texts)
            for column in range(1, len(row.texts)):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if row.cells:
                item.setToolTip(0, self.tr("Enter or double-click a count: the list behind it"))
            item.setData(0, Qt.ItemDataRole.UserRole, n)
            table.addTopLevelItem(item)

    def cell_at(self, row: int, column: int) -> object | None:
        """The Cell of a table count (or of the row's first count when that column has none)."""
        if self.figure is None or not 0 <= row < len(self.figure.rows):
            return None
        cells = self.figure.rows[row].cells
        return cells.get(column) or (cells[min(cells)] if cells else None)

    def _activated(self, item: QTreeWidgetItem, column: int) -> None:
        cell = self.cell_at(int(item.data(0, Qt.ItemDataRole.UserRole)), column)
        if cell is not None:
            self.open_cell.emit(cell)

    def _bar_clicked(self, index: int) -> None:
        if self.figure is None:
            return
        cell = self.figure.rows[index].cells.get(self.figure.chart_column) if index < len(self.figure.rows) else None
        if cell is not None:
            self.open_cell.emit(cell)
