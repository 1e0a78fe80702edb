"""The period figures kept as the records change (docs/statistics.md, "How the figures are kept"): a year of a
million-request station is counted from a few thousand rows, not from the requests themselves.

Two tables, kept by triggers in the same transaction as every write, whoever writes:

- ``request_figures``: one row per request, what the statistics count of it, by the rules they count by
  (``stages.py`` for the time limits, ``request_list.OUTCOME_SQL`` for the outcomes), with its local days;
- ``request_day_figures``: per local day of receipt, the sum of those rows' contributions (``dim``, ``value``, ``n``):
  how many were received by channel, district, status, category…, how many kept each stage's limit, the
  evaluations' score sums, the (start day, done day) spans the medians are taken from.

A change to a request, its events, referrals, evaluations or categories, or its client's industry or size,
deletes its ``request_figures`` row and writes it again; deleting takes its contributions off the day, writing
adds them (a sum that comes down to 0 stays, as a 0). The local days are those of
``request_figures_state.modifier`` (the station's offset when they were counted); when the station's zone
changes, ``period_sums.ensure_current`` counts everything again.

The SQL here is the definition the migrations copy (``0015``); a test checks that the migrated triggers are
still exactly these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from desktop.models.requests.request_list import OUTCOME_SQL
from desktop.models.requests.stages import STAGES, late_done_sql, local_modifier, on_time_sql
from desktop.models.requests.tables import EVALUATOR_TYPES, SCORES

# the state's row, or if it is gone (it is only ever updated) UTC and no bulk count: a write of a request never
# fails for it, and the next figures find no offset, count everything again and put the row back
MODIFIER = "coalesce((SELECT modifier FROM request_figures_state), '+0 minutes')"
BULK = "coalesce((SELECT bulk FROM request_figures_state), 0)"


def _local(sql: str) -> str:
    """A rule written with ``:tz`` as the kept offset."""
    return sql.replace(":tz", MODIFIER)


def _day(expr: str) -> str:
    return f"date({expr}, {MODIFIER})"


# the evaluations of a request: their count, how many had a score of 1–2, each dimension's sum, 4–5s and 1–2s,
# and how many by each evaluator; NULL with none
_LOW = " OR ".join(f"e.{d} <= 2" for d in SCORES)
_SCORE_PARTS = ["count(*)", f"sum({_LOW})",
                *(f"sum(e.{d}), sum(e.{d} >= 4), sum(e.{d} <= 2)" for d in SCORES),
                *(f"sum(e.evaluator_type = '{t}')" for t in EVALUATOR_TYPES)]
SCORES_JSON = (f"(SELECT CASE WHEN count(*) > 0 THEN json_array({', '.join(_SCORE_PARTS)}) END "
               "FROM evaluation e WHERE e.request_id = r.id)")


def _state(stage: Any) -> str:
    """1: done on time, 2: done late, NULL: neither (not done, or no limit)."""
    return (f"CASE WHEN {_local(on_time_sql(stage.due, stage.done))} THEN 1 "
            f"WHEN {_local(late_done_sql(stage.due, stage.done))} THEN 2 END")


def _span(stage: Any) -> str:
    """'start day|done day' of a stage done under a limit (the medians' working days are counted from it)."""
    return (f"CASE WHEN {stage.due} IS NOT NULL AND {stage.done} IS NOT NULL AND {stage.started} IS NOT NULL "
            f"THEN {_day(stage.started)} || '|' || {_day(stage.done)} END")


# request_figures: column -> its value for the request ``r`` (service_request)
FACT: dict[str, str] = {
    "request_id": "r.id",
    "day": _day("r.received_at"),
    "channel": "r.channel",
    "district": "r.district",
    "status": "r.status",
    "handler_id": "r.handler_id",
    "industry": "(SELECT c.industry FROM client c WHERE c.id = r.client_id)",
    "size": "(SELECT coalesce(c.size, '') FROM client c WHERE c.id = r.client_id)",
    "institution_id": "r.institution_id",
    "categories": "(SELECT json_group_array(rc.category_id) FROM request_category rc WHERE rc.request_id = r.id)",
    **{f"is_{name}": f"coalesce({OUTCOME_SQL[name]}, 0)"
       for name in ("answered", "referred", "escalated", "completed", "withdrawn")},
    **{f"{st.key}_state": _state(st) for st in STAGES},
    **{f"{st.key}_span": _span(st) for st in STAGES},
    "scores": SCORES_JSON,
}
FACT_COLUMNS = tuple(FACT)


def _score(alias: str, index: int) -> str:
    return f"json_extract({alias}.scores, '$[{index}]')"


def contributions(a: str) -> list[tuple[str, str, str]]:
    """What the request_figures row ``a`` adds to its day: (dim, value, n), SQL over ``a``. A NULL value,
    or an n of 0 or NULL, adds nothing."""
    rows = [("'received'", "''", "1")]
    rows += [(f"'{c}'", f"{a}.{c}", "1") for c in ("channel", "district", "status", "industry", "size")]
    rows += [("'outcome'", f"'{name}'", f"{a}.is_{name}")
             for name in ("answered", "referred", "escalated", "completed", "withdrawn")]
    rows += [("'outcome'", "'evaluated'", f"{a}.scores IS NOT NULL"),
             ("'outcome'", "'dissatisfied'", f"{_score(a, 1)} > 0")]
    for st in STAGES:
        rows += [(f"'stage:{st.key}'", f"CASE {a}.{st.key}_state WHEN 1 THEN 'on_time' WHEN 2 THEN 'late' END", "1"),
                 (f"'span:{st.key}'", f"{a}.{st.key}_span", "1")]
    inst = f"{a}.institution_id"
    total = " + ".join(_score(a, 2 + 3 * i) for i in range(len(SCORES)))
    rows += [("'institution'", inst, "1"), ("'institution_on_time'", inst, f"{a}.feedback_state = 1"),
             ("'institution_late'", inst, f"{a}.feedback_state = 2"), ("'institution_score'", inst, total),
             ("'institution_scored'", inst, f"{len(SCORES)} * {_score(a, 0)}"),
             ("'evaluations'", "''", _score(a, 0))]
    for i, d in enumerate(SCORES):
        rows += [(f"'{part}'", f"'{d}'", _score(a, 2 + 3 * i + k))
                 for k, part in enumerate(("score_sum", "score_high", "score_low"))]
    rows += [("'evaluator'", f"'{t}'", _score(a, 2 + 3 * len(SCORES) + i)) for i, t in enumerate(EVALUATOR_TYPES)]
    return rows


def _union(a: str) -> str:
    """The contributions of a trigger's row ``a`` (NEW or OLD) as rows (day, dim, value, n)."""
    parts = [f"SELECT {a}.day AS day, {dim} AS dim, {value} AS value, {n} AS n" for dim, value, n in contributions(a)]
    parts.append(f"SELECT {a}.day, 'category', j.value, 1 FROM json_each({a}.categories) AS j")
    return " UNION ALL ".join(parts)


def _summed(dim: str, value: str, n: str, where: str = "", by_day: bool = False) -> str:
    """The sums of one contribution over the request_figures rows ``f`` (``where``: more conditions on them), by
    value (and by day): no two contributions share a (dim, value), so each is added up alone, with no sort of
    them all together."""
    day = "f.day, " if by_day else ""
    return (f"SELECT {day}{dim}, {value}, sum({n}) FROM f WHERE {value} IS NOT NULL{where} GROUP BY {day}{value} "
            f"HAVING sum({n}) <> 0")


def _categories(where: str = "", by_day: bool = False) -> str:
    day = "f.day, " if by_day else ""
    return (f"SELECT {day}'category', j.value, count(*) FROM f, json_each(f.categories) AS j "
            f"WHERE true{where} GROUP BY {day}j.value")


def rows_sums(dims: Collection[str]) -> tuple[str, list[tuple[str, str]], str]:
    """SQL adding up the contributions to ``dims`` of the request_figures rows named ``f`` (a filtered period's,
    which the days do not keep): one pass for the contributions of a fixed value, whose sums come back as one row
    (``fixed``, in the order of ``keys``: (dim, value) each), and one grouped pass for each of the others
    (``grouped``, rows of dim, value, n)."""
    fixed, keys, grouped = [], [], []
    for dim_sql, value, n in contributions("f"):
        dim = dim_sql.strip("'")
        if dim not in dims:
            continue
        if value.startswith("'") and value.endswith("'"):  # our own literal
            fixed.append(f"coalesce(sum({n}), 0)")
            keys.append((dim, value.strip("'")))
        else:
            grouped.append(_summed(dim_sql, value, n))
    if "category" in dims:
        grouped.append(_categories())
    return (f"SELECT {', '.join(fixed)} FROM f" if fixed else "", keys,
            " UNION ALL ".join(grouped))


UPSERT = " ON CONFLICT (dim, day, value) DO UPDATE SET n = request_day_figures.n + excluded.n"
KEEP = "c.value IS NOT NULL AND c.n IS NOT NULL AND c.n <> 0"


def _refresh(where: str) -> str:
    """Statements that count again the requests ``where`` (SQL over ``r``, service_request) selects."""
    return (f"DELETE FROM request_figures WHERE request_id IN (SELECT r.id FROM service_request r WHERE {where}); "
            f"INSERT INTO request_figures ({', '.join(FACT_COLUMNS)}) "
            f"SELECT {', '.join(FACT.values())} FROM service_request r WHERE {where};")


_REQUEST_COLUMNS = ("channel", "district", "status", "handler_id", "client_id", "institution_id", "received_at",
                    "responded_at", "completed_at", "city_status", "response_due", "handover_due", "feedback_due",
                    "completion_due")


def triggers() -> dict[str, str]:
    """Every trigger that keeps the two tables, by name."""
    one = "r.id = {}.request_id"
    made = {
        "request_figures_add": (
            f"CREATE TRIGGER request_figures_add AFTER INSERT ON request_figures WHEN {BULK} = 0 BEGIN "
            f"INSERT INTO request_day_figures (day, dim, value, n) SELECT c.day, c.dim, c.value, c.n "
            f"FROM ({_union('NEW')}) AS c WHERE {KEEP}{UPSERT}; END"),
        "request_figures_take": (
            f"CREATE TRIGGER request_figures_take AFTER DELETE ON request_figures WHEN {BULK} = 0 BEGIN "
            f"INSERT INTO request_day_figures (day, dim, value, n) SELECT c.day, c.dim, c.value, -c.n "
            f"FROM ({_union('OLD')}) AS c WHERE {KEEP}{UPSERT}; END"),
        "service_request_figures_insert": (
            "CREATE TRIGGER service_request_figures_insert AFTER INSERT ON service_request BEGIN "
            f"{_refresh('r.id = NEW.id')} END"),
        "service_request_figures_update": (
            "CREATE TRIGGER service_request_figures_update AFTER UPDATE OF "
            f"{', '.join(_REQUEST_COLUMNS)} ON service_request BEGIN {_refresh('r.id = NEW.id')} END"),
        "service_request_figures_delete": (
            "CREATE TRIGGER service_request_figures_delete AFTER DELETE ON service_request BEGIN "
            "DELETE FROM request_figures WHERE request_id = OLD.id; END"),
        "request_event_figures": (
            "CREATE TRIGGER request_event_figures AFTER INSERT ON request_event "
            f"WHEN NEW.kind IN ('referred', 'escalated') BEGIN {_refresh(one.format('NEW'))} END"),
        "evaluation_figures": (
            f"CREATE TRIGGER evaluation_figures AFTER INSERT ON evaluation BEGIN {_refresh(one.format('NEW'))} END"),
        "client_figures": (
            "CREATE TRIGGER client_figures AFTER UPDATE OF industry, size ON client "
            f"WHEN NEW.industry IS NOT OLD.industry OR NEW.size IS NOT OLD.size BEGIN "
            f"{_refresh('r.client_id = NEW.id')} END"),
    }
    for table in ("referral", "request_category"):
        made[f"{table}_figures_insert"] = (f"CREATE TRIGGER {table}_figures_insert AFTER INSERT ON {table} BEGIN "
                                           f"{_refresh(one.format('NEW'))} END")
        made[f"{table}_figures_delete"] = (f"CREATE TRIGGER {table}_figures_delete AFTER DELETE ON {table} BEGIN "
                                           f"{_refresh(one.format('OLD'))} END")
    made["referral_figures_update"] = (
        "CREATE TRIGGER referral_figures_update AFTER UPDATE ON referral BEGIN "
        f"{_refresh(one.format('OLD'))} {_refresh(one.format('NEW'))} END")
    return made


def fill_statements(after: str = ":after") -> list[str]:
    """Count the requests whose id is over ``after`` in bulk (the triggers that add to the days stand aside:
    their contributions are added up here in one statement)."""
    where = f" AND f.request_id > {after}"
    parts = [_summed(dim, value, n, where, by_day=True) for dim, value, n in contributions("f")]
    parts.append(_categories(where, by_day=True))
    return [
        "UPDATE request_figures_state SET bulk = 1",
        f"INSERT INTO request_figures ({', '.join(FACT_COLUMNS)}) SELECT {', '.join(FACT.values())} "
        f"FROM service_request r WHERE r.id > {after}",
        f"INSERT INTO request_day_figures (day, dim, value, n) SELECT * FROM (WITH f AS (SELECT * FROM "
        f"request_figures) {' UNION ALL '.join(parts)}) WHERE true{UPSERT}",
        "UPDATE request_figures_state SET bulk = 0",
    ]


def refill(execute: Callable[[str], object], modifier: str | None = None) -> None:
    """Count every request again, its local days in the offset ``modifier`` (default: the station's now), with
    ``execute`` (a statement at a time, inside the caller's transaction)."""
    offset = modifier or local_modifier()
    if not re.fullmatch(r"[+-]\d{1,4} minutes", offset):
        raise ValueError(f"not an offset: {offset!r}")
    execute(f"INSERT INTO request_figures_state (id, modifier, bulk) VALUES (1, '{offset}', 1) "  # put back if gone
            "ON CONFLICT (id) DO UPDATE SET modifier = excluded.modifier, bulk = 1")
    execute("DELETE FROM request_figures")
    execute("DELETE FROM request_day_figures")
    for sql in fill_statements("0"):
        execute(sql)


def frozen() -> dict[str, Any]:
    """What a migration keeps a copy of: the triggers and the bulk count (of every request)."""
    return {"triggers": triggers(), "fill": fill_statements("0")}
