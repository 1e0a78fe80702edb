"""Hostile text pasted into the real forms: a refusal shown at the field, in Chinese, or the text kept as typed."""

from __future__ import annotations

import pytest

from desktop.views.clients.client_dialog import ClientDialog
from desktop.views.institutions.institution_dialog import InstitutionDialog
from tests.support.hostile import KEPT, MULTI_LINE_ONLY, REFUSED, Hostile, ids
from tests.support.widgets import set_up_station

ALL = (*KEPT, *REFUSED, *MULTI_LINE_ONLY)
REFUSAL = ("控制字符", "只能填写一行")


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    context = set_up_station(tmp_path_factory.mktemp("station"))
    yield context
    context.close()


def _put(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """As pasted: a line edit's text, or an editable combo box's."""
    if hasattr(widget, "setEditText"):
        widget.setEditText(text)
    else:
        widget.setText(text)


@pytest.mark.parametrize("h", ALL, ids=ids(ALL))
def test_client_dialog_refuses_at_the_field_or_keeps_the_text(qtbot, zh_app, ctx, h: Hostile) -> None:
    dialog = ClientDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
    _put(dialog.name, "柳州市柳南区某某")
    for field in ("name", "address", "industry"):
        widget = getattr(dialog, field)
        _put(widget, h.text)
        message = dialog.form.errors[field].text()
        if h in KEPT and not (field == "industry" and len(h.text) > 50):
            assert message == "", (field, message)
            assert dialog.save_button.isEnabled()
            shown = widget.currentText() if hasattr(widget, "currentText") else widget.text()
            assert shown == h.text  # shown exactly as typed
        else:
            assert any(word in message for word in REFUSAL), (field, message)
            assert not dialog.save_button.isEnabled()
        _put(widget, "柳州市柳南区某某")
    assert dialog.value().name == "柳州市柳南区某某"


@pytest.mark.parametrize("h", [*REFUSED, *MULTI_LINE_ONLY], ids=ids((*REFUSED, *MULTI_LINE_ONLY)))
def test_a_multi_line_note_keeps_tab_and_newline_only(qtbot, zh_app, ctx, h: Hostile) -> None:
    dialog = InstitutionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.note.setPlainText(h.text)
    message = dialog.form.errors["note"].text()
    if h in MULTI_LINE_ONLY:
        assert message == ""
        assert dialog.value().note == h.text
    elif h.key == "carriage_return":  # the text box itself turns a pasted CR into a line break
        assert message == "" and dialog.value().note == "a\nb"
    else:
        assert "控制字符" in message, message
