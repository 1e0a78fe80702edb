"""The complaints area (§7.5): complaints from receipt to closure, their time limits, validity and the staff
assessment they feed."""

from __future__ import annotations

from desktop.models.core.area import Area

AREA = Area(name="complaints")
