"""Each sync test waits on network peers; each has a timeout of its own, so a hung socket fails that test and not
the whole run (a ``pytestmark`` in conftest.py, which pytest ignores, once stood for this)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.conftest import TIMEOUT_S


def test_every_sync_test_has_its_timeout(request: pytest.FixtureRequest) -> None:
    here = Path(__file__).resolve().parent
    ours = [item for item in request.session.items if here in Path(str(item.fspath)).parents]
    assert request.node in ours
    for item in ours:
        marker = item.get_closest_marker("timeout")
        assert marker is not None and marker.args[0] <= TIMEOUT_S, item.nodeid
