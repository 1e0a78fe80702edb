"""The hub under a property-based API fuzzer (schemathesis), driven by the hub's own OpenAPI document.

Every operation is called with generated requests, valid and invalid, as an enrolled device (so the
authenticated operations are exercised past the 401), on the real app and a real database. Each answer must be
no server error, and must be what the document declares: a documented status code, the declared content type and
a body that validates against the declared schema. The run is reproducible (derandomized) and bounded (a fixed
number of examples per operation), so it fits in CI.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from cityhub.app import create_app
from cityhub.db import Database
from tests.support.hub_api import Dev, enrol
from tests.support.hub_records import STATION

EXAMPLES = 100  # per operation
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, unsupported_method, allow_header_conformance, missing_required_header,
          ignored_auth, negative_data_rejection]
SENT: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _tally() -> Iterator[None]:
    """What the run sent (shown with ``-s``): requests per operation and status of the answer, and the time."""
    start = time.perf_counter()
    yield
    print(f"\nfuzzer: {sum(SENT.values())} requests in {time.perf_counter() - start:.1f} s: {dict(SENT)}")


@pytest.fixture
def hub(db: Database) -> tuple[FastAPI, Dev]:
    """The hub on this test's database (SQLite, and PostgreSQL when configured), and a device enrolled there."""
    app = create_app(db=db)
    with TestClient(app) as client:
        return app, enrol(client, db)


# The operations to generate come from the document the hub serves; the requests go to ``hub`` (above).
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app("sqlite://"))


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck),
          database=None)
def test_the_hub_answers_every_generated_request_as_its_schema_says(case: Any, hub: tuple[FastAPI, Dev]) -> None:
    app, device = hub
    if isinstance(case.body, dict) and "station_code" in case.body and case.operation.path == "/v1/push":
        case.body["station_code"] = STATION  # the device's own station: the batch is taken, record by record
    response = case.call_and_validate(app=app, headers=device.headers, checks=CHECKS)
    SENT[f"{case.method} {case.operation.path} {response.status_code}"] += 1
