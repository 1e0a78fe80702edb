"""What a browser gets from the hub: the overview page with invisible formatting characters made visible, the
security headers on HTML and JSON answers, and the API docs (off by default, served without internet when on)."""

from __future__ import annotations

import hashlib
import re
from base64 import b64encode
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cityhub import auth, cli
from cityhub.app import create_app
from cityhub.db import Database
from tests.support.hub_api import assert_error, enrol, push
from tests.support.hub_records import STATION, escalation

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE = BIDI + "\u200b\u2060\ufeff\u00ad"  # zero-width space, word joiner, BOM, soft hyphen: also category Cf


def _policy(answer: Any) -> dict[str, str]:
    """The Content-Security-Policy as {directive: sources}."""
    parts = (part.strip().split(None, 1) for part in answer.headers["content-security-policy"].split(";"))
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts if part}


def _assert_strict_headers(answer: Any) -> None:
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["referrer-policy"] == "no-referrer"
    policy = _policy(answer)
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in answer.headers["content-security-policy"]
    assert "script-src" not in policy  # no script at all: default-src 'none' covers it


def test_a_request_number_cannot_pretend_to_be_another(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    spoofed = "LZ-CZ-2026-\u202e1000\u202c<b>"  # shows as LZ-CZ-2026-0001 in a browser that obeys U+202E
    push(client, dev, [escalation(number=spoofed), escalation(number="LZ-CZ-" + INVISIBLE)])
    with db.transaction() as session:
        auth.ensure_station(session, STATION, "城中\u2067区\u2069服务站")
    page = client.get("/")
    assert page.status_code == 200
    assert not set(INVISIBLE) & set(page.text), "an invisible formatting character reached the page"
    assert '<span class="cf">\\u202e</span>1000<span class="cf">\\u202c</span>&lt;b&gt;' in page.text
    for char in INVISIBLE:
        assert f'<span class="cf">\\u{ord(char):04x}</span>' in page.text
    assert '城中<span class="cf">\\u2067</span>区' in page.text
    assert "<b>" not in page.text  # HTML-escaping stays


def test_html_and_json_answers_carry_the_security_headers(client: TestClient, db: Database) -> None:
    page = client.get("/")
    _assert_strict_headers(page)
    assert _policy(page)["style-src"] == "'self'"
    assert "<script" not in page.text and "<style" not in page.text and "style=" not in page.text
    sheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert sheet is not None
    css = client.get(sheet.group(1))
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css") and "table" in css.text
    _assert_strict_headers(css)
    for answer in (client.get("/v1/health"), client.get("/openapi.json"), client.get("/v1/nowhere"),
                   client.get("/v1/decisions"), client.post("/v1/push", content=b"x"),
                   push(client, enrol(client, db), [])):
        assert answer.headers["content-type"].startswith("application/json"), answer.request.url
        _assert_strict_headers(answer)


def test_the_api_docs_are_off_by_default(client: TestClient) -> None:
    assert_error(client.get("/docs"), 404, "not_found")
    assert_error(client.get("/redoc"), 404, "not_found")
    assert client.get("/openapi.json").json()["paths"]
    assert 'href="/openapi.json"' in client.get("/").text and "/docs" not in client.get("/").text


@pytest.fixture
def docs_client(db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(db=db, docs=True)) as test_client:
        yield test_client


def test_the_api_docs_when_asked_need_no_internet(docs_client: TestClient) -> None:
    docs = docs_client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert not re.search(r'(src|href)="(https?:)?//', docs.text), "the docs page loads something from outside"
    for url in re.findall(r'(?:src|href)="([^"]+)"', docs.text):
        asset = docs_client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 1000, url
        assert asset.headers["x-content-type-options"] == "nosniff"
    policy = _policy(docs)
    assert policy["frame-ancestors"] == "'none'" and docs.headers["x-frame-options"] == "DENY"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    inline = re.findall(r"<script>(.*?)</script>", docs.text, re.S)
    assert inline, "the page is expected to start Swagger UI inline"
    for script in inline:  # each inline script is allowed by its hash, and nothing else inline is
        digest = b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"]
    assert docs_client.get("/docs").headers["content-security-policy"] == docs.headers["content-security-policy"]


def test_the_command_line_switches_the_docs_on() -> None:
    assert cli.build_parser().parse_args(["serve", "--docs"]).docs is True
    assert cli.build_parser().parse_args(["serve"]).docs is False
