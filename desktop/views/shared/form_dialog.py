"""The base of every dialog that creates or edits a record (a client, an institution, a request, a visit).

What they share lives here once: which fields were touched (a message shows only under a field the user has
been to), validation as the user types, what is typed kept as a draft a moment after each change (it survives a
crash or a closed laptop lid and is offered back), whether anything is unsaved, saving through the one way the UI
changes data (``apply_change``: a refusal goes beside its field or into a box, a success is announced), and Esc,
Cancel or the close box asking before unsaved input is thrown away.

A form says what is specific to it: ``state`` (what is typed, compared and kept as the draft), ``fill`` (a
restored draft into the fields), ``check`` (the problems of what is typed), ``submit`` (the service call), and the
texts. It calls ``begin`` at the end of its ``__init__``, once its fields hold what they start with.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QWidget

from desktop.context import AppContext
from desktop.models.core.changes import Changes
from desktop.models.core.errors import Invalid, Refused
from desktop.views.shared.drafts import DraftStore, ask_to_restore
from desktop.views.shared.forms import Form, apply_change, confirm_discard

DRAFT_DELAY_MS = 500
translate = QCoreApplication.translate  # self.tr() here would take the subclass's context (PySide)


class FormDialog(QDialog):
    saved = Signal(int)  # the record's id

    SAVE_ONLY_WHEN_VALID = True  # Save waits for a valid form (a visit's draft may be saved half-written)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.touched: set[str] = set()
        self.form: Form | None = None  # the main form, if the dialog has one
        self.save_button: QPushButton | None = None
        self.drafts: DraftStore | None = None
        self._filling = False  # fields being filled by the program: not the user's edits
        self._saved_state: Any = None
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._keep_draft)

    # ---- what each form says --------------------------------------------------------------------------

    def state(self) -> Any:
        """What is typed: compared with what was saved, and kept as the draft (a dataclass or a dict)."""
        raise NotImplementedError

    def from_draft(self, data: dict[str, Any]) -> Any:
        """A kept draft as a ``state`` (``TypeError``/``ValueError`` when it is of an older shape)."""
        return data

    def fill(self, state: Any) -> None:
        """Put ``state`` (a restored draft) into the fields."""
        raise NotImplementedError

    def check(self) -> dict[str, str]:
        """The problems of what is typed, field by field (English messages)."""
        raise NotImplementedError

    def submit(self) -> Changes:
        """The service call that saves what is typed."""
        raise NotImplementedError

    def discard_question(self) -> str:
        return translate("FormDialog", "This form has unsaved changes. Discard them?")

    def field_keys(self) -> Iterable[str]:
        """Every field whose message may show: all of them once the user saves or restores a draft."""
        return self.form.errors if self.form is not None else ()

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Each touched field's message under it."""
        if self.form is not None:
            self.form.show_errors({k: v for k, v in errors.items() if k in self.touched})

    def focus_first(self, errors: Mapping[str, str]) -> None:
        field = self.form.first_invalid(errors) if self.form is not None else None
        if field is not None:
            field.setFocus()

    def commit_editors(self) -> None:
        """Take in a table cell still being edited (before saving)."""

    def refused(self, exc: Invalid | Refused) -> bool:
        """A refusal this form deals with itself (True); the others go beside their fields or into a box."""
        return False

    def after_save(self, changes: Changes) -> None:
        """Saved and announced: by default, say so and close."""
        self.saved.emit(changes.ids[0])
        self.accept()

    @property
    def read_only(self) -> bool:
        return False

    # ---- what every form does -------------------------------------------------------------------------

    def button_box(self) -> QDialogButtonBox:
        """Save and Cancel (Ctrl+S saves), with ``save_button`` set."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(translate("FormDialog", "Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translate("FormDialog", "Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        return buttons

    def begin(self, draft_key: str | None) -> None:
        """The fields hold what the form starts with: that is what "unsaved" is measured against. With a
        ``draft_key``, what is typed is kept as a draft under it."""
        self._saved_state = self.state()
        self.set_draft_key(draft_key)
        self.validate()

    def set_draft_key(self, draft_key: str | None) -> None:
        self.drafts = DraftStore(self.ctx.settings, self.ctx.user_id, draft_key) if draft_key else None

    def touch(self, key: str) -> None:
        """The user changed ``key``: its message may show from now on."""
        if self._filling or self.read_only:
            return
        self.touched.add(key)
        self.validate()
        if self.drafts is not None:
            self._draft_timer.start()

    def validate(self) -> dict[str, str]:
        if self.read_only:
            return {}
        errors = self.check()
        self.show_errors(errors)
        if self.SAVE_ONLY_WHEN_VALID and self.save_button is not None:
            self.save_button.setEnabled(not errors)
        return errors

    def is_dirty(self) -> bool:
        return not self.read_only and self.state() != self._saved_state

    def draft_data(self, state: Any) -> dict[str, Any]:
        """``state`` as the draft keeps it (JSON)."""
        data = asdict(state) if is_dataclass(state) and not isinstance(state, type) else dict(state)
        return dict(json.loads(json.dumps(data, ensure_ascii=False)))

    def _keep_draft(self) -> None:
        if self.drafts is None:
            return
        if self.is_dirty():
            self.drafts.save(self.draft_data(self.state()))
        else:
            self.drafts.clear()

    def offer_draft(self) -> bool:
        """If unsaved input of this form was kept (a crash), ask whether to restore it. Returns whether it was."""
        found = self.drafts.load() if self.drafts is not None and not self.read_only else None
        if found is None:
            return False
        assert self.drafts is not None
        data, saved_at = found
        try:
            state = self.from_draft(data)
        except (TypeError, ValueError, KeyError):  # a draft of an older shape
            self.drafts.clear()
            return False
        if self.draft_data(state) == self.draft_data(self._saved_state) or not ask_to_restore(self, saved_at):
            self.drafts.clear()
            return False
        self._filling = True
        try:
            self.fill(state)
        finally:
            self._filling = False
        self.touched.update(self.field_keys())
        self.validate()
        return True

    def forget_input(self) -> None:
        """What is typed is saved or given up: nothing is unsaved, no draft is kept."""
        self._saved_state = self.state()
        self._draft_timer.stop()
        if self.drafts is not None:
            self.drafts.clear()

    def save(self) -> bool:
        """Check everything, then save through ``submit``; returns whether it was saved."""
        if self.read_only:
            return False
        self.commit_editors()
        self.touched.update(self.field_keys())
        errors = self.validate()
        if errors:
            self.focus_first(errors)
            return False
        changes = apply_change(self, self.ctx, self.submit, on_refused=self._refused)
        if changes is None:
            return False
        self.forget_input()
        self.after_save(changes)
        return True

    def _refused(self, exc: Invalid | Refused) -> bool:
        if self.refused(exc):
            return True
        if isinstance(exc, Invalid):  # the service saw what the form did not: beside the fields
            self.show_errors(exc.errors)
            self.focus_first(exc.errors)
            if self.SAVE_ONLY_WHEN_VALID and self.save_button is not None:
                self.save_button.setEnabled(False)
            return True
        return False

    def reject(self) -> None:
        """Esc, Cancel or the close box: ask first when something typed is not saved."""
        if self.is_dirty() and not confirm_discard(self, self.discard_question()):
            return
        self.forget_input()
        super().reject()
