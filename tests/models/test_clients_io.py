"""Import and export of the client registry (.csv as UTF-8 with BOM, .xlsx)."""

from __future__ import annotations

import csv
import gc
import tempfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from desktop.demo import demo_clients
from desktop.models.clients import clients, clients_io
from desktop.models.clients.clients import ClientInput, ClientQuery, ContactInput
from desktop.models.clients.clients_io import HEADERS
from desktop.models.core.db import Database
from desktop.models.core.spreadsheets import BadFile, RowProblem
from tests.support.stations import audit_entries, make_uscc, open_station

GOOD_USCC_1 = make_uscc(1)
GOOD_USCC_2 = make_uscc(2, "柳南区")
BAD_CHECK = make_uscc(3)[:17] + ("A" if make_uscc(3)[17] != "A" else "B")

# line 1 is the header
ROWS: list[list[str]] = [
    ["柳州市龙城螺蛳粉有限公司", GOOD_USCC_1, "鱼峰区", "柳州市鱼峰区文昌路88号", "螺蛳粉产业", "小型",
     "覃春梅；韦建国", "13912345678；0772-2881234"],  # 2: good, two contacts
    ["柳州错码汽车配件厂", BAD_CHECK, "柳南区", "", "汽车及零部件", "微型", "黄丽", "18677290001"],  # 3: bad USCC
    ["王伟", "", "柳北区", "", "", "", "王伟", "138 0000 1111"],  # 4: good, a person
    ["柳州坏号码机械有限公司", make_uscc(5), "柳江区", "", "机械装备", "中型", "莫海燕", "0772-123"],  # 5: bad phone
    ["", make_uscc(6), "城中区", "", "", "", "", ""],  # 6: no name
    ["柳州巨无霸钢材有限公司", make_uscc(7), "柳北区", "", "钢铁冶金", "巨型", "", ""],  # 7: unknown size
    ["柳州鑫源汽车配件厂", GOOD_USCC_2, "柳南区", "柳州市柳南区航生路1号", "汽车及零部件", "大型", "", ""],  # 8: good
]
BAD_LINES = {3: "uscc", 5: "contacts.0.phone", 6: "name", 7: "size"}
GOOD_NAMES = {"柳州市龙城螺蛳粉有限公司", "王伟", "柳州鑫源汽车配件厂"}


def write_csv(path: Path, rows: list[list[str]], header: tuple[str, ...] | list[str] = HEADERS,
              encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], header: tuple[str, ...] | list[str] = HEADERS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "服务对象"
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}


def _registry(db: Database) -> dict[str, tuple[object, ...]]:
    """Every client as comparable data, keyed by name + USCC."""
    out = {}
    for cid in clients.client_ids(db, ClientQuery()):
        d = clients.get_client(db, cid)
        out[f"{d.name}|{d.uscc}"] = (d.kind, d.name, d.uscc, d.district, d.address, d.industry, d.size,
                                     tuple((c.name, c.phone) for c in d.contacts))
    return out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_good_and_bad_rows(db: Database, admin_id: int, tmp_path: Path, fmt: str) -> None:
    path = WRITERS[fmt](tmp_path / f"名单.{fmt}", ROWS)
    progress: list[tuple[int, int]] = []
    report = clients_io.import_clients(db, admin_id, path, progress=lambda d, t: progress.append((d, t)))
    assert (report.added, report.skipped, report.cancelled) == (3, 0, False)
    assert {(p.line, p.field) for p in report.rejected} == set(BAD_LINES.items())
    assert report.rejected_lines == 4
    assert all(p.message for p in report.rejected)
    assert progress[-1] == (7, 7)
    by_line = {p.line: p for p in report.rejected}
    assert "check character" in by_line[3].message
    assert by_line[7].message == "Size must be 微型, 小型, 中型 or 大型."
    # good rows are in, nothing of a bad row is
    reg = _registry(db)
    assert {k.split("|")[0] for k in reg} == GOOD_NAMES
    assert reg[f"柳州市龙城螺蛳粉有限公司|{GOOD_USCC_1}"] == (
        "enterprise", "柳州市龙城螺蛳粉有限公司", GOOD_USCC_1, "鱼峰区", "柳州市鱼峰区文昌路88号", "螺蛳粉产业",
        "small",
        (("覃春梅", "13912345678"), ("韦建国", "0772-2881234")))
    assert reg["王伟|"] == ("person", "王伟", "", "柳北区", "", "", "", (("王伟", "13800001111"),))
    assert reg[f"柳州鑫源汽车配件厂|{GOOD_USCC_2}"][6] == "large"
    for row in ROWS:
        if row[1] and row[1] not in (GOOD_USCC_1, GOOD_USCC_2):
            assert clients.find_by_uscc(db, row[1]) is None
    for term in ("错码汽车", "坏号码", "巨无霸", "莫海燕", "黄丽"):
        assert clients.count_matching(db, ClientQuery(text=term)) == 0, term
    # imported rows are audited like any other, and the import itself once
    assert len(audit_entries(db, "client", "create")) == 3
    events = [e["changes"] for e in audit_entries(db, "client", "event")]
    assert events == [{"import": path.name, "lines": [2, 8]}]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_second_import_adds_nothing(db: Database, admin_id: int, tmp_path: Path, fmt: str) -> None:
    path = WRITERS[fmt](tmp_path / f"名单.{fmt}", ROWS)
    clients_io.import_clients(db, admin_id, path)
    before = _registry(db)
    report = clients_io.import_clients(db, admin_id, path)
    assert (report.added, report.skipped) == (0, 3)
    assert {(p.line, p.field) for p in report.rejected} == set(BAD_LINES.items())
    assert _registry(db) == before


