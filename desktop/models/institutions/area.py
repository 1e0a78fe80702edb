"""The institutions and experts area (§7.2.4, §7.6.2): its page."""

from __future__ import annotations

from desktop.models.core.area import Area, Page
from desktop.models.core.labels import Label

AREA = Area(
    name="institutions",
    pages=(Page("institutions", Label("Institutions and experts", "服务机构与专家"),
                "desktop.views.institutions.institutions_page:InstitutionsPage", order=30),),
)
