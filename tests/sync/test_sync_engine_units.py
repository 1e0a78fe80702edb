"""The engine's pure parts: batches split by bytes, the backoff schedule."""

from __future__ import annotations

from pathlib import Path

from desktop.models.city_sync.outbox import Pending
from desktop.sync import engine


def pending(n: int, size: int) -> Pending:
    return Pending(n, "escalation", f"u{n}", 1, "0" * 64, "x" * size, ())


def test_batches_stay_under_the_request_limit() -> None:
    small = [pending(i, 1000) for i in range(10)]
    assert engine._within_bytes(small, limit=100_000) == small
    big = [pending(i, 40_000) for i in range(10)]
    assert len(engine._within_bytes(big, limit=100_000)) == 2
    assert engine._within_bytes([pending(1, 500_000)], limit=100_000) == [pending(1, 500_000)]  # one always goes


class _Client:
    bytes_sent = 0


def test_transient_failures_back_off_exponentially_with_full_jitter_then_give_up() -> None:
    import pytest

    from desktop.sync.client import AuthRefused, ServerError

    waits: list[float] = []
    e = engine.Engine(None, Path("."), _Client(), "LZ", "u",  # type: ignore[arg-type]
                      engine.SyncOptions(max_attempts=5, base_delay=0.5, max_delay=3.0),
                      rng=lambda: 1.0)
    e._wait = waits.append  # type: ignore[method-assign]  # the schedule, not the sleeping
    calls: list[int] = []

    def failing() -> None:
        calls.append(1)
        raise ServerError("HTTP 503")

    with pytest.raises(ServerError):
        e._retrying(failing)
    assert len(calls) == 5
    assert [round(w, 2) for w in waits] == [0.5, 1.0, 2.0, 3.0]  # doubling, capped, none after the last
    e._rng = lambda: 0.25
    waits.clear()
    with pytest.raises(ServerError):
        e._retrying(failing)
    assert [round(w, 3) for w in waits] == [0.125, 0.25, 0.5, 0.75]  # a random part of the cap

    def refused() -> None:
        calls.append(1)
        raise AuthRefused("HTTP 401")

    calls.clear()
    with pytest.raises(AuthRefused):
        e._retrying(refused)
    assert calls == [1]  # never retried: it cannot help


def test_a_wait_is_cut_into_slices_so_a_cancel_is_seen() -> None:
    import pytest

    slept: list[float] = []
    cancel = {"now": False}

    def sleep(s: float) -> None:
        slept.append(s)
        cancel["now"] = len(slept) == 3

    e = engine.Engine(None, Path("."), _Client(), "LZ", "u", sleep=sleep,  # type: ignore[arg-type]
                      cancelled=lambda: cancel["now"])
    with pytest.raises(engine.Cancelled):
        e._wait(10.0)
    assert slept == [0.2, 0.2, 0.2]
