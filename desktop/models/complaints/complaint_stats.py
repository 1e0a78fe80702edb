"""What complaints add up to (§7.5.4, §7.5.5): the assessment of staff and institutions by their valid complaints,
the classification counts of a period, and the dashboard's counters. Plain SQL over ``complaint``, one query each.

The assessment counts complaints received in the period that name the staff member or institution: how many,
how many were closed as valid (有效投诉), and how many of those were rectified (整改). It is for admins only: a
clerk must not learn who was complained about, nor the staff member the complaints about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from desktop.models.accounts.staff import require_role
from desktop.models.complaints.complaint_list import ENDED_SQL, ComplaintQuery, SubjectKind, visibility
from desktop.models.complaints.labels import SUBJECT_KIND_LABELS
from desktop.models.complaints.tables import OPEN
from desktop.models.core.clock import local_start
from desktop.models.core.db import Database
from desktop.models.core.spreadsheets import BadFile, new_workbook, written_beside, xlsx_text
from desktop.models.core.tables import Role

OPEN_SQL = "(" + ", ".join(f"'{s}'" for s in OPEN) + ")"  # our own constants, never user text


@dataclass(frozen=True)
class Period:
    """Local days, both included."""

    start: date
    end: date

    def params(self) -> dict[str, str]:
        return {"start": local_start(self.start).isoformat(timespec="microseconds"),
                "end": local_start(self.end + timedelta(days=1)).isoformat(timespec="microseconds")}


@dataclass(frozen=True)
class AssessmentRow:
    kind: SubjectKind  # staff | institution
    id: int
    name: str
    complaints: int
    valid: int
    rectified: int
    open: int  # not yet ended


def assessment(db: Database, viewer_id: int, period: Period) -> list[AssessmentRow]:
    """Staff members, then institutions, with complaints about them in ``period``; most valid complaints first."""
    sql = """
        SELECT '{kind}', x.id, x.name, count(*), coalesce(sum(k.valid = 1), 0),
               coalesce(sum(k.valid = 1 AND k.rectified = 1), 0), coalesce(sum(k.status NOT IN {ended}), 0)
        FROM complaint k JOIN {table} x ON x.id = k.{column}
        WHERE k.received_at >= :start AND k.received_at < :end
        GROUP BY x.id ORDER BY 5 DESC, 4 DESC, x.name"""
    with db.read() as s:
        require_role(s, viewer_id, Role.ADMIN)
        rows: list[AssessmentRow] = []
        for kind, table, column in (("staff", "staff", "about_staff_id"),
                                    ("institution", "institution", "about_institution_id")):
            query = text(sql.format(kind=kind, table=table, column=column, ended=ENDED_SQL))
            rows += [AssessmentRow(SubjectKind(r[0]), *r[1:]) for r in s.execute(query, period.params())]
        return rows


def institution_fact(db: Database, institution_id: int) -> str:
    """"valid / all" complaints about one institution, all time (the institutions page shows it)."""
    with db.read() as s:
        valid, total = s.execute(text(
            "SELECT coalesce(sum(valid = 1), 0), count(*) FROM complaint WHERE about_institution_id = :i"),
            {"i": institution_id}).one()
    return f"{int(valid)} / {int(total)}"


def valid_by_institution(db: Database) -> dict[int, int]:
    """Each institution's valid complaints, all time (the institutions page shows them beside its on-time rate)."""
    with db.read() as s:
        return {int(i): int(n) for i, n in s.execute(text(
            "SELECT about_institution_id, count(*) FROM complaint "
            "WHERE about_institution_id IS NOT NULL AND valid = 1 GROUP BY about_institution_id"))}


# ---- §7.5.5 classification ------------------------------------------------------------------------------------



OUTCOME_SQL = ("CASE WHEN k.status = 'closed' AND k.valid = 1 THEN 'valid' "
               "WHEN k.status = 'closed' THEN 'invalid' "
               "WHEN k.status IN ('not_accepted', 'withdrawn') THEN k.status ELSE 'open' END")
SUBJECT_SQL = ("CASE WHEN k.about_staff_id IS NOT NULL THEN 'staff' "
               "WHEN k.about_institution_id IS NOT NULL THEN 'institution' "
               "WHEN k.about_request_id IS NOT NULL THEN 'request' ELSE 'station' END")
