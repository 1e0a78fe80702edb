"""The ready demo station of ``quality-station --demo``: set up once, with every registered area's demo data."""

from __future__ import annotations

from pathlib import Path

from desktop.models.core import station
from desktop.models.core.area import resolve
from desktop.models.core.db import Database
from desktop.models.core.registry import areas
from desktop.paths import database_path

DEMO_LOGIN = "admin"
DEMO_PASSWORD = "liuzhou-demo-kapok"  # the README gives it
DEMO_STATION = station.StationInput("LZ-DEMO", "柳州市鱼峰区质量服务站（演示）", "district", "鱼峰区",
                                    "柳州市鱼峰区文昌路 1 号", "0772-2800000", "zlfw@example.cn")


def ensure_demo_station(data_dir: Path) -> None:
    """Set up the demo station in ``data_dir`` unless it is set up already."""
    db = Database(database_path(data_dir))
    try:
        if station.is_set_up(db):
            return
        admin = station.setup(db, DEMO_STATION, DEMO_LOGIN, "演示管理员", DEMO_PASSWORD)
        for area in areas():
            for demo in area.demo:
                resolve(demo.generate)(db, data_dir, demo.demo_station, admin, lambda _done, _total: None)
    finally:
        db.close()
