"""The improvement page driven through its widgets: a bad review's rectification recorded and verified with the
step dialogs, then a plan started from it, given an action, the action done, reviewed and closed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QPlainTextEdit

from desktop.demo import demo_clients
from desktop.models.improvement import plans
from desktop.models.improvement.tables import PlanAction
from desktop.models.requests import lifecycle
from desktop.views.improvement.improvement_page import ImprovementPage
from desktop.views.improvement.plan_dialog import PlanDialog
from desktop.views.improvement.rectification_dialog import RectificationDialog
from desktop.views.requests.request_dialog import attach_in_background
from tests.support.requests import NOW, Station, add_institution, drive, evaluation_input
from tests.support.widgets import set_up_station


def _text(dialog, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    edit = dialog.fields[key]
    assert isinstance(edit, QPlainTextEdit)
    edit.setPlainText(value)


def _choose(dialog, key: str, data: object) -> None:  # type: ignore[no-untyped-def]
    box = dialog.fields[key]
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData(data))


def _ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.submit()
    assert not dialog.isVisible(), [e.text() for e in dialog.form.errors.values() if e.text()]


def test_a_bad_review_from_rectification_to_a_closed_plan(qtbot, tmp_path, zh_app,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, 3, ctx.user_id)
    st = Station(ctx.db, {"admin": ctx.user_id}, 1, add_institution(ctx.db, ctx.user_id), tmp_path)
    rid = drive(st, "feedback_given")
    lifecycle.evaluate(ctx.db, ctx.user_id, rid, evaluation_input(NOW, attitude=2, comment="态度差"), now=NOW)
    page = ImprovementPage(ctx)
    qtbot.addWidget(page)
    tab = page.rectifications
    qtbot.waitUntil(lambda: not tab.loading and len(tab.rows) == 1, timeout=10_000)
    assert "服务态度 2" in tab.detail.toPlainText()
    assert not tab.verify_button.isEnabled()
    # Enter on the row opens the record dialog
    tab.table.itemActivated.emit(tab.table.topLevelItem(0), 0)
    dialog = tab.last_dialog
    assert isinstance(dialog, RectificationDialog) and dialog.step == "record"
    dialog.submit()  # nothing typed: messages beside the fields, the dialog stays
    assert dialog.isVisible() and dialog.form.errors["found"].text()
    _text(dialog, "found", "窗口人员解释不清")
    _text(dialog, "done", "培训并上门说明")
    _choose(dialog, "satisfied", True)
    _ok(dialog)
    qtbot.waitUntil(lambda: not tab.loading and bool(tab.rows) and tab.rows[0].status == "rectified",
                    timeout=10_000)
    assert tab.verify_button.isEnabled()
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    dialog = tab.last_dialog
    assert isinstance(dialog, RectificationDialog) and dialog.step == "verify"
    _choose(dialog, "effective", True)
    _ok(dialog)
    qtbot.waitUntil(lambda: not tab.loading and tab.rows == [], timeout=10_000)  # closed: not in "not yet closed"
    tab.filter_box.setCurrentIndex(tab.filter_box.findData(""))
    qtbot.waitUntil(lambda: not tab.loading and len(tab.rows) == 1, timeout=10_000)
    assert tab.rows[0].status == "closed"
    # a plan from it
    tab.table.setCurrentItem(tab.table.topLevelItem(0))
    qtbot.mouseClick(tab.plan_button, Qt.MouseButton.LeftButton)
    plans_tab = page.plans
    dialog = plans_tab.last_dialog
    assert isinstance(dialog, PlanDialog) and page.tabs.currentWidget() is plans_tab
    assert "态度差" in dialog.fields["problem"].toPlainText()  # type: ignore[attr-defined]
    _text(dialog, "goal", "三个月内无态度差评")
    _ok(dialog)
    qtbot.waitUntil(lambda: not plans_tab.loading and len(plans_tab.plans) == 1, timeout=10_000)
    plan = plans_tab.plans[0]
    assert [s.kind for s in plan.sources] == ["bad_review"]
    qtbot.mouseClick(plans_tab.action_button, Qt.MouseButton.LeftButton)
    _text(plans_tab.last_dialog, "what", "全员服务礼仪培训")
    _ok(plans_tab.last_dialog)
    qtbot.waitUntil(lambda: not plans_tab.loading and bool(plans_tab.plans and plans_tab.plans[0].actions),
                    timeout=10_000)
    plans_tab.action_table.setCurrentItem(plans_tab.action_table.topLevelItem(0))
    assert plans_tab.done_button.isEnabled() and plans_tab.attach_button.isEnabled()
    assert not plans_tab.files_button.isEnabled()
    # evidence: what the attach button does once a file is chosen, then the file opened from the menu
    sheet = tmp_path / "签到表.txt"
    sheet.write_text("培训签到：12 人", encoding="utf-8")
    attach_in_background(ctx, plans_tab.current_action().id, [sheet], plans_tab,  # type: ignore[union-attr]
                         attach=plans.add_evidence, entity=PlanAction)
    qtbot.waitUntil(lambda: not plans_tab.loading and plans_tab.files_button.isEnabled(), timeout=10_000)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    plans_tab.files_menu.actions()[0].trigger()
    assert opened and Path(opened[0]).read_text(encoding="utf-8") == "培训签到：12 人"
    qtbot.mouseClick(plans_tab.done_button, Qt.MouseButton.LeftButton)
    _text(plans_tab.last_dialog, "evidence", "培训签到表")
    _ok(plans_tab.last_dialog)
    qtbot.mouseClick(plans_tab.review_button, Qt.MouseButton.LeftButton)
    _choose(plans_tab.last_dialog, "effective", True)
    _text(plans_tab.last_dialog, "finding", "一个月内无态度差评")
    _ok(plans_tab.last_dialog)
    qtbot.waitUntil(lambda: not plans_tab.loading and bool(plans_tab.plans[0].reviews), timeout=10_000)
    qtbot.mouseClick(plans_tab.close_button, Qt.MouseButton.LeftButton)
    assert plans.get_plan(ctx.db, plan.id).status == "closed"


def test_a_count_opens_its_period_and_a_choice_of_the_filter_lets_it_go(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from desktop.models.improvement.rectifications import RectificationQuery, list_rectifications

    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, 3, ctx.user_id)
    st = Station(ctx.db, {"admin": ctx.user_id}, 1, add_institution(ctx.db, ctx.user_id), tmp_path)
    for days in (60, 40, 0):  # bad reviews two months ago, last month and now
        when = NOW - timedelta(days=days)
        rid = drive(st, "feedback_given", now=when)
        lifecycle.evaluate(ctx.db, ctx.user_id, rid, evaluation_input(when, attitude=1), now=when)
    page = ImprovementPage(ctx)
    qtbot.addWidget(page)
    tab = page.rectifications
    qtbot.waitUntil(lambda: not tab.loading and len(tab.rows) == 3, timeout=10_000)
    q = RectificationQuery(ctx.user_id, status="", opened_from=NOW.date() - timedelta(days=10), opened_to=NOW.date())
    page.set_query(q)
    qtbot.waitUntil(lambda: not tab.loading and len(tab.rows) == 1, timeout=10_000)
    assert len(list_rectifications(ctx.db, q, date.today())) == 1 and "至" in tab.count_label.text()
    tab.filter_box.activated.emit(tab.filter_box.findData(""))  # "All" chosen again by the clerk: every period
    qtbot.waitUntil(lambda: not tab.loading and len(tab.rows) == 3, timeout=10_000)
