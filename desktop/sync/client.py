"""The station's HTTP client for the city hub (docs/sync-protocol.md). Blocking: it runs on a worker thread.

Every failure is one of a few kinds the engine acts on: ``Unreachable`` and ``ServerError`` are worth retrying
(network down, timeout, 5xx, 429); ``AuthRefused`` and ``WrongStation`` stop the sync (retrying cannot help);
``ProtocolError`` is any other answer the station did not expect. TLS is always verified, against the system's
trust store or a CA bundle configured for a city server with its own CA.
"""

from __future__ import annotations

import ssl
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from desktop.models.core.validators import Msg
from desktop.sync import wire


class HubError(Exception):
    retry = False

    def __init__(self, message: str, code: str = "", status: int = 0, retry_after: int | None = None) -> None:
        self.message, self.code, self.status = message, code, status
        self.retry_after = retry_after  # seconds, from the answer's Retry-After (429, 503)
        super().__init__(message)


class Unreachable(HubError):
    retry = True


class ServerError(HubError):
    retry = True


class AuthRefused(HubError):
    pass


class WrongStation(HubError):
    pass


class ProtocolError(HubError):
    pass


class EnrolmentRefused(HubError):
    """The one-time code was not accepted (unknown, spent, expired, or made for another station)."""


def _verify(ca_bundle: str) -> ssl.SSLContext | bool:
    if not ca_bundle:
        return True
    try:
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as exc:
        message = Msg("The CA bundle {file} cannot be used: {error}", file=ca_bundle, error=str(exc))
        raise ProtocolError(message) from exc


class HubClient:
    def __init__(self, base_url: str, token: str | None = None, *, ca_bundle: str = "",
                 timeout: float = 30.0, connect_timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.Client(
            base_url=self.base_url, verify=_verify(ca_bundle), http2=False, follow_redirects=False,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            headers={"User-Agent": "QualityStation-sync/1"})
        self.bytes_sent = 0

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- plumbing ----------------------------------------------------------------------------------------

    def _send(self, method: str, path: str, *, content: bytes | None = None, params: dict[str, Any] | None = None,
              content_type: str = "application/json", auth: bool = True) -> httpx.Response:
        headers = {"Content-Type": content_type} if content is not None else {}
        if auth:
            if not self.token:
                raise AuthRefused("This device has no credential for the city platform yet: enrol it first.",
                                  "unauthorized", 401)
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._http.request(method, path, content=content, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            message = Msg("The city platform did not answer in time ({error}).", error=type(exc).__name__)
            raise Unreachable(message) from exc
        except httpx.TransportError as exc:
            raise Unreachable(Msg("The city platform cannot be reached: {error}", error=str(exc))) from exc
        if content is not None:
            self.bytes_sent += len(content)
        if response.status_code >= 400:
            raise _error(response)
        return response

    def _json(self, method: str, path: str, model: type[Any], body: BaseModel | None = None,
              params: dict[str, Any] | None = None, auth: bool = True) -> Any:
        content = body.model_dump_json().encode("utf-8") if body is not None else None
        response = self._send(method, path, content=content, params=params, auth=auth)
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise _not_understood(exc) from exc

    # ---- the protocol ------------------------------------------------------------------------------------

    def check(self) -> HubError | None:
        """None when the hub answers its health check, else why not (DNS, TLS, refused, timeout, error)."""
        try:
            self._json("GET", "/v1/health", wire.Health, auth=False)
            return None
        except HubError as exc:
            return exc

    def health(self) -> bool:
        return self.check() is None

    def enrol(self, request: wire.EnrolRequest) -> wire.EnrolResponse:
        result: wire.EnrolResponse = self._json("POST", "/v1/enrol", wire.EnrolResponse, request, auth=False)
        return result

    def push(self, request: wire.PushRequest) -> wire.PushResponse:
        result: wire.PushResponse = self._json("POST", "/v1/push", wire.PushResponse, request)
        return result

    def push_raw(self, content: bytes) -> wire.PushResponse:
        """Push an already serialised ``PushRequest`` (the outbox keeps bodies as canonical JSON)."""
        response = self._send("POST", "/v1/push", content=content)
        try:
            return wire.PushResponse.model_validate_json(response.content)
        except ValidationError as exc:
            raise _not_understood(exc) from exc

    def query_blobs(self, hashes: list[str]) -> list[wire.BlobState]:
        states: wire.BlobStates = self._json("POST", "/v1/blobs/query", wire.BlobStates, wire.BlobQuery(hashes=hashes))
        return list(states.blobs)

    def put_blob(self, sha256: str, offset: int, size: int, chunk: bytes) -> wire.BlobState:
        response = self._send("PUT", f"/v1/blobs/{sha256}", content=chunk, params={"offset": offset, "size": size},
                              content_type="application/octet-stream")
        return wire.BlobState.model_validate_json(response.content)

    def decisions(self, cursor: str | None, limit: int = 200) -> wire.DecisionPage:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        page: wire.DecisionPage = self._json("GET", "/v1/decisions", wire.DecisionPage, params=params)
        return page

    def chains(self, report: wire.ChainReport) -> wire.ChainAnswer | None:
        """Report the hash chains' heads; None from a hub that does not take them (404)."""
        try:
            answer: wire.ChainAnswer = self._json("POST", "/v1/chains", wire.ChainAnswer, report)
        except ProtocolError as exc:
            if exc.status == 404:
                return None
            raise
        return answer

    def holidays(self) -> wire.HolidaySchedule | None:
        """The city's published holiday schedule; None from a hub that does not publish one (404)."""
        try:
            schedule: wire.HolidaySchedule = self._json("GET", "/v1/holidays", wire.HolidaySchedule)
        except ProtocolError as exc:
            if exc.status == 404:
                return None
            raise
        return schedule


def _not_understood(exc: ValidationError) -> ProtocolError:
    return ProtocolError(Msg("The city platform's answer was not understood: {error}", error=str(exc.errors()[:1])))


def _error(response: httpx.Response) -> HubError:
    try:
        body = response.json()
        code, message = str(body.get("error", "")), str(body.get("message", ""))
    except (ValueError, AttributeError):
        code, message = "", response.text[:200]
    status = response.status_code
    detail = f"{message} (HTTP {status})" if message else f"HTTP {status}"
    if status == 401:
        message = Msg("The city platform refused this device's credential: {detail}", detail=detail)
        return AuthRefused(message, code, status)
    if status == 403:
        return WrongStation(Msg("The city platform refused this station: {detail}", detail=detail), code, status)
    if status >= 500 or status == 429:
        retry_after = response.headers.get("retry-after", "")
        return ServerError(Msg("The city platform had an error: {detail}", detail=detail), code, status,
                           int(retry_after) if retry_after.isdigit() else None)
    return ProtocolError(Msg("The city platform refused the request: {detail}", detail=detail), code, status)
