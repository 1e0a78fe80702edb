"""The screenless commands as IT staff run them, on a real data directory: ``quality-station`` itself in a process
of its own (``run_process``), and the same entry point, ``desktop.cli.main``, in this process (``run``: quicker,
so most tests use it)."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sqlite3
import subprocess
import sys
import tracemalloc
from pathlib import Path
from unittest import mock

from sqlalchemy import text as sql

from desktop.cli import main
from desktop.demo.demo_clients import make_uscc
from desktop.models.accounts import staff
from desktop.models.clients import clients
from desktop.models.core import station
from desktop.models.core.db import Database
from desktop.paths import database_path
from tests.support.pipes import assert_quiet_exit, run_into_closed_pipe


def run_process(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, env or {}), mock.patch.object(sys, "stdin", io.StringIO(stdin)), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


SETUP = ("setup", "--station-code", "LZ-RA01", "--station-name", "融安县质量服务站", "--district", "融安县",
         "--level", "county", "--admin", "lihua")


def setup_station(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run(*SETUP, "--data-dir", str(data_dir), stdin="rongan-2026\n")


def test_setup_reads_the_password_from_stdin(tmp_path) -> None:
    result = run_process(*SETUP, "--data-dir", str(tmp_path), stdin="rongan-2026\n")
    assert result.returncode == 0, result.stderr
    assert "LZ-RA01" in result.stdout and "已完成设置" in result.stdout
    db = Database(database_path(tmp_path))
    info = station.get_station(db)
    assert info is not None and info.level == "county" and info.district == "融安县"
    assert staff.authenticate(db, "lihua", "rongan-2026").role == "admin"
    again = setup_station(tmp_path)
    assert again.returncode == 1 and "已完成设置" in again.stderr
    db.close()


def test_setup_refuses_bad_input_field_by_field(tmp_path) -> None:
    result = run("setup", "--data-dir", str(tmp_path), "--station-code", "x", "--station-name", "站",
                 "--district", "北京", "--admin", "A", stdin="short\n", env={"QUALITY_STATION_DATA_DIR": ""})
    assert result.returncode == 2
    for text in ("站点代码", "请选择柳州市的区县", "管理员用户名", "密码至少 8 位"):
        assert text in result.stderr
    assert not station.is_set_up(Database(database_path(tmp_path)))


def test_data_dir_from_the_environment(tmp_path) -> None:
    result = run("setup", "--station-code", "LZ-RA01", "--station-name", "融安县质量服务站", "--district", "融安县",
                 "--admin", "lihua", stdin="rongan-2026\n", env={"QUALITY_STATION_DATA_DIR": str(tmp_path / "env")})
    assert result.returncode == 0, result.stderr
    assert database_path(tmp_path / "env").exists()


def test_import_reports_bad_lines_and_exits_non_zero_then_export(tmp_path) -> None:
    assert setup_station(tmp_path).returncode == 0
    good = make_uscc("融安县", 55_501)
    bad = make_uscc("融安县", 55_502)
    bad = bad[:-1] + ("0" if bad[-1] != "0" else "1")
    source = tmp_path / "clients.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["名称", "统一社会信用代码", "所属区县", "地址", "行业", "规模", "联系人", "联系电话"])
        w.writerow(["融安县金桔食品有限公司", good, "融安县", "融安县长安镇", "食品加工", "小型", "陆明",
                    "13907721234"])
        w.writerow(["坏代码公司", bad, "融安县", "", "", "", "", ""])
        w.writerow(["", "", "", "", "", "巨型", "", "12345"])
    result = run("clients", "import", str(source), "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "第 3 行" in result.stderr and "校验码" in result.stderr
    assert "第 4 行" in result.stderr and "此项为必填项" in result.stderr and "规模" in result.stderr
    assert "新增 1 条，已登记 0 条，拒绝 2 条" in result.stdout
    again = run("clients", "import", str(source), "--data-dir", str(tmp_path))
    assert "新增 0 条，已登记 1 条" in again.stdout

    out = tmp_path / "out.xlsx"
    exported = run("clients", "export", str(out), "--data-dir", str(tmp_path), "--lang", "en")
    assert exported.returncode == 0 and "Exported 1 clients" in exported.stdout
    import openpyxl

    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("名称", "统一社会信用代码", "所属区县", "地址", "行业", "规模", "联系人", "联系电话")
    assert rows[1][:2] == ("融安县金桔食品有限公司", good) and rows[1][5] == "小型"


def test_demo_data(tmp_path) -> None:
    assert setup_station(tmp_path).returncode == 0
    result = run("demo-data", "--data-dir", str(tmp_path), "--clients", "300")
    assert result.returncode == 0, result.stderr
    db = Database(database_path(tmp_path))
    assert clients.count_clients(db) == 300
    db.close()


def _count(data_dir: Path, table: str) -> int:
    db = Database(database_path(data_dir))
    try:
        with db.read() as s:
            return int(s.execute(sql(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        db.close()


def test_demo_requests(tmp_path) -> None:
    assert setup_station(tmp_path).returncode == 0
    result = run("demo-data", "--data-dir", str(tmp_path), "--clients", "60", "--requests", "250", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Added 60 demo clients" in result.stdout and "Added 250 demo requests" in result.stdout
    assert "250 of 250" in result.stderr  # progress
    assert (_count(tmp_path, "client"), _count(tmp_path, "service_request")) == (60, 250)
    assert _count(tmp_path, "institution") >= 30
    # more requests for the same clients: the numbers go on, nothing else is made again
    more = run("demo-data", "--requests", "40", "--data-dir", str(tmp_path), "--lang", "en")
    assert more.returncode == 0 and "clients" not in more.stdout, more.stdout
    assert (_count(tmp_path, "client"), _count(tmp_path, "service_request")) == (60, 290)
    db = Database(database_path(tmp_path))
    with db.read() as s:
        assert s.execute(sql("SELECT count(DISTINCT number) FROM service_request")).scalar_one() == 290
    db.close()


def test_demo_improvement(tmp_path) -> None:
    assert setup_station(tmp_path).returncode == 0
    result = run("demo-data", "--data-dir", str(tmp_path), "--clients", "40", "--requests", "600", "--complaints", "60",
                 "--plans", "2", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Added 2 demo improvement plans" in result.stdout
    assert _count(tmp_path, "improvement_plan") == 2 and _count(tmp_path, "plan_action") >= 2
    db = Database(database_path(tmp_path))
    with db.read() as s:  # every bad review and valid complaint has its rectification, the older ones closed
        missing = s.execute(sql(
            "SELECT count(*) FROM evaluation e WHERE (e.demand_matching <= 2 OR e.service_level <= 2 OR "
            "e.attitude <= 2 OR e.complaint_handling <= 2) AND NOT EXISTS (SELECT 1 FROM rectification x "
            "WHERE x.evaluation_id = e.id)")).scalar_one()
        statuses = dict(s.execute(sql("SELECT status, count(*) FROM rectification GROUP BY 1")).all())
    db.close()
    assert missing == 0 and statuses.get("closed", 0) > 0
    more = run("demo-data", "--data-dir", str(tmp_path), "--plans", "1", "--lang", "en")  # plans alone:
    assert more.returncode == 0 and "clients" not in more.stdout  # no clients are made with them
    assert _count(tmp_path, "client") == 40 and _count(tmp_path, "improvement_plan") == 3


def test_demo_visits_are_signed_archived_and_verify(tmp_path) -> None:
    assert setup_station(tmp_path).returncode == 0
    result = run("demo-data", "--data-dir", str(tmp_path), "--clients", "40", "--requests", "200", "--visits", "12",
                 "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Added 12 signed demo visit records" in result.stdout
    assert _count(tmp_path, "visit") == 12
    db = Database(database_path(tmp_path))
    with db.read() as s:
        assert s.execute(sql("SELECT count(*) FROM visit WHERE status = 'draft'")).scalar_one() == 0
        assert s.execute(sql("SELECT count(DISTINCT visit_id) FROM visit_document")).scalar_one() == 12
        signed_by_pad = s.execute(sql("SELECT count(*) FROM visit_signature WHERE png IS NOT NULL")).scalar_one()
    db.close()
    assert signed_by_pad >= 12  # at least the officers' signatures
    pdfs = sorted((tmp_path / "archive" / "visits").glob("*.pdf"))
    assert len(pdfs) == 12
    check = run("verify", str(pdfs[0]), "--data-dir", str(tmp_path), "--lang", "en")
    assert check.returncode == 0 and "MATCHES" in check.stdout, check.stdout + check.stderr


def test_demo_requests_on_a_station_without_clients(tmp_path) -> None:
    assert setup_station(tmp_path).returncode == 0
    result = run("demo-data", "--data-dir", str(tmp_path), "--requests", "30")
    assert result.returncode == 0, result.stderr
    assert (_count(tmp_path, "client"), _count(tmp_path, "service_request")) == (1000, 30)


def test_commands_on_a_station_not_set_up(tmp_path) -> None:
    result = run("demo-data", "--data-dir", str(tmp_path), "--clients", "5")
    assert result.returncode == 1 and "尚未设置" in result.stderr


def test_options_before_or_after_the_subcommand(tmp_path) -> None:
    assert setup_station(tmp_path).returncode == 0
    before = run("--data-dir", str(tmp_path), "--lang", "en", "demo-data", "--clients", "3")
    assert before.returncode == 0 and before.stdout.startswith("Added 3 demo clients"), before.stderr
    after = run("demo-data", "--clients", "2", "--data-dir", str(tmp_path))
    assert after.returncode == 0 and "已生成 2 个" in after.stdout


def test_file_errors_and_a_mistyped_data_dir(tmp_path) -> None:
    assert setup_station(tmp_path).returncode == 0
    bad = run("clients", "export", str(tmp_path / "no-such-dir" / "x.csv"), "--data-dir", str(tmp_path))
    assert bad.returncode == 2 and "文件无法读取或写入" in bad.stderr and "Traceback" not in bad.stderr
    missing = run("clients", "import", str(tmp_path / "absent.csv"), "--data-dir", str(tmp_path))
    assert missing.returncode == 2 and "文件无法读取或写入" in missing.stderr
    typo = tmp_path / "typo"
    result = run("clients", "export", str(tmp_path / "x.csv"), "--data-dir", str(typo))
    assert result.returncode == 1 and "尚未设置" in result.stderr
    assert not (typo / "station.sqlite3").exists()  # nothing created where the typo pointed


def test_a_station_missing_a_table_is_refused_with_what_to_do(tmp_path) -> None:
    setup_station(tmp_path)
    conn = sqlite3.connect(database_path(tmp_path))
    conn.execute("DROP TABLE request_fts")  # the search index itself: nothing to rebuild it from
    conn.commit()
    conn.close()
    result = run("clients", "export", str(tmp_path / "out.xlsx"), "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "request_fts" in result.stderr and "备份" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_verify_refuses_a_file_larger_than_any_record_before_reading_it(tmp_path) -> None:
    setup_station(tmp_path)
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as f:  # a sparse file: 300 MB long, nothing written
        f.truncate(300 * 1024 * 1024)
    tracemalloc.start()
    result = run("verify", str(huge), "--data-dir", str(tmp_path))
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.returncode == 2  # not a record
    assert "300" in result.stdout and "不可能是" in result.stdout, result.stdout
    assert peak < 20 * 1024 * 1024  # refused before reading (reading it took 432 MB)


def test_output_into_a_pipe_closed_early_ends_quietly(tmp_path: Path) -> None:
    """``quality-station setup ... | head -1``: the reader closes the pipe before the command writes; the station
    is set up all the same."""
    assert_quiet_exit(run_into_closed_pipe("desktop", *SETUP, "--data-dir", str(tmp_path), stdin="rongan-2026\n"))
    assert station.is_set_up(Database(database_path(tmp_path)))
