"""The base of the pages that list many records (the clients, the requests).

What they share lives here once: the search box that searches a moment after the last key (Enter at once), the
table of a ``LazyTableModel`` (whole rows selected, fixed row height, sorting by the columns that can be sorted,
the arrow never on one that cannot), the keyboard (Ctrl+F to the search, Down from it into the results, Enter or a
double-click to open a row, Ctrl+N for a new record), the count ("Searching…" while a result is on its way), and
a selection kept for the result it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableView, QWidget

from desktop.context import AppContext
from desktop.views.shared.lazy_table import LazyTableModel

SEARCH_DELAY_MS = 250


class ListPage(QWidget):
    def __init__(self, ctx: AppContext, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(100)
        self.count_label = QLabel()
        self.table = QTableView()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_filters)

    # ---- what each list says --------------------------------------------------------------------------

    model: LazyTableModel[Any, Any]  # made by the page before set_up_table

    def apply_filters(self) -> None:
        """Show what the search and the filters ask for."""
        raise NotImplementedError

    def new_record(self) -> None:
        raise NotImplementedError

    def open_record(self, record_id: int) -> None:
        raise NotImplementedError

    def count_text(self, count: int) -> str:
        raise NotImplementedError

    def results_shown(self) -> None:
        """A new result is in the table (the count is updated already)."""

    # ---- what every list does -------------------------------------------------------------------------

    def set_up_table(self, widths: Sequence[int], sort_column: int, order: Qt.SortOrder) -> None:
        """Configure ``table`` for ``model`` (set by then): columns ``widths`` wide, sorted by ``sort_column``."""
        table, model = self.table, self.model
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setDefaultSectionSize(24)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        # the arrow first: enabling sorting sorts by it, which is then the order already asked for (the other way
        # round ran the query twice more)
        header.setSortIndicator(sort_column, order)
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        table.activated.connect(self._activated)
        model.results_shown.connect(self._results_shown)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_record)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        to_results = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, self.focus_results)
        to_results.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.update_count()

    @property
    def searching(self) -> bool:
        """Whether a list update is still on its way."""
        return self.model.searching

    def update_count(self) -> None:
        if self.model.searching:
            self.count_label.setText(QCoreApplication.translate("ListPage", "Searching…"))
        else:
            self.count_label.setText(self.count_text(self.model.rowCount()))

    def _results_shown(self) -> None:
        self.update_count()
        self.results_shown()

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select_row_of(self, record_id: int) -> bool:
        """Select (and scroll to) ``record_id`` if the list shows it."""
        row = self.model.row_of(record_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        self.model.row_at(row)  # its page asked for now, shown or not
        return True

    def _activated(self, index: QModelIndex) -> None:
        record_id = self.model.id_at(index.row())
        if record_id is not None:
            self.open_record(record_id)

    def focus_results(self) -> None:
        """Down in the search box moves to the results, on the first row: Enter then opens it."""
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        """A column that cannot be sorted must not take the sort arrow."""
        model = self.model
        if model.COLUMNS[column] not in model.SORT_KEYS:
            order = Qt.SortOrder.DescendingOrder if model.query.descending else Qt.SortOrder.AscendingOrder
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(model.sort_column(), order)
            header.blockSignals(False)
