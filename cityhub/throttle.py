"""Limits on failed enrolments, per client address and per station code, so enrolment codes cannot be guessed at
speed (docs/sync-protocol.md, "Enrolment limits").

Only refusals count. An address over its own limit waits, even with a good code (the hub does not look at a
guess it refused to take). Over a station's limit, every address that has failed lately waits the same way, but
an address with no recent failure is still heard: the station's own new computer enrols with its good code, so
guessing for a station (20 failures an hour from anywhere) cannot lock that station out. The counts are kept in the hub
process's memory (the ``limits`` library's moving window): they start again when the hub restarts and are not
shared between hub processes.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from cityhub.errors import HubError, TooManyAttempts


def parse_limit(text: str) -> RateLimitItem:
    """``10/minute``, ``20 per hour``, ``5/30 seconds`` …; ``ValueError`` for anything else."""
    try:
        return parse(text)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a limit like 10/minute or 20 per hour") from error


@dataclass(frozen=True)
class EnrolLimits:
    """How many failed enrolments the hub takes from one client address, and for one station code, in a moving
    window (``limits`` notation)."""

    per_address: str = "10/minute"
    per_station: str = "20/hour"


class EnrolmentThrottle:
    def __init__(self, limits: EnrolLimits) -> None:
        self._per_address = parse_limit(limits.per_address)
        self._per_station = parse_limit(limits.per_station)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        # The check and the count are each atomic; guesses in flight at the same moment (at most the hub's worker
        # threads) may each be heard before the first of them is counted.
        self._lock = threading.Lock()

    def _keys(self, address: str, station_code: str) -> list[tuple[RateLimitItem, str, str, str]]:
        station = "".join(station_code.split()).upper()  # case and spaces do not make another station
        return [(self._per_address, "enrol-address", address, f"from this address ({address})"),
                (self._per_station, "enrol-station", station, f"for station {station}")]

    def _refuse_if_over(self, address: str, station_code: str) -> None:
        by_address, by_station = self._keys(address, station_code)
        # over the station's limit, only addresses that failed lately wait: guessing cannot lock a station out
        address_failed = self._limiter.get_window_stats(*by_address[:3]).remaining < by_address[0].amount
        for limit, kind, key, whom in (by_address, by_station) if address_failed else (by_address,):
            if not self._limiter.test(limit, kind, key):
                reset = self._limiter.get_window_stats(limit, kind, key).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                raise TooManyAttempts(
                    f"too many failed enrolment attempts {whom} (at most {limit.amount} per "
                    f"{_window(limit)}); try again in {_duration(wait)}, or ask the city for help",
                    retry_after=wait)

    @contextmanager
    def attempt(self, address: str, station_code: str) -> Iterator[None]:
        """Around one enrolment: refused with ``TooManyAttempts`` when over a limit; a refusal inside counts."""
        with self._lock:
            self._refuse_if_over(address, station_code)
        try:
            yield  # not under the lock: a slow database must not hold every other enrolment's thread
        except HubError:
            with self._lock:
                for limit, kind, key, _whom in self._keys(address, station_code):
                    self._limiter.hit(limit, kind, key)
            raise


def _window(limit: RateLimitItem) -> str:
    unit = limit.GRANULARITY.name
    return unit if limit.multiples == 1 else f"{limit.multiples} {unit}s"


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"
