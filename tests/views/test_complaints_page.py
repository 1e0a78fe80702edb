"""The complaints area driven through its widgets: a phone complaint registered, accepted, assessed, investigated,
decided, told, the complainant's reaction and the closure, each step through the complaint window's buttons and
the step dialog; what a field officer sees; the dashboard's numbers; the assessment dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit

from desktop.models.accounts import staff
from desktop.models.complaints import complaint_detail
from desktop.models.complaints.lifecycle import Step
from desktop.views.complaints.assessment_dialog import AssessmentDialog
from desktop.views.complaints.complaint_dialog import ComplaintDialog
from desktop.views.complaints.complaint_window import ComplaintWindow
from desktop.views.complaints.complaints_page import ComplaintsPage
from desktop.views.complaints.step_dialog import StepDialog
from tests.support.widgets import rows_in, set_up_station, shown, type_text


def _choose(box: QComboBox, data: object) -> None:
    index = box.findData(data)
    assert index >= 0, (data, [box.itemData(i) for i in range(box.count())])
    box.setCurrentIndex(index)


def _step(qtbot, window: ComplaintWindow, step: Step, fill) -> None:  # type: ignore[no-untyped-def]
    """Click the step's button, fill its dialog, OK; the window shows the new state."""
    before = window.detail.status if window.detail else ""
    qtbot.mouseClick(window.step_buttons[step], Qt.MouseButton.LeftButton)
    dialog = window.last_dialog
    assert isinstance(dialog, StepDialog) and dialog.step == step
    fill(dialog)
    dialog.submit()
    assert not dialog.isVisible(), [e.text() for e in dialog.form.errors.values() if e.text()]
    assert window.detail is not None and (window.detail.status != before or step == Step.NOTE)


def _text(dialog: StepDialog, key: str, value: str) -> None:
    edit = dialog.fields[key]
    assert isinstance(edit, QPlainTextEdit)
    edit.setPlainText(value)


def test_a_phone_complaint_from_receipt_to_closure(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    ctx = set_up_station(tmp_path)
    officer = staff.create_staff(ctx.db, ctx.user_id, "field-1", "外勤甲", "field_officer", "pass-word-9").ids[0]
    page = ComplaintsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    shown(qtbot, page.model)
    assert page.model.rowCount() == 0 and page.new_button.isVisible() and page.assessment_button.isVisible()

    page.new_record()
    dialog = page.last_dialog
    assert isinstance(dialog, ComplaintDialog)
    qtbot.waitUntil(lambda: dialog.choices_in)
    assert not dialog.save_button.isEnabled()  # nothing typed yet
    _choose(dialog.channel, "phone")
    type_text(dialog.name, "韦秀英")
    type_text(dialog.phone, "13907721234")
    dialog.station.setChecked(True)
    dialog.what_happened.setPlainText("窗口人员态度冷淡，<b>材料</b>清单讲了三次")
    dialog.wants.setPlainText("希望改进")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.windows))
    window = next(iter(page.windows.values()))
    assert isinstance(window, ComplaintWindow) and window.detail is not None
    assert window.detail.status == "received" and "-TS-" in window.detail.number
    assert window.detail.what_happened.endswith("<b>材料</b>清单讲了三次")  # user text is data
    rows_in(qtbot, shown(qtbot, page.model))
    assert page.model.rowCount() == 1

    _step(qtbot, window, Step.ACCEPT, lambda d: _choose(d.fields["told_via"], "phone"))
    assert window.detail.status == "accepted"

    def assess(d: StepDialog) -> None:
        _choose(d.fields["severity"], "serious")
        _choose(d.fields["urgency"], "normal")
        _choose(d.fields["likelihood"], "likely")
        _choose(d.fields["assigned_to"], officer)

    _step(qtbot, window, Step.ASSESS, assess)
    _step(qtbot, window, Step.INVESTIGATE, lambda d: _text(d, "findings", "调取录像，属实"))
    _step(qtbot, window, Step.DECIDE, lambda d: _text(d, "decision", "批评教育，限期整改"))
    _step(qtbot, window, Step.TELL, lambda d: None)  # the decision is offered as what was said
    _step(qtbot, window, Step.RECORD_REACTION, lambda d: _choose(d.fields["satisfied"], True))

    def close(d: StepDialog) -> None:
        _choose(d.fields["valid"], True)
        _text(d, "reason", "态度问题属实")
        _choose(d.fields["rectified"], True)

    _step(qtbot, window, Step.CLOSE, close)
    assert window.detail.status == "closed" and window.detail.valid is True
    assert window.step_buttons == {} and not window.note_button.isEnabled()  # archived: nothing more
    kinds = [e.kind for e in window.detail.events]
    assert kinds == ["received", "accepted", "assessed", "investigated", "decided", "told", "reaction", "closed"]

    # the field officer it was assigned to sees it, without the complainant
    seen = complaint_detail.get_complaint(ctx.db, officer, window.complaint_id)
    assert seen.complainant == "" and seen.complainant_phone == "" and seen.actions == []

    assessment = AssessmentDialog(ctx, page)
    qtbot.addWidget(assessment)
    qtbot.waitUntil(lambda: not assessment.loading)
    assert assessment.table.topLevelItemCount() == 0  # about the station, nobody's account
    outcome = [assessment.classes.topLevelItem(n) for n in range(assessment.classes.topLevelItemCount())]
    assert any(item.text(0) == "结果" and item.child(0).text(0) == "有效投诉" for item in outcome if item)
    window.close()
    QApplication.processEvents()


