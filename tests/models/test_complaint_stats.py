"""§7.5.4 and §7.5.5: valid complaints counted against the staff member or institution concerned, the
classification counts of a period, the dashboard's counters (only what the viewer may see), and the assessment
table as an .xlsx read back (text stays text: a name like a formula is not one)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest

from desktop.models.accounts import staff
from desktop.models.complaints import complaint_stats, lifecycle
from desktop.models.complaints.complaint_stats import Period
from desktop.models.complaints.lifecycle import Closure
from desktop.models.core.errors import Refused
from tests.support.complaints import drive, new_complaint, perform
from tests.support.requests import MONDAY, NOW, Station, add_institution, make_station

PERIOD = Period(MONDAY - timedelta(days=7), MONDAY)


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    st = make_station(tmp_path_factory.mktemp("complaint-stats") / "station.sqlite3")
    yield st
    st.db.close()


def _close(st: Station, cid: int, valid: bool, rectified: bool | None) -> None:
    lifecycle.close(st.db, st.admin, cid, Closure(valid, "核实", rectified, "已整改" if rectified else ""), now=NOW)


@pytest.fixture(scope="module")
def made(station: Station) -> dict[str, int]:
    st, clerk = station, station.ids["clerk"]
    other = add_institution(st.db, st.admin, "=HYPERLINK(\"http://x\")检测站")
    ids = {"other": other}
    for n, (valid, rectified) in enumerate(((True, True), (True, False), (False, None))):
        cid = drive(st, "satisfied", about_staff_id=clerk, about_station=False, channel="letter", actor=st.admin)
        _close(st, cid, valid, rectified)
        ids[f"clerk{n}"] = cid
    ids["institution"] = drive(st, "satisfied", about_institution_id=other, about_station=False)
    _close(st, ids["institution"], True, True)
    ids["open"] = drive(st, "assessed", about_institution_id=other, about_station=False)
    ids["station"] = new_complaint(st, "anonymous")
    ids["withdrawn"] = drive(st, "withdrawn")
    ids["old"] = new_complaint(st, now=NOW - timedelta(days=30), about_staff_id=clerk, about_station=False,
                               actor=st.admin)
    return ids


def test_valid_complaints_count_against_whom_they_are_about(station: Station, made: dict[str, int]) -> None:
    rows = {(r.kind.value, r.id): r for r in complaint_stats.assessment(station.db, station.admin, PERIOD)}
    clerk = rows[("staff", station.ids["clerk"])]
    assert (clerk.complaints, clerk.valid, clerk.rectified, clerk.open) == (3, 2, 1, 0)  # not the month-old one
    other = rows[("institution", made["other"])]
    assert (other.complaints, other.valid, other.rectified, other.open) == (2, 1, 1, 1)
    assert complaint_stats.valid_by_institution(station.db) == {made["other"]: 1}


def test_only_an_admin_sees_the_assessment_and_the_classification(station: Station, made: dict[str, int]) -> None:
    for role in ("clerk", "field_officer"):
        with pytest.raises(Refused):
            complaint_stats.assessment(station.db, station.ids[role], PERIOD)
        with pytest.raises(Refused):
            complaint_stats.classification(station.db, station.ids[role], PERIOD)


def test_the_classification_of_a_period(station: Station, made: dict[str, int]) -> None:
    counts = complaint_stats.classification(station.db, station.admin, PERIOD)
    assert counts["subject"] == {"staff": 3, "institution": 2, "station": 2}
    assert counts["outcome"] == {"valid": 3, "invalid": 1, "open": 2, "withdrawn": 1}
    assert counts["channel"] == {"letter": 3, "phone": 4}
    assert sum(counts["category"].values()) == 7


def test_the_dashboard_counts_what_the_viewer_may_see(station: Station, made: dict[str, int]) -> None:
    admin = complaint_stats.dashboard_counts(station.db, station.admin, MONDAY)
    assert (admin.open, admin.to_accept) == (3, 2)  # assessed, anonymous received, the month-old one
    assert admin.overdue == 1  # the month-old one, 7 working days to accept
    clerk = complaint_stats.dashboard_counts(station.db, station.ids["clerk"], MONDAY)
    assert (clerk.open, clerk.to_accept, clerk.overdue) == (2, 1, 0)  # not the one about them
    officer = complaint_stats.dashboard_counts(station.db, station.ids["field_officer"], MONDAY)
    assert officer.open == 1  # assigned to them at its assessment
    later = complaint_stats.dashboard_counts(station.db, station.admin, MONDAY + timedelta(days=40))
    assert later.overdue == 3


def test_the_assessment_as_a_spreadsheet(station: Station, made: dict[str, int], tmp_path: Path) -> None:
    rows = complaint_stats.assessment(station.db, station.admin, PERIOD)
    path = tmp_path / "考核.xlsx"
    assert complaint_stats.export_assessment(rows, PERIOD, path) == len(rows) == 2
    sheet = openpyxl.load_workbook(path).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1] == ["对象类型", "名称", "投诉数", "有效投诉", "已整改", "未办结"]
    assert values[2] == ["工作人员", "clerk 甲", 3, 2, 1, 0]
    assert values[3] == ["服务机构或专家", "=HYPERLINK(\"http://x\")检测站", 2, 1, 1, 1]
    cell = sheet.cell(row=4, column=2)
    assert cell.data_type == "s" and cell.quotePrefix  # text, shown as typed; never a formula
    assert not list(tmp_path.glob("*.part"))


def test_a_new_staff_member_without_complaints_is_not_listed(station: Station, made: dict[str, int]) -> None:
    staff.create_staff(station.db, station.admin, "newcomer", "新同事", "clerk", "pass-word-2")
    names = [r.name for r in complaint_stats.assessment(station.db, station.admin, PERIOD)]
    assert "新同事" not in names
    perform(station, "note", station.admin, made["open"])  # the open one stays open
