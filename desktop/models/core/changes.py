"""What a mutating service call changed, so open pages can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Changes:
    entity: str  # table name: "client", "staff", "catalogue_item", …
    kind: Literal["created", "updated", "deleted", "bulk"]
    ids: tuple[int, ...] = ()
