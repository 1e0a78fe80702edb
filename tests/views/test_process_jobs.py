"""Work in a worker process (desktop.processes through TaskRunner): it runs elsewhere, its progress, result and
failure arrive as a thread job's do, cancel reaches it, and no process is left behind. Then the spreadsheet jobs
of the pages (real files) through it."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from desktop.demo.demo_clients import make_uscc
from desktop.models.clients import clients
from desktop.models.core.errors import Invalid
from desktop.processes import ProcessEnded, ProcessJob
from desktop.tasks import TaskRunner
from desktop.views.clients.clients_page import ClientsPage
from tests.support import jobs
from tests.support.widgets import set_up_station

HEADERS = ["名称", "统一社会信用代码", "所属区县", "地址", "行业", "规模", "联系人", "联系电话"]


def children() -> list[int]:
    """The processes this one started that still exist (zombies included), but multiprocessing's resource
    tracker: one per app on POSIX, started with the first worker, it ends with the app (its pipe closes)."""
    me, found = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == me and b"resource_tracker" not in command:
                found.append(int(entry.name))
    return found


@pytest.fixture
def runner(qapp):  # type: ignore[no-untyped-def]
    if not Path("/proc/self/stat").exists():
        pytest.skip("reads /proc to find child processes")
    before = children()
    runner = TaskRunner()
    yield runner
    runner.wait()
    assert children() == before  # every worker process is gone with its job: no orphan, no zombie


def test_a_process_job_runs_elsewhere_without_qt_and_reports_progress(qtbot, runner) -> None:
    results: list[dict[str, object]] = []
    progress: list[tuple[int, int]] = []
    runner.run(ProcessJob(jobs.where_and_what, (3,)), results.append, on_progress=lambda d, t: progress.append((d, t)))
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    assert results[0]["pid"] != os.getpid()
    assert results[0]["qt"] == []  # the worker loads the job's module, not the window's
    assert progress == [(1, 3), (2, 3), (3, 3)]  # all of it, in order, before the result
    qtbot.waitUntil(lambda: not runner._running, timeout=5000)


def test_cancel_reaches_the_worker_process(qtbot, runner) -> None:
    results: list[str] = []
    task = runner.run(ProcessJob(jobs.until_cancelled, (60.0,)), results.append,
                      on_progress=lambda d, t: task.cancel())
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    assert results == ["cancelled"]


def test_a_failure_arrives_with_its_class_message_and_attributes(qtbot, runner) -> None:
    errors: list[BaseException] = []
    runner.run(ProcessJob(jobs.refuse, ("该文件不是工作簿",)), None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    exc = errors[0]
    assert isinstance(exc, jobs.Refused) and exc.message == "该文件不是工作簿" and exc.changes == ("half-way",)
    assert any("refuse" in note for note in exc.__notes__)  # where it went wrong, for the log

    errors.clear()  # one whose constructor takes something else than its message (pickle alone fails on it)
    runner.run(ProcessJob(jobs.invalid), None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert isinstance(errors[0], Invalid)
    assert errors[0].errors == {"name": "Required.", "uscc": "The check character is wrong."}

    errors.clear()
    runner.run(ProcessJob(jobs.raise_unpicklable), None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert isinstance(errors[0], RuntimeError) and str(errors[0]) == "Unpicklable: cannot travel"


def test_a_worker_process_that_dies_is_a_failure_not_a_hang(qtbot, runner) -> None:
    errors: list[BaseException] = []
    runner.run(ProcessJob(jobs.die), None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert isinstance(errors[0], ProcessEnded) and "exit code 3" in str(errors[0])


def _workbook(path: Path, count: int) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("服务对象")
    sheet.append(HEADERS)
    for n in range(count):
        sheet.append([f"柳州市测试{n}号有限公司", make_uscc("鱼峰区", 20_000 + n), "鱼峰区", "", "制造业", "小型",
                      "潘红", f"1376812{n:04d}"])
    book.save(path)
    return path


def test_import_and_export_in_the_worker_process_report_progress_and_cancel_cleanly(qtbot, zh_app, tmp_path):
    ctx = set_up_station(tmp_path / "station")
    before = children()
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    progress: list[tuple[int, int, int]] = []
    ctx.tasks._hub.progressed.connect(lambda n, d, t: progress.append((n, d, t)))
    announced: list[object] = []
    ctx.data_changed.connect(announced.append)
    source = _workbook(tmp_path / "clients.xlsx", 3000)

    # cancelled as soon as the first batch is in: whole batches are kept, nothing of the batch after
    page.run_import(source)
    qtbot.waitUntil(lambda: bool(progress), timeout=60_000)
    ctx.tasks.cancel_all()
    qtbot.waitUntil(lambda: getattr(page, "last_message", None) is not None, timeout=60_000)
    added = clients.count_clients(ctx.db)
    assert 0 < added < 3000 and added % 500 == 0
    assert page.last_message.text() == f"新增 {added} 条，已登记 0 条，拒绝 0 条。"
    assert "导入已取消" in page.last_message.detailedText()
    assert announced  # the change was announced on the GUI side, after the worker process ended

    # the rest: what was kept is skipped, progress runs to the total
    page.last_message, announced[:] = None, []
    progress.clear()
    page.run_import(source)
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=60_000)
    assert page.last_message.text() == f"新增 {3000 - added} 条，已登记 {added} 条，拒绝 0 条。"
    assert progress[-1][1:] == (3000, 3000) and len(progress) == 6
    assert clients.count_clients(ctx.db) == 3000 and announced

    # an export cancelled half-way leaves no file, not even its part
    page.last_message = None
    progress.clear()
    out = tmp_path / "out.xlsx"
    page.run_export(out)
    qtbot.waitUntil(lambda: bool(progress), timeout=60_000)
    ctx.tasks.cancel_all()
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=60_000)
    assert page.last_message.text() == "导出已取消，未写入任何文件。"
    assert not out.exists() and list(tmp_path.glob("out.xlsx*")) == []

    page.last_message = None
    page.run_export(out)
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=60_000)
    assert page.last_message.text().startswith("已导出 3000 个服务对象")
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert len(rows) == 3001 and rows[1][0] == "柳州市测试0号有限公司"
    ctx.tasks.wait()
    assert children() == before
    ctx.close()


def test_the_worker_ends_when_the_app_dies_without_waiting(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[2]
    app = subprocess.run([sys.executable, "-m", "tests.support.jobs"], cwd=root, capture_output=True, text=True,
                         timeout=60, check=True)
    worker = int(app.stdout.split()[0])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return  # gone with the app, not at the end of its 60 s of work
        time.sleep(0.1)
    os.kill(worker, 9)
    raise AssertionError("the worker process outlived the app")
