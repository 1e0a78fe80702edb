"""A request taken through the real widgets: intake, registration with the one-time notice, referral, the
institution's feedback, completion, feedback to the client, return visit with evaluation, archive. And one
escalated to the city, which the station can then only annotate."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QPushButton

from desktop.context import AppContext
from desktop.models.clients import clients
from desktop.models.core.errors import Refused
from desktop.models.institutions.tables import Institution, InstitutionCategory
from desktop.models.requests import intake, lifecycle, request_detail
from desktop.views.requests.action_dialog import ActionDialog
from desktop.views.requests.request_detail import RequestDetailDialog
from desktop.views.requests.request_dialog import RequestDialog
from tests.support.stations import LUOSIFEN
from tests.support.widgets import set_up_station, type_text


@pytest.fixture
def ctx(tmp_path: Path, zh_app):  # type: ignore[no-untyped-def]
    context = set_up_station(tmp_path / "station")
    clients.create_client(context.db, context.user_id, LUOSIFEN)
    with context.db.begin(context.user_id) as s:
        s.add(Institution(kind="institution", name="柳州市计量检定测试所"))
        s.flush()
        s.add(InstitutionCategory(institution_id=1, category_id=1))
    yield context
    context.close()


def _take_request(qtbot, ctx: AppContext) -> int:  # type: ignore[no-untyped-def]
    dialog = RequestDialog(ctx)
    qtbot.addWidget(dialog)
    saved: list[int] = []
    dialog.saved.connect(saved.append)
    assert not dialog.save_button.isEnabled()  # nothing chosen yet
    type_text(dialog.client_search, "龙城螺蛳粉")
    qtbot.waitUntil(lambda: dialog.client_matches.count() > 0 and dialog.client_matches.isVisibleTo(dialog))
    qtbot.keyClick(dialog.client_search, Qt.Key.Key_Return)
    assert dialog.client_id is not None
    assert dialog.contact_name.text() == "覃春梅"  # the client's first contact, filled in
    first_item = dialog.items.topLevelItem(0).child(0)  # 5.1.1 计量法律法规政策咨询
    first_item.setCheckState(0, Qt.CheckState.Checked)
    type_text(dialog.description, "企业新购一批压力表，想了解首次检定的流程和费用")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(saved) == 1
    return saved[0]


def _step(qtbot, detail: RequestDetailDialog, action: str, fill=None) -> None:  # type: ignore[no-untyped-def]
    assert action in detail.action_buttons or action == "note", (action, list(detail.action_buttons))
    dialog = detail.run_action(action)
    assert isinstance(dialog, ActionDialog)
    if fill is not None:
        fill(dialog)
    else:
        text = next(w for w in dialog.fields.values() if isinstance(w, QPlainTextEdit))
        type_text(text, f"{action} 的记录")
    dialog.submit()
    assert dialog.result() == ActionDialog.DialogCode.Accepted, [e.text() for e in dialog.form.errors.values()]


def test_a_request_from_intake_to_archive(qtbot, ctx: AppContext) -> None:
    request_id = _take_request(qtbot, ctx)
    detail = RequestDetailDialog(ctx, request_id)
    qtbot.addWidget(detail)
    assert detail.detail is not None and detail.detail.status == "received"
    assert detail.detail.number.startswith("LZ-YF01-")
    assert set(detail.action_buttons) == {"answer", "register", "withdraw"}

    # a step with its required field empty stays open, with the message beside the field
    empty = detail.run_action("register")
    assert empty is not None
    empty.submit()
    assert empty.result() != ActionDialog.DialogCode.Accepted and empty.form.errors["notice"].isVisible()
    empty.done(0)

    _step(qtbot, detail, "register")
    assert detail.detail.status == "registered"

    def refer(dialog: ActionDialog) -> None:
        box = dialog.fields["institution"]
        assert isinstance(box, QComboBox) and box.count() == 2  # "(choose)" and the capable institution
        box.setCurrentIndex(1)

    _step(qtbot, detail, "refer", refer)
    assert detail.detail.status == "referred" and detail.detail.institution == "柳州市计量检定测试所"
    _step(qtbot, detail, "follow_up")
    _step(qtbot, detail, "start_service")
    _step(qtbot, detail, "complete")
    assert detail.detail.status == "completed"

    def feedback(dialog: ActionDialog) -> None:
        channel = dialog.fields["channel"]
        assert isinstance(channel, QComboBox)
        channel.setCurrentIndex(channel.findData("sms"))
        type_text(dialog.fields["content"], "检定已完成，可来领取证书")

    _step(qtbot, detail, "give_feedback", feedback)

    def evaluate(dialog: ActionDialog) -> None:
        for key, score in (("demand_matching", 5), ("service_level", 4), ("attitude", 5), ("complaint_handling", 5)):
            box = dialog.fields[key]
            assert isinstance(box, QComboBox)
            box.setCurrentIndex(box.findData(score))

    _step(qtbot, detail, "evaluate", evaluate)
    assert detail.detail.status == "evaluated"
    _step(qtbot, detail, "archive", lambda d: None)

    final = request_detail.get_request(ctx.db, request_id)
    assert final.status == "archived" and final.closed_at is not None
    assert [e.kind for e in final.events] == ["received", "registered", "referred", "follow_up", "service_started",
                                              "completed", "feedback_given", "evaluated", "archived"]
    assert final.evaluations[0].service_level == 4
    assert final.referrals[0].responded_at is not None
    # the timeline shows every step; an archived request offers nothing more
    assert detail.timeline.topLevelItemCount() == len(final.events)
    assert detail.action_buttons == {} and not detail.note_button.isVisibleTo(detail)


def test_an_escalated_request_is_read_only_except_notes(qtbot, ctx: AppContext) -> None:
    request_id = _take_request(qtbot, ctx)
    lifecycle.register(ctx.db, ctx.user_id, request_id, "请带营业执照复印件")
    detail = RequestDetailDialog(ctx, request_id)
    qtbot.addWidget(detail)
    _step(qtbot, detail, "escalate")
    assert detail.detail is not None and detail.detail.status == "escalated"
    assert detail.banner.isVisibleTo(detail)
    assert detail.action_buttons == {}
    assert not detail.edit_button.isVisibleTo(detail) and not detail.attach_button.isVisibleTo(detail)
    assert detail.note_button.isVisibleTo(detail)
    for call in (lambda: lifecycle.complete(ctx.db, ctx.user_id, request_id, "x"),
                 lambda: lifecycle.withdraw(ctx.db, ctx.user_id, request_id, "x"),
                 lambda: lifecycle.refer(ctx.db, ctx.user_id, request_id, lifecycle.ReferralInput(
                     1, None, intake.utcnow(), "phone"))):
        with pytest.raises(Refused, match="escalated"):
            call()
    qtbot.mouseClick(detail.note_button, Qt.MouseButton.LeftButton)
    note = detail.findChildren(ActionDialog)[-1]
    type_text(note.fields["note"], "已电话询问市级平台进度")
    note.submit()
    assert detail.detail.events[-1].kind == "note" and detail.detail.status == "escalated"
    assert detail.event_text.text() == "已电话询问市级平台进度"  # the newest step, in full, under the timeline
    # the city answers (sync): the request comes back completed, and the station continues with feedback
    ctx.announce(lifecycle.city_decision(ctx.db, request_id, "answered", "市级平台已安排专家解答"))
    assert detail.detail.status == "completed" and "give_feedback" in detail.action_buttons


def test_a_clerk_sees_only_the_steps_of_the_role(qtbot, ctx: AppContext) -> None:
    from desktop.models.accounts import staff

    request_id = _take_request(qtbot, ctx)
    officer = staff.create_staff(ctx.db, ctx.user_id, "zhangwei", "张伟", "field_officer", "zhangwei-field-26")
    ctx.set_user(staff.get_staff(ctx.db, officer.ids[0]))
    detail = RequestDetailDialog(ctx, request_id)
    qtbot.addWidget(detail)
    assert set(detail.action_buttons) == {"answer"}  # registration, withdrawal are window work
    assert not detail.edit_button.isVisibleTo(detail)
    assert all(isinstance(b, QPushButton) for b in detail.action_buttons.values())


def test_the_client_is_chosen_from_the_keyboard(qtbot, ctx: AppContext) -> None:
    from tests.support.stations import make_uscc, variant

    other = variant(LUOSIFEN, name="柳州市龙城螺蛳粉二厂", uscc=make_uscc(2), contacts=())
    second = clients.create_client(ctx.db, ctx.user_id, other).ids[0]
    dialog = RequestDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_text(dialog.client_search, "龙城螺蛳粉")
    qtbot.waitUntil(lambda: dialog.client_matches.count() == 2)
    qtbot.keyClick(dialog.client_search, Qt.Key.Key_Down)
    assert dialog.client_matches.hasFocus()
    qtbot.keyClick(dialog.client_matches, Qt.Key.Key_Down)
    chosen = dialog.client_matches.currentItem().data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(dialog.client_matches, Qt.Key.Key_Return)
    assert dialog.client_id == chosen
    assert second in {dialog.client_matches.item(n).data(Qt.ItemDataRole.UserRole) for n in range(2)}
    dialog.done(0)
