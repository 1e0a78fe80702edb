"""What services raise when they refuse. Both carry English messages the views translate."""

from __future__ import annotations

from desktop.models.core.validators import Invalid, Msg

__all__ = ["Invalid", "Msg", "NotFound", "Refused"]


class Refused(Exception):
    """The action is not allowed now (wrong role, wrong state, already done)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotFound(Refused):
    pass
