"""The requests list: each filter, combinations, Chinese search of every length, sort orders, and pages that
agree with the whole list whichever SQL plan serves them; the dashboard's numbers and their lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from desktop.models.clients import clients
from desktop.models.requests import intake, request_dashboard, request_list
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.request_list import OPEN_STATUSES, RequestQuery
from desktop.models.requests.tables import STATUSES
from tests.support.samples import CAT1, CAT1_ITEM, CAT2, CAT2_ITEM, CAT3, TODAY, Sample, at, build
from tests.support.stations import LUOSIFEN, open_station, variant


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Iterator[Sample]:  # type: ignore[no-untyped-def]
    """The sample set, built once for the tests that only read it (two Argon2 hashes and 8 requests)."""
    db, admin = open_station(tmp_path_factory.mktemp("requests") / "station.sqlite3")
    yield build(db, admin)
    db.close()


@pytest.fixture
def sample(db, admin_id) -> Sample:  # type: ignore[no-untyped-def]
    """A sample set of its own, for a test that changes it."""
    return build(db, admin_id)


def ids(sample: Sample, q: RequestQuery, today: date = TODAY) -> list[int]:
    """The whole result of ``q`` as the table shows it, checked against the other ways of asking."""
    found = request_list.request_ids(sample.db, q, today)
    result = request_list.run_query(sample.db, q, today)
    assert result.count == len(found) == request_list.count_matching(sample.db, q, today), q
    assert result.ids == found, q
    return found


def test_no_filter_lists_every_request_newest_first(shared: Sample) -> None:
    assert ids(shared, RequestQuery()) == [shared.r[n] for n in (8, 3, 2, 1, 5, 6, 4, 7)]


@pytest.mark.parametrize(("query", "expected"), [
    (RequestQuery(statuses=("received",)), {1, 8}),
    (RequestQuery(statuses=OPEN_STATUSES), {1, 2, 4, 5, 6, 8}),
    (RequestQuery(statuses=("answered", "withdrawn")), {3, 7}),
    (RequestQuery(statuses=("archived",)), set()),
    (RequestQuery(statuses=STATUSES), {1, 2, 3, 4, 5, 6, 7, 8}),
    (RequestQuery(category_id=CAT1), {1, 3, 5, 7}),
    (RequestQuery(category_id=CAT2), {2, 3, 6}),
    (RequestQuery(category_id=CAT3), {4, 8}),
    (RequestQuery(channel="phone"), {2, 8}),
    (RequestQuery(channel="onsite"), {5}),
    (RequestQuery(district="柳北区"), {2, 5, 8}),
    (RequestQuery(district="柳南区"), {3, 7}),
    (RequestQuery(received_from=date(2026, 11, 23), received_to=date(2026, 11, 23)), {1, 2}),
    (RequestQuery(received_from=date(2026, 11, 20)), {1, 2, 3, 5, 8}),
    (RequestQuery(received_to=date(2026, 11, 18)), {4, 7}),
    (RequestQuery(due="overdue"), {1, 4}),
    (RequestQuery(due="due_today"), {8}),
    (RequestQuery(due="due_soon"), {2, 8}),
])
def test_each_filter(shared: Sample, query: RequestQuery, expected: set[int]) -> None:
    assert set(ids(shared, query)) == shared.ids(*expected)


def test_filters_by_staff_client_and_institution(shared: Sample) -> None:
    assert set(ids(shared, RequestQuery(handler_id=shared.clerk))) == shared.ids(2)
    assert set(ids(shared, RequestQuery(handler_id=shared.admin))) == shared.ids(1, 3, 4, 5, 6, 7, 8)
    assert set(ids(shared, RequestQuery(client_id=shared.clients["luosifen"]))) == shared.ids(1, 4, 6)
    assert set(ids(shared, RequestQuery(institution_id=shared.institution))) == shared.ids(4, 5, 6)


def test_due_filters_follow_the_day_given(shared: Sample) -> None:
    assert set(ids(shared, RequestQuery(due="overdue"), date(2026, 11, 23))) == shared.ids(4)
    assert set(ids(shared, RequestQuery(due="overdue"), date(2026, 11, 27))) == shared.ids(1, 2, 4, 8)
    assert ids(shared, RequestQuery(due="due_today"), date(2026, 11, 26)) == [shared.r[2]]


@pytest.mark.parametrize(("query", "expected"), [
    (RequestQuery(channel="phone", district="柳北区"), {2, 8}),
    (RequestQuery(category_id=CAT1, statuses=("received", "answered")), {1, 3}),
    (RequestQuery(category_id=CAT1, district="鱼峰区", channel="window"), {1}),
    (RequestQuery(text="咨询", category_id=CAT3), {8}),
    (RequestQuery(text="金桥汽车", due="due_soon"), {2, 8}),
    (RequestQuery(text="螺蛳粉", category_id=CAT2), {3, 6}),
    (RequestQuery(statuses=OPEN_STATUSES, handler_id=None, due="overdue", district="鱼峰区"), {1, 4}),
    (RequestQuery(channel="phone", district="柳南区"), set()),
])
def test_filters_combine(shared: Sample, query: RequestQuery, expected: set[int]) -> None:
    assert set(ids(shared, query)) == shared.ids(*expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("规", {3}),  # one character: instr
    ("合规", {3}),  # two: instr
    ("是否合规", {3}),  # three and more: the trigram index
    ("螺蛳", {1, 3, 4, 6}),  # the description of r3, the client's name of the others
    ("螺蛳粉", {1, 3, 4, 6}),
    ("金桥", {2, 5, 8}),  # the client's name
    ("金桥汽车配件", {2, 5, 8}),
    ("检定", {1, 5}),  # the description
    ("覃春梅", {1}),  # the contact
    ("13912345678", {1}),  # the contact's phone
    ("检定 金桥", {5}),  # every term must match
    ("柳州市 检定", {1, 5}),
    ("LZ-YF01-20261118-0001", {4}),  # the number
    ("lz-yf01-20261118", {4}),  # ASCII letters in any case, like the trigram index
    ("LZ-YF01-20261118-000", {4}),  # a number typed from its start: a range of the number index
    ("LZ-YF01-2026111", {4, 6, 7}),  # not a whole day (20261110 … 20261119): the trigram index
    ("LZ-YF01-20261118 金桥", set()),
    ("20261124", {3, 8}),
    ("lz", {1, 2, 3, 4, 5, 6, 7, 8}),
    ("没有这回事", set()),
    ('螺蛳粉"', set()),  # a quote is text, not FTS syntax
    ('" OR "', set()),
])
def test_search_in_number_client_description_and_contact(shared: Sample, text: str, expected: set[int]) -> None:
    assert set(ids(shared, RequestQuery(text=text))) == shared.ids(*expected)


def test_a_renamed_client_is_found_by_its_new_name(sample: Sample) -> None:
    renamed = variant(LUOSIFEN, name="柳州市螺霸王食品厂")
    clients.update_client(sample.db, sample.admin, sample.clients["luosifen"], renamed)
    assert set(ids(sample, RequestQuery(text="螺霸王"))) == sample.ids(1, 4, 6)
    assert set(ids(sample, RequestQuery(text="螺霸"))) == sample.ids(1, 4, 6)
    assert ids(sample, RequestQuery(text="龙城螺蛳粉")) == []


def test_sort_orders(shared: Sample) -> None:
    r = shared.r
    assert ids(shared, RequestQuery(sort="received_at", descending=False)) == [r[n] for n in (7, 4, 6, 5, 1, 2, 3, 8)]
    assert ids(shared, RequestQuery(sort="number", descending=False)) == [r[n] for n in (7, 4, 6, 5, 1, 2, 3, 8)]
    by_status = ids(shared, RequestQuery(sort="status", descending=False))
    rows = {row.id: row for row in request_list.rows_by_id(shared.db, by_status)}
    ranks = [STATUSES.index(rows[i].status) for i in by_status]
    assert ranks == sorted(ranks)  # lifecycle order, not alphabetical
    assert by_status[:2] == [r[1], r[8]]  # received, oldest first within a status
    # due: soonest first, requests without a due date last (and descending is the exact reverse)
    by_due = ids(shared, RequestQuery(sort="due_on", descending=False))
    assert by_due[:4] == [r[4], r[1], r[8], r[2]]
    assert set(by_due[4:]) == shared.ids(3, 5, 6, 7)
    assert ids(shared, RequestQuery(sort="due_on")) == by_due[::-1]
    by_client = ids(shared, RequestQuery(sort="client", descending=False))
    names = [request_list.rows_by_id(shared.db, [i])[0].client_name for i in by_client]
    assert names == sorted(names)
    assert ids(shared, RequestQuery(sort="client")) == by_client[::-1]
    with pytest.raises(ValueError):
        request_list.run_query(shared.db, RequestQuery(sort="description"), TODAY)


def test_rows_carry_what_the_table_shows(shared: Sample) -> None:
    r3, r4, r2 = request_list.rows_by_id(shared.db, [shared.r[3], shared.r[4], shared.r[2]])
    assert (r3.id, r4.id, r2.id) == (shared.r[3], shared.r[4], shared.r[2])  # in the order asked
    assert r3.categories == "计量技术服务、标准技术服务"
    assert (r3.client_name, r3.channel, r3.status, r3.district, r3.due_on) == (
        "韦小宝", "website", "answered", "柳南区", None)
    assert (r4.institution, r4.due_on, r4.handler, r4.description) == (
        "柳州市计量检定测试所", date(2026, 11, 20), "管理员", "申请特种设备使用登记")
    assert r2.handler == "韦清" and r2.number.startswith("LZ-YF01-20261123-")
    assert request_list.rows_by_id(shared.db, []) == []


def test_due_state() -> None:
    assert request_list.due_state(None, TODAY) == ""
    assert request_list.due_state(date(2026, 11, 24), TODAY) == "overdue"
    assert request_list.due_state(TODAY, TODAY) == "due_soon"
    assert request_list.due_state(date(2026, 11, 26), TODAY) == "due_soon"
    assert request_list.due_state(date(2026, 11, 27), TODAY) == ""


QUERIES = [
    RequestQuery(), RequestQuery(descending=False), RequestQuery(sort="number"), RequestQuery(sort="status"),
    RequestQuery(sort="due_on", descending=False), RequestQuery(sort="client", descending=False),
    RequestQuery(sort="client"), RequestQuery(category_id=CAT1), RequestQuery(category_id=CAT1, sort="client"),
    RequestQuery(text="咨询"), RequestQuery(text="咨询", sort="client", descending=False),
    RequestQuery(text="咨询", category_id=CAT1), RequestQuery(text="咨询 检定", category_id=CAT1, channel="window"),
    RequestQuery(text="柳州"), RequestQuery(statuses=OPEN_STATUSES, sort="due_on"), RequestQuery(district="柳北区"),
]


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Iterator[Sample]:  # type: ignore[no-untyped-def]
    """The sample set and 40 more requests, so that pages and the id window matter."""
    db, admin = open_station(tmp_path_factory.mktemp("many") / "station.sqlite3")
    sample = build(db, admin)
    for n in range(40):
        build_extra(sample, n)
    yield sample
    db.close()


@pytest.mark.parametrize("narrow", [0, 1_000_000])
def test_pages_agree_with_the_whole_list_whatever_the_plan(many: Sample, monkeypatch, narrow: int) -> None:
    """Pages by offset (large results), the id list (small ones) and position_of all give the same order,
    whether the id sets are read first (narrow) or tested while an index is walked (large)."""
    db = many.db
    monkeypatch.setattr(request_list, "NARROW", narrow)
    monkeypatch.setattr(request_list, "ID_WINDOW", 10)
    for q in QUERIES:
        everything = request_list.request_ids(db, q, TODAY)
        result = request_list.run_query(db, q, TODAY)
        assert result.count == len(everything), q
        if result.ids is None:
            assert len(everything) > 10
            pages = [r.id for offset in range(0, len(everything), 7)
                     for r in request_list.request_page(db, q, offset, 7, TODAY, result.large)]
            assert pages == everything, q
            assert [r.id for r in request_list.request_page(db, q, 0, 7, TODAY)] == everything[:7], q
        else:
            assert result.ids == everything, q
        for row, rid in list(enumerate(everything))[::5]:
            assert request_list.position_of(db, q, rid, TODAY) == row, (q, rid)
    assert request_list.position_of(db, RequestQuery(district="柳南区"), many.r[1], TODAY) is None


def build_extra(sample: Sample, n: int) -> int:
    client = list(sample.clients.values())[n % 3]
    day = date(2026, 10, 1 + n % 28)
    text = ("咨询检定" if n % 2 else "咨询标准") + f"第{n}号"
    inp = RequestInput(client, ("window", "phone", "visit")[n % 3], (CAT1_ITEM,) if n % 3 else (CAT2_ITEM,), text)
    return intake.create_request(sample.db, sample.admin, inp, now=at(day, 8 + n % 9)).ids[0]


def test_dashboard_counts(shared: Sample) -> None:
    counts = request_dashboard.dashboard_counts(shared.db, shared.admin, TODAY)
    assert counts.my_open == 5  # r1, r4, r5, r6, r8 (r2 is the clerk's; r3, r7 are closed)
    assert request_dashboard.dashboard_counts(shared.db, shared.clerk, TODAY).my_open == 1
    assert (counts.due_today, counts.overdue) == (1, 2)
    assert (counts.awaiting_feedback, counts.awaiting_return_visit) == (1, 1)
    assert list(counts.by_status) == list(STATUSES)
    assert counts.by_status == {**dict.fromkeys(STATUSES, 0), "received": 2, "answered": 1, "registered": 1,
                                "referred": 1, "completed": 1, "feedback_given": 1, "withdrawn": 1}
    later = request_dashboard.dashboard_counts(shared.db, shared.admin, date(2026, 11, 27))
    assert (later.due_today, later.overdue) == (0, 4)


def test_each_dashboard_number_opens_the_list_it_counts(shared: Sample) -> None:
    counts = request_dashboard.dashboard_counts(shared.db, shared.admin, TODAY)
    for key in request_dashboard.DASHBOARD_KEYS:
        q = request_dashboard.dashboard_query(key, shared.admin, TODAY)
        assert request_list.run_query(shared.db, q, TODAY).count == getattr(counts, key), key
    for status in STATUSES:
        q = request_dashboard.dashboard_query(f"status:{status}", shared.admin, TODAY)
        assert q.statuses == (status,)
        assert request_list.run_query(shared.db, q, TODAY).count == counts.by_status[status], status
    assert request_dashboard.dashboard_query("overdue", shared.admin, TODAY).sort == "due_on"
    assert request_dashboard.dashboard_query("my_open", shared.admin, TODAY) == RequestQuery(
        statuses=OPEN_STATUSES, handler_id=shared.admin)
    for bad in ("everything", "status:lost"):
        with pytest.raises(ValueError):
            request_dashboard.dashboard_query(bad, shared.admin, TODAY)


def test_dashboard_of_an_empty_station(db, admin_id) -> None:  # type: ignore[no-untyped-def]
    counts = request_dashboard.dashboard_counts(db, admin_id, TODAY)
    assert (counts.my_open, counts.due_today, counts.overdue, sum(counts.by_status.values())) == (0, 0, 0, 0)
    assert request_list.run_query(db, RequestQuery(), TODAY).ids == []
    assert request_list.run_query(db, RequestQuery(text="螺蛳粉"), TODAY).count == 0
