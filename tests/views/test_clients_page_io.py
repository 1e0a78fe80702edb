"""Import and export from the client page: off the GUI thread, with a summary the clerk can read."""

from __future__ import annotations

import csv

from PySide6.QtWidgets import QFileDialog

from desktop.demo.demo_clients import make_uscc
from desktop.models.clients import clients
from desktop.views.clients.clients_page import ClientsPage
from tests.support.widgets import set_up_station, shown

HEADERS = ["名称", "统一社会信用代码", "所属区县", "地址", "行业", "规模", "联系人", "联系电话"]


def test_import_then_export_through_the_page(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path / "station")
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        w.writerow(["柳州市鹿寨县桂中茶业有限公司", make_uscc("鹿寨县", 9001), "鹿寨县", "", "农业", "微型", "潘红",
                    "13768123456"])
        w.writerow(["坏电话公司", make_uscc("鹿寨县", 9002), "鹿寨县", "", "", "", "韦强", "0772-12"])
    page.run_import(source)
    qtbot.waitUntil(lambda: getattr(page, "last_message", None) is not None, timeout=10_000)
    box = page.last_message
    assert box.text() == "新增 1 条，已登记 0 条，拒绝 1 条。"
    assert "第 3 行" in box.detailedText() and "联系人 1：联系电话" in box.detailedText()
    assert shown(qtbot, page.model).rowCount() == 1  # the table refreshed itself
    qtbot.waitUntil(lambda: page.industry.findData("农业") > 0)  # and the industry filter learnt the new value
    box.close()

    page.last_message = None
    out = tmp_path / "out.csv"
    page.run_export(out)
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=10_000)
    assert page.last_message.text().startswith("已导出 1 个服务对象")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == HEADERS and rows[1][0] == "柳州市鹿寨县桂中茶业有限公司"
    assert clients.count_clients(ctx.db) == 1
    ctx.close()


def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_message(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path / "station")
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    page.run_import(bad)
    qtbot.waitUntil(lambda: getattr(page, "last_message", None) is not None, timeout=10_000)
    assert page.last_message.text() == "无法作为 Excel 工作簿读取该文件。"
    ctx.close()


def test_export_offers_xlsx_first_and_says_why(qtbot, zh_app, tmp_path, monkeypatch) -> None:
    ctx = set_up_station(tmp_path / "station")
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    asked: list[tuple[str, str]] = []

    def save_name(_parent, _caption, name, filters):  # what the file chooser was given; the clerk cancels
        asked.append((name, filters))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    page.export_file()
    name, filters = asked[0]
    xlsx, csv_filter = filters.split(";;")
    assert name.endswith(".xlsx") and xlsx.endswith("(*.xlsx)") and csv_filter.endswith("(*.csv)")
    assert "信用代码" in xlsx and "9.1E+17" in csv_filter  # in Chinese, saying why
    ctx.close()


def test_a_gbk_csv_from_wps_imports_and_control_characters_are_named(qtbot, zh_app, tmp_path) -> None:
    ctx = set_up_station(tmp_path / "station")
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    source = tmp_path / "wps.csv"
    with source.open("w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        w.writerow(["柳州市鹿寨县桂中茶业有限公司", make_uscc("鹿寨县", 9001), "鹿寨县", "", "农业", "微型", "潘红",
                    "13768123456"])
        w.writerow(["柳州\x07响铃公司", "", "鹿寨县", "", "", "", "", ""])
    page.run_import(source)
    qtbot.waitUntil(lambda: getattr(page, "last_message", None) is not None, timeout=10_000)
    box = page.last_message
    assert box.text() == "新增 1 条，已登记 0 条，拒绝 1 条。"
    assert "第 3 行" in box.detailedText() and "U+0007" in box.detailedText()
    assert "控制字符" in box.detailedText()
    ctx.close()