def test_a_person_is_known_by_name_and_first_phone(db: Database, admin_id: int, tmp_path: Path) -> None:
    rows = [["王伟", "", "柳北区", "", "", "", "王伟", "13800001111"],
            ["王伟", "", "柳北区", "", "", "", "王伟", "13800002222"],  # a namesake: another person
            ["李娜", "", "", "", "", "", "", ""]]
    path = write_csv(tmp_path / "people.csv", rows)
    assert clients_io.import_clients(db, admin_id, path).added == 3
    report = clients_io.import_clients(db, admin_id, path)
    assert (report.added, report.skipped) == (0, 3)
    assert clients.count_clients(db) == 3


def test_duplicates_inside_one_file(db: Database, admin_id: int, tmp_path: Path) -> None:
    rows = [ROWS[0], [*ROWS[0][:1], GOOD_USCC_1.lower(), *ROWS[0][2:]]]
    report = clients_io.import_clients(db, admin_id, write_csv(tmp_path / "dup.csv", rows))
    assert (report.added, report.skipped, report.rejected) == (1, 1, [])


def test_contacts_separated_by_semicolons(db: Database, admin_id: int, tmp_path: Path) -> None:
    rows = [["柳州市龙城螺蛳粉有限公司", GOOD_USCC_1, "", "", "", "",
             "覃春梅；韦建国;蓝志红、莫海燕", "13912345678；0772-2881234;15977201234、13307720000"]]
    clients_io.import_clients(db, admin_id, write_csv(tmp_path / "c.csv", rows))
    detail = clients.get_client(db, clients.find_by_uscc(db, GOOD_USCC_1))
    assert [(c.name, c.phone) for c in detail.contacts] == [
        ("覃春梅", "13912345678"), ("韦建国", "0772-2881234"), ("蓝志红", "15977201234"), ("莫海燕", "13307720000")]


def test_more_phones_than_names_is_a_bad_row(db: Database, admin_id: int, tmp_path: Path) -> None:
    rows = [["柳州市龙城螺蛳粉有限公司", GOOD_USCC_1, "", "", "", "", "覃春梅", "13912345678；0772-2881234"]]
    report = clients_io.import_clients(db, admin_id, write_csv(tmp_path / "c.csv", rows))
    assert report.added == 0
    assert [(p.line, p.field) for p in report.rejected] == [(2, "contacts.1.name")]


def test_columns_in_any_order_and_numbers_from_excel(db: Database, admin_id: int, tmp_path: Path) -> None:
    header = ["联系电话", "名称", "规模", "统一社会信用代码", "联系人"]
    # Excel keeps a mobile number typed without quotes as a number
    row: list[object] = [13912345678, "柳州市龙城螺蛳粉有限公司", "小型企业", GOOD_USCC_1, "覃春梅"]
    path = write_xlsx(tmp_path / "order.xlsx", [row], header)
    assert clients_io.import_clients(db, admin_id, path).added == 1
    detail = clients.get_client(db, clients.find_by_uscc(db, GOOD_USCC_1))
    assert (detail.size, detail.district, detail.contacts[0].phone) == ("small", "", "13912345678")


