"""What a mutating service call changed, so open pages can decide whether to refresh.

A notice names the table that changed by its class (``Changes(Client, "updated", (7,))``), and a page asks
``changes.touches(Client, ClientContact)``: a table that does not exist is a name the type checker (and Python)
refuses, so a page cannot listen for a misspelt entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from desktop.models.core.tables import Base


@dataclass(frozen=True)
class Changes:
    entity: type[Base]  # the table whose rows changed
    kind: Literal["created", "updated", "deleted", "bulk"]
    ids: tuple[int, ...] = ()
    also: tuple[type[Base], ...] = ()  # other tables the same change wrote (a record queued in the outbox)

    def touches(self, *tables: type[Base]) -> bool:
        """Whether the change is to one of ``tables``."""
        return self.entity in tables or any(t in tables for t in self.also)
