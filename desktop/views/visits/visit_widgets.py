"""Parts of the visit form: the officers who went, small editable tables (attendees, follow-ups), a signed
record's signatures and seal, and the form's own shape of a record (what a draft keeps, as typed).

A table row left completely blank is not part of the record; the service's errors (``attendee.2.phone``,
counted over the rows that are) are put back on the right cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.messages import tr_message
from desktop.models.accounts.staff import StaffInfo
from desktop.models.core.clock import format_time
from desktop.models.visits.editing import OfficerRef, VisitInput
from desktop.models.visits.records import SignatureView, VisitDetail
from desktop.views.shared.forms import FieldError, plain_label
from desktop.views.visits.signature_pad import SignaturePanel
from desktop.views.visits.visit_labels import field_label, short_id, visit_status_label

ERROR_BRUSH = QBrush(QColor("#fbe4e2"))
# as in a spreadsheet: typing (or F2, a double click) edits the cell; arrows and Tab move without editing
EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
                 | QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.SelectedClicked)
ROW_HEIGHT_LINES = 1.9  # a row's height in lines of text: room for the cell editor


@dataclass(frozen=True)
class Column:
    key: str  # the field name in the service's error keys
    header: str
    max_len: int
    placeholder: str = ""
    stretch: bool = True



def raw_of(inp: VisitInput) -> dict[str, Any]:
    """A record's content in the form's own terms (what a draft keeps, as typed)."""
    return {
        "visited_at": format_time(inp.visited_at, "%Y-%m-%dT%H:%M"), "place": inp.place,
        "officers": [[o.name, o.staff_id] for o in inp.officers],
        "attendees": [[a.name, a.title, a.phone] for a in inp.attendees],
        "work_done": inp.work_done, "questions": inp.questions, "collected": inp.collected,
        "follow_ups": [[f.action, f.owner, f.due_on.isoformat() if f.due_on else ""] for f in inp.follow_ups],
        "amendment_reason": inp.amendment_reason,
    }


class _Delegate(QStyledItemDelegate):
    """A line editor per cell, limited to one character more than allowed (so "too long" gets its message)."""

    def __init__(self, columns: Sequence[Column], parent: QWidget) -> None:
        super().__init__(parent)
        self.columns = columns

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        column = self.columns[index.column()]
        editor = QLineEdit(parent)
        editor.setMaxLength(column.max_len + 1)
        editor.setPlaceholderText(column.placeholder)
        editor.setFrame(False)
        return editor


class RowsTable(QWidget):
    """An editable table with Add / Remove; cells with errors are shaded, their messages listed beneath."""

    edited = Signal()

    def __init__(self, columns: Sequence[Column], prefix: str, list_key: str, add_text: str, remove_text: str,
                 rows_shown: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.prefix = prefix  # "attendee": errors "attendee.N.field"
        self.list_key = list_key  # "attendees": errors about the whole list
        self._read_only = False
        self._filled: list[int] = []  # table row of each row that counts (not blank)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([c.header for c in self.columns])
        self.table.setItemDelegate(_Delegate(self.columns, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(EDIT_TRIGGERS)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons; arrows move between cells
        self.table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * ROW_HEIGHT_LINES))
        header = self.table.horizontalHeader()
        for n, column in enumerate(self.columns):
            header.setSectionResizeMode(n, QHeaderView.ResizeMode.Stretch if column.stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(header.sizeHint().height() + row_height * rows_shown + 6)
        self.table.itemChanged.connect(lambda _item: self.edited.emit())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(remove_text)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.errors = FieldError(self)
        layout.addWidget(self.errors)
        remove_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.remove)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.currentCellChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    # ---- rows ------------------------------------------------------------------------------------------

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def all_rows(self) -> list[list[str]]:
        """Every row as typed, blank ones too (what a draft keeps)."""
        return [[self._text(r, c) for c in range(len(self.columns))] for r in range(self.table.rowCount())]

    def rows(self) -> list[list[str]]:
        """The rows that count: those with something typed in them."""
        self._filled = [r for r, row in enumerate(self.all_rows()) if any(cell.strip() for cell in row)]
        return [[self._text(r, c) for c in range(len(self.columns))] for r in self._filled]

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row in rows:
            self._append([str(cell) for cell in row])
        self.table.blockSignals(False)
        self._update_buttons()
        self.edited.emit()

    def _append(self, cells: Sequence[str]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(len(self.columns)):
            self.table.setItem(row, column, QTableWidgetItem(cells[column] if column < len(cells) else ""))
        return row

    def add(self) -> None:
        """A new row, its first cell open for typing."""
        if self._read_only:
            return
        self.table.blockSignals(True)
        row = self._append([])
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        first = self.table.item(row, 0)
        if first is not None:
            self.table.editItem(first)
        self._update_buttons()
        self.edited.emit()

    def remove(self) -> None:
        row = self.table.currentRow()
        if self._read_only or row < 0:
            return
        self.table.removeRow(row)
        self._update_buttons()
        self.edited.emit()

    def commit_open_editor(self) -> None:
        """A cell still being edited (Ctrl+S pressed in it) is taken as typed."""
        editor = QApplication.focusWidget()
        if editor is not None and editor is not self.table and self.table.isAncestorOf(editor):
            self.table.commitData(editor)
            self.table.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only else EDIT_TRIGGERS)
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)
        if read_only:  # as tall as its rows: a signed record shows whole, signatures in sight
            rows = max(1, self.table.rowCount())
            height = (self.table.horizontalHeader().sizeHint().height()
                      + self.table.verticalHeader().defaultSectionSize() * rows + 2 * self.table.frameWidth() + 2)
            self.table.setMinimumHeight(height)
            self.table.setMaximumHeight(height)

    def is_read_only(self) -> bool:
        return self._read_only

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.currentRow() >= 0)

    # ---- errors ----------------------------------------------------------------------------------------

    def show_errors(self, errors: Mapping[str, str], shown: bool) -> None:
        """Shade the bad cells and list the messages (once the user has edited the table, or saved)."""
        self.rows()  # the table rows the error numbers refer to
        marks: dict[tuple[int, int], str] = {}
        lines: list[str] = []
        keys = [c.key for c in self.columns]
        if shown and errors.get(self.list_key):
            lines.append(tr_message(errors[self.list_key]))
        for key, message in errors.items():
            parts = key.split(".")
            if not shown or len(parts) != 3 or parts[0] != self.prefix or parts[2] not in keys:
                continue
            n = int(parts[1])
            if n < len(self._filled):
                marks[(self._filled[n], keys.index(parts[2]))] = tr_message(message)
                lines.append(f"{field_label(key)}: {tr_message(message)}")
        self.table.blockSignals(True)  # shading is not an edit
        for row in range(self.table.rowCount()):
            for column in range(len(self.columns)):
                item = self.table.item(row, column)
                if item is None:
                    continue
                mark = marks.get((row, column))
                item.setBackground(ERROR_BRUSH if mark else QBrush())
                item.setToolTip(mark or "")
        self.table.blockSignals(False)
        self.errors.setText("\n".join(lines))
        self.errors.setVisible(bool(lines))

    def first_bad_cell(self) -> tuple[int, int] | None:
        for row in range(self.table.rowCount()):
            for column in range(len(self.columns)):
                item = self.table.item(row, column)
                if item is not None and item.toolTip():
                    return row, column
        return None


class OfficersEditor(QWidget):
    """The officers who made the visit, in order: pick a colleague (active staff) or type a name."""

    edited = Signal()

    def __init__(self, colleagues: Sequence[StaffInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids = {c.name: c.id for c in colleagues}
        self._read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Officers"))
        self.list.setMaximumHeight(int(self.fontMetrics().height() * 4.6))
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.picker = QComboBox()
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.addItem("")
        for c in colleagues:
            self.picker.addItem(c.name, c.id)
        self.picker.setCurrentIndex(0)
        self.picker.setAccessibleName(self.tr("Officer to add"))
        line = self.picker.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Pick a colleague or type a name"))
            line.setMaxLength(51)
            line.returnPressed.connect(self.add_picked)
        self.add_button = QPushButton(self.tr("Add officer"))
        self.remove_button = QPushButton(self.tr("Remove officer"))
        self.add_button.clicked.connect(self.add_picked)
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.picker, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        remove_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.list, self.remove)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self._update_buttons()

    def officers(self) -> tuple[OfficerRef, ...]:
        items = (self.list.item(n) for n in range(self.list.count()))
        return tuple(OfficerRef(item.text(), item.data(Qt.ItemDataRole.UserRole)) for item in items if item)

    def set_officers(self, officers: Sequence[OfficerRef]) -> None:
        self.list.clear()
        for officer in officers:
            self._append(officer)
        self._update_buttons()
        self.edited.emit()

    def _append(self, officer: OfficerRef) -> None:
        item = QListWidgetItem(officer.name)
        item.setData(Qt.ItemDataRole.UserRole, officer.staff_id)
        self.list.addItem(item)

    def add(self, name: str) -> None:
        name = name.strip()
        if not name or name in (o.name for o in self.officers()):
            return
        self._append(OfficerRef(name, self._ids.get(name)))
        self._update_buttons()
        self.edited.emit()

    def add_picked(self) -> None:
        self.add(self.picker.currentText())
        self.picker.setCurrentIndex(0)
        self.picker.setEditText("")

    def remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0 and not self._read_only:
            self.list.takeItem(row)
            self._update_buttons()
            self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        if read_only:
            rows = max(1, self.list.count())
            self.list.setMaximumHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth() + 4
                                       if self.list.count() else self.list.maximumHeight())
        for widget in (self.picker, self.add_button, self.remove_button):
            widget.setVisible(not read_only)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.list.currentRow() >= 0)


class RecordSeal(QGroupBox):
    """A signed record's signatures (drawn, declined, or on paper), its identity and hash, its amendments."""

    open_visit = Signal(int)  # an amendment chosen

    def __init__(self, d: VisitDetail, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Signatures and seal"), parent)
        self.panels: dict[str, SignaturePanel] = {}  # the drawn signatures, by role
        layout = QVBoxLayout(self)
        pads = QHBoxLayout()
        by_role = {s.role: s for s in d.signatures}
        paper = d.status == "paper_signed"
        for role in ("client", "officer"):
            pads.addWidget(self._signature(by_role.get(role), role, paper), 1)
        layout.addLayout(pads)
        seal = [self.tr("Record ID: %1").replace("%1", d.uuid),
                self.tr("Content hash (SHA-256): %1").replace("%1", d.content_hash or "")]
        if d.paper_scan_sha256:
            seal.append(self.tr("Scan of the signed form: %1 (SHA-256 %2)").replace("%1", d.paper_scan_name)
                        .replace("%2", d.paper_scan_sha256))
        self.seal = plain_label("\n".join(seal))
        self.seal.setWordWrap(True)
        self.seal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                          Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(self.seal)
        self.amendments = QListWidget()
        self.amendments.setAccessibleName(self.tr("Amendments"))
        for a in d.amendments:
            record = self.tr("Record %1").replace("%1", short_id(a.uuid))
            item = QListWidgetItem(f"{format_time(a.visited_at)}   {visit_status_label(a.status, True)}   {record}")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.amendments.addItem(item)
        self.amendments.setMaximumHeight(int(self.fontMetrics().height() * 5))
        self.amendments.itemActivated.connect(
            lambda item: self.open_visit.emit(int(item.data(Qt.ItemDataRole.UserRole))))
        if d.amendments:
            layout.addWidget(QLabel(self.tr("Corrections of this record (Enter opens one):")))
            layout.addWidget(self.amendments)
        else:
            self.amendments.hide()

    def _signature(self, sig: SignatureView | None, role: str, paper: bool) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Client") if role == "client" else self.tr("Officer"))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        column.addWidget(heading)
        if paper:
            column.addWidget(QLabel(self.tr("Signed by pen on the printed form (its scan is kept).")))
        elif sig is not None and sig.declined_reason is not None:
            label = plain_label(self.tr("Declined to sign. Reason: %1").replace("%1", sig.declined_reason))
            label.setWordWrap(True)
            column.addWidget(label)
        elif sig is not None and sig.strokes:
            panel = SignaturePanel(sig.name)
            panel.pad.set_strokes([list(stroke) for stroke in sig.strokes])
            panel.set_read_only(True)
            panel.undo_button.hide()
            panel.clear_button.hide()
            panel.pad.setMinimumHeight(100)
            panel.pad.setMaximumHeight(150)
            panel.pad.setAccessibleName(self.tr("Signature of %1").replace("%1", sig.name))
            column.addWidget(panel)
            self.panels[role] = panel
        if sig is not None:
            column.addWidget(plain_label(f"{sig.name}   {format_time(sig.signed_at)}"))
        column.addStretch(1)
        return box