def test_empty_lines_are_skipped_but_counted(db: Database, admin_id: int, tmp_path: Path) -> None:
    rows = [ROWS[0], ["", "", "", "", "", "", "", ""], [], ROWS[4]]
    report = clients_io.import_clients(db, admin_id, write_csv(tmp_path / "gaps.csv", rows))
    assert report.added == 1
    assert report.rejected == [RowProblem(5, "name", "This field is required.")]


# ---- export ----------------------------------------------------------------------------------------

def _fill(db: Database, admin_id: int) -> None:
    for inp in (
        ClientInput("柳州市龙城螺蛳粉有限公司", GOOD_USCC_1, district="鱼峰区", address="柳州市鱼峰区文昌路88号",
                    industry="螺蛳粉产业", size="small",
                    contacts=(ContactInput("覃春梅", "13912345678"), ContactInput("韦建国", "0772-2881234"))),
        ClientInput("柳州鑫源汽车配件厂", GOOD_USCC_2, district="柳南区", industry="汽车及零部件", size="large"),
        ClientInput("王伟", kind="person", district="柳北区", contacts=(ContactInput("王伟", "13800001111"),)),
        ClientInput("李娜", kind="person"),
        ClientInput("=1+1", kind="person", contacts=(ContactInput("-王伟", "13800002222"),)),
        ClientInput("+SUM(A1:A9)", make_uscc(8), size="micro"),
        ClientInput("-2+3", kind="person"),
        ClientInput("@cmd|' /C calc'!A0", kind="person"),
        ClientInput('柳州"金桥",商贸；有限公司', make_uscc(9), address="文昌路1号，2楼"),
    ):
        clients.create_client(db, admin_id, inp)


