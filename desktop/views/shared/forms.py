"""Form helpers: each field shows its own message right under it, in the UI language."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.messages import tr_message
from desktop.models.core.errors import Invalid, Refused

if TYPE_CHECKING:  # the log-in window uses these helpers before the database (and the ORM) has loaded
    from desktop.context import AppContext
    from desktop.models.core.changes import Changes

W = TypeVar("W", bound=QWidget)

ERROR_STYLE = "color: #b3261e;"
# a date that is past or near: never shown by colour alone (an icon and words go with it)
ALARM_COLOURS = {"overdue": "#b3261e", "due_soon": "#8a5300"}
INVALID_STYLE = "border: 1px solid #b3261e;"


class FieldError(QLabel):
    """The message under one field; empty and hidden while the field is good."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote user text: never markup
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(tr_message(message) if message else "")
        self.setVisible(bool(message))


def plain_label(text: str = "") -> QLabel:
    """A label for text that may hold user input: shown as typed, never interpreted as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def literal(text: str) -> str:
    """``text`` for places that guess between plain text and markup (tooltips, dialog labels): marked up
    explicitly, with the user's characters escaped, so it always shows exactly as typed."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def with_error(field: QWidget) -> tuple[QWidget, FieldError]:
    """Wrap ``field`` with its message label beneath."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    error = FieldError(box)
    layout.addWidget(error)
    return box, error


class Form:
    """A QFormLayout whose rows know their message labels; ``show_errors`` puts each message in place."""

    def __init__(self, layout: QFormLayout) -> None:
        self.layout = layout
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}

    def add(self, key: str, label: str, field: W) -> W:
        box, error = with_error(field)
        self.layout.addRow(label, box)
        self.errors[key] = error
        self.fields[key] = field
        return field

    def show_errors(self, errors: Mapping[str, str], only: set[str] | None = None) -> None:
        for key, label in self.errors.items():
            if only is None or key in only:
                label.show_message(errors.get(key))
                field = self.fields[key]
                field.setStyleSheet(INVALID_STYLE if errors.get(key) else "")

    def first_invalid(self, errors: Mapping[str, str]) -> QWidget | None:
        for key, field in self.fields.items():
            if key in errors:
                return field
        return None


Refusal = Callable[[Invalid | Refused], bool]  # handles a refusal itself (True), or leaves it to the default


def apply_change(parent: QWidget, ctx: AppContext, action: Callable[[], Changes], form: Form | None = None,
                 on_refused: Refusal | None = None) -> Changes | None:
    """The one way the UI changes data: run a mutating service call and announce what changed, or show why it was
    refused (then None).

    Field errors go beside their fields when there is a ``form``, otherwise into a message box, as does a
    refusal (wrong role, wrong state); ``on_refused`` may deal with a refusal itself first.
    """
    try:
        changes = action()
    except (Invalid, Refused) as exc:
        if on_refused is None or not on_refused(exc):
            show_refusal(parent, exc, form)
        return None
    ctx.announce(changes)
    return changes


def show_refusal(parent: QWidget, exc: Invalid | Refused, form: Form | None = None) -> None:
    """Field errors beside their fields when there is a ``form``; otherwise, and for refusals, a box."""
    if isinstance(exc, Invalid) and form is not None:
        form.show_errors(exc.errors)
        return
    text = "\n".join(tr_message(m) for m in exc.errors.values()) if isinstance(exc, Invalid) else tr_message(
        exc.message)
    QMessageBox.warning(parent, parent.window().windowTitle(), text)


def apply_change_in_background(parent: QWidget, ctx: AppContext, action: Callable[[], Changes],
                               form: Form | None = None, on_done: Callable[[Changes], object] | None = None,
                               busy: Sequence[QWidget] = (), on_refused: Refusal | None = None) -> None:
    """``apply_change`` for slow service calls (password hashing, signing): off the GUI thread, ``busy`` widgets
    disabled meanwhile; ``on_done`` gets what changed, after it was announced. ``action`` must capture plain data
    only, never a widget (see desktop/tasks.py)."""
    for widget in busy:
        widget.setEnabled(False)

    def finish() -> None:
        for widget in busy:
            widget.setEnabled(True)

    def succeeded(changes: Changes) -> None:
        finish()
        if on_done is not None:
            on_done(changes)

    def failed(exc: BaseException) -> None:
        finish()
        if not isinstance(exc, Invalid | Refused):
            raise exc  # unexpected: to sys.excepthook, logged and shown
        if on_refused is None or not on_refused(exc):
            show_refusal(parent, exc, form)

    ctx.run_change(lambda _handle: action(), succeeded, failed)


def confirm_discard(parent: QWidget, question: str) -> bool:
    """Ask before throwing away what was typed (Esc, Cancel, the close box); ``question`` says what."""
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("Form", "Discard changes?"), question,
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard


def line_edit(max_len: int, placeholder: str = "", on_change: Callable[[], None] | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_len + 1)  # one more than allowed, so "too long" gets its message, not a silent cut
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if on_change is not None:
        edit.textChanged.connect(on_change)
    return edit


def plain_message(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """A non-blocking message box whose text (it may quote user text or a path) shows as typed."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box


def export_failure(exc: BaseException) -> str:
    """What to tell when writing an export failed: the refusal (a wrong file type, too many rows) or the system's
    reason; anything else is unexpected and raised again."""
    from desktop.models.core.spreadsheets import BadFile  # not at import: the log-in window uses this module

    if isinstance(exc, BadFile):
        return tr_message(exc.message)
    if isinstance(exc, OSError):
        return QCoreApplication.translate("Export", "The file could not be written: %1").replace(
            "%1", str(exc.strerror or exc))
    raise exc


def text_edit(max_len: int, placeholder: str = "", height: int = 70) -> QPlainTextEdit:
    """A field of several lines (``max_len``: its longest text, for the form's checks)."""
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setMinimumHeight(height)
    edit.setProperty("max_len", max_len)
    return edit
