"""The improvement area (§8.2): the bad-review loop (整改) and continuous-improvement plans (持续改进计划)."""

from __future__ import annotations

from desktop.models.core.area import Area

AREA = Area(name="improvement")
