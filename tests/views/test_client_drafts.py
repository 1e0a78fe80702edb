"""An interrupted client form can be resumed: the draft survives the dialog (and the process)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.context import AppContext
from desktop.models.accounts import staff
from desktop.models.clients import clients
from desktop.views.clients.client_dialog import ClientDialog
from desktop.views.shared.form_dialog import DRAFT_DELAY_MS
from tests.support.widgets import set_up_station, type_text


def _answer(monkeypatch, button, asked: list[str]) -> None:  # type: ignore[no-untyped-def]
    def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return button
    monkeypatch.setattr(QMessageBox, "question", question)


def test_a_draft_is_offered_after_a_crash_and_restored(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    ctx = set_up_station(tmp_path)
    dialog = ClientDialog(ctx)
    qtbot.addWidget(dialog)
    type_text(dialog.name, "柳州市融水苗绣工艺品厂")
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
    dialog.district.setCurrentIndex(dialog.district.findData("融水苗族自治县"))
    dialog.contacts_editor.add()
    dialog.contacts.setData(dialog.contacts.index(0, 0), "贾美")
    dialog.contacts.setData(dialog.contacts.index(0, 1), "13607725555")
    qtbot.waitUntil(lambda: (dialog.drafts.load() or ({}, ""))[0].get("contacts") == [
        {"name": "贾美", "phone": "13607725555", "title": "", "id": None}], timeout=DRAFT_DELAY_MS + 5000)
    # the process dies here: no close, no reject. A new process opens the station again.
    user = ctx.user
    ctx.settings.sync()
    ctx2 = AppContext(tmp_path)
    ctx2.set_user(user)
    asked: list[str] = []
    _answer(monkeypatch, QMessageBox.StandardButton.Yes, asked)
    again = ClientDialog(ctx2)
    qtbot.addWidget(again)
    assert again.offer_draft()
    assert asked and "未保存" in asked[0]
    assert again.name.text() == "柳州市融水苗绣工艺品厂"
    assert again.district.currentData() == "融水苗族自治县"
    assert [(c.name, c.phone) for c in again.contacts.contacts()] == [("贾美", "13607725555")]
    assert again.save_button.isEnabled()
    again.save()
    assert clients.count_clients(ctx2.db) == 1
    # saved: nothing is offered any more
    third = ClientDialog(ctx2)
    qtbot.addWidget(third)
    assert not third.offer_draft()
    ctx.close()
    ctx2.close()


def test_declined_or_discarded_drafts_are_gone_and_drafts_are_per_user(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    ctx = set_up_station(tmp_path)
    dialog = ClientDialog(ctx)
    qtbot.addWidget(dialog)
    type_text(dialog.name, "草稿企业")
    qtbot.waitUntil(lambda: dialog.drafts.load() is not None, timeout=DRAFT_DELAY_MS + 5000)
    dialog.deleteLater()

    clerk_id = staff.create_staff(ctx.db, ctx.user_id, "clerk1", "窗口甲", "clerk", "clerk-pass-1").ids[0]
    admin = ctx.user
    ctx.set_user(staff.get_staff(ctx.db, clerk_id))
    asked: list[str] = []
    _answer(monkeypatch, QMessageBox.StandardButton.Yes, asked)
    other = ClientDialog(ctx)
    qtbot.addWidget(other)
    assert not other.offer_draft() and asked == []  # another user's draft is not theirs

    ctx.set_user(admin)
    _answer(monkeypatch, QMessageBox.StandardButton.No, asked)
    declined = ClientDialog(ctx)
    qtbot.addWidget(declined)
    assert not declined.offer_draft() and declined.name.text() == ""
    assert not ClientDialog(ctx).offer_draft()  # declining dropped it
    ctx.close()