FORMULAS = {"=1+1", "+SUM(A1:A9)", "-2+3", "@cmd|' /C calc'!A0"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_and_reimport_round_trip(db: Database, admin_id: int, tmp_path: Path, fmt: str) -> None:
    _fill(db, admin_id)
    path = tmp_path / f"export.{fmt}"
    ids = clients.client_ids(db, ClientQuery())
    progress: list[tuple[int, int]] = []
    assert clients_io.export_clients(db, path, ids, progress=lambda d, t: progress.append((d, t))) == 9
    assert progress[-1] == (9, 9)
    assert path.exists() and not path.with_name(path.name + ".part").exists()
    fresh, fresh_admin = open_station(tmp_path / "fresh.sqlite3")
    try:
        report = clients_io.import_clients(fresh, fresh_admin, path)
        assert (report.added, report.skipped, report.rejected) == (9, 0, [])
        assert _registry(fresh) == _registry(db)
    finally:
        fresh.close()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_looking_text_stays_text(db: Database, admin_id: int, tmp_path: Path, fmt: str) -> None:
    """A CSV cell has no type: formula-looking text gets an apostrophe. An .xlsx cell is typed: the text is
    kept exactly, in a text cell with Excel's quote prefix."""
    _fill(db, admin_id)
    path = tmp_path / f"export.{fmt}"
    clients_io.export_clients(db, path, clients.client_ids(db, ClientQuery()))
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            cells = list(csv.reader(fh))
    else:
        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        assert all(c.data_type == "s" for row in sheet.iter_rows() for c in row if c.value is not None)
        assert all(c.quotePrefix for row in sheet.iter_rows() for c in row if str(c.value)[:1] in "=+@")
        cells = [[c.value or "" for c in row] for row in sheet.iter_rows()]
        book.close()
    assert cells[0] == list(HEADERS)
    names = {row[0] for row in cells[1:]}
    escape = "'" if fmt == "csv" else ""
    assert {escape + f for f in FORMULAS} <= names
    if escape:
        assert not FORMULAS & names
    assert escape + "-王伟" in {row[6] for row in cells[1:]}
    assert "柳州市龙城螺蛳粉有限公司" in names  # ordinary text is left alone
    phones = {row[7] for row in cells[1:]}
    assert "0772-2881234" in {p for cell in phones for p in cell.split("；")}


def test_export_follows_ids_order(db: Database, admin_id: int, tmp_path: Path) -> None:
    _fill(db, admin_id)
    ids = clients.client_ids(db, ClientQuery(sort="name", descending=True))[:3]
    path = tmp_path / "some.csv"
    assert clients_io.export_clients(db, path, ids) == 3
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert [r[0] for r in rows] == [clients.get_client(db, i).name for i in ids]
    assert rows[0][5] in ("", "微型", "小型", "中型", "大型")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_everything(db: Database, admin_id: int, tmp_path: Path, fmt: str) -> None:
    _fill(db, admin_id)
    path = tmp_path / f"all.{fmt}"
    assert clients_io.export_clients(db, path) == 9
    fresh, fresh_admin = open_station(tmp_path / "fresh.sqlite3")
    try:
        assert clients_io.import_clients(fresh, fresh_admin, path).added == 9
        assert _registry(fresh) == _registry(db)
    finally:
        fresh.close()


def test_export_in_chunks(db: Database, admin_id: int, tmp_path: Path) -> None:
    demo_clients.generate_clients(db, 2100, admin_id)  # more than one 2000-row chunk
    everything = tmp_path / "all.csv"
    assert clients_io.export_clients(db, everything) == 2100
    with everything.open(encoding="utf-8-sig", newline="") as fh:
        usccs = [r[1] for r in list(csv.reader(fh))[1:]]
    with db.read() as s:
        by_id = dict(s.execute(text("SELECT id, uscc FROM client")).all())
    assert usccs == [by_id[i] for i in sorted(by_id)]
    # chosen ids, in their own order across chunk boundaries
    ids = [*sorted(by_id, reverse=True)[:2050:2], 1, 3]
    chosen = tmp_path / "chosen.csv"
    assert clients_io.export_clients(db, chosen, ids) == len(ids)
    with chosen.open(encoding="utf-8-sig", newline="") as fh:
        assert [r[1] for r in list(csv.reader(fh))[1:]] == [by_id[i] for i in ids]


def test_export_of_an_empty_registry(db: Database, admin_id: int, tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    assert clients_io.export_clients(db, path) == 0
    book = openpyxl.load_workbook(path)
    assert [[c.value for c in r] for r in book.worksheets[0].iter_rows()] == [list(HEADERS)]
    book.close()


def test_text_starting_with_an_apostrophe_round_trips(db: Database, admin_id: int, tmp_path: Path) -> None:
    clients.create_client(db, admin_id, ClientInput("'=abc", kind="person"))
    path = tmp_path / "apostrophe.csv"
    clients_io.export_clients(db, path, clients.client_ids(db, ClientQuery()))
    fresh, fresh_admin = open_station(tmp_path / "fresh.sqlite3")
    try:
        clients_io.import_clients(fresh, fresh_admin, path)
        assert _registry(fresh) == _registry(db)
    finally:
        fresh.close()


# ---- bad files -------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8"])  # what WPS / Excel 2010–2013 save, and plain UTF-8
def test_csv_in_the_encodings_people_have(db: Database, admin_id: int, tmp_path: Path, encoding: str) -> None:
    extra = ["柳州市䶮𠀀桂湘商贸有限公司", make_uscc(11), "柳北区", "", "", "", "", ""]  # only GB18030 has these
    rows = [*ROWS, extra] if encoding == "gb18030" else ROWS
    path = write_csv(tmp_path / f"{encoding}.csv", rows, encoding=encoding)
    report = clients_io.import_clients(db, admin_id, path)
    assert {(p.line, p.field) for p in report.rejected} == set(BAD_LINES.items())
    names = {k.split("|")[0] for k in _registry(db)}
    assert names == GOOD_NAMES | ({"柳州市䶮𠀀桂湘商贸有限公司"} if encoding == "gb18030" else set())
    assert _registry(db)[f"柳州市龙城螺蛳粉有限公司|{GOOD_USCC_1}"][7] == (("覃春梅", "13912345678"),
                                                                        ("韦建国", "0772-2881234"))


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16"])  # utf-16 with its BOM: Excel's "Unicode text"
def test_a_short_gbk_file_is_read_as_gbk(db: Database, admin_id: int, tmp_path: Path, encoding: str) -> None:
    """One client in a GBK file is too little text for an encoding detector (it took it for Korean): GB18030, the
    encoding of the clerks' own spreadsheets, is tried before guessing."""
    path = tmp_path / "one.csv"
    path.write_bytes("名称,地址\n覃春梅,箭盘路8号\n".encode(encoding))
    report = clients_io.import_clients(db, admin_id, path)
    assert report.rejected == [] and {k.split("|")[0] for k in _registry(db)} == {"覃春梅"}


def test_csv_in_no_known_encoding(db: Database, admin_id: int, tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(BadFile) as info:
        clients_io.import_clients(db, admin_id, path)
    assert "encoding" in info.value.message and "UTF-8" in info.value.message
    assert clients.count_clients(db) == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_name_header(db: Database, admin_id: int, tmp_path: Path, fmt: str) -> None:
    header = ["企业名称", *HEADERS[1:]]
    path = WRITERS[fmt](tmp_path / f"noname.{fmt}", ROWS, header)
    with pytest.raises(BadFile) as info:
        clients_io.import_clients(db, admin_id, path)
    assert "名称" in info.value.message
    assert clients.count_clients(db) == 0


def test_other_bad_files(db: Database, admin_id: int, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(BadFile, match="empty"):
        clients_io.import_clients(db, admin_id, empty)
    txt = write_csv(tmp_path / "list.txt", ROWS)
    with pytest.raises(BadFile, match="xlsx"):
        clients_io.import_clients(db, admin_id, txt)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(BadFile, match="Excel"):
        clients_io.import_clients(db, admin_id, fake)
    with pytest.raises(BadFile):
        clients_io.export_clients(db, tmp_path / "out.txt")
    assert not (tmp_path / "out.txt").exists()
    assert clients.count_clients(db) == 0


# ---- cancellation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cancelled_export_leaves_no_file(db: Database, admin_id: int, tmp_path: Path, fmt: str) -> None:
    demo_clients.generate_clients(db, 1200, admin_id)  # export looks at ``cancelled`` every 1000 rows
    path = tmp_path / f"big.{fmt}"
    ids = clients.client_ids(db, ClientQuery())
    assert clients_io.export_clients(db, path, ids, cancelled=lambda: True) == -1
    assert not path.exists()
    assert list(tmp_path.glob("big*")) == []
    # an existing file of that name is left as it was
    path.write_bytes(b"old export")
    assert clients_io.export_clients(db, path, ids, cancelled=lambda: True) == -1
    assert path.read_bytes() == b"old export"
    # not cancelled: all rows
    assert clients_io.export_clients(db, path, ids, cancelled=lambda: False) == 1200
    gc.collect()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_cancelled_xlsx_export_leaves_no_temporary_file(db: Database, admin_id: int, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    demo_clients.generate_clients(db, 1200, admin_id)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where openpyxl puts its worksheet files
    ids = clients.client_ids(db, ClientQuery())
    assert clients_io.export_clients(db, tmp_path / "big.xlsx", ids) == 1200
    assert list(temp.iterdir()) == []  # a finished export cleans up after itself ...
    assert clients_io.export_clients(db, tmp_path / "big2.xlsx", ids, cancelled=lambda: True) == -1
    gc.collect()
    assert list(temp.iterdir()) == []  # ... a cancelled one should too


def test_cancelled_small_export_leaves_no_file(db: Database, admin_id: int, tmp_path: Path) -> None:
    _fill(db, admin_id)
    path = tmp_path / "small.csv"
    result = clients_io.export_clients(db, path, clients.client_ids(db, ClientQuery()), cancelled=lambda: True)
    assert not path.exists()
    assert result == -1


def test_cancelled_import_stops_after_a_batch(db: Database, admin_id: int, tmp_path: Path) -> None:
    rows = [[f"柳州市第{n}号商行", make_uscc(1000 + n), "", "", "", "", "", ""] for n in range(clients_io.BATCH + 20)]
    path = write_csv(tmp_path / "many.csv", rows)
    report = clients_io.import_clients(db, admin_id, path, cancelled=lambda: True)
    assert report.cancelled
    assert report.added == clients_io.BATCH == clients.count_clients(db)
    report = clients_io.import_clients(db, admin_id, path)  # picks up where it stopped
    assert (report.added, report.skipped, report.cancelled) == (20, clients_io.BATCH, False)


def test_full_width_phone_digits_do_not_abort_an_import(db: Database, admin_id: int, tmp_path: Path) -> None:
    rows = [ROWS[0], ["柳州全角电话有限公司", make_uscc(11), "", "", "", "", "黄丽", "139１２３４５６７８"], ROWS[6]]
    report = clients_io.import_clients(db, admin_id, write_csv(tmp_path / "fw.csv", rows))
    # either fix is right: the row is reported on its phone, or imported with ASCII digits
    if report.rejected:
        assert [(p.line, p.field) for p in report.rejected] == [(3, "contacts.0.phone")]
        assert report.added == 2
    else:
        assert report.added == 3
        detail = clients.get_client(db, clients.find_by_uscc(db, make_uscc(11)))
        assert detail.contacts[0].phone == "13912345678"
