"""The letters printed for one complaint: the 投诉受理回执 once it is accepted and the 投诉处理结果告知书 once the
complainant is told. Made off the GUI thread, shown in the print preview."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from desktop.context import AppContext
from desktop.messages import QT_TRANSLATE_NOOP
from desktop.models.archives.tables import AccessDocument
from desktop.models.complaints import complaint_detail
from desktop.models.complaints.complaint_detail import ComplaintDetail
from desktop.tasks import Task, TaskHandle
from desktop.views.shared.documents import Prepared, build_temporary, prepare_and_preview

translate = QCoreApplication.translate
LETTERS = {  # letter -> (menu entry, title, file name, progress)
    "receipt": (QT_TRANSLATE_NOOP("ComplaintDocuments", "Complaint receipt (投诉受理回执)…"),
                QT_TRANSLATE_NOOP("ComplaintDocuments", "Complaint receipt"),
                QT_TRANSLATE_NOOP("ComplaintDocuments", "Complaint receipt %1.pdf"),
                QT_TRANSLATE_NOOP("ComplaintDocuments", "Making the complaint receipt…")),
    "result": (QT_TRANSLATE_NOOP("ComplaintDocuments", "Result letter (投诉处理结果告知书)…"),
               QT_TRANSLATE_NOOP("ComplaintDocuments", "Result letter"),
               QT_TRANSLATE_NOOP("ComplaintDocuments", "Result letter %1.pdf"),
               QT_TRANSLATE_NOOP("ComplaintDocuments", "Making the result letter…")),
}


def preview_letter(parent: QWidget | None, ctx: AppContext, complaint_id: int, letter: str) -> Task:
    db, data_dir, station, viewer = ctx.db, ctx.data_dir, ctx.station, ctx.user_id
    _entry, title, file_name, progress = LETTERS[letter]

    def work(_handle: TaskHandle) -> Prepared:
        from desktop.printing.complaint_letters import build_for_complaint

        detail = complaint_detail.get_complaint(db, viewer, complaint_id)
        warning: list[str] = []
        path = build_temporary(data_dir, lambda p: warning.append(
            build_for_complaint(detail, station, letter, p)[1].warning))
        name = translate("ComplaintDocuments", file_name).replace("%1", detail.number)
        return Prepared(path, name, warning[0], True, AccessDocument.COMPLAINT_LETTER, detail.number)

    return prepare_and_preview(parent, ctx, work, translate("ComplaintDocuments", title),
                               translate("ComplaintDocuments", progress))


def printable(d: ComplaintDetail) -> list[str]:
    """The letters complaint ``d`` has to print, for a reader who sees the complainant."""
    if not d.contacts_shown:
        return []
    kinds = {e.kind for e in d.events}
    return [letter for letter, event in (("receipt", "accepted"), ("result", "told")) if event in kinds]


class LettersButton(QPushButton):
    """"Print" with a menu of the letters this complaint has; disabled while there is none."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(translate("ComplaintDocuments", "&Print letters"), parent)
        self.ctx = ctx
        self.setToolTip(translate("ComplaintDocuments", "Print the complaint receipt or the result letter"))
        self.setMenu(QMenu(self))
        self.actions_by_letter: dict[str, QAction] = {}

    def fill(self, d: ComplaintDetail) -> None:
        menu = self.menu()
        menu.clear()
        self.actions_by_letter.clear()
        window = self.window()
        for letter in printable(d):
            action = menu.addAction(translate("ComplaintDocuments", LETTERS[letter][0]))
            action.triggered.connect(lambda _=False, k=letter: preview_letter(window, self.ctx, d.id, k))
            self.actions_by_letter[letter] = action
        self.setEnabled(bool(self.actions_by_letter))
