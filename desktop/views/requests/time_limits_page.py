"""Time limits and the working-day calendar (admin): the working days each step of a request may take, per
catalogue category (§7.2.4 规定时间, §7.3.3 限定时间), and the holidays and make-up workdays they count on.

Limit edits stay pending (and marked) until Save, so an admin can change several and check them first;
a calendar day is one action, so it is saved at once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.messages import tr_field, tr_message
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today
from desktop.models.core.errors import Refused
from desktop.models.core.spreadsheets import BadFile
from desktop.models.requests import calendar_io, workdays
from desktop.models.requests.calendar_io import CalendarImport, CalendarRejected
from desktop.models.requests.labels import CALENDAR_KIND_LABELS, CALENDAR_SOURCE_LABELS
from desktop.models.requests.tables import CALENDAR_KINDS, CalendarDay, TimeLimit
from desktop.models.requests.workdays import CalendarEntry
from desktop.views.requests.calendar_notice import NextYearWarning
from desktop.views.requests.time_limits_model import FIRST_DAYS_COLUMN, DaysDelegate, TimeLimitsModel
from desktop.views.shared.dates import pydate, qdate, station_today
from desktop.views.shared.forms import Form, apply_change, line_edit, literal
from desktop.views.shared.labels import label
from desktop.views.shared.list_model import ListTableModel

FILE_FILTER = "Excel (*.xlsx)"
HOLIDAY_BRUSH = QBrush(QColor("#f6d5d2"))
WORKDAY_BRUSH = QBrush(QColor("#d3e3fb"))


class TimeLimitsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._reads = 0  # reads under way (the lists are read off the GUI thread)
        self._seq = {"limits": 0, "calendar": 0}  # the newest read of each: an older answer is dropped
        self._entries: list[CalendarEntry] = []  # every calendar day, as last read
        self._wanted: CalendarEntry | None = None  # the day to select once the list is read again
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_limits(), 3)
        layout.addWidget(self._build_calendar(), 2)
        ctx.data_changed.connect(self._on_changed)
        self.reload_limits()
        self.reload_calendar()
        self.next_year_warning.check()

    @property
    def loading(self) -> bool:
        """Whether a read of the limits or the calendar is under way."""
        return self._reads > 0

    def _read(self, what: str, work: Callable[[object], object], show: Callable[[Any], None]) -> None:
        """Run ``work`` (plain data only: see tasks.py) in the background; its answer goes to ``show`` unless a
        newer read of ``what`` was asked for meanwhile."""
        self._seq[what] += 1
        seq = self._seq[what]
        self._reads += 1

        def done(answer: object) -> None:
            self._reads -= 1
            if seq == self._seq[what]:
                show(answer)

        def failed(exc: BaseException) -> None:
            self._reads -= 1
            raise exc

        self.ctx.tasks.run(work, done, failed)

    # ---- building -----------------------------------------------------------------------------------

    def _build_limits(self) -> QGroupBox:
        box = QGroupBox(self.tr("Time limits by service category (working days)"))
        layout = QVBoxLayout(box)
        note = QLabel(self.tr(
            "Limits are counted in working days: Monday to Friday, except the holidays below, plus the make-up "
            "workdays. A change applies to due dates computed from now on; due dates already computed are kept. "
            "Edited cells are marked until you save them; Esc puts back the selected category, Revert all of them."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.limits_model = TimeLimitsModel(self)
        self.limits_table = QTableView()
        self.limits_table.setModel(self.limits_model)
        self.limits_delegate = DaysDelegate(self.limits_table)
        for column in range(FIRST_DAYS_COLUMN, FIRST_DAYS_COLUMN + len(workdays.LIMIT_FIELDS)):
            self.limits_table.setItemDelegateForColumn(column, self.limits_delegate)
        self.limits_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.limits_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                          | QAbstractItemView.EditTrigger.EditKeyPressed
                                          | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.limits_table.verticalHeader().hide()
        self.limits_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        header = self.limits_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.limits_table)
        bar = QHBoxLayout()
        self.unsaved_label = QLabel()
        bar.addWidget(self.unsaved_label)
        bar.addStretch(1)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save the changed limits (Ctrl+S)"))
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.setToolTip(self.tr("Put back the stored limits of every changed category"))
        bar.addWidget(self.save_button)
        bar.addWidget(self.revert_button)
        layout.addLayout(bar)
        self.save_button.clicked.connect(self.save_limits)
        self.revert_button.clicked.connect(self.revert_limits)
        self.limits_model.edited.connect(self._update_unsaved)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.limits_table, self.revert_selected_limits)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)  # not while an editor is open: that Esc cancels it
        save = QShortcut(QKeySequence.StandardKey.Save, box, self.save_limits)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return box

    def _build_calendar(self) -> QGroupBox:
        box = QGroupBox(self.tr("Holidays and make-up workdays"))
        layout = QHBoxLayout(box)

        left = QVBoxLayout()
        self.next_year_warning = NextYearWarning(self.ctx, self)
        self.next_year_warning.clicked.connect(self._show_next_year)
        left.addWidget(self.next_year_warning)
        year_row = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        self.year.setValue(local_today().year)
        year_label = QLabel(self.tr("&Year"))
        year_label.setBuddy(self.year)
        year_row.addWidget(year_label)
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        left.addLayout(year_row)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setCurrentPage(self.year.value(), local_today().month)
        left.addWidget(self.calendar)
        legend = QLabel(self.tr("In the calendar, holidays are bold on red and make-up workdays underlined on blue; "
                                "the list names each."))
        legend.setWordWrap(True)
        left.addWidget(legend)
        layout.addLayout(left)

        middle = QVBoxLayout()
        self.days_model: ListTableModel[CalendarEntry] = ListTableModel([
            (self.tr("Date"), lambda e: e.day.isoformat()),
            (self.tr("Weekday"), lambda e: QLocale().dayName(e.day.isoweekday())),
            (self.tr("Kind"), lambda e: label(CALENDAR_KIND_LABELS, e.kind)),
            (self.tr("Name"), lambda e: e.name),
            (self.tr("Source"), lambda e: label(CALENDAR_SOURCE_LABELS, e.source)),
        ], self)
        self.days_table = QTableView()
        self.days_table.setModel(self.days_model)
        self.days_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.days_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.days_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.days_table.verticalHeader().hide()
        self.days_table.setTabKeyNavigation(False)
        header = self.days_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        middle.addWidget(self.days_table)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Make the selected day an ordinary day again (Delete)"))
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(self.tr(
            "Read an .xlsx file (日期, 类型, 名称): each year it lists becomes exactly the file's days"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Write the chosen year's days to an .xlsx file"))
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.import_button)
        remove_row.addWidget(self.export_button)
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        middle.addLayout(remove_row)
        layout.addLayout(middle, 1)

        right = QVBoxLayout()
        form_layout = QFormLayout()
        self.day_form = Form(form_layout)
        self.day_edit = self.day_form.add("day", self.tr("Date"), QDateEdit())
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd dddd")  # the weekday beside the date, in the UI language
        self.day_edit.setDate(station_today())
        self.kind = self.day_form.add("kind", self.tr("Kind"), QComboBox())
        for kind in CALENDAR_KINDS:
            self.kind.addItem(label(CALENDAR_KIND_LABELS, kind), kind)
        self.day_name = self.day_form.add("name", self.tr("Name"), line_edit(50, self.tr("e.g. Labour Day")))
        right.addLayout(form_layout)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setToolTip(self.tr("Mark the date; a date already in the calendar is changed"))
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        right.addLayout(add_row)
        right.addStretch(1)
        layout.addLayout(right)

        self.year.valueChanged.connect(self._year_changed)
        self.calendar.currentPageChanged.connect(lambda year, _month: self.year.setValue(year))
        self.calendar.selectionChanged.connect(lambda: self.day_edit.setDate(self.calendar.selectedDate()))
        self.day_edit.dateChanged.connect(self._day_changed)
        self.kind.currentIndexChanged.connect(lambda: self.day_form.show_errors({}, {"day", "kind"}))
        self.day_name.textChanged.connect(lambda: self.day_form.show_errors({}, {"name"}))
        self.days_table.selectionModel().currentRowChanged.connect(self._entry_chosen)
        self.days_table.activated.connect(self._entry_chosen)
        self.add_button.clicked.connect(self.add_day)
        self.day_name.returnPressed.connect(self.add_day)
        self.remove_button.clicked.connect(self.remove_day)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.days_table, self.remove_day)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        return box

    # ---- time limits --------------------------------------------------------------------------------

    def reload_limits(self) -> None:
        db = self.ctx.db
        self._read("limits", lambda _h: workdays.category_limits(db), self.limits_model.set_rows)

    def has_unsaved_changes(self) -> bool:
        return bool(self.limits_model.pending())

    def _update_unsaved(self) -> None:
        count = len(self.limits_model.pending())
        self.unsaved_label.setText(self.tr("%n category(ies) changed, not saved", "", count) if count else "")
        self.save_button.setEnabled(count > 0)
        self.revert_button.setEnabled(count > 0)

    def _commit_open_editor(self) -> None:
        """Ctrl+S while a cell is being edited saves what is typed in it too."""
        if self.limits_table.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.limits_table.indexWidget(self.limits_table.currentIndex())
        if editor is not None:
            self.limits_table.commitData(editor)
            self.limits_table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def save_limits(self) -> None:
        """One service call per changed category; the first refusal stops the rest (they stay pending)."""
        self._commit_open_editor()
        db, actor = self.ctx.db, self.ctx.user_id
        for category_id, limits in self.limits_model.pending().items():
            if not apply_change(self, self.ctx, partial(workdays.set_limits, db, actor, category_id, limits)):
                row = self.limits_model.row_of(category_id)
                if row is not None:
                    self.limits_table.setCurrentIndex(self.limits_model.index(row, FIRST_DAYS_COLUMN))
                return

    def revert_limits(self) -> None:
        self._commit_open_editor()
        self.limits_model.discard()

    def revert_selected_limits(self) -> None:
        index = self.limits_table.currentIndex()
        if index.isValid():
            self.limits_model.discard(index.row())

    # ---- calendar -----------------------------------------------------------------------------------

    def reload_calendar(self) -> None:
        db = self.ctx.db
        self._read("calendar", lambda _h: workdays.calendar_entries(db), self._show_calendar)

    def _show_calendar(self, entries: list[CalendarEntry]) -> None:
        """The list for the chosen year; the calendar's marks for every year, so any page shows them."""
        self._entries = entries
        wanted, self._wanted = self._wanted, None
        current = wanted or self.selected_day()
        self.days_model.set_items([e for e in entries if e.day.year == self.year.value()])
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # a null date clears every mark
        for e in entries:
            fmt = QTextCharFormat()
            if e.kind == "holiday":
                fmt.setBackground(HOLIDAY_BRUSH)
                fmt.setFontWeight(700)
            else:
                fmt.setBackground(WORKDAY_BRUSH)
                fmt.setFontUnderline(True)
                fmt.setForeground(self.palette().text())  # not the weekend red: it is a working day
            self.calendar.setDateTextFormat(qdate(e.day), fmt)
        row = self.days_model.row_where(lambda e: e.day == current.day) if current else None
        if row is not None:
            self.days_table.selectRow(row)

    def selected_day(self) -> CalendarEntry | None:
        index = self.days_table.currentIndex()
        return self.days_model.item(index.row()) if index.isValid() else None

    def _year_changed(self, year: int) -> None:
        if self.calendar.yearShown() != year:
            self.calendar.setCurrentPage(year, self.calendar.monthShown())
        if self._seq["calendar"] and not self._reads:  # the days read already: only the list changes
            self._show_calendar(self._entries)

    def _day_changed(self, day: QDate) -> None:
        self.day_form.show_errors({}, {"day", "kind"})
        self.calendar.setSelectedDate(day)

    def _entry_chosen(self) -> None:
        """Picking a listed day fills the form with it, so it can be changed or removed."""
        entry = self.selected_day()
        if entry is None:
            return
        self.day_edit.setDate(qdate(entry.day))
        self.kind.setCurrentIndex(max(0, self.kind.findData(entry.kind)))
        self.day_name.setText(entry.name)

    def add_day(self) -> None:
        db, actor = self.ctx.db, self.ctx.user_id
        day, kind, name = pydate(self.day_edit.date()), self.kind.currentData(), self.day_name.text()
        if apply_change(self, self.ctx, lambda: workdays.set_calendar_day(db, actor, day, kind, name), self.day_form):
            self.day_form.show_errors({})
            self._wanted = CalendarEntry(day, kind, name, "")  # selected once the list is read again
            if day.year != self.year.value():
                self.year.setValue(day.year)

    def remove_day(self) -> None:
        entry = self.selected_day()
        if entry is None:
            return
        what = f"{entry.day.isoformat()} {label(CALENDAR_KIND_LABELS, entry.kind)} {entry.name}".strip()
        answer = QMessageBox.question(
            self, self.tr("Remove day"),
            literal(self.tr("Make %1 an ordinary day again? Due dates already computed are kept.").replace("%1", what)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            db, actor = self.ctx.db, self.ctx.user_id
            apply_change(self, self.ctx, lambda: workdays.clear_calendar_day(db, actor, entry.day))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(TimeLimit):
            self.reload_limits()
        elif changes.touches(CalendarDay):
            self.reload_calendar()

    # ---- the calendar as a spreadsheet, the warning about next year -----------------------------------------

    def _show_next_year(self) -> None:
        if self.next_year_warning.year is not None:
            self.year.setValue(self.next_year_warning.year)
            self.import_button.setFocus()

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import holidays"), "", FILE_FILTER)
        if path:
            self.run_import(Path(path))

    def run_import(self, path: Path) -> None:
        db, user = self.ctx.db, self.ctx.user_id  # captured instead of self: see tasks.py
        self.ctx.run_change(lambda _h: calendar_io.import_calendar(db, user, path), self._imported,
                            self._io_failed, progress_label=self.tr("Importing holidays…"), parent=self)

    def _imported(self, result: CalendarImport) -> None:
        years = ", ".join(str(y) for y in result.years)
        self._tell(QMessageBox.Icon.Information, self.tr("Import holidays"),
                   self.tr("Imported %1 days. The calendar of %2 is now as in the file.")
                   .replace("%1", str(result.days)).replace("%2", years))
        if result.years and self.year.value() not in result.years:
            self.year.setValue(result.years[0])

    def export_file(self) -> None:
        year = self.year.value()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export holidays"), f"holidays-{year}.xlsx", FILE_FILTER)
        if path:
            self.run_export(Path(path) if Path(path).suffix else Path(path + ".xlsx"), year)

    def run_export(self, path: Path, year: int) -> None:
        db = self.ctx.db
        self.ctx.tasks.run(lambda _h: calendar_io.export_calendar(db, path, year),
                           lambda n: self._exported(n, path), self._io_failed,
                           progress_label=self.tr("Exporting holidays…"), parent=self)

    def _exported(self, count: int, path: Path) -> None:
        self._tell(QMessageBox.Icon.Information, self.tr("Export holidays"),
                   self.tr("Exported %1 days to %2.").replace("%1", str(count)).replace("%2", str(path)))

    def _io_failed(self, exc: BaseException) -> None:
        details = ""
        if isinstance(exc, CalendarRejected):
            text = self.tr("Nothing was imported: %n line(s) of the file are wrong.", "",
                           len({p.line for p in exc.problems}))
            details = "\n".join(self.tr("Line %1: %2").replace("%1", str(p.line))
                                .replace("%2", f"{tr_field(p.field)}: {tr_message(p.message)}")
                                for p in exc.problems)
        elif isinstance(exc, BadFile | Refused):
            text = tr_message(exc.message)
        elif isinstance(exc, OSError):
            text = self.tr("The file could not be read or written: %1").replace("%1", str(exc.strerror or exc))
        else:
            raise exc
        self._tell(QMessageBox.Icon.Warning, self.tr("Holidays"), text, details)

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if details:
            box.setDetailedText(details)
        box.open()
        self.last_message = box
