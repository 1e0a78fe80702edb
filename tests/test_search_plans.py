"""Broad searches take a different SQL plan (index walk with instr) than narrow ones (FTS join);
both must give the same rows in the same order, page by page."""

from __future__ import annotations

from desktop.models import clients, demo, station
from desktop.models.db import Database


def test_broad_and_narrow_plans_agree(tmp_path, monkeypatch) -> None:
    db = Database(tmp_path / "s.sqlite3")
    admin = station.setup(db, station.StationInput("LZ-T01", "测试站", "district", "鱼峰区"), "admin", "管理员",
                          "secret123")
    demo.generate_clients(db, 1500, admin)
    monkeypatch.setattr(clients, "BROAD_MATCHES", 10)  # make "broad" reachable with a small station
    for text in ("有限公司", "柳州市", "汽车 配件", "螺蛳粉"):
        q = clients.ClientQuery(text=text)
        n = clients.count_matching(db, q)
        assert n > 10, text
        for offset in (0, 200, max(0, n - 50)):
            broad = [r.id for r in clients.client_page(db, q, offset, 200, matches=n)]
            narrow = [r.id for r in clients.client_page(db, q, offset, 200)]
            assert broad == narrow, (text, offset)
        everything = [r.id for r in clients.client_page(db, q, 0, n + 10, matches=n)]
        assert len(everything) == n
    db.close()
