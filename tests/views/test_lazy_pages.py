"""Pages of a large list are read off the GUI thread, only those the view shows now, by key from a row next to
them where the order allows (``paging``, ``LazyTableModel``)."""

from __future__ import annotations

import threading

from desktop.demo import demo_clients
from desktop.models.clients import clients
from desktop.views.clients.client_table import ClientTableModel
from desktop.views.shared import lazy_table, paging
from desktop.views.shared.paging import RowPages, load_page
from tests.support.widgets import set_up_station, shown


class _Row:
    def __init__(self, id: int) -> None:
        self.id = id

    def __repr__(self) -> str:
        return f"_Row({self.id})"


ALL = list(range(100, 200))  # a result of 100 rows: row n has id 100 + n


def _reader(calls: list[str]):  # type: ignore[no-untyped-def]
    def by_ids(ids):  # type: ignore[no-untyped-def]
        calls.append("ids")
        return [_Row(i) for i in ids]

    def by_offset(offset, limit):  # type: ignore[no-untyped-def]
        calls.append(f"offset {offset}")
        return [_Row(i) for i in ALL[offset:offset + limit]]

    def by_key(anchor, limit, backward):  # type: ignore[no-untyped-def]
        calls.append(f"key {anchor} {limit} {'back' if backward else 'on'}")
        if anchor not in ALL:
            return None  # gone
        at = ALL.index(anchor)
        return [_Row(i) for i in (ALL[max(0, at - limit):at] if backward else ALL[at + 1:at + 1 + limit])]

    return by_ids, by_offset, by_key


def _load(start: int, size: int, anchor, calls: list[str], ids=None):  # type: ignore[no-untyped-def]
    return [r.id for r in load_page(start, size, len(ALL), ids, anchor, *_reader(calls))]


def test_a_page_is_read_by_id_by_key_from_a_row_next_to_it_or_by_offset() -> None:
    calls: list[str] = []
    assert _load(40, 10, None, calls, ids=ALL) == ALL[40:50] and calls == ["ids"]
    calls.clear()
    assert _load(40, 10, None, calls) == ALL[40:50] and calls == ["offset 40"]  # nothing known near it
    calls.clear()
    assert _load(40, 10, (39, ALL[39]), calls) == ALL[40:50] and calls == [f"key {ALL[39]} 10 on"]  # the row before
    calls.clear()
    assert _load(40, 10, (50, ALL[50]), calls) == ALL[40:50] and calls == [f"key {ALL[50]} 10 back"]  # the row after
    calls.clear()
    assert _load(40, 10, (44, ALL[44]), calls) == ALL[40:50]  # a row on it (the selection found with the result)
    assert calls == [f"key {ALL[44]} 4 back", f"key {ALL[44]} 5 on", "ids"]
    calls.clear()
    assert _load(95, 10, (94, ALL[94]), calls) == ALL[95:]  # the last page is short
    calls.clear()
    assert _load(40, 10, (3, ALL[3]), calls) == ALL[40:50]  # near enough (REACH): read by key, then cut
    calls.clear()
    assert _load(40, 10, (5, 5), calls, ids=None) == ALL[40:50] and calls[-1] == "offset 40"  # an anchor gone
    calls.clear()
    assert _load(40, 10, (50 + paging.REACH, ALL[0]), calls) == ALL[40:50] and calls == ["offset 40"]


def test_the_pages_asked_for_most_recently_are_read_and_the_others_dropped() -> None:
    pages: RowPages[_Row] = RowPages()
    pages.reset(10_000, None, 10, {0: [_Row(i) for i in range(10)]})
    assert pages.row(5) is not None and not pages.wanted
    for row in (100, 2_000, 5_000, 5_015, 9_990):  # a drag of the scroll bar: pages 10, 200, 500, 501, 999
        assert pages.row(row) is None
    assert pages.wanted and pages.take_wanted(2) == ([501, 999], [10, 200, 500])
    assert not pages.wanted
    for n in range(paging.MAX_PAGES + 5):  # a bounded cache: the least recently used pages go first
        pages.put(n + 1, [_Row(0)] * 10)
        pages.row(5)  # page 0 used all along
    assert pages.loaded(0) and not pages.loaded(1) and pages.loaded(paging.MAX_PAGES + 5)
    assert pages.anchor(3) is None and pages.anchor(paging.MAX_PAGES + 4) == ((paging.MAX_PAGES + 4) * 10 - 1, 0)