def test_a_refused_step_keeps_the_dialog_open_with_the_message(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    from desktop.models.complaints import intake
    from desktop.models.complaints.intake import ComplaintInput

    ctx = set_up_station(tmp_path)
    cid = intake.create_complaint(ctx.db, ctx.user_id, ComplaintInput(
        "letter", "person", "收费不合理", complainant_name="覃某", about_station=True)).ids[0]
    window = ComplaintWindow(ctx, cid)
    qtbot.addWidget(window)
    qtbot.mouseClick(window.step_buttons[Step.NOT_ACCEPT], Qt.MouseButton.LeftButton)
    dialog = window.last_dialog
    assert isinstance(dialog, StepDialog)
    dialog.submit()  # no reason given
    assert dialog.isVisible() and dialog.form.errors["reason"].isVisible()
    assert window.detail is not None and window.detail.status == "received"


def test_the_letters_are_previewed_from_the_complaint_window(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    import re
    import subprocess

    from desktop.models.complaints import intake, lifecycle
    from desktop.models.complaints.intake import ComplaintInput

    from .test_visit_dialog import wait_previews

    ctx = set_up_station(tmp_path)
    cid = intake.create_complaint(ctx.db, ctx.user_id, ComplaintInput(
        "phone", "person", "检定证书迟迟未出", complainant_name="韦秀英", about_station=True)).ids[0]
    window = ComplaintWindow(ctx, cid)
    qtbot.addWidget(window)
    window.show()
    assert not window.letters_button.isEnabled()  # nothing to print before it is accepted
    lifecycle.accept(ctx.db, ctx.user_id, cid, "sms")
    window.reload()
    assert set(window.letters_button.actions_by_letter) == {"receipt"}
    window.letters_button.actions_by_letter["receipt"].trigger()
    preview = wait_previews(qtbot, window)[0]
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=15_000)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(preview.pdf_path), "-"], capture_output=True,
                                             text=True, check=True).stdout)
    assert "投诉受理回执" in text and "检定证书迟迟未出" in text and "短信" in text
    preview.reject()


