"""The hub's HTTP API (docs/sync-protocol.md) as a FastAPI app, with the read-only overview page at ``/``.

Endpoints are plain ``def`` so their blocking database work runs in the threadpool; each request is one
transaction, committed before the answer leaves (an acknowledged record is a stored record). Every error,
FastAPI's own validation errors and 404s included, is answered as ``wire.ApiError``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.convertors import StringConvertor, register_url_convertor
from starlette.exceptions import HTTPException as StarletteHTTPException

from cityhub import __version__, api_docs, auth, blobs, chains, feed, holidays, monthly, report
from cityhub.db import Database, open_db, utcnow
from cityhub.errors import HubError, TooLarge
from cityhub.guard import SECURITY_HEADERS, AuthenticateFirst, LimitBody, SecurityHeaders, hub_error_response
from cityhub.guard import error_response as _error
from cityhub.ingest import ingest
from cityhub.page import STYLESHEET, STYLESHEET_PATH, overview_html
from cityhub.throttle import EnrolLimits, EnrolmentThrottle
from desktop.sync import wire

log = logging.getLogger(__name__)


class _BlobName(StringConvertor):
    """A file's name in ``/v1/blobs/{sha256}``: any segment but ``query``, so ``PUT /v1/blobs/query`` is the
    405 of ``/v1/blobs/query`` (POST only), not a file named "query" (its pattern is checked as a parameter)."""

    regex = "(?!query$)[^/]+"


register_url_convertor("blob_name", _BlobName())

_bearer = HTTPBearer(auto_error=False, description="the device token received from POST /v1/enrol")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]


def _errors(*statuses: int, body: bool = True) -> dict[int | str, dict[str, Any]]:
    """The error answers an operation declares (docs/sync-protocol.md's table): ``statuses``, 500, and for an
    operation with a request body 411 and 413 (refused before the body is read)."""
    declared = (*statuses, *((411, 413) if body else ()), 500)
    return {status: {"model": wire.ApiError} for status in sorted(declared)}


def _add_error_handlers(app: FastAPI) -> None:
    async def hub_error(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HubError)
        return hub_error_response(error)

    async def http_error(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        code = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}.get(
            error.status_code, f"http_{error.status_code}")
        return _error(error.status_code, code, str(error.detail), error.headers)  # a 405's Allow, say

    async def validation_error(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        body = error.body
        if isinstance(body, dict) and "protocol" in body and body["protocol"] != wire.PROTOCOL:
            return _error(400, "protocol", f"this hub speaks protocol {wire.PROTOCOL}, not {body['protocol']!r}")
        problems = list(error.errors())
        first = problems[0] if problems else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(part) for part in first.get("loc", ()))
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return _error(422, "validation", f"{where}: {first.get('msg', 'invalid')}{more}")

    async def internal_error(_request: Request, error: Exception) -> JSONResponse:
        log.exception("internal error", exc_info=error)
        # Starlette answers this outside every middleware: the security headers are added here
        return _error(500, "internal", "internal error; see the hub's log", SECURITY_HEADERS)

    app.add_exception_handler(HubError, hub_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)


async def _read_chunk(request: Request) -> bytes:
    """The request body, refused as soon as it grows past one chunk."""
    data = bytearray()
    async for part in request.stream():
        data += part
        if len(data) > wire.CHUNK_BYTES:
            raise TooLarge(f"a chunk may have at most {wire.CHUNK_BYTES} bytes")
    return bytes(data)


def _token(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials is not None else None


def create_app(db_url: str | None = None, db: Database | None = None, *,
               enrol_limits: EnrolLimits | None = None, docs: bool = False) -> FastAPI:
    """The hub on the database at ``db_url`` (created if needed), or on an already open ``db``; ``docs``: serve
    the browsable API docs at ``/docs`` (``/openapi.json`` is always served)."""
    database = db or open_db(db_url)
    throttle = EnrolmentThrottle(enrol_limits or EnrolLimits())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        database.dispose()  # the server stops: close the pooled connections

    app = FastAPI(title="Quality Station city hub (市级平台)", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
                  description="The city side of the station sync protocol, version "
                              f"{wire.PROTOCOL} (docs/sync-protocol.md).")
    app.state.db = database
    _add_error_handlers(app)

    def check_token(token: str | None) -> None:
        with database.transaction() as session:
            auth.check_token(session, token)

    app.add_middleware(AuthenticateFirst, hub=app, scheme=_bearer, check=check_token)

    app.add_middleware(LimitBody)  # before authentication: a body too large is refused without a query
    app.add_middleware(SecurityHeaders)  # outermost: on every answer, refusals of the middlewares included

    @app.get("/v1/health", response_model=wire.Health, responses=_errors(body=False), tags=["sync"])
    def health() -> wire.Health:
        """Reachability, without authentication: the station polls it to show online/offline."""
        return wire.Health()

    @app.post("/v1/enrol", response_model=wire.EnrolResponse, responses=_errors(400, 401, 409, 422, 429),
              tags=["sync"])
    def enrol(request: wire.EnrolRequest, http: Request) -> wire.EnrolResponse:
        """Spend a one-time enrolment code and get the device token. Failed attempts are limited per client
        address and per station code (429 ``too_many_attempts`` with ``Retry-After``)."""
        address = http.client.host if http.client else "unknown"
        with throttle.attempt(address, request.station_code), database.transaction() as session:
            return auth.enrol(session, request)

    @app.post("/v1/push", response_model=wire.PushResponse, responses=_errors(400, 401, 403, 422), tags=["sync"])
    def push(batch: wire.PushRequest, credentials: Credentials) -> wire.PushResponse:
        """Take a batch of records in one transaction and answer each, in order."""
        with database.transaction() as session:
            device = auth.device_for_token(session, _token(credentials))
            return ingest(session, device, batch)

    @app.post("/v1/blobs/query", response_model=wire.BlobStates, responses=_errors(400, 401, 422), tags=["sync"])
    def query_blobs(request: wire.BlobQuery, credentials: Credentials) -> wire.BlobStates:
        """How many bytes of each file the hub holds."""
        with database.transaction() as session:
            device = auth.device_for_token(session, _token(credentials))
            return blobs.query(session, device, request.hashes)

    def _put(token: str | None, sha256: str, offset: int, size: int, data: bytes) -> wire.BlobState:
        with database.transaction() as session:
            device = auth.device_for_token(session, token)
            return blobs.put_chunk(session, device, sha256, offset, size, data)

    @app.put("/v1/blobs/{sha256:blob_name}", response_model=wire.BlobState,
             responses={**_errors(400, 401, 422), 409: {"model": wire.UploadConflict}},
             tags=["sync"], openapi_extra={"requestBody": {"required": True, "content": {
                 "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
    async def put_blob(request: Request, sha256: Annotated[str, Path(pattern=wire.SHA256)],
                       offset: Annotated[int, Query(ge=0, le=wire.MAX_INT)],
                       size: Annotated[int, Query(ge=0, le=wire.MAX_INT)],
                       credentials: Credentials) -> wire.BlobState:
        """Append a chunk (at most 1 MiB) at ``offset``, which must be what the hub holds; the last chunk
        completes the file if its bytes hash to its name."""
        data = await _read_chunk(request)
        return await run_in_threadpool(_put, _token(credentials), sha256, offset, size, data)

    @app.get("/v1/decisions", response_model=wire.DecisionPage, responses=_errors(400, 401, 422, body=False),
             tags=["sync"])
    def decisions(credentials: Credentials, cursor: str | None = None,
                  limit: Annotated[int, Query(ge=1, le=wire.MAX_INT)] = feed.DEFAULT_LIMIT) -> wire.DecisionPage:
        """The city's decisions on the station's escalations after ``cursor``, oldest first (limit ≤ 1000)."""
        with database.transaction() as session:
            device = auth.device_for_token(session, _token(credentials))
            return feed.decisions_page(session, device, cursor, limit)

    @app.post("/v1/chains", response_model=wire.ChainAnswer, responses=_errors(400, 401, 403, 422), tags=["sync"])
    def chain_heads(report_: wire.ChainReport, credentials: Credentials) -> wire.ChainAnswer:
        """The heads of the device's hash chains (its audit log and timelines), and the link it holds for the entry
        the city acknowledged last; the answer names the chains whose history no longer leads there."""
        with database.transaction() as session:
            device = auth.device_for_token(session, _token(credentials))
            return chains.report(session, device, report_)

    @app.get("/v1/holidays", response_model=wire.HolidaySchedule, responses=_errors(401, body=False),
             tags=["sync"])
    def holiday_schedule(credentials: Credentials) -> wire.HolidaySchedule:
        """Every year of the official holiday schedule the city has published (``cityhub holidays publish``)."""
        with database.transaction() as session:
            auth.device_for_token(session, _token(credentials))
            return holidays.schedule(session)

    if docs:
        api_docs.install(app)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview() -> HTMLResponse:
        with database.transaction() as session:
            month = monthly.current_month(utcnow())
            figures = (month, monthly.monthly_figures(session, month))
            page = overview_html(report.station_summaries(session), report.open_escalations(session), utcnow(),
                                 api_docs.DOCS_PATH if docs else app.openapi_url or "", figures,
                                 report.history_alerts(session))
        return HTMLResponse(page)

    @app.get(STYLESHEET_PATH, include_in_schema=False)
    def overview_stylesheet() -> Response:
        return Response(STYLESHEET, media_type="text/css")

    return app
