"""The written reports of a period (§8.1.1, §4.4): the PDF read back with poppler (Chinese text, every font
embedded, the figures equal to the page's tables, user text printed literally), the same tables in an .xlsx, and
``quality-station report`` with its exit codes."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desktop.demo import demo_clients, demo_complaints, demo_requests
from desktop.models.statistics.intake_figures import StatsQuery
from desktop.models.statistics.labels import Figure
from desktop.paths import database_path
from desktop.printing.statistics_report import build_report, export_report, previous_period
from desktop.printing.statistics_tables import Tables, count_all
from tests.support.requests import Station, make_station

NOW = datetime(2026, 11, 23, 4, tzinfo=UTC)
TODAY = date(2026, 11, 23)
YEAR = StatsQuery(date(2025, 12, 1), date(2026, 11, 30))


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> tuple[Station, Path]:
    data_dir = tmp_path_factory.mktemp("report-station")
    st = make_station(database_path(data_dir))
    demo_clients.generate_clients(st.db, 60, st.admin)
    demo_requests.generate_requests(st.db, 900, st.admin, now=NOW)
    demo_complaints.generate_complaints(st.db, 120, st.admin, now=NOW)
    yield st, data_dir
    st.db.close()


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_statistics_report_prints_the_pages_figures(station: tuple[Station, Path], tmp_path: Path) -> None:
    st, _ = station
    figures = count_all(st.db, st.admin, YEAR, TODAY)
    previous = count_all(st.db, st.admin, StatsQuery(*previous_period(YEAR.start, YEAR.end)), TODAY)
    pdf = tmp_path / "report.pdf"
    font = build_report("statistics", "鱼峰区<b>质量</b>服务站", figures, previous, pdf)
    assert font.embedded
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
    text = _text(pdf)
    assert "统计分析报告" in text and "鱼峰区<b>质量</b>服务站" in text  # user text literally
    assert f"本期共受理服务需求 {figures.intake.received:,} 件" in text
    assert "编制人" in text and "审核人" in text
    tables = {t.figure: t for t in Tables("zh_CN").all(figures)}
    flat = " ".join(text.split())
    for row in tables[Figure.TIME_LIMITS].rows:  # the stage's row as the page shows it
        assert " ".join(row.texts) in flat, row.texts
    for row in tables[Figure.BY_MONTH].rows:
        assert f"{row.texts[0]} {row.texts[1]}" in flat
    filtered = tmp_path / "filtered.pdf"
    build_report("statistics", "鱼峰区质量服务站", figures, previous, filtered, filters="区县 柳南区；经办人 王芳")
    assert "统计范围：区县 柳南区；经办人 王芳" in " ".join(_text(filtered).split())  # a filtered report says so
    assert "统计范围" not in text
    again = tmp_path / "again.pdf"
    build_report("statistics", "鱼峰区<b>质量</b>服务站", figures, previous, again)
    assert again.read_bytes() == pdf.read_bytes()  # deterministic


def test_the_previous_period_is_as_long() -> None:
    assert previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert previous_period(date(2025, 12, 1), date(2026, 11, 30)) == (date(2024, 12, 1), date(2025, 11, 30))
    assert previous_period(date(2026, 3, 10), date(2026, 3, 19)) == (date(2026, 2, 28), date(2026, 3, 9))


def test_the_tables_go_to_a_spreadsheet_as_numbers_and_text(station: tuple[Station, Path], tmp_path: Path) -> None:
    import openpyxl

    st, _ = station
    figures = count_all(st.db, st.admin, YEAR, TODAY)
    path = tmp_path / "report.xlsx"
    assert export_report("evaluation", figures, path) == 4
    sheet = openpyxl.load_workbook(path).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "服务评价报告"
    evaluated = next(r for r in values if isinstance(r[0], str) and r[0].startswith("已回访评价的需求"))
    assert evaluated[1] == figures.satisfaction.evaluated.count


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", "report", *args], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"})


def test_the_command_and_its_exit_codes(station: tuple[Station, Path], tmp_path: Path) -> None:
    _, data_dir = station
    out = tmp_path / "monthly.pdf"
    done = _cli("complaints", "--from", "2026-10-01", "--to", "2026-10-31", "--out", str(out), "--data-dir",
                str(data_dir))
    assert done.returncode == 0, done.stderr
    assert "投诉统计分析报告" in _text(out)
    sheet = tmp_path / "monthly.xlsx"
    assert _cli("statistics", "--from", "2026-10-01", "--to", "2026-10-31", "--out", str(sheet), "--data-dir",
                str(data_dir)).returncode == 0 and sheet.stat().st_size > 0
    improvement = tmp_path / "improvement.pdf"
    assert _cli("improvement", "--from", "2025-12-01", "--to", "2026-11-30", "--out", str(improvement),
                "--data-dir", str(data_dir)).returncode == 0
    assert "持续改进报告" in _text(improvement) and "持续改进计划及复查记录" in _text(improvement)
    assert _cli("statistics", "--from", "2026-10-31", "--to", "2026-10-01", "--out", str(out), "--data-dir",
                str(data_dir)).returncode == 2  # ends before it starts
    assert _cli("statistics", "--from", "2026-13-01", "--to", "2026-10-01", "--out", str(out), "--data-dir",
                str(data_dir)).returncode == 2  # not a date
    assert _cli("statistics", "--from", "2026-10-01", "--to", "2026-10-31", "--out", str(tmp_path / "r.doc"),
                "--data-dir", str(data_dir)).returncode == 2
    assert _cli("nonsense", "--from", "2026-10-01", "--to", "2026-10-31", "--out", str(out), "--data-dir",
                str(data_dir)).returncode == 2
    missing = _cli("statistics", "--from", "2026-10-01", "--to", "2026-10-31", "--out", str(out), "--data-dir",
                   str(tmp_path / "no-station"))
    assert missing.returncode == 1 and missing.stderr
    unwritable = _cli("statistics", "--from", "2026-10-01", "--to", "2026-10-31", "--out",
                      str(tmp_path / "no-such-folder" / "r.pdf"), "--data-dir", str(data_dir))
    assert unwritable.returncode == 2 and "Traceback" not in unwritable.stderr


def test_the_filters_a_report_was_counted_under(station: tuple[Station, Path]) -> None:
    from desktop.printing.statistics_jobs import filters_text

    st, _ = station
    assert filters_text(st.db, YEAR) == ""
    q = StatsQuery(YEAR.start, YEAR.end, category_id=1, channel="phone", district="柳南区", handler_id=st.admin)
    text = filters_text(st.db, q)
    assert text.startswith("服务类别 5.1 ") and "受理渠道 电话" in text and "区县 柳南区" in text and "经办人" in text
