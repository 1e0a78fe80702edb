"""The city's holiday schedule: ``cityhub holidays publish`` from a CSV file, served to enrolled devices at
GET /v1/holidays."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cityhub.cli import main
from cityhub.db import Database
from desktop.sync import wire
from tests.support.hub_api import assert_error, enrol

SCHEDULE_2027 = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休上班\n2027-02-08,holiday,春节\n"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_publish_then_devices_get_it(capsys: pytest.CaptureFixture[str], db_url: str, client: TestClient,
                                     db: Database, tmp_path: Path) -> None:
    dev = enrol(client, db)
    assert client.get("/v1/holidays", headers=dev.headers).json() == {"years": []}
    assert_error(client.get("/v1/holidays"), 401, "unauthorized")
    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027, encoding="utf-8-sig")  # as Excel saves "CSV UTF-8"
    code, out, _ = _run(capsys, "holidays", "publish", "--year", "2027", "--file", str(path), "--db", db_url)
    assert code == 0 and "2027: published 2 holidays and 1 make-up workdays" in out
    schedule = wire.HolidaySchedule.model_validate(client.get("/v1/holidays", headers=dev.headers).json())
    assert [(y.year, [(d.day, d.kind, d.name) for d in y.days]) for y in schedule.years] == [
        (2027, [("2027-01-01", "holiday", "元旦"), ("2027-02-06", "workday", "春节调休上班"),
                ("2027-02-08", "holiday", "春节")])]
    # publishing the year again replaces it; the station's own export headers and kinds are taken too
    path.write_text("日期,类型,名称\n2027-02-08,法定节假日,春节\n", encoding="utf-8")
    assert _run(capsys, "holidays", "publish", "--year", "2027", "--file", str(path), "--db", db_url)[0] == 0
    years = client.get("/v1/holidays", headers=dev.headers).json()["years"]
    assert [(y["year"], len(y["days"])) for y in years] == [(2027, 1)]
    code, out, _ = _run(capsys, "holidays", "list", "--db", db_url)
    assert code == 0 and "2027" in out


@pytest.mark.parametrize(("content", "year", "message"), [
    ("date,kind,name\n2027-02-06,holiday,春节\n", 2027, "line 2: "),  # a Saturday cannot be a holiday
    ("date,kind,name\n2027-02-08,holiday,春节\n2027-02-31,holiday,春节\n", 2027, "line 3: "),
    ("date,kind,name\n2027-02-08,day off,春节\n", 2027, "line 2: the kind must be"),
    ("date,kind,name\n2027-02-08,holiday," + "春" * 51 + "\n", 2027, "line 2: "),
    ("date,kind,name\n2027-02-08,holiday,春\x07节\n", 2027, "line 2: "),  # stations refuse control characters
    ("date,kind,name\n2027-02-08,holiday,春\u202e节\n", 2027, "line 2: "),  # and bidi overrides in a name
    ("date,kind,name\n2027-02-08,holiday,春节\n2027-02-08,holiday,春节\n", 2027, "listed twice"),
    ("date,kind,name\n2026-10-01,holiday,国庆节\n", 2027, "every day must be in 2027"),
    ("datum,art\n2027-02-08,holiday\n", 2027, "the first line must name the columns"),
    ("date,kind,name\n", 2027, "lists no days"),  # published, it would empty every station's 2027
    ("date,kind,name\n2027-02-08,holiday,春节\n", 1999, "greater than or equal to 2000"),
])
def test_a_bad_file_is_refused_and_nothing_published(capsys: pytest.CaptureFixture[str], db_url: str,
                                                     client: TestClient, db: Database, tmp_path: Path,
                                                     content: str, year: int, message: str) -> None:
    dev = enrol(client, db)
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    code, out, err = _run(capsys, "holidays", "publish", "--year", str(year), "--file", str(path), "--db", db_url)
    assert (code, out) == (1, "") and message in err and "Traceback" not in err
    assert client.get("/v1/holidays", headers=dev.headers).json() == {"years": []}


def test_usage_errors(capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path) -> None:
    assert _run(capsys, "holidays", "publish", "--year", "2027", "--db", db_url)[0] == 2
    code, _, err = _run(capsys, "holidays", "publish", "--year", "2027", "--file", str(tmp_path / "none.csv"),
                        "--db", db_url)
    assert code == 1 and "cannot read" in err
    (tmp_path / "gbk.csv").write_bytes("日期,类型,名称\n".encode("gbk"))
    code, _, err = _run(capsys, "holidays", "publish", "--year", "2027", "--file", str(tmp_path / "gbk.csv"),
                        "--db", db_url)
    assert code == 1 and "UTF-8" in err
