"""The time-limits page driven through its widgets: limits edited and saved, the calendar of holidays and
make-up workdays, and what new requests make of them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import openpyxl
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QSpinBox, QWidget

from desktop.messages import tr_message
from desktop.models.accounts import staff
from desktop.models.catalogue import catalogue
from desktop.models.clients import clients
from desktop.models.requests import intake, request_detail, workdays
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.workdays import CalendarEntry, CategoryLimits, Limits
from desktop.views.requests.time_limits_model import FIRST_DAYS_COLUMN, STATUS_COLUMN, TimeLimitsModel
from desktop.views.requests.time_limits_page import TimeLimitsPage
from tests.support.requests import calendar_workbook, clear_calendar
from tests.support.stations import LUOSIFEN
from tests.support.widgets import set_up_station, type_text

RESPONSE, HANDOVER, FEEDBACK, COMPLETION = range(FIRST_DAYS_COLUMN, FIRST_DAYS_COLUMN + 4)


def _page(qtbot, tmp_path, official: bool = False) -> tuple[TimeLimitsPage, object]:  # type: ignore[no-untyped-def]
    """The page on a new station; unless ``official``, its calendar emptied of the shipped schedule, so a test
    sees only the days it enters."""
    ctx = set_up_station(tmp_path)
    if not official:
        clear_calendar(ctx.db)
    page = TimeLimitsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading)  # the limits and the days are read in the background
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)  # shortcuts (Esc, Delete) go to the active window
    return page, ctx


def _type_days(qtbot, page: TimeLimitsPage, row: int, column: int, days: int) -> None:  # type: ignore[no-untyped-def]
    """Edit a cell as a user does: open its spin box, type, Enter."""
    index = page.limits_model.index(row, column)
    page.limits_table.setFocus()
    page.limits_table.setCurrentIndex(index)
    page.limits_table.edit(index)
    editor = page.limits_table.indexWidget(index)
    assert isinstance(editor, QSpinBox) and editor.maximum() == workdays.MAX_DAYS
    editor.selectAll()
    qtbot.keyClicks(editor, str(days))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.limits_table.indexWidget(index) is None)  # the delegate commits queued


def _add_day(qtbot, page: TimeLimitsPage, day: date, kind: str, name: str = "") -> None:  # type: ignore[no-untyped-def]
    page.day_edit.setDate(QDate(day.year, day.month, day.day))
    page.kind.setCurrentIndex(page.kind.findData(kind))
    page.day_name.clear()
    if name:
        type_text(page.day_name, name)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.loading)  # the list read again


def test_time_limits_model(qtmodeltester, zh_app) -> None:
    model = TimeLimitsModel()
    model.set_rows([CategoryLimits(1, "5.1", "计量技术服务", Limits(1, 3, 5, 20)),
                    CategoryLimits(2, "5.2", "标准技术服务", Limits(2, 3, 5, 15))])
    qtmodeltester.check(model)
    assert model.data(model.index(1, COMPLETION)) == 15
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, RESPONSE)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, RESPONSE), workdays.MAX_DAYS + 1)
    assert model.setData(model.index(0, RESPONSE), 2)
    assert model.pending() == {1: Limits(2, 3, 5, 20)}
    assert model.data(model.index(0, RESPONSE), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, HANDOVER), Qt.ItemDataRole.BackgroundRole) is None  # only the edited cell
    assert model.data(model.index(0, STATUS_COLUMN)) != ""  # said in words, not by colour alone
    qtmodeltester.check(model)
    # what is stored now catches up with the edit: nothing is pending any more
    model.set_rows([CategoryLimits(1, "5.1", "计量技术服务", Limits(2, 3, 5, 20)),
                    CategoryLimits(2, "5.2", "标准技术服务", Limits(2, 3, 5, 15))])
    assert model.pending() == {}
    assert model.setData(model.index(1, FEEDBACK), 7)
    assert model.setData(model.index(1, FEEDBACK), 5)  # typed back to what is stored: not a change
    assert model.pending() == {}


def test_limits_saved_and_used_for_new_requests(qtbot, zh_app, tmp_path) -> None:
    page, ctx = _page(qtbot, tmp_path)
    model = page.limits_model
    assert model.rowCount() == 12
    assert (model.data(model.index(0, 0)), model.data(model.index(0, 1))) == ("5.1", "计量技术服务")
    assert not page.save_button.isEnabled() and not page.revert_button.isEnabled()
    category_id = model.category_id(0)

    _type_days(qtbot, page, 0, RESPONSE, 4)
    _type_days(qtbot, page, 0, COMPLETION, 9)
    assert model.data(model.index(0, RESPONSE)) == 4
    assert model.is_cell_changed(0, RESPONSE) and not model.is_cell_changed(0, HANDOVER)
    assert page.save_button.isEnabled() and page.unsaved_label.text()
    assert workdays.category_limits(ctx.db)[0].limits == workdays.DEFAULT_LIMITS  # nothing stored before Save

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.loading)
    assert workdays.category_limits(ctx.db)[0].limits == Limits(4, 3, 5, 9)
    assert model.pending() == {} and not page.save_button.isEnabled() and page.unsaved_label.text() == ""

    # Ctrl+S in a cell still being edited saves what is typed there too
    index = model.index(1, HANDOVER)
    page.limits_table.setCurrentIndex(index)
    page.limits_table.edit(index)
    editor = page.limits_table.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, "7")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert workdays.category_limits(ctx.db)[1].limits == Limits(1, 7, 5, 20)
    qtbot.waitUntil(lambda: not page.loading)
    assert model.pending() == {}

    # the calendar: Monday 10 June 2024 a holiday, Saturday 15 June a make-up workday
    page.year.setValue(2024)
    _add_day(qtbot, page, date(2024, 6, 10), "holiday", "端午节")
    _add_day(qtbot, page, date(2024, 6, 15), "workday", "调休上班")
    assert workdays.calendar_entries(ctx.db, 2024) == [CalendarEntry(date(2024, 6, 10), "holiday", "端午节"),
                                                       CalendarEntry(date(2024, 6, 15), "workday", "调休上班")]
    assert page.days_model.rowCount() == 2
    assert page.days_model.data(page.days_model.index(0, 1)) == "星期一"
    assert page.calendar.dateTextFormat(QDate(2024, 6, 10)).fontWeight() == 700
    assert page.calendar.dateTextFormat(QDate(2024, 6, 15)).fontUnderline()

    # a request received on Monday 3 June: 4 working days -> Friday 7 June; 9 working days skip the
    # holiday and count the make-up Saturday -> Saturday 15 June
    client_id = clients.create_client(ctx.db, ctx.user_id, LUOSIFEN).ids[0]
    item = next(c for c in catalogue.list_catalogue(ctx.db) if c.id == category_id).items[0]
    created = intake.create_request(ctx.db, ctx.user_id, RequestInput(
        client_id, "window", (item.id,), "想了解电子秤的检定周期", received_at=datetime(2024, 6, 3, 4, tzinfo=UTC)))
    detail = request_detail.get_request(ctx.db, created.ids[0])
    assert (detail.response_due, detail.completion_due) == (date(2024, 6, 7), date(2024, 6, 15))
    ctx.close()


def test_revert_and_escape(qtbot, zh_app, tmp_path) -> None:
    page, ctx = _page(qtbot, tmp_path)
    model = page.limits_model
    _type_days(qtbot, page, 0, HANDOVER, 6)
    _type_days(qtbot, page, 1, FEEDBACK, 8)
    assert set(model.pending()) == {model.category_id(0), model.category_id(1)}
    # Esc (the table focused, no editor open) puts back the selected category only
    page.limits_table.setCurrentIndex(model.index(1, FEEDBACK))
    qtbot.keyClick(page.limits_table, Qt.Key.Key_Escape)
    assert set(model.pending()) == {model.category_id(0)}
    assert model.data(model.index(1, FEEDBACK)) == 5
    # Esc inside an open editor cancels that edit alone
    index = model.index(2, RESPONSE)
    page.limits_table.setCurrentIndex(index)
    page.limits_table.edit(index)
    editor = page.limits_table.indexWidget(index)
    qtbot.keyClicks(editor, "9")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert set(model.pending()) == {model.category_id(0)}
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert model.pending() == {} and not page.has_unsaved_changes()
    assert model.data(model.index(0, HANDOVER)) == 3
    assert workdays.category_limits(ctx.db)[0].limits == workdays.DEFAULT_LIMITS
    ctx.close()


def test_calendar_errors_and_remove(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    page, ctx = _page(qtbot, tmp_path)
    page.year.setValue(2025)
    assert page.calendar.yearShown() == 2025

    _add_day(qtbot, page, date(2025, 10, 4), "holiday")  # a Saturday
    error = page.day_form.errors["day"]
    assert error.isVisible()
    assert error.text() == tr_message("A weekend day is already a day off; only weekdays can be holidays.")
    assert workdays.calendar_entries(ctx.db) == []
    page.kind.setCurrentIndex(page.kind.findData("workday"))  # changing the input clears the message
    assert not error.isVisible()
    _add_day(qtbot, page, date(2025, 10, 9), "workday")  # a Thursday
    assert error.text() == tr_message("Make-up workdays fall on a weekend; a weekday is already a working day.")
    _add_day(qtbot, page, date(2025, 10, 1), "holiday", "国庆节")
    _add_day(qtbot, page, date(2025, 10, 11), "workday", "调休上班")
    assert not error.isVisible()
    assert [e.day for e in workdays.calendar_entries(ctx.db, 2025)] == [date(2025, 10, 1), date(2025, 10, 11)]
    assert page.days_model.data(page.days_model.index(1, 3)) == "调休上班"

    # Remove asks first; No keeps the day
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or answer[0])
    page.days_table.selectRow(0)
    assert page.day_name.text() == "国庆节"  # choosing a listed day fills the form with it
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "2025-10-01" in asked[0] and "国庆节" in asked[0]
    assert len(workdays.calendar_entries(ctx.db, 2025)) == 2
    answer[0] = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert workdays.calendar_entries(ctx.db, 2025) == [CalendarEntry(date(2025, 10, 11), "workday", "调休上班")]
    qtbot.waitUntil(lambda: not page.loading)
    assert page.calendar.dateTextFormat(QDate(2025, 10, 1)).fontWeight() != 700
    # the Delete key on the list does the same, after asking
    page.days_table.setFocus()
    page.days_table.selectRow(0)
    qtbot.keyClick(page.days_table, Qt.Key.Key_Delete)
    assert len(asked) == 3
    qtbot.waitUntil(lambda: not page.loading)
    assert workdays.calendar_entries(ctx.db) == [] and page.days_model.rowCount() == 0

    # another year's list is its own; the calendar page follows the year box, and back
    _add_day(qtbot, page, date(2026, 1, 1), "holiday", "元旦")
    assert page.year.value() == 2026 and page.days_model.rowCount() == 1
    page.year.setValue(2025)
    assert page.days_model.rowCount() == 0
    ctx.close()


def test_clerk_is_refused(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    page, ctx = _page(qtbot, tmp_path)
    clerk_id = staff.create_staff(ctx.db, ctx.user_id, "clerk1", "窗口甲", "clerk", "clerk-pass-1").ids[0]
    ctx.set_user(staff.get_staff(ctx.db, clerk_id))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    _type_days(qtbot, page, 0, RESPONSE, 2)
    _type_days(qtbot, page, 1, RESPONSE, 2)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.loading)
    refused = tr_message("Only a station admin may do this.")
    assert warnings == [refused]  # one message, not one per category
    assert [c.limits for c in workdays.category_limits(ctx.db)[:2]] == [workdays.DEFAULT_LIMITS] * 2
    assert len(page.limits_model.pending()) == 2  # the edits are still there to save by an admin
    _add_day(qtbot, page, date(2025, 10, 1), "holiday", "国庆节")
    assert warnings == [refused, refused]
    assert workdays.calendar_entries(ctx.db) == []
    ctx.close()


def test_every_control_reachable_by_tab(qtbot, zh_app, tmp_path) -> None:
    page, ctx = _page(qtbot, tmp_path)
    _type_days(qtbot, page, 0, RESPONSE, 2)  # so Save and Revert are enabled
    reached: set[QWidget] = set()
    widget = page.limits_table
    widget.setFocus()
    for _ in range(60):
        page.focusNextChild()
        widget = QWidget.focusWidget(page)
        reached.add(widget)
        for ancestor in (widget.parentWidget(), widget.parentWidget() and widget.parentWidget().parentWidget()):
            if ancestor is not None:
                reached.add(ancestor)
    page.next_year_warning.today = lambda: date(2026, 12, 1)
    page.next_year_warning.check()
    qtbot.waitUntil(lambda: not page.next_year_warning.checking)
    assert page.next_year_warning.isVisible()
    wanted = [page.limits_table, page.save_button, page.revert_button, page.next_year_warning, page.year,
              page.calendar, page.days_table, page.import_button, page.export_button, page.remove_button,
              page.day_edit, page.kind, page.day_name, page.add_button]
    assert [w for w in wanted if w not in reached] == []
    ctx.close()


def _message(qtbot, page):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: getattr(page, "last_message", None) is not None, timeout=10_000)
    box, page.last_message = page.last_message, None
    box.close()
    return box


def test_calendar_import_and_export(qtbot, zh_app, tmp_path) -> None:
    page, ctx = _page(qtbot, tmp_path / "station", official=True)
    page.year.setValue(2025)
    model = page.days_model
    assert model.rowCount() == 23
    assert [model.data(model.index(0, c)) for c in range(5)] == [
        "2025-01-01", "星期三", "法定节假日", "元旦", "国务院公布安排（预置）"]

    out = tmp_path / "2025.xlsx"
    page.run_export(out, 2025)
    assert _message(qtbot, page).text().startswith("已导出 23 天")
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[1] == (datetime(2025, 1, 1), "法定节假日", "元旦", "国务院公布安排（预置）") and len(rows) == 24

    before = workdays.calendar_entries(ctx.db)
    page.run_import(calendar_workbook(tmp_path / "bad.xlsx", [[date(2027, 2, 8), "法定节假日", "春节"],
                                                      [date(2027, 2, 6), "法定节假日", "春节"]]))
    box = _message(qtbot, page)
    assert box.text() == "未导入任何内容：文件中有 1 行有误。"
    assert box.detailedText().startswith("第 3 行：日期: 周末本就是休息日")
    assert workdays.calendar_entries(ctx.db) == before

    page.run_import(calendar_workbook(tmp_path / "2027.xlsx", [[date(2027, 2, 8), "法定节假日", "春节"],
                                                       [date(2027, 2, 20), "调休上班日", "春节调休上班"]]))
    assert "2027" in _message(qtbot, page).text()
    qtbot.waitUntil(lambda: not page.loading)
    assert page.year.value() == 2027 and model.rowCount() == 2
    assert model.data(model.index(0, 4)) == "本站录入"

    page.run_import(tmp_path / "2025.csv")
    assert _message(qtbot, page).text() == tr_message("Choose an .xlsx file.")
    ctx.close()


def test_warning_from_december_when_next_year_is_empty(qtbot, zh_app, tmp_path) -> None:
    page, ctx = _page(qtbot, tmp_path, official=True)
    warning = page.next_year_warning

    def check(today: date) -> bool:
        warning.today = lambda: today
        warning.check()
        qtbot.waitUntil(lambda: not warning.checking)
        return warning.isVisible()

    assert not check(date(2026, 11, 30))  # November: nothing yet
    assert check(date(2026, 12, 1))
    assert warning.text() == "日历中尚无 2027 年的节假日"
    assert check(date(2025, 12, 31)) is False  # 2026 is in the shipped schedule
    qtbot.mouseClick(warning, Qt.MouseButton.LeftButton)  # not shown: nothing happens
    check(date(2026, 12, 1))
    qtbot.mouseClick(warning, Qt.MouseButton.LeftButton)
    assert page.year.value() == 2027 and page.import_button.hasFocus()
    # entering a day of 2027 takes the warning away
    _add_day(qtbot, page, date(2027, 1, 1), "holiday", "元旦")
    qtbot.waitUntil(lambda: not warning.isVisible())
    # a clerk is not warned
    workdays.clear_calendar_day(ctx.db, ctx.user_id, date(2027, 1, 1))
    clerk_id = staff.create_staff(ctx.db, ctx.user_id, "clerk1", "窗口甲", "clerk", "clerk-pass-1").ids[0]
    ctx.set_user(staff.get_staff(ctx.db, clerk_id))
    assert not check(date(2026, 12, 1))
    ctx.close()


def test_admin_sees_the_warning_in_the_main_window(qtbot, zh_app, tmp_path) -> None:
    from desktop.views.shell.main_window import MainWindow

    ctx = set_up_station(tmp_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    warning = window.next_year_warning
    warning.today = lambda: date(2026, 12, 1)
    ctx.set_user(ctx.user)  # as at log-in
    qtbot.waitUntil(lambda: not warning.checking)
    assert warning.isVisible() and warning.text() == "日历中尚无 2027 年的节假日"
    assert warning.parentWidget() is window.statusBar()
    qtbot.mouseClick(warning, Qt.MouseButton.LeftButton)  # opens the calendar
    assert isinstance(window.pages.get("time_limits"), TimeLimitsPage)
    assert window.stack.currentWidget() is window.pages["time_limits"]
    warning.today = lambda: date(2026, 11, 30)
    ctx.set_user(ctx.user)
    qtbot.waitUntil(lambda: not warning.checking)
    assert not warning.isVisible()
    window.close()
    ctx.close()


def test_a_warning_closed_while_its_check_runs_takes_no_answer(qtbot, zh_app, tmp_path) -> None:
    """The check's answer comes back to a widget gone with its window (a log-out while it ran): nothing happens
    (it raised "Internal C++ object already deleted" in the event loop, which fails this test)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from shiboken6 import isValid

    from desktop.views.requests.calendar_notice import NextYearWarning

    ctx = set_up_station(tmp_path)
    warning = NextYearWarning(ctx, today=lambda: date(2026, 12, 1))
    warning.check()  # runs on a pool thread; its answer is queued for the GUI thread
    warning.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(warning)
    ctx.tasks.wait()
    for _ in range(5):
        QCoreApplication.processEvents()  # the answer is delivered here
    ctx.close()
