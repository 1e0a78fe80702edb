"""The service catalogue area: its page (admins only) and the 服务信息公示 (§4.1) in the Documents menu."""

from __future__ import annotations

from desktop.models.core.area import ADMINS, Area, MenuAction, Page
from desktop.models.core.labels import Label

AREA = Area(
    name="catalogue",
    pages=(Page("catalogue", Label("Service catalogue", "服务目录"),
                "desktop.views.catalogue.catalogue_page:CataloguePage", order=40, roles=ADMINS),),
    menu=(MenuAction("public_notice", "documents", Label("&Public service information…", "服务信息公示(&P)…"),
                     "desktop.views.catalogue.public_notice:print_public_notice"),),
)
