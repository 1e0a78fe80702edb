"""What the station says when the real hub refuses an enrolment: here, too many failed attempts (the hub's limit on
guessing codes), said in the UI language with how long to wait."""

from __future__ import annotations

import pytest

from cityhub.throttle import EnrolLimits, parse_limit
from desktop.messages import Translator
from desktop.models.city_sync import sync_state
from desktop.models.city_sync.sync_state import SyncSettings
from desktop.sync import service
from desktop.sync.client import EnrolmentRefused
from tests.support.hub_process import HubProcess
from tests.support.requests import Station


def test_too_many_failed_enrolments_are_explained_with_the_wait(st: Station, hub: HubProcess) -> None:
    sync_state.save_settings(st.db, st.admin, SyncSettings(hub.url, "", 100))
    for _ in range(parse_limit(EnrolLimits.per_address).amount):  # the hub's default limit per address
        with pytest.raises(EnrolmentRefused) as refused:
            service.enrol(st.db, "AAAA-BBBB-CCCC-DDDD")
        assert refused.value.code == "enrolment_code"
    with pytest.raises(EnrolmentRefused) as refused:
        service.enrol(st.db, "AAAA-BBBB-CCCC-DDDD")
    assert refused.value.code == "too_many_attempts" and refused.value.status == 429
    message = refused.value.message
    assert "Too many failed enrolment attempts" in message and "1 minute" in message
    chinese = Translator("zh_CN")(message)
    assert "1 分钟" in chinese and chinese != message
    assert not service.is_enrolled(st.db)