def test_a_file_is_attached_from_the_window_and_listed(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    from desktop.models.complaints import intake
    from desktop.models.complaints.intake import ComplaintInput

    ctx = set_up_station(tmp_path)
    cid = intake.create_complaint(ctx.db, ctx.user_id, ComplaintInput(
        "letter", "person", "收费不合理", complainant_name="覃某", about_station=True)).ids[0]
    window = ComplaintWindow(ctx, cid)
    qtbot.addWidget(window)
    assert window.attach_button.isEnabled() and window.files.topLevelItemCount() == 0
    scan = tmp_path / "来信扫描.pdf"
    scan.write_bytes(b"%PDF-1.4 letter")
    window.attach([scan])
    qtbot.waitUntil(lambda: window.files.topLevelItemCount() == 1, timeout=10_000)
    assert window.files.topLevelItem(0).text(0) == "来信扫描.pdf"


def test_an_admin_sets_a_stages_time_limit(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    from desktop.models.complaints import intake
    from desktop.models.complaints.tables import Stage
    from desktop.views.complaints.time_limits_dialog import ComplaintTimeLimitsDialog

    ctx = set_up_station(tmp_path)
    dialog = ComplaintTimeLimitsDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading)
    assert dialog.days[Stage.ACCEPT].value() == 7
    dialog.days[Stage.INVESTIGATE].setValue(15)
    dialog.save()
    assert intake.time_limits(ctx.db)[Stage.INVESTIGATE] == 15 and dialog.result() == dialog.DialogCode.Accepted


def test_a_registration_is_corrected_before_the_assessment(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    from desktop.models.complaints import intake
    from desktop.models.complaints.intake import ComplaintInput

    ctx = set_up_station(tmp_path)
    cid = intake.create_complaint(ctx.db, ctx.user_id, ComplaintInput(
        "letter", "person", "收费不合理", complainant_name="覃某", complainant_phone="13907721234",
        about_station=True, wants="退费")).ids[0]
    window = ComplaintWindow(ctx, cid)
    qtbot.addWidget(window)
    assert window.edit_button.isVisibleTo(window)
    dialog = window.edit()
    assert isinstance(dialog, ComplaintDialog)
    qtbot.waitUntil(lambda: dialog.choices_in)
    assert dialog.name.text() == "覃某" and dialog.what_happened.toPlainText() == "收费不合理"
    assert not dialog.channel.isEnabled() and not dialog.kind.isEnabled()
    dialog.wants.setPlainText("退还多收的检测费")
    assert dialog.save()
    assert window.detail is not None and window.detail.wants == "退还多收的检测费"
    assert window.detail.events[-1].kind == "edited" and window.detail.complainant_phone == "13907721234"


def test_the_list_is_filtered_by_category_and_exported(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    from desktop.models.catalogue.catalogue import list_catalogue
    from desktop.models.complaints import intake
    from desktop.models.complaints.intake import ComplaintInput

    ctx = set_up_station(tmp_path)
    cats = [c.id for c in list_catalogue(ctx.db)]
    for n, category in enumerate((cats[0], cats[1], cats[1])):
        intake.create_complaint(ctx.db, ctx.user_id, ComplaintInput(
            "letter", "person", f"=HYPERLINK(\"x\") 第{n}件", complainant_name="覃某", about_station=True,
            category_id=category))
    page = ComplaintsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.categories_in and not page.model.searching)
    _choose(page.category_box, cats[1])
    qtbot.waitUntil(lambda: not page.model.searching and page.model.rowCount() == 2)
    out = tmp_path / "投诉.xlsx"
    page.run_export(out)
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=30_000)
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:2] == ("编号", "状态") and len(rows) == 3  # the two of that category
    assert {r[-1] for r in rows[1:]} == {"=HYPERLINK(\"x\") 第1件", "=HYPERLINK(\"x\") 第2件"}  # text, not formulas
    assert all(r[4] == "覃某" and r[1] == "已登记" for r in rows[1:])


def test_the_assessment_is_previewed_for_printing(qtbot, tmp_path, zh_app) -> None:  # type: ignore[no-untyped-def]
    from .test_visit_dialog import wait_previews

    ctx = set_up_station(tmp_path)
    dialog = AssessmentDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading)
    dialog.print_table()
    preview = wait_previews(qtbot, dialog)[0]
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=15_000)
    preview.reject()
