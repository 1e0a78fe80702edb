"""Export of a requests list to .xlsx, read back with openpyxl: order, labels, the due state in words,
formula-safe cells, progress, cancel (no file left) and the refusals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from desktop.models.core.spreadsheets import BadFile
from desktop.models.requests import intake, request_export, request_list
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.request_list import RequestQuery
from tests.support.samples import CAT1_ITEM, TODAY, Sample, at, build
from tests.support.stations import open_station


class Handle:
    """What a TaskHandle gives the export: a progress log and a cancel flag set after ``cancel_after``."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.calls: list[tuple[int, int]] = []
        self.cancel_after = cancel_after

    @property
    def cancelled(self) -> bool:
        return self.cancel_after is not None and bool(self.calls) and self.calls[-1][0] >= self.cancel_after

    def progress(self, done: int, total: int) -> None:
        self.calls.append((done, total))


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Iterator[Sample]:  # type: ignore[no-untyped-def]
    db, admin = open_station(tmp_path_factory.mktemp("export") / "station.sqlite3")
    yield build(db, admin)
    db.close()


def read_back(path: Path) -> list[list[str]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [["" if v is None else str(v) for v in r] for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


def test_export_round_trip(shared: Sample, tmp_path: Path) -> None:
    q = RequestQuery(sort="number", descending=False)
    ids = request_list.request_ids(shared.db, q, TODAY)
    path = tmp_path / "需求.xlsx"
    handle = Handle()
    assert request_export.export_requests(shared.db, path, ids, TODAY, handle) == 8
    rows = read_back(path)
    assert rows[0] == list(request_export.HEADERS)
    numbers = [r.number for r in request_list.rows_by_id(shared.db, ids)]
    assert [r[0] for r in rows[1:]] == numbers  # the list's order
    by_number = {r[0]: dict(zip(request_export.HEADERS, r, strict=True)) for r in rows[1:]}
    r1 = request_list.rows_by_id(shared.db, [shared.r[1]])[0]
    line = by_number[r1.number]
    assert (line["服务对象"], line["状态"], line["渠道"], line["所属区县"]) == (
        "柳州市龙城螺蛳粉有限公司", "已受理", "线下窗口", "鱼峰区")
    assert (line["服务类别"], line["经办人"], line["办理期限"], line["期限状态"]) == (
        "计量技术服务", "管理员", "2026-11-24 00:00:00", "已逾期")
    assert line["需求描述"] == "咨询电子秤检定周期"
    assert line["受理时间"] == "2026-11-23 09:00:00"  # local time, read back from a date cell (below)
    r2 = by_number[request_list.rows_by_id(shared.db, [shared.r[2]])[0].number]
    assert (r2["状态"], r2["期限状态"], r2["渠道"]) == ("已登记", "即将到期", "电话询问")
    r4 = by_number[request_list.rows_by_id(shared.db, [shared.r[4]])[0].number]
    assert (r4["服务机构"], r4["状态"]) == ("柳州市计量检定测试所", "已转办")
    r3 = by_number[request_list.rows_by_id(shared.db, [shared.r[3]])[0].number]
    assert (r3["服务类别"], r3["办理期限"], r3["期限状态"]) == ("计量技术服务、标准技术服务", "", "")
    assert handle.calls[-1] == (8, 8)
    # dates and times are date cells with a number format, not text; everything else is text
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    received, due = request_export.HEADERS.index("受理时间") + 1, request_export.HEADERS.index("办理期限") + 1
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column == received:
                assert cell.is_date and cell.number_format == "yyyy-mm-dd hh:mm"
                assert isinstance(cell.value, datetime)
            elif cell.column == due and cell.value is not None:
                assert cell.is_date and cell.number_format == "yyyy-mm-dd"
                assert type(cell.value.date() if isinstance(cell.value, datetime) else cell.value) is date
            elif cell.value is not None:
                assert cell.data_type == "s", (cell.coordinate, cell.value)
    book.close()
    assert not path.with_name(path.name + ".part").exists()


def test_a_filtered_list_exports_only_its_rows(shared: Sample, tmp_path: Path) -> None:
    q = RequestQuery(due="overdue")
    path = tmp_path / "overdue.xlsx"
    assert request_export.export_requests(shared.db, path, request_list.request_ids(shared.db, q, TODAY), TODAY) == 2
    assert {r[9] for r in read_back(path)[1:]} == {"已逾期"}


def test_user_text_stays_data(db, admin_id, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sample = build(db, admin_id)  # a request is added: a set of its own
    formula = "=HYPERLINK(\"http://example.com\",\"点此\")"
    inp = RequestInput(sample.clients["wei"], "window", (CAT1_ITEM,), formula, contact_name="@SUM(A1)")
    rid = intake.create_request(sample.db, sample.admin, inp, now=at(TODAY, 9)).ids[0]
    path = tmp_path / "x.xlsx"
    request_export.export_requests(sample.db, path, [rid], TODAY)
    book = openpyxl.load_workbook(path)
    cell = book.worksheets[0].cell(row=2, column=len(request_export.HEADERS))
    assert cell.data_type == "s" and cell.value == formula  # text, exactly as typed, not a formula
    assert cell.quotePrefix  # and it stays text when someone edits the cell
    book.close()


def test_cancel_leaves_no_file(shared: Sample, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(request_export, "CHUNK", 2)
    path = tmp_path / "cancelled.xlsx"
    ids = request_list.request_ids(shared.db, RequestQuery(), TODAY)
    handle = Handle(cancel_after=4)
    assert request_export.export_requests(shared.db, path, ids, TODAY, handle) == -1
    assert not path.exists() and not path.with_name(path.name + ".part").exists()
    assert handle.calls == [(2, 8), (4, 8)]


def test_refusals(shared: Sample, tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(BadFile):
        request_export.export_requests(shared.db, tmp_path / "x.csv", [shared.r[1]], TODAY)
    monkeypatch.setattr(request_export, "MAX_ROWS", 3)
    with pytest.raises(BadFile):
        request_export.export_requests(shared.db, tmp_path / "x.xlsx", list(shared.r.values()), TODAY)
    assert not list(tmp_path.glob("x.*"))
    path = tmp_path / "empty.xlsx"
    assert request_export.export_requests(shared.db, path, [], TODAY) == 0
    assert read_back(path) == [list(request_export.HEADERS)]
