"""The hub's refusals as exceptions that carry their HTTP answer.

The domain modules (auth, ingest, feed, blobs) raise these and know nothing of HTTP frameworks; the app turns
each into ``status`` with the body ``{"error": code, "message": message, **extra}`` and the command line prints
the message. Keeping the status next to the code keeps the protocol's error table in one place.
"""

from __future__ import annotations

from typing import Any


class HubError(Exception):
    """A refusal: a stable code for programs, a message for people, and the HTTP status that carries it."""

    status = 400
    code = "bad_request"
    keeps_changes = False  # True: the transaction commits what was done before the refusal

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.extra: dict[str, Any] = dict(extra or {})

    @property
    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries besides the body (none but for a few refusals)."""
        return {}


class Unauthorized(HubError):
    status = 401
    code = "unauthorized"


class WrongStation(HubError):
    status = 403
    code = "wrong_station"


class ProtocolMismatch(HubError):
    status = 400
    code = "protocol"


class BadCursor(HubError):
    status = 400
    code = "cursor"


class NotFound(HubError):
    status = 404
    code = "not_found"


class Refused(HubError):
    """A decision the escalation's state does not allow, or a request that contradicts what the hub holds."""

    status = 409
    code = "refused"


class TooLarge(HubError):
    status = 413
    code = "too_large"


class HashMismatch(HubError):
    """The finished upload's bytes do not hash to its name. The upload is discarded, and that discarding is
    committed even though the request fails (``keeps_changes``)."""

    status = 422
    code = "hash_mismatch"
    keeps_changes = True


class TooManyAttempts(HubError):
    """Too many failed attempts (enrolment codes) from one address or for one station: wait ``retry_after``
    seconds."""

    status = 429
    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}
