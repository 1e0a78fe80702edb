"""The browsable API docs (Swagger UI at ``/docs``), off unless ``cityhub serve --docs`` asks for them.

A city server usually sits on an intranet: FastAPI's own page loads Swagger UI from a CDN, which it cannot reach.
Here the script and stylesheet come from the hub itself (the ``fastapi-offline`` package ships them), and the page
gets a Content-Security-Policy of its own that allows those files and, by hash, the one inline script that starts
Swagger UI, nothing else. ``/openapi.json`` is always served, docs or not.
"""

from __future__ import annotations

import hashlib
import re
from base64 import b64encode
from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_PATH = "/docs"
ASSETS_PATH = "/docs-assets"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _policy(page: str) -> str:
    hashes = " ".join(f"'sha256-{b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
                      for script in _INLINE_SCRIPT.findall(page))
    return (f"default-src 'none'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def install(app: FastAPI) -> None:
    """Serve Swagger UI at ``DOCS_PATH`` from the hub's own copy of its files."""
    assets = files("fastapi_offline") / "static"
    app.mount(ASSETS_PATH, StaticFiles(directory=str(assets)), name="docs-assets")
    page = bytes(get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} · API",
        swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js", swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS_PATH}/favicon.png", oauth2_redirect_url=None).body).decode()
    policy = _policy(page)

    @app.get(DOCS_PATH, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(page, headers={"Content-Security-Policy": policy})
