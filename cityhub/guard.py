"""What stands in front of the hub's endpoints: the error answer's shape, the request size checked and the device
token checked before the app reads a request's body, and the security headers on every answer.

The middlewares are plain ASGI: they never touch the request body, so a refused request costs the hub a header
check and one small query, whatever its size (and an accepted one passes through without the streams and task
group that Starlette's ``BaseHTTPMiddleware`` wraps around every request).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cityhub.errors import HubError
from desktop.sync import wire

# A strict policy for every answer: nothing runs, nothing loads but the hub's own stylesheet, no page may frame it.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
                           "form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "content-security-policy": CONTENT_SECURITY_POLICY,
}


def error_response(status: int, code: str, message: str, headers: Mapping[str, str] | None = None,
                   **extra: Any) -> JSONResponse:
    """The protocol's error answer: ``{"error": code, "message": message, **extra}``. The message may quote what
    was sent: anything in it that is not Unicode (an unpaired surrogate) is written as its escape."""
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    all_headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    all_headers.update(headers or {})
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status,
                        headers=all_headers or None)


def hub_error_response(error: HubError) -> JSONResponse:
    return error_response(error.status, error.code, error.message, error.headers, **error.extra)


def _uses(dependant: Dependant, scheme: object) -> bool:
    return any(dep.call is scheme or _uses(dep, scheme) for dep in dependant.dependencies)


class AuthenticateFirst:
    """Checks the device token of every route that takes one (a ``Security(scheme)`` parameter) before the app
    reads the body, parses it or validates anything: a request without a valid token gets its 401 unread.

    ``check(token)`` raises ``HubError`` (``Unauthorized``) for a missing, unknown or revoked token; it runs in the
    threadpool (it queries the database). The endpoint checks the token again in its own transaction, so a device
    revoked in between is still refused."""

    def __init__(self, app: ASGIApp, *, hub: FastAPI, scheme: HTTPBearer,
                 check: Callable[[str | None], object]) -> None:
        self.app, self.hub, self.scheme, self.check = app, hub, scheme, check
        self._routes: list[APIRoute] | None = None

    def _guarded(self) -> Iterable[APIRoute]:
        if self._routes is None:  # the routes exist once the app serves its first request
            self._routes = [route for route in self.hub.routes
                            if isinstance(route, APIRoute) and _uses(route.dependant, self.scheme)]
        return self._routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and any(route.matches(scope)[0] == Match.FULL for route in self._guarded()):
            credentials = await self.scheme(Request(scope))  # reads headers only
            try:
                await run_in_threadpool(self.check, credentials.credentials if credentials else None)
            except HubError as error:
                await hub_error_response(error)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class LimitBody:
    """Refuses a request body over the protocol's limit before it is read (and before authentication, which reads
    no body either): a POST or PUT without a Content-Length is answered 411, one over ``wire.MAX_PUSH_BYTES`` 413,
    an enrolment (which needs no token) over ``wire.MAX_ENROL_BYTES`` 413."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("POST", "PUT"):
            refusal = self._refusal(scope)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _refusal(scope: Scope) -> JSONResponse | None:
        length = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"content-length"),
                      None)
        if length is None or not length.isdigit():
            return error_response(411, "length", "a Content-Length header is required")
        if int(length) > wire.MAX_PUSH_BYTES:
            return error_response(413, "too_large", f"the request is over {wire.MAX_PUSH_BYTES} bytes: send fewer "
                                                    "records at a time")
        if scope["path"] == "/v1/enrol" and int(length) > wire.MAX_ENROL_BYTES:  # needs no token
            return error_response(413, "too_large", f"an enrolment is under {wire.MAX_ENROL_BYTES} bytes")
        return None


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every answer, keeping any the answer set itself (the API docs page has its
    own policy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _value in headers}
                headers += [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
                            if name.encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
