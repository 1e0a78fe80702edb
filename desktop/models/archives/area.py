"""The archive room (档案管理, §7.6, issue 15): archived requests and ended complaints searched, each one's file
read, printed (cover, contents list, documents) and exported as a bundle ``verify`` checks; the access log."""

from __future__ import annotations

from desktop.models.core.area import Area, Page
from desktop.models.core.labels import Label
from desktop.models.core.tables import Role

AREA = Area(
    name="archives",
    pages=(Page("archives", Label("Archives", "档案管理"), "desktop.views.archives.archives_page:ArchivesPage",
                order=49, roles=(Role.CLERK, Role.ADMIN),
                connects=(("open_request", "open_request"),)),),
)
