"""TLS: the station verifies the hub's certificate; a city server with its own CA works once its CA bundle is
configured, and not before (no switch turns verification off)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from desktop.models.city_sync import sync_state
from desktop.models.core import station
from desktop.models.core.errors import Invalid
from desktop.sync import service
from desktop.sync.client import HubClient, Unreachable
from desktop.sync.engine import SyncFailed
from tests.support.hub_process import HubProcess, escalate_some, running_hub
from tests.support.requests import Station


@pytest.fixture
def tls_hub(tmp_path: Path) -> Iterator[tuple[HubProcess, Path]]:
    ca = trustme.CA(organization_name="柳州市级平台 test CA")
    server = ca.issue_cert("localhost")
    cert, key, bundle = tmp_path / "hub.crt", tmp_path / "hub.key", tmp_path / "city-ca.pem"
    server.cert_chain_pems[0].write_to_path(str(cert))
    server.private_key_pem.write_to_path(str(key))
    ca.cert_pem.write_to_path(str(bundle))
    with running_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "hub.log", (cert, key, bundle)) as hub:
        yield hub, bundle


def test_a_hub_with_its_own_ca_is_trusted_only_through_its_bundle(st: Station, tls_hub: tuple[HubProcess, Path],
                                                                   tmp_path: Path) -> None:
    hub, bundle = tls_hub
    assert hub.url.startswith("https://")
    with HubClient(hub.url) as client:  # the system's trust store does not know the city's CA
        problem = client.check()
    assert isinstance(problem, Unreachable) and "CERTIFICATE_VERIFY_FAILED" in problem.message
    sync_state.save_settings(st.db, st.admin, sync_state.SyncSettings(hub.url))
    code = hub.code(station.get_station(st.db).code)  # type: ignore[union-attr]
    with pytest.raises(Unreachable, match="CERTIFICATE_VERIFY_FAILED"):
        service.enrol(st.db, code)
    sync_state.save_settings(st.db, st.admin, sync_state.SyncSettings(hub.url, str(bundle)))
    service.enrol(st.db, code)
    escalate_some(st, 2)
    assert service.sync_once(st.db, tmp_path).accepted == 2
    assert len(hub.held()) == 2
    sync_state.save_settings(st.db, st.admin, sync_state.SyncSettings(hub.url))  # the bundle removed again
    escalate_some(st, 1)
    with pytest.raises(SyncFailed, match="CERTIFICATE_VERIFY_FAILED"):
        service.sync_once(st.db, tmp_path)
    assert len(hub.held()) == 2


def test_plain_http_is_for_this_computer_only(st: Station) -> None:
    with pytest.raises(Invalid) as err:
        sync_state.save_settings(st.db, st.admin, sync_state.SyncSettings("http://sync.example.cn"))
    assert "https" in err.value.errors["hub_url"]


def test_a_bad_ca_bundle_is_a_clear_error(st: Station, tmp_path: Path) -> None:
    from desktop.sync.client import ProtocolError

    with pytest.raises(Invalid) as err:
        sync_state.save_settings(st.db, st.admin, sync_state.SyncSettings("https://sync.example.cn",
                                                                          str(tmp_path / "missing.pem")))
    assert "does not exist" in err.value.errors["ca_bundle"]
    junk = tmp_path / "not-a-certificate.pem"
    junk.write_text("hello")
    with pytest.raises(ProtocolError, match="CA bundle"):
        HubClient("https://localhost:1", ca_bundle=str(junk))