def _watch(monkeypatch, calls: list[tuple[str, str, int]]) -> None:  # type: ignore[no-untyped-def]
    """Record how each page of the client table is read, and on which thread."""
    def thread() -> str:
        return "gui" if threading.current_thread() is threading.main_thread() else "worker"

    real_page, real_key = ClientTableModel.page, ClientTableModel.page_by_key

    def page(db, query, result, offset, limit, today):  # type: ignore[no-untyped-def]
        calls.append(("offset", thread(), offset))
        return real_page(db, query, result, offset, limit, today)

    def by_key(db, query, result, anchor, limit, backward, today):  # type: ignore[no-untyped-def]
        calls.append(("key", thread(), limit))
        return real_key(db, query, result, anchor, limit, backward, today)

    monkeypatch.setattr(ClientTableModel, "page", staticmethod(page))
    monkeypatch.setattr(ClientTableModel, "page_by_key", staticmethod(by_key))


def test_a_deep_page_is_read_off_the_gui_thread_then_its_neighbour_by_key(qtbot, zh_app, tmp_path, monkeypatch
                                                                         ) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clients, "ID_WINDOW", 50)  # no id list: pages by offset or by key
    monkeypatch.setattr(lazy_table, "PAGE", 100)
    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, 450, ctx.user_id)
    calls: list[tuple[str, str, int]] = []
    _watch(monkeypatch, calls)
    model = shown(qtbot, ClientTableModel(ctx.db, ctx.tasks))
    expected = clients.client_ids(ctx.db, model.query)
    calls.clear()
    with qtbot.waitSignal(model.dataChanged) as changed:
        assert model.data(model.index(420, 0)) is None  # an empty row until its page is in: nothing read here
        assert calls == []
    assert (changed.args[0].row(), changed.args[1].row()) == (400, 449)
    assert model.client_id(420) == expected[420] and calls == [("offset", "worker", 400)]
    calls.clear()
    with qtbot.waitSignal(model.dataChanged):
        assert model.data(model.index(399, 0)) is None
    assert calls == [("key", "worker", 100)]  # back from the first row of the page after it
    assert [model.client_id(r) for r in range(300, 450)] == expected[300:450]
    ctx.close()


def test_pages_scrolled_past_are_not_read(qtbot, zh_app, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clients, "ID_WINDOW", 20)
    monkeypatch.setattr(lazy_table, "PAGE", 10)
    ctx = set_up_station(tmp_path)
    demo_clients.generate_clients(ctx.db, 300, ctx.user_id)
    calls: list[tuple[str, str, int]] = []
    _watch(monkeypatch, calls)
    model = shown(qtbot, ClientTableModel(ctx.db, ctx.tasks))
    calls.clear()
    for row in (55, 125, 185, 255, 265):  # what a drag of the scroll bar asks for before the event loop runs
        assert model.data(model.index(row, 0)) is None
    qtbot.waitUntil(lambda: not model.reading)
    assert sorted(offset for _how, _thread, offset in calls if _how == "offset") == [250]  # page 26: by key
    assert [how for how, _t, _n in calls] == ["offset", "key"] and {t for _h, t, _n in calls} == {"worker"}
    assert model.row_at(255) is not None and model.row_at(265) is not None
    calls.clear()
    assert model.row_at(55) is None  # dropped: asked for again when shown again
    qtbot.waitUntil(lambda: model.row_at(55) is not None)
    ctx.close()
