"""A request's Print button: the one-time notice once it is registered, a referral slip per referral; each made in
the background and shown in the print preview, whose PDF says what the request says."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from desktop.context import AppContext
from desktop.models.clients import clients
from desktop.models.requests import intake, request_detail
from desktop.models.requests.intake import RequestInput
from desktop.views.requests.request_detail import RequestDetailDialog
from tests.support.stations import LUOSIFEN

from .test_visit_dialog import in_service_request, wait_previews


def open_detail(qtbot, ctx: AppContext, request_id: int) -> RequestDetailDialog:  # type: ignore[no-untyped-def]
    window = RequestDetailDialog(ctx, request_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def text_of(path: Path) -> str:
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                             check=True).stdout)


def test_nothing_to_print_for_a_request_just_received(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    client_id = clients.create_client(ctx.db, ctx.user_id, LUOSIFEN).ids[0]
    rid = intake.create_request(ctx.db, ctx.user_id, RequestInput(client_id, "phone", (1,), "咨询")).ids[0]
    window = open_detail(qtbot, ctx, rid)
    assert not window.print_button.isEnabled() and window.print_button.actions_by_kind == {}


def test_the_notice_and_the_referral_slip_are_previewed(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    rid = in_service_request(ctx)
    window = open_detail(qtbot, ctx, rid)
    detail = request_detail.get_request(ctx.db, rid)
    actions = window.print_button.actions_by_kind
    assert window.print_button.isEnabled()
    assert set(actions) == {"notice", f"referral:{detail.referrals[0].id}"}

    actions["notice"].trigger()
    preview = wait_previews(qtbot, window)[0]
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=15_000)
    text = text_of(preview.pdf_path)
    assert "一次性告知书" in text and "请携带计量器具清单" in text and detail.number in text
    assert f"由{ctx.user.name}于" in text  # type: ignore[union-attr]  # who printed it (保密制度)
    from desktop.models.archives import access_log

    newest = access_log.entries(ctx.db, ctx.user_id)[1][0]
    assert (newest.action, newest.document, newest.what) == ("print", "notice", detail.number)
    preview.reject()
    qtbot.waitUntil(lambda: not preview.isVisible())

    actions[f"referral:{detail.referrals[0].id}"].trigger()
    slip = next(p for p in wait_previews(qtbot, window) if p is not preview)
    qtbot.waitUntil(lambda: slip.page_count() > 0, timeout=15_000)
    text = text_of(slip.pdf_path)
    assert "服务转办单" in text and "柳州市计量检定测试所" in text and LUOSIFEN.name in text
    slip.reject()
