"""The on-site service record form: messages where typed, drafts saved and reopened, unsaved input surviving a
crash, a signed record read only, and the client's refusal to sign needing a reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox

from desktop.context import AppContext
from desktop.models.clients import clients
from desktop.models.core.clock import local_today
from desktop.models.core.types import utcnow
from desktop.models.institutions.tables import Institution, InstitutionCategory
from desktop.models.requests import intake, lifecycle
from desktop.models.requests.intake import RequestInput
from desktop.models.visits import editing, records
from desktop.models.visits.editing import AttendeeInput, FollowUpInput, OfficerRef, SignatureInput, VisitInput
from desktop.views.shared.pdf_preview import PdfPreviewDialog
from desktop.views.visits.sign_dialog import SignDialog
from desktop.views.visits.visit_dialog import VisitDialog
from tests.support.stations import LUOSIFEN
from tests.support.visits import strokes
from tests.support.widgets import type_text


def in_service_request(ctx: AppContext) -> int:
    """The client 龙城螺蛳粉 and a request of theirs referred and in service, through the real service calls."""
    client_id = clients.create_client(ctx.db, ctx.user_id, LUOSIFEN).ids[0]
    with ctx.db.begin(ctx.user_id) as s:
        institution = Institution(kind="institution", name="柳州市计量检定测试所")
        s.add(institution)
        s.flush()
        s.add(InstitutionCategory(institution_id=institution.id, category_id=1))
        institution_id = institution.id
    rid = intake.create_request(ctx.db, ctx.user_id, RequestInput(
        client_id, "window", (1,), "企业新购一批压力表，想了解首次检定的流程")).ids[0]
    lifecycle.register(ctx.db, ctx.user_id, rid, "请携带计量器具清单")
    lifecycle.refer(ctx.db, ctx.user_id, rid, lifecycle.ReferralInput(
        institution_id, None, utcnow() - timedelta(minutes=5), "phone"))
    lifecycle.start_service(ctx.db, ctx.user_id, rid, "机构已联系企业，开始服务")
    return rid


def good_input(ctx: AppContext, **changes: Any) -> VisitInput:
    values: dict[str, Any] = {
        "visited_at": utcnow() - timedelta(hours=2), "place": "柳州市鱼峰区文昌路88号",
        "officers": (OfficerRef("管理员", ctx.user_id), OfficerRef("李华")),
        "attendees": (AttendeeInput("覃春梅", "总经理", "13912345678"),),
        "work_done": "检查企业计量器具台账，查看压力表的检定标识。", "questions": "问：检定周期？答：半年。",
        "collected": "计量器具清单一份",
        "follow_ups": (FollowUpInput("协助联系送检", "管理员", local_today() + timedelta(days=7)),),
    }
    return VisitInput(**{**values, **changes})


def answer_questions(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    """Every QMessageBox.question answered with ``button``; the questions asked, for the test to read."""
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def wait_previews(qtbot, parent=None) -> list[PdfPreviewDialog]:  # type: ignore[no-untyped-def]
    """The print previews shown (over ``parent``, or as windows of their own), once there is one."""
    def shown() -> list[PdfPreviewDialog]:
        top = parent.findChildren(PdfPreviewDialog) if parent is not None else [
            w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog)]
        return [d for d in top if d.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=15_000)
    return shown()


def close_previews(qtbot, parent=None) -> list[PdfPreviewDialog]:  # type: ignore[no-untyped-def]
    """Wait for the print preview that follows signing, and close it (its PDF path stays readable)."""
    found = wait_previews(qtbot, parent)
    for dialog in found:
        dialog.reject()
    return found


@pytest.fixture
def rid(ctx: AppContext) -> int:
    return in_service_request(ctx)


def test_field_errors_are_shown_where_typed_and_nothing_is_saved(qtbot, ctx: AppContext, rid: int) -> None:
    dialog = VisitDialog(ctx, rid)
    qtbot.addWidget(dialog)
    assert dialog.place.text() == LUOSIFEN.address  # the client's address, to start with
    assert [o.name for o in dialog.officers.officers()] == ["管理员"]  # the user first
    dialog.place.clear()
    dialog.attendees.set_rows([["覃春梅", "总经理", "12345"]])
    dialog.follow_ups.set_rows([["协助联系送检", "管理员", "2026-13-40"]])
    assert not dialog.save_draft()
    for form, key in ((dialog.left, "place"), (dialog.right, "work_done")):
        assert form.errors[key].isVisibleTo(dialog) and form.errors[key].text(), key
    assert not dialog.left.errors["officers"].isVisibleTo(dialog)
    phone = dialog.attendees.table.item(0, 2)
    assert phone is not None and phone.toolTip()  # the bad cell says what is wrong
    assert dialog.attendees.table.item(0, 0).toolTip() == ""
    assert "Attendee 1, phone" in dialog.attendees.errors.text()
    assert "YYYY-MM-DD" in dialog.follow_ups.errors.text()
    assert records.list_visits(ctx.db, rid) == []

    # put right, the same button saves
    type_text(dialog.place, "柳州市鱼峰区阳和工业园")
    type_text(dialog.work_done, "讲解计量法")
    dialog.attendees.set_rows([["覃春梅", "总经理", "139 1234 5678"]])
    dialog.follow_ups.set_rows([["协助联系送检", "管理员", ""]])
    assert dialog.save_draft()
    assert not dialog.left.errors["place"].isVisibleTo(dialog)
    assert [v.status for v in records.list_visits(ctx.db, rid)] == ["draft"]


def test_a_saved_draft_reopens_with_the_same_values(qtbot, ctx: AppContext, rid: int) -> None:
    dialog = VisitDialog(ctx, rid)
    qtbot.addWidget(dialog)
    dialog.place.clear()
    type_text(dialog.place, "柳州市鱼峰区阳和工业园阳惠路8号")
    type_text(dialog.officers.picker.lineEdit(), "李华")
    qtbot.mouseClick(dialog.officers.add_button, Qt.MouseButton.LeftButton)
    dialog.attendees.set_rows([["覃春梅", "总经理", "13912345678"], ["", "", ""], ["韦国强", "技术员", ""]])
    due = (local_today() + timedelta(days=7)).isoformat()
    dialog.follow_ups.set_rows([["协助联系柳州市计量检定测试所送检", "王小明", due]])
    type_text(dialog.work_done, "检查企业计量器具台账。\n讲解《计量法》对强制检定器具的要求。")
    type_text(dialog.questions, "问：压力表检定周期？答：半年。")
    type_text(dialog.collected, "计量器具清单一份（12 台件）")
    assert dialog.save_draft()
    assert dialog.visit_id is not None
    assert not dialog.is_dirty() and dialog.isVisible() is False  # stays open (never shown in this test)

    stored = records.get_visit(ctx.db, dialog.visit_id)
    assert stored.status == "draft"
    assert [o.name for o in stored.input.officers] == ["管理员", "李华"]
    assert stored.input.officers[0].staff_id == ctx.user_id and stored.input.officers[1].staff_id is None
    assert [a.name for a in stored.input.attendees] == ["覃春梅", "韦国强"]  # the blank row is not a person
    assert stored.input.follow_ups[0].due_on.isoformat() == due

    again = VisitDialog(ctx, rid, dialog.visit_id)
    qtbot.addWidget(again)
    assert not again.read_only
    expected = dialog.state()
    expected["attendees"] = [row for row in expected["attendees"] if any(row)]
    assert again.state() == expected
    assert again.drafts.load() is None  # saved: nothing is kept aside


def test_unsaved_input_survives_a_crash(qtbot, ctx: AppContext, rid: int, monkeypatch, tmp_path: Path) -> None:
    dialog = VisitDialog(ctx, rid)
    qtbot.addWidget(dialog)
    type_text(dialog.work_done, "现场查看电子秤的检定标识")
    dialog.attendees.set_rows([["覃春梅", "总经理", "1391234"]])  # a bad phone is kept as typed
    typed = dialog.state()
    qtbot.waitUntil(lambda: dialog.drafts.load() is not None)
    # the process dies: no close, no discard question. A new process opens the station again.
    user = ctx.user
    ctx.settings.sync()
    ctx2 = AppContext(tmp_path / "station")
    ctx2.set_user(user)
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    again = VisitDialog(ctx2, rid)
    qtbot.addWidget(again)
    assert again.state() != typed
    assert again.offer_draft()
    assert len(asked) == 1
    assert again.state() == typed
    assert again.attendees.table.item(0, 2).toolTip()  # and its problem is shown at once
    # declined: the kept input is dropped, and not offered again
    answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    third = VisitDialog(ctx2, rid)
    qtbot.addWidget(third)
    assert not third.offer_draft() and third.state()["work_done"] == ""
    assert VisitDialog(ctx2, rid).drafts.load() is None
    ctx2.tasks.wait()
    ctx2.close()


def test_closing_with_changes_asks_and_discarding_drops_the_kept_input(qtbot, ctx: AppContext, rid: int,
                                                                     monkeypatch) -> None:
    dialog = VisitDialog(ctx, rid)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.work_done, "讲解计量法")
    qtbot.waitUntil(lambda: dialog.drafts.load() is not None)
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Cancel)
    dialog.reject()
    assert asked and dialog.isVisible() and dialog.drafts.load() is not None
    answer_questions(monkeypatch, QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible() and dialog.drafts.load() is None


def test_a_signed_record_opens_read_only(qtbot, ctx: AppContext, rid: int) -> None:
    visit_id = editing.create_visit(ctx.db, ctx.user_id, rid, good_input(ctx)).ids[0]
    editing.sign_visit(ctx.db, ctx.user_id, visit_id, SignatureInput("覃春梅", strokes(1)),
                      SignatureInput("管理员", strokes(2)))
    dialog = VisitDialog(ctx, rid, visit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.read_only
    for edit in (dialog.place, dialog.work_done, dialog.questions, dialog.collected):
        assert edit.isReadOnly()
    assert dialog.visited_at.isReadOnly()
    for rows in (dialog.attendees, dialog.follow_ups):
        assert rows.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        assert not rows.add_button.isVisible() and not rows.remove_button.isVisible()
    assert not dialog.officers.add_button.isVisible()
    assert not dialog.save_button.isVisible() and not dialog.sign_button.isVisible()
    assert dialog.print_button.isVisible() and dialog.correct_button.isVisible()
    before = dialog.place.text()
    qtbot.keyClicks(dialog.place, "xyz")
    assert dialog.place.text() == before
    assert not dialog.save_draft()
    stored = records.get_visit(ctx.db, visit_id)
    assert dialog.record is not None and stored.content_hash in dialog.record.seal.text()
    panels = dialog.record.panels
    assert set(panels) == {"client", "officer"}
    assert all(p.pad.is_read_only() and not p.pad.is_empty() for p in panels.values())
    assert panels["client"].pad.strokes() == strokes(1)


def test_declining_to_sign_needs_a_reason(qtbot, ctx: AppContext, rid: int) -> None:
    visit_id = editing.create_visit(ctx.db, ctx.user_id, rid, good_input(ctx)).ids[0]
    dialog = SignDialog(ctx, visit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.client_name.text() == "覃春梅" and dialog.officer_name.text() == "管理员"
    assert not dialog.sign_button.isEnabled()
    dialog.officer_panel.pad.set_strokes(strokes(2))
    dialog.declines.setChecked(True)
    assert dialog.client_stack.currentIndex() == 1  # the pad gives way to the reason
    assert not dialog.sign_button.isEnabled()
    dialog.sign()  # asked anyway (a shortcut, a quick double click): the reason's message, nothing signed
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.errors["declined_reason"].isVisibleTo(dialog) and dialog.errors["declined_reason"].text()
    assert records.get_visit(ctx.db, visit_id).status == "draft"

    type_text(dialog.reason, "负责人不在场，拒绝签字")
    assert dialog.sign_button.isEnabled()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: records.get_visit(ctx.db, visit_id).status == "signed")
    close_previews(qtbot)
    signed = records.get_visit(ctx.db, visit_id)
    client = next(s for s in signed.signatures if s.role == "client")
    assert client.declined_reason == "负责人不在场，拒绝签字" and client.strokes is None