# dimension -> the SQL expression that classifies a complaint (a complaint about several subjects counts under
# the first: staff, institution, request, the station)
DIMENSIONS = {
    "category": "coalesce(cat.name, '')",
    "subject": SUBJECT_SQL,
    "channel": "k.channel",
    "outcome": OUTCOME_SQL,
    "route": "coalesce(k.external_route, '')",
}


def classification(db: Database, viewer_id: int, period: Period) -> dict[str, dict[str, int]]:
    """The complaints received in ``period`` counted by each dimension: ``{dimension: {value: count}}`` (an
    empty value: none given). Admins only (the subjects are named)."""
    with db.read() as s:
        require_role(s, viewer_id, Role.ADMIN)
        counts: dict[str, dict[str, int]] = {}
        for name, expression in DIMENSIONS.items():
            rows = s.execute(text(
                f"SELECT {expression} AS value, count(*) FROM complaint k "
                "LEFT JOIN catalogue_category cat ON cat.id = k.category_id "
                "WHERE k.received_at >= :start AND k.received_at < :end GROUP BY value ORDER BY 2 DESC, 1"),
                period.params())
            counts[name] = {str(v): int(n) for v, n in rows}
        return counts


# ---- the dashboard -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ComplaintCounts:
    open: int
    to_accept: int  # received, the decision to accept still to take
    overdue: int
    due_soon: int  # due today or tomorrow


def dashboard_counts(db: Database, viewer_id: int, today: date) -> ComplaintCounts:
    """The open complaints the viewer may see (the same rule as the list)."""
    with db.read() as s:
        visible, params = visibility(s, viewer_id)[:2]
        row = s.execute(text(
            "SELECT count(*), coalesce(sum(k.status = 'received'), 0), coalesce(sum(k.due_on < :today), 0), "
            "coalesce(sum(k.due_on BETWEEN :today AND :tomorrow), 0) "
            f"FROM complaint k WHERE k.status IN {OPEN_SQL} AND {visible}"),  # the status index finds them
            {**params, "today": today.isoformat(), "tomorrow": (today + timedelta(days=1)).isoformat()}).one()
        return ComplaintCounts(*(int(v) for v in row))


# ---- the assessment as a spreadsheet ---------------------------------------------------------------------------

ASSESSMENT_HEADERS = ("对象类型", "名称", "投诉数", "有效投诉", "已整改", "未办结")


def export_assessment(rows: list[AssessmentRow], period: Period, path: Path) -> int:
    """Write the assessment table to the .xlsx ``path`` (beside it first, then moved into place); the rows
    written."""
    if path.suffix.lower() != ".xlsx":
        raise BadFile("Choose an .xlsx file.")

    book = new_workbook()
    sheet = book.create_sheet("投诉考核")
    sheet.append([xlsx_text(sheet, f"投诉考核统计 {period.start.isoformat()} 至 {period.end.isoformat()}")])
    sheet.append(list(ASSESSMENT_HEADERS))
    for r in rows:
        kind = SUBJECT_KIND_LABELS.zh(r.kind)
        sheet.append([xlsx_text(sheet, kind), xlsx_text(sheet, r.name), r.complaints, r.valid, r.rectified, r.open])
    with written_beside(path) as tmp:
        book.save(tmp)
    return len(rows)


def export_job(_handle: object, db_path: Path, viewer_id: int, period: Period, path: Path) -> int:
    """``export_assessment`` of ``period``, as a job for a worker process (desktop.processes): openpyxl's writing
    would hold the interpreter lock on a thread of the window's process."""
    from desktop.models.core.db import opened_in_worker

    with opened_in_worker(db_path) as db:
        return export_assessment(assessment(db, viewer_id, period), period, path)


def dashboard_numbers(db: Database, user_id: int, today: date) -> dict[str, int]:
    """``dashboard_counts`` by the dashboard's counter keys."""
    counts = dashboard_counts(db, user_id, today)
    return {"complaints_open": counts.open, "complaints_to_accept": counts.to_accept,
            "complaints_overdue": counts.overdue, "complaints_due_soon": counts.due_soon}


def dashboard_query(key: str, user_id: int, today: date) -> ComplaintQuery:
    """The list behind a dashboard number."""
    del today  # the due filters take today when the list runs
    if key == "complaints_to_accept":
        return ComplaintQuery(user_id, statuses=("received",))
    if key == "complaints_overdue":
        return ComplaintQuery(user_id, due="overdue", sort="due_on", descending=False)
    if key == "complaints_due_soon":
        return ComplaintQuery(user_id, due="due_soon", sort="due_on", descending=False)
    return ComplaintQuery(user_id, statuses=OPEN)
