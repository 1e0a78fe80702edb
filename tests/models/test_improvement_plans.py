"""Improvement plans (§8.2): made from a complaint, a rectification or an analysis; actions with owners, done with
evidence; reviews; closed only when every action is done and a review found it effective; then nothing changes it
(not even SQL). The plans export to .xlsx."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.models.core.errors import Invalid, Refused
from desktop.models.improvement import plans
from desktop.models.improvement import rectifications as rect
from desktop.models.requests import lifecycle
from tests.support.requests import NOW, Station, drive, evaluation_input, make_station

TODAY = NOW.date()


@pytest.fixture()
def station(tmp_path: Path) -> Station:
    st = make_station(tmp_path / "station.sqlite3")
    yield st
    st.db.close()


def test_a_plan_from_a_bad_review_to_its_closing(station: Station, tmp_path: Path) -> None:
    rid = drive(station, "feedback_given")
    lifecycle.evaluate(station.db, station.admin, rid, evaluation_input(NOW, attitude=1), now=NOW)
    [item] = rect.list_rectifications(station.db, rect.RectificationQuery(station.admin), TODAY)
    clerk = station.ids["clerk"]
    with pytest.raises(Refused):
        plans.create_plan(station.db, clerk, plans.PlanInput("窗口服务态度"), now=NOW)  # admins make plans
    with pytest.raises(Invalid) as bad:
        plans.create_plan(station.db, station.admin, plans.PlanInput(" ", sources=(plans.SourceInput("bad_review"),)))
    assert set(bad.value.errors) == {"problem", "source0"}
    pid = plans.create_plan(station.db, station.admin, plans.PlanInput(
        "窗口服务态度差评集中", "三个月内态度差评为零",
        (plans.SourceInput("bad_review", "差评整改", rectification_id=item.id),
         plans.SourceInput("statistics", "2026 年服务态度平均分 4.1"))), now=NOW).ids[0]
    with pytest.raises(Invalid):
        plans.add_action(station.db, station.admin, pid, "培训", clerk, TODAY - timedelta(days=1), TODAY)
    aid = plans.add_action(station.db, station.admin, pid, "全员服务礼仪培训", clerk, TODAY + timedelta(days=10),
                           TODAY).ids[0]
    with pytest.raises(Refused):
        plans.close_plan(station.db, station.admin, pid)  # an action is open
    with pytest.raises(Refused):
        plans.complete_action(station.db, station.ids["field_officer"], aid, "签到表")  # not theirs
    plans.complete_action(station.db, clerk, aid, "培训签到表及课件", now=NOW)
    with pytest.raises(Refused):
        plans.close_plan(station.db, station.admin, pid)  # no effective review yet
    plans.add_review(station.db, station.admin, pid, TODAY, False, "仍有一条差评", "再次回访", today=TODAY)
    plans.add_review(station.db, station.admin, pid, TODAY, True, "一个月内无态度差评", today=TODAY)
    plans.close_plan(station.db, station.admin, pid, now=NOW)
    plan = plans.get_plan(station.db, pid)
    assert plan.status == "closed" and [a.status for a in plan.actions] == ["done"]
    assert [r.effective for r in plan.reviews] == [False, True]
    assert [s.kind for s in plan.sources] == ["bad_review", "statistics"]
    with pytest.raises(Refused):
        plans.add_action(station.db, station.admin, pid, "再培训", clerk, TODAY + timedelta(days=3), TODAY)
    conn = sqlite3.connect(station.path)
    try:
        for sql in ("UPDATE improvement_plan SET goal = 'x'", "UPDATE plan_action SET evidence = 'x'",
                    "UPDATE plan_review SET finding = 'x'", "DELETE FROM plan_review"):
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(sql)
    finally:
        conn.close()
    out = tmp_path / "plans.xlsx"
    assert plans.export_plans(station.db, out) == 1
    import openpyxl

    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][0] == "窗口服务态度差评集中" and rows[1][5] == "全员服务礼仪培训"


def test_dashboard_numbers_and_formula_text_is_data(station: Station, tmp_path: Path) -> None:
    pid = plans.create_plan(station.db, station.admin, plans.PlanInput("=HYPERLINK(\"x\")"), now=NOW).ids[0]
    plans.add_action(station.db, station.admin, pid, "+cmd|' /C calc'!A0", station.admin, TODAY, TODAY)
    assert plans.dashboard_numbers(station.db, station.admin, TODAY) == {"plans_open": 1, "plan_actions_overdue": 0}
    assert plans.dashboard_numbers(station.db, station.admin, TODAY + timedelta(days=1))["plan_actions_overdue"] == 1
    out = tmp_path / "plans.xlsx"
    plans.export_plans(station.db, out)
    import openpyxl

    cell = openpyxl.load_workbook(out).active["A2"]
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"


def test_evidence_files_are_kept_as_attached(station: Station, tmp_path: Path) -> None:
    store = tmp_path / "attachments"
    pid = plans.create_plan(station.db, station.admin, plans.PlanInput("告知不一致"), now=NOW).ids[0]
    clerk = station.ids["clerk"]
    aid = plans.add_action(station.db, station.admin, pid, "梳理材料清单", clerk, TODAY, TODAY).ids[0]
    sheet = tmp_path / "签到表.txt"
    sheet.write_text("培训签到：12 人", encoding="utf-8")
    with pytest.raises(Refused):
        plans.add_evidence(station.db, station.ids["field_officer"], aid, sheet, store)  # not theirs
    with pytest.raises(Invalid):
        plans.add_evidence(station.db, clerk, aid, tmp_path / "missing.txt", store)
    plans.add_evidence(station.db, clerk, aid, sheet, store)
    [(file_id, name)] = plans.get_plan(station.db, pid).actions[0].files
    path, shown = plans.evidence_file(station.db, file_id, store)
    assert shown == name == "签到表.txt" and path.read_text(encoding="utf-8") == "培训签到：12 人"
    path.write_text("改过了", encoding="utf-8")  # the stored copy altered behind the app's back
    with pytest.raises(Refused):
        plans.evidence_file(station.db, file_id, store)
    conn = sqlite3.connect(station.path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("DELETE FROM plan_action_file")
    finally:
        conn.close()
