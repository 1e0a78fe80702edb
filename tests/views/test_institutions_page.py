"""The institutions registry page and dialog driven through their widgets: create with capability, a
qualification and a contact; per-field errors; read-only for a clerk; expired qualifications stand out."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox

from desktop.messages import tr_message
from desktop.models.accounts import staff
from desktop.models.catalogue.catalogue import list_catalogue
from desktop.models.core.clock import local_today
from desktop.models.institutions import institutions
from desktop.models.institutions.institutions import InstitutionContactInput, InstitutionInput, QualificationInput
from desktop.models.institutions.labels import INSTITUTION_KIND_LABELS
from desktop.views.institutions.institution_dialog import InstitutionDialog
from desktop.views.institutions.institution_table import (
    EXPIRED_COLOUR,
    EXPIRING_COLOUR,
    InstitutionFilter,
    InstitutionTableModel,
    QualificationsModel,
)
from desktop.views.institutions.institutions_page import InstitutionsPage
from desktop.views.shared.labels import label
from tests.support.widgets import set_up_station, type_text

QUAL_COLUMN = InstitutionTableModel.COLUMNS.index("qualification")


def _register(ctx, name: str, until: date | None, category: int = 0, kind: str = "institution") -> int:  # type: ignore[no-untyped-def]
    cats = [c.id for c in list_catalogue(ctx.db)]
    return institutions.create_institution(ctx.db, ctx.user_id, InstitutionInput(
        kind, name, "蓝海燕", "0772-2612345", category_ids=(cats[category],),
        qualifications=(QualificationInput("资质认定证书", "CMA-1", None, until),),
        contacts=(InstitutionContactInput("覃工", "13912345678"),))).ids[0]


def _row(page: InstitutionsPage, name: str) -> int:
    return next(r for r in range(page.proxy.rowCount())
                if page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == institutions.find_by_name(page.ctx.db,
                                                                                                     name))


def test_create_through_the_dialog(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    page = InstitutionsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading)  # the list is read in the background
    assert page.proxy.rowCount() == 0
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.categories.count() == 12
    assert not dialog.save_button.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("expert_team"))
    type_text(dialog.name, "柳州市螺蛳粉产业专家服务队")
    type_text(dialog.contact_name, "黄志明")
    qtbot.keyClicks(dialog.phone, "0772-2881234")
    qtbot.keyClicks(dialog.email, "zjd@example.cn")
    assert not dialog.save_button.isEnabled()  # no capability yet
    assert dialog.form.errors["categories"].isHidden()  # not shown before the list was touched
    dialog.categories.item(9).setCheckState(Qt.CheckState.Checked)  # 5.10 食品安全
    dialog.categories.item(3).setCheckState(Qt.CheckState.Checked)  # 5.4 检验检测
    assert dialog.save_button.isEnabled()

    qtbot.mouseClick(dialog.add_qual, Qt.MouseButton.LeftButton)
    assert not dialog.save_button.isEnabled()  # a qualification needs its name
    type_text(dialog.qual_name, "食品检验资质证书")
    qtbot.keyClicks(dialog.qual_number, "SP-2024-018")
    qtbot.mouseClick(dialog.qual_until.none_box, Qt.MouseButton.LeftButton)  # from "no date" to a date
    dialog.qual_until.date_edit.setDate(QDate(2029, 6, 30))
    assert dialog.quals.data(dialog.quals.index(0, 3)) == "2029-06-30"
    assert dialog.quals.data(dialog.quals.index(0, 2)) == dialog.quals.tr("(none)")
    qtbot.mouseClick(dialog.add_contact, Qt.MouseButton.LeftButton)
    dialog.contacts.setData(dialog.contacts.index(0, 0), "莫丽")
    dialog.contacts.setData(dialog.contacts.index(0, 1), "139 7712 3456")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert page.proxy.rowCount() == 1  # the page refreshed itself and selected the new one
    assert page.selected() is not None and page.selected().name == "柳州市螺蛳粉产业专家服务队"
    assert page.proxy.index(0, 1).data() == label(INSTITUTION_KIND_LABELS, "expert_team")
    assert page.proxy.index(0, 2).data() == "检验检测服务、食品安全技术服务"
    detail = institutions.get_institution(ctx.db, page.selected().id)
    assert (detail.contact_name, detail.phone, detail.email) == ("黄志明", "0772-2881234", "zjd@example.cn")
    assert [(q.name, q.certificate_no, q.valid_from, q.valid_until) for q in detail.qualifications] == [
        ("食品检验资质证书", "SP-2024-018", None, date(2029, 6, 30))]
    assert [(c.name, c.phone) for c in detail.contacts] == [("莫丽", "13977123456")]
    # the record beside the list
    assert page.record.heading.text() == "柳州市螺蛳粉产业专家服务队"
    assert "5.10 食品安全技术服务" in page.record.capability.text()
    assert page.record.quals.rowCount() == 1
    ctx.close()


def test_each_bad_field_shows_its_message(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    _register(ctx, "柳州市计量检定测试所", None)
    dialog = InstitutionDialog(ctx)
    qtbot.addWidget(dialog)
    type_text(dialog.name, "柳州市计量检定测试所")  # taken
    assert dialog.form.errors["name"].text() == tr_message(institutions.DUPLICATE_NAME)
    qtbot.keyClicks(dialog.phone, "12345")
    assert dialog.form.errors["phone"].text() == tr_message("A mobile number is 11 digits starting with 13–19.")
    qtbot.keyClicks(dialog.email, "not-an-address")
    assert dialog.form.errors["email"].text() == tr_message("Enter an e-mail address such as zlfw@example.cn.")
    dialog.categories.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.categories.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.form.errors["categories"].text() == tr_message(
        "Choose at least one service category it can provide.")
    # a validity that ends before it starts
    qtbot.mouseClick(dialog.add_qual, Qt.MouseButton.LeftButton)
    type_text(dialog.qual_name, "计量授权证书")
    dialog.qual_from.none_box.setChecked(False)
    dialog.qual_from.date_edit.setDate(QDate(2026, 5, 1))
    dialog.qual_until.none_box.setChecked(False)
    dialog.qual_until.date_edit.setDate(QDate(2026, 4, 30))
    message = tr_message("The end of validity cannot be before its start.")
    assert message in dialog.qual_errors.text() and dialog.qual_errors.isVisibleTo(dialog)
    assert dialog.quals.data(dialog.quals.index(0, 3), Qt.ItemDataRole.BackgroundRole) is not None
    assert not dialog.save_button.isEnabled()
    # fixing every field enables Save
    dialog.name.clear()
    type_text(dialog.name, "柳州市计量技术服务中心")
    dialog.phone.clear()
    dialog.email.clear()
    dialog.categories.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.qual_until.none_box.setChecked(True)  # open-ended
    assert dialog.qual_errors.isHidden()
    assert dialog.save_button.isEnabled()
    assert not any(e.isVisible() for e in dialog.form.errors.values())
    ctx.close()


def test_escape_on_a_changed_form_asks(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    ctx = set_up_station(tmp_path)
    iid = _register(ctx, "柳州市标准化研究中心", None)
    dialog = InstitutionDialog(ctx, iid)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save_button.isEnabled() and not dialog.is_dirty()
    dialog.quals_view.setCurrentIndex(dialog.quals.index(0, 0))
    assert dialog.qual_name.text() == "资质认定证书" and dialog.qual_until.none_box.isChecked()
    assert not dialog.is_dirty()  # showing a qualification is not a change
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    type_text(dialog.address, "柳州市城中区")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    answer = QMessageBox.StandardButton.Discard
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert institutions.get_institution(ctx.db, iid).address == ""
    ctx.close()


def test_a_clerk_reads_but_does_not_edit(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    _register(ctx, "柳州市特种设备检验所", None)
    clerk = staff.create_staff(ctx.db, ctx.user_id, "clerk1", "窗口甲", "clerk", "first-pass-1").ids[0]
    ctx.set_user(staff.get_staff(ctx.db, clerk))
    page = InstitutionsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading)  # the list is read in the background
    page.show()
    assert not any(b.isVisible() for b in (page.new_button, page.edit_button, page.toggle_button))
    page.table.selectRow(0)
    assert page.record.heading.text() == "柳州市特种设备检验所"  # the record is for everyone
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # opening a row does not edit it
    page.new_institution()
    assert page.dialog is None
    ctx.close()


def test_expired_and_expiring_qualifications_stand_out(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    today = local_today()
    _register(ctx, "甲检测院", today - timedelta(days=1))
    _register(ctx, "乙计量所", today + timedelta(days=10), category=1)
    _register(ctx, "丙认证中心", today + timedelta(days=400), category=2, kind="expert")
    page = InstitutionsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading)  # the list is read in the background
    expired = page.proxy.index(_row(page, "甲检测院"), QUAL_COLUMN)
    expiring = page.proxy.index(_row(page, "乙计量所"), QUAL_COLUMN)
    fine = page.proxy.index(_row(page, "丙认证中心"), QUAL_COLUMN)
    assert (today - timedelta(days=1)).isoformat() in expired.data()
    assert expired.data() != fine.data() and expiring.data() != fine.data()
    assert expired.data(Qt.ItemDataRole.ForegroundRole).color() == EXPIRED_COLOUR
    assert expiring.data(Qt.ItemDataRole.ForegroundRole).color() == EXPIRING_COLOUR
    assert fine.data(Qt.ItemDataRole.ForegroundRole) is None
    assert isinstance(expired.data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert fine.data(Qt.ItemDataRole.DecorationRole) is None
    # sorting by that column puts the expired first
    page.table.sortByColumn(QUAL_COLUMN, Qt.SortOrder.AscendingOrder)
    assert [page.proxy.index(r, 0).data() for r in range(3)] == ["甲检测院", "乙计量所", "丙认证中心"]
    # the record shows the qualification's own state, marked the same way
    page.select_institution(institutions.find_by_name(ctx.db, "甲检测院") or 0)
    assert page.record.quals.data(page.record.quals.index(0, 4), Qt.ItemDataRole.ForegroundRole).color() == (
        EXPIRED_COLOUR)
    ctx.close()


def test_search_and_disable(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    _register(ctx, "柳州市计量检定测试所", None, category=0)
    _register(ctx, "韦志强", None, category=6, kind="expert")
    page = InstitutionsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading)  # the list is read in the background
    qtbot.keyClicks(page.search, "0772")  # both have this phone
    assert page.proxy.rowCount() == 2
    page.search.clear()
    type_text(page.search, "品牌")  # capability 5.7 品牌培育
    assert [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())] == ["韦志强"]
    page.search.clear()
    page.table.selectRow(_row(page, "韦志强"))
    assert page.toggle_button.isEnabled()
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert page.proxy.rowCount() == 1  # disabled ones leave the list
    page.show_inactive.setChecked(True)
    row = _row(page, "韦志强")
    assert page.proxy.index(row, 0).data() != "韦志强"  # marked as disabled
    page.table.selectRow(row)
    assert page.toggle_button.text() == page.tr("Enable")
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    assert all(r.active for r in institutions.list_institutions(ctx.db, include_inactive=True))
    ctx.close()


def test_item_models(qtmodeltester, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path)
    today = local_today()
    _register(ctx, "甲检测院", today - timedelta(days=1))
    _register(ctx, "乙计量所", None, category=1)
    model = InstitutionTableModel()
    model.set_rows(institutions.list_institutions(ctx.db, today))
    qtmodeltester.check(model)
    proxy = InstitutionFilter()
    proxy.setSourceModel(model)
    proxy.set_text("乙")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    quals = QualificationsModel(today)
    quals.set_qualifications([QualificationInput("一", "", date(2020, 1, 1), today + timedelta(days=3)),
                              QualificationInput("二", "", None, None)])
    qtmodeltester.check(quals)
    row = quals.add()
    quals.set_row(row, QualificationInput("三", "N-3", date(2027, 1, 1), date(2026, 1, 1)))
    quals.set_errors(institutions.validate_institution(InstitutionInput(
        "institution", "x", category_ids=(1,), qualifications=quals.qualifications())))
    assert quals.data(quals.index(2, 3), Qt.ItemDataRole.BackgroundRole) is not None
    assert quals.data(quals.index(0, 3), Qt.ItemDataRole.BackgroundRole) is None
    assert quals.data(quals.index(0, 4), Qt.ItemDataRole.ForegroundRole).color() == EXPIRING_COLOUR
    quals.remove(0)
    assert [q.name for q in quals.qualifications()] == ["二", "三"]
    qtmodeltester.check(quals)
    ctx.close()


def test_the_first_list_is_read_off_the_gui_thread(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    """Opening the page reads nothing on the GUI thread (its first opening took 0.1-0.5 s on a loaded station)."""
    import threading

    ctx = set_up_station(tmp_path)
    _register(ctx, "甲检测院", None)
    on_gui: list[bool] = []
    real = institutions.list_institutions

    def list_institutions(*args, **kwargs):  # type: ignore[no-untyped-def]
        on_gui.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(institutions, "list_institutions", list_institutions)
    page = InstitutionsPage(ctx)
    qtbot.addWidget(page)
    assert page.loading and page.proxy.rowCount() == 0
    qtbot.waitUntil(lambda: not page.loading)
    assert on_gui == [False] and page.proxy.rowCount() == 1
    ctx.close()


def test_the_record_shows_the_institutions_valid_complaints(qtbot, zh_app, tmp_path) -> None:
    """§7.5.4: beside its on-time rate and evaluation, the valid complaints about the institution (of all)."""
    from desktop.models.complaints import intake, lifecycle
    from desktop.models.complaints.intake import ComplaintInput
    from desktop.models.complaints.lifecycle import Assessment, Closure

    ctx = set_up_station(tmp_path)
    iid = _register(ctx, "甲检测院", None)
    admin = ctx.user_id
    for valid in (True, False, None):
        cid = intake.create_complaint(ctx.db, admin, ComplaintInput(
            "phone", "person", "报告延误", complainant_name="韦某", about_institution_id=iid)).ids[0]
        if valid is not None:
            lifecycle.accept(ctx.db, admin, cid, "phone")
            lifecycle.assess(ctx.db, admin, cid, Assessment("minor", "normal", "likely"))
            lifecycle.investigate(ctx.db, admin, cid, "核实")
            lifecycle.decide(ctx.db, admin, cid, "处理")
            lifecycle.tell(ctx.db, admin, cid, "phone", local_today_noon(), "已告知")
            lifecycle.record_reaction(ctx.db, admin, cid, True)
            lifecycle.close(ctx.db, admin, cid, Closure(valid, "认定"))
    page = InstitutionsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading)
    page.select_institution(iid)
    facts = {caption: value.text() for caption, value in ((f.caption.zh, v) for f, v in page.record.facts)}
    assert facts == {"有效投诉 / 全部投诉": "1 / 3"}
    ctx.close()


def local_today_noon():  # type: ignore[no-untyped-def]  # a moment ago: when the complainant was told
    from datetime import UTC, datetime

    return datetime.now(UTC) - timedelta(minutes=5)
